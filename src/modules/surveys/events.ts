// The notification event surveys raises: the invitation to rate a service once its application closed
// (in-app and through the applicant's channels). Registered with the notifications module when the
// module's index.ts loads.
import { type NotificationEventSpec, registerNotificationEvents } from '../notifications/index.js';

const EVENTS = {
  'survey.invitation': {
    definition: {
      optOut: true,
      audience: 'citizen',
      description: { id: 'Undangan survei kepuasan layanan', en: 'Service satisfaction survey invitations' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'PMH-7K3Q-9XW2' },
        serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
        url: { type: 'url', required: true, example: 'https://layanan.contoh.go.id/t/makassar/survei/0b7c…' },
      },
    },
    texts: {
      id: {
        subject: 'Bagaimana layanan {{serviceName}}? Isi survei kepuasan',
        paragraphs: [
          'Permohonan {{serviceName}} Anda dengan nomor {{trackingNumber}} telah selesai.',
          'Mohon luangkan dua menit untuk menilai layanannya: sembilan pertanyaan, jawaban Anda tidak ditampilkan bersama nama Anda.',
        ],
        action: 'Isi survei',
        sms: 'Permohonan {{trackingNumber}} ({{serviceName}}) selesai. Nilai layanannya: {{url}}',
        inapp: 'Permohonan {{serviceName}} ({{trackingNumber}}) selesai. Bantu kami memperbaiki layanan dengan mengisi survei kepuasan: {{url}}',
      },
      en: {
        subject: 'How was the {{serviceName}} service? Answer the satisfaction survey',
        paragraphs: [
          'Your {{serviceName}} application, number {{trackingNumber}}, is complete.',
          'Please take two minutes to rate the service: nine questions, and your answers are never shown with your name.',
        ],
        action: 'Answer the survey',
        sms: 'Application {{trackingNumber}} ({{serviceName}}) is complete. Rate the service: {{url}}',
        inapp: 'Your {{serviceName}} application ({{trackingNumber}}) is complete. Help improve the service by answering the satisfaction survey: {{url}}',
      },
    },
  },
} as const satisfies Record<string, NotificationEventSpec>;

registerNotificationEvents(EVENTS);

type SurveyEvents = Record<keyof typeof EVENTS, NotificationEventSpec>;
declare module '../notifications/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationEvents extends SurveyEvents {}
}
