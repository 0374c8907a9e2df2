// The notification event this module raises itself: the officers' daily digest (people.ts). Other
// modules register theirs from their own events.ts (event-registry.ts).
import { type NotificationEventSpec, registerNotificationEvents } from './event-registry.js';

export const DIGEST_EVENT = 'officer.digest';

const EVENTS = {
  [DIGEST_EVENT]: {
    definition: {
      // Officers who chose a daily digest get this instead of one e-mail per message.
      optOut: true,
      audience: 'officer',
      description: { id: 'Ringkasan harian untuk petugas', en: 'Daily digest for officers' },
      variables: {
        count: { type: 'number', required: true, example: 3 },
        // The list of titles; optional so that SMS and in-app texts may leave it out.
        summary: { type: 'string', required: false, example: '- Pengaduan ADU-4M8R-2PZ7 menunggu jawaban' },
        url: { type: 'url', required: true, example: 'https://layanan.contoh.go.id/l/K7QX-42' },
      },
    },
    texts: {
      id: {
        subject: 'Ringkasan Gerbang: {{count}} pesan belum dibaca',
        paragraphs: ['Anda memiliki {{count}} pesan belum dibaca di Gerbang sejak ringkasan terakhir:', '{{summary}}'],
        action: 'Buka kotak masuk',
        sms: 'Gerbang: {{count}} pesan belum dibaca. Buka {{url}}',
        inapp: 'Ringkasan harian: {{count}} pesan belum dibaca. Buka {{url}}',
      },
      en: {
        subject: 'Gerbang digest: {{count}} unread messages',
        paragraphs: ['You have {{count}} unread messages on Gerbang since the last digest:', '{{summary}}'],
        action: 'Open the inbox',
        sms: 'Gerbang: {{count}} unread messages. Open {{url}}',
        inapp: 'Daily digest: {{count}} unread messages. Open {{url}}',
      },
    },
  },
} as const satisfies Record<string, NotificationEventSpec>;

registerNotificationEvents(EVENTS);

type DigestEvents = Record<keyof typeof EVENTS, NotificationEventSpec>;
declare module './event-registry.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationEvents extends DigestEvents {}
}
