// The notification events the PPID's work raises for the requester (in-app and through their
// channels): the deadline extended, the decision delivered, the superior's answer to an objection
// with the last day to go to the Komisi Informasi. Registered with the notifications module when the
// module's index.ts loads.
import { type NotificationEventSpec, registerNotificationEvents } from '../notifications/index.js';

const number = { type: 'string', required: true, example: 'PPI-7K3Q-9XW2' } as const;
const url = { type: 'url', required: true, example: 'https://layanan.contoh.go.id/t/makassar/informasi-publik/permohonan/0b7c9e2a' } as const;

const EVENTS = {
  'information.extended': {
    definition: {
      optOut: false,
      audience: 'citizen',
      description: { id: 'Perpanjangan jangka waktu permohonan informasi', en: 'Information request deadline extended' },
      variables: { number, dueOn: { type: 'string', required: true, example: '2026-03-10' }, url },
    },
    texts: {
      id: {
        subject: 'Permohonan informasi {{number}}: jangka waktu diperpanjang',
        paragraphs: ['PPID memperpanjang jangka waktu jawaban atas permohonan informasi {{number}} sampai {{dueOn}}.', 'Alasan perpanjangan dapat Anda baca di halaman permohonan.'],
        action: 'Lihat permohonan',
        sms: 'Info {{number}} diperpanjang s.d. {{dueOn}} {{url}}',
        inapp: 'Jangka waktu permohonan informasi {{number}} diperpanjang sampai {{dueOn}}: {{url}}',
      },
      en: {
        subject: 'Information request {{number}}: deadline extended',
        paragraphs: ['The PPID extended the deadline to answer your information request {{number}} to {{dueOn}}.', 'The reason is on the request’s page.'],
        action: 'View the request',
        sms: 'Info request {{number}} extended to {{dueOn}} {{url}}',
        inapp: 'The deadline of information request {{number}} is extended to {{dueOn}}: {{url}}',
      },
    },
  },
  'information.decided': {
    definition: {
      optOut: false,
      audience: 'citizen',
      description: { id: 'Jawaban permohonan informasi', en: 'Information request answered' },
      variables: { number, url },
    },
    texts: {
      id: {
        subject: 'Permohonan informasi {{number}} telah dijawab',
        paragraphs: ['PPID telah menjawab permohonan informasi {{number}}.', 'Jawaban dan, bila Anda tidak puas, cara mengajukan keberatan ada di halaman permohonan.'],
        action: 'Baca jawaban',
        sms: 'Permohonan informasi {{number}} telah dijawab: {{url}}',
        inapp: 'Permohonan informasi {{number}} telah dijawab: {{url}}',
      },
      en: {
        subject: 'Information request {{number}} has been answered',
        paragraphs: ['The PPID has answered your information request {{number}}.', 'The answer and, if you disagree, how to object are on the request’s page.'],
        action: 'Read the answer',
        sms: 'Information request {{number}} has been answered: {{url}}',
        inapp: 'Information request {{number}} has been answered: {{url}}',
      },
    },
  },
  'information.objection_answered': {
    definition: {
      optOut: false,
      audience: 'citizen',
      description: { id: 'Tanggapan atasan PPID atas keberatan', en: 'Objection answered by the PPID’s superior' },
      variables: { number, commissionBy: { type: 'string', required: true, example: '2026-05-20' }, url },
    },
    texts: {
      id: {
        subject: 'Keberatan atas permohonan informasi {{number}} telah ditanggapi',
        paragraphs: ['Atasan PPID telah menanggapi keberatan Anda atas permohonan informasi {{number}}.', 'Bila Anda tidak puas, Anda dapat mengajukan sengketa informasi ke Komisi Informasi paling lambat {{commissionBy}}.'],
        action: 'Baca tanggapan',
        sms: 'Keberatan {{number}} dijawab. Ke Komisi Informasi s.d. {{commissionBy}}: {{url}}',
        inapp: 'Keberatan atas {{number}} telah ditanggapi. Sengketa ke Komisi Informasi paling lambat {{commissionBy}}: {{url}}',
      },
      en: {
        subject: 'Your objection on information request {{number}} has been answered',
        paragraphs: ['The PPID’s superior has answered your objection on information request {{number}}.', 'If you disagree, you may take the dispute to the Information Commission (Komisi Informasi) by {{commissionBy}}.'],
        action: 'Read the answer',
        sms: 'Objection {{number}} answered. Komisi Informasi by {{commissionBy}}: {{url}}',
        inapp: 'Your objection on {{number}} was answered. Dispute to the Komisi Informasi by {{commissionBy}}: {{url}}',
      },
    },
  },
} as const satisfies Record<string, NotificationEventSpec>;

registerNotificationEvents(EVENTS);

type InformationEvents = Record<keyof typeof EVENTS, NotificationEventSpec>;
declare module '../notifications/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationEvents extends InformationEvents {}
}
