// The notification events applications raises: a change the applicant can see (every transition,
// a message from the agency, a deadline moved by a calendar amendment) and the reminder before a
// draft expires. Registered with the notifications module when the module's index.ts loads.
import { type NotificationEventSpec, registerNotificationEvents } from '../notifications/index.js';

const EXAMPLE_URL = 'https://layanan.contoh.go.id/l/K7QX-42';

const EVENTS = {
  // As the catalogue defined it before modules owned their events (notification tests use it as their
  // example). A revision's message or a rejection's reason is passed as `note`: a tenant may add
  // {{note}} to its templates; the application's page shows it in any case.
  'application.updated': {
    definition: {
      optOut: true,
      audience: 'citizen',
      description: { id: 'Status permohonan berubah', en: 'Application status changed' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'PMH-7K3Q-9XW2' },
        serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
        status: { type: 'string', required: true, example: 'Diproses' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
        note: { type: 'string', required: false, example: 'Dokumen lengkap.' },
      },
    },
    texts: {
      id: {
        subject: 'Permohonan {{trackingNumber}}: {{status}}',
        paragraphs: [
          'Status permohonan {{serviceName}} Anda dengan nomor {{trackingNumber}} sekarang: {{status}}.',
          'Lihat rinciannya dan langkah berikutnya di halaman permohonan Anda.',
        ],
        action: 'Lihat permohonan',
        sms: 'Permohonan {{trackingNumber}} ({{serviceName}}): {{status}}. Rincian: {{url}}',
        inapp: 'Permohonan {{serviceName}} ({{trackingNumber}}) sekarang: {{status}}. Rincian: {{url}}',
      },
      en: {
        subject: 'Application {{trackingNumber}}: {{status}}',
        paragraphs: [
          'The status of your {{serviceName}} application, number {{trackingNumber}}, is now: {{status}}.',
          'See the details and what happens next on your application page.',
        ],
        action: 'View application',
        sms: 'Application {{trackingNumber}} ({{serviceName}}): {{status}}. Details: {{url}}',
        inapp: 'Your {{serviceName}} application ({{trackingNumber}}) is now: {{status}}. Details: {{url}}',
      },
    },
  },
  'application.draft_expiring': {
    definition: {
      optOut: true,
      audience: 'citizen',
      description: { id: 'Pengingat draf permohonan', en: 'Application draft reminders' },
      variables: {
        serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
        dueDate: { type: 'string', required: true, example: '2026-12-31' },
        url: { type: 'url', required: true, example: 'https://layanan.contoh.go.id/t/makassar/permohonan/draf' },
      },
    },
    texts: {
      id: {
        subject: 'Draf permohonan {{serviceName}} akan dihapus pada {{dueDate}}',
        paragraphs: ['Draf permohonan {{serviceName}} Anda belum dikirim dan akan dihapus pada {{dueDate}}.', 'Lanjutkan dan kirim sebelum tanggal itu agar isian Anda tidak hilang.'],
        action: 'Lanjutkan draf',
        sms: 'Draf permohonan {{serviceName}} dihapus pada {{dueDate}}. Lanjutkan: {{url}}',
        inapp: 'Draf permohonan {{serviceName}} akan dihapus pada {{dueDate}}. Lanjutkan: {{url}}',
      },
      en: {
        subject: 'Your {{serviceName}} application draft will be deleted on {{dueDate}}',
        paragraphs: ['Your {{serviceName}} application draft has not been submitted and will be deleted on {{dueDate}}.', 'Continue and submit it before then so that nothing you entered is lost.'],
        action: 'Continue the draft',
        sms: 'Your {{serviceName}} draft is deleted on {{dueDate}}. Continue: {{url}}',
        inapp: 'Your {{serviceName}} application draft will be deleted on {{dueDate}}. Continue: {{url}}',
      },
    },
  },
} as const satisfies Record<string, NotificationEventSpec>;

registerNotificationEvents(EVENTS);

type ApplicationEvents = Record<keyof typeof EVENTS, NotificationEventSpec>;
declare module '../notifications/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationEvents extends ApplicationEvents {}
}
