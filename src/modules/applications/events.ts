// The notification events applications raises: a change the applicant can see (every transition,
// a message from the agency, a deadline moved by a calendar amendment) and the reminder before a
// draft expires. Registered with the notifications module when the module's index.ts loads.
import { type NotificationEventSpec, registerNotificationEvents } from '../notifications/index.js';

const EXAMPLE_URL = 'https://layanan.contoh.go.id/t/makassar/permohonan/3f1c2d4e-0000-4000-8000-000000000001';

const EVENTS = {
  'application.updated': {
    definition: {
      // A decision on an application (approval, rejection, a request for corrections) is a formal notice.
      optOut: false,
      description: { id: 'Perkembangan permohonan', en: 'Application updates' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'PMH-7K2M-Q9XA' },
        serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
        status: { type: 'string', required: true, example: 'Menunggu perbaikan dari Anda' },
        // A revision request's message, a rejection's reason, a message from the agency.
        note: { type: 'string', required: false, example: 'Pindaian surat keterangan lahir tidak terbaca.' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
      },
    },
    texts: {
      id: {
        subject: 'Permohonan {{trackingNumber}}: {{status}}',
        paragraphs: ['Status permohonan {{serviceName}} Anda dengan nomor {{trackingNumber}} sekarang: {{status}}.', '{{note}}'],
        action: 'Lihat permohonan',
        sms: 'Permohonan {{serviceName}} {{trackingNumber}}: {{status}}. {{url}}',
        inapp: 'Permohonan {{serviceName}} {{trackingNumber}}: {{status}}. {{note}} {{url}}',
      },
      en: {
        subject: 'Application {{trackingNumber}}: {{status}}',
        paragraphs: ['The status of your {{serviceName}} application number {{trackingNumber}} is now: {{status}}.', '{{note}}'],
        action: 'View the application',
        sms: 'Application {{serviceName}} {{trackingNumber}}: {{status}}. {{url}}',
        inapp: 'Application {{serviceName}} {{trackingNumber}}: {{status}}. {{note}} {{url}}',
      },
    },
  },
  'application.draft_expiring': {
    definition: {
      optOut: true,
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
