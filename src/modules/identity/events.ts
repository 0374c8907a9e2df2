// The notification events identity raises: the one-time code of registration, sign-in and contact
// verification. Registered with the notifications module when identity's index.ts loads.
import { type NotificationEventSpec, registerNotificationEvents } from '../notifications/index.js';

const EVENTS = {
  otp: {
    definition: {
      optOut: false,
      audience: 'citizen',
      // The code's own validity (identity's CODE_TTL_MINUTES).
      secret: { validMinutes: 10 },
      description: { id: 'Kode verifikasi sekali pakai', en: 'One-time verification code' },
      variables: {
        code: { type: 'string', required: true, example: '482913' },
        minutes: { type: 'number', required: true, example: 5 },
      },
    },
    texts: {
      id: {
        subject: 'Kode verifikasi Gerbang: {{code}}',
        paragraphs: [
          'Kode verifikasi Gerbang Anda: {{code}}',
          'Kode ini berlaku {{minutes}} menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas. Jika Anda tidak sedang masuk atau mendaftar di Gerbang, abaikan pesan ini.',
        ],
        sms: 'Kode verifikasi Gerbang Anda: {{code}}. Berlaku {{minutes}} menit. Jangan berikan kode ini kepada siapa pun.',
        inapp: 'Kode verifikasi Anda: {{code}}. Berlaku {{minutes}} menit.',
      },
      en: {
        subject: 'Gerbang verification code: {{code}}',
        paragraphs: [
          'Your Gerbang verification code: {{code}}',
          'It is valid for {{minutes}} minutes. Never give this code to anyone, including officers. If you are not signing in or registering on Gerbang, ignore this message.',
        ],
        sms: 'Your Gerbang verification code: {{code}}. Valid for {{minutes}} minutes. Never give this code to anyone.',
        inapp: 'Your verification code: {{code}}. Valid for {{minutes}} minutes.',
      },
    },
  },
} as const satisfies Record<string, NotificationEventSpec>;

registerNotificationEvents(EVENTS);

type IdentityEvents = Record<keyof typeof EVENTS, NotificationEventSpec>;
declare module '../notifications/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationEvents extends IdentityEvents {}
}
