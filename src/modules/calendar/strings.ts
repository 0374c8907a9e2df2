// The calendar module's words, Bahasa Indonesia and English: its field errors. Registered when the
// module loads; files that use them import './strings.js'. Other modules whose deadlines are in
// working days use `error.calendar.invalid_days` through this module's index.
import { registerMessages } from '../../platform/i18n/index.js';

const id = {
  'error.calendar.invalid_date':
    'Tanggal "{value}" tidak valid. Gunakan format TTTT-BB-HH atau tanggal-waktu ISO 8601.',
  'error.calendar.invalid_days': 'Jumlah hari kerja harus bilangan bulat 0–366.',
  'error.calendar.source_required': 'Sebutkan dasar hukumnya (nomor SK/SKB/Perda).',
} as const;

const en: Record<keyof typeof id, string> = {
  'error.calendar.invalid_date': 'Date "{value}" is not valid. Use YYYY-MM-DD or an ISO 8601 date-time.',
  'error.calendar.invalid_days': 'The number of working days must be a whole number from 0 to 366.',
  'error.calendar.source_required': 'State the legal basis (decree number).',
};

registerMessages({ id, en });

type CalendarWords = Record<keyof typeof id, string>;
declare module '../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends CalendarWords {}
}
