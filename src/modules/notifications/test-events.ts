// Test code only (the server never imports this file): events of modules not built yet (payments'
// receipt and reminder; `example.rated` stands for a PPID event with the variables of a survey
// invitation, which the surveys module now registers for real), as the catalogue defined them before
// modules owned their events.
// Tests of templates, the inbox and notifyPerson use them as examples of a module's events; a test
// that needs a built feature's event (application.updated) imports that module's index.ts, which
// registers the real one. When one of those modules registers one of these for real, delete it here
// (registering a name twice with another definition is refused).
import { type NotificationEventSpec, registerNotificationEvents } from './index.js';

const EXAMPLE_URL = 'https://layanan.contoh.go.id/l/K7QX-42';

const EVENTS = {
  'example.rated': {
    definition: {
      optOut: true,
      audience: 'citizen',
      description: { id: 'Contoh uji: keputusan permintaan informasi', en: 'Test example: information request decided' },
      variables: {
        serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
        closesOn: { type: 'date', required: false, example: '2026-12-31' },
      },
    },
    texts: {
      id: {
        subject: 'Bagaimana layanan {{serviceName}}?',
        paragraphs: [
          'Terima kasih telah menggunakan layanan {{serviceName}}.',
          'Mohon luangkan dua menit untuk menilai layanan ini. Jawaban Anda membantu pemerintah memperbaiki pelayanan dan tidak memengaruhi permohonan Anda.',
        ],
        action: 'Isi survei',
        sms: 'Bagaimana layanan {{serviceName}}? Beri penilaian Anda (2 menit): {{url}}',
        inapp: 'Bagaimana layanan {{serviceName}}? Beri penilaian Anda dalam dua menit: {{url}}',
      },
      en: {
        subject: 'How was the {{serviceName}} service?',
        paragraphs: [
          'Thank you for using the {{serviceName}} service.',
          'Please take two minutes to rate it. Your answers help the government improve its services and do not affect your application.',
        ],
        action: 'Take the survey',
        sms: 'How was the {{serviceName}} service? Rate it in 2 minutes: {{url}}',
        inapp: 'How was the {{serviceName}} service? Rate it in two minutes: {{url}}',
      },
    },
  },
  'payment.receipt': {
    definition: {
      // A receipt is proof of payment to the government: always sent.
      optOut: false,
      audience: 'citizen',
      description: { id: 'Tanda terima pembayaran', en: 'Payment receipt' },
      variables: {
        invoiceNumber: { type: 'string', required: true, example: 'INV-2026-000123-7' },
        amount: { type: 'number', required: true, example: 150000 },
        paidAt: { type: 'date', required: true, example: '2026-11-22T09:30:00+07:00' },
        serviceName: { type: 'string', required: true, example: 'Izin Usaha Mikro' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
      },
    },
    texts: {
      id: {
        subject: 'Tanda terima pembayaran {{invoiceNumber}}',
        paragraphs: [
          'Pembayaran Anda telah kami terima.',
          'Nomor tagihan: {{invoiceNumber}}\nLayanan: {{serviceName}}\nJumlah: Rp{{amount}}\nWaktu bayar: {{paidAt}}',
          'Simpan pesan ini sebagai bukti pembayaran. Tanda terima resmi dapat diunduh dan diperiksa keasliannya di Gerbang.',
        ],
        action: 'Unduh tanda terima',
        sms: 'Pembayaran {{invoiceNumber}} ({{serviceName}}) Rp{{amount}} diterima {{paidAt}}. Bukti: {{url}}',
        inapp: 'Pembayaran {{invoiceNumber}} ({{serviceName}}) sebesar Rp{{amount}} diterima pada {{paidAt}}. Tanda terima: {{url}}',
      },
      en: {
        subject: 'Payment receipt {{invoiceNumber}}',
        paragraphs: [
          'We have received your payment.',
          'Invoice number: {{invoiceNumber}}\nService: {{serviceName}}\nAmount: Rp{{amount}}\nPaid at: {{paidAt}}',
          'Keep this message as proof of payment. The official receipt can be downloaded and checked for authenticity on Gerbang.',
        ],
        action: 'Download the receipt',
        sms: 'Payment {{invoiceNumber}} ({{serviceName}}) Rp{{amount}} received {{paidAt}}. Receipt: {{url}}',
        inapp: 'Payment {{invoiceNumber}} ({{serviceName}}) of Rp{{amount}} received on {{paidAt}}. Receipt: {{url}}',
      },
    },
  },
  'deadline.reminder': {
    definition: {
      optOut: true,
      audience: 'citizen',
      description: { id: 'Pengingat batas waktu', en: 'Deadline reminder' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'PMH-7K3Q-9XW2' },
        serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
        dueDate: { type: 'date', required: true, example: '2026-12-01' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
      },
    },
    texts: {
      id: {
        subject: 'Pengingat: batas waktu {{dueDate}}',
        paragraphs: [
          'Permohonan {{serviceName}} Anda dengan nomor {{trackingNumber}} menunggu tindakan Anda.',
          'Batas waktunya {{dueDate}}. Setelah tanggal itu permohonan dapat ditutup dan Anda perlu mengajukan ulang.',
        ],
        action: 'Lanjutkan permohonan',
        sms: 'Permohonan {{serviceName}} {{trackingNumber}} perlu tindakan Anda sebelum {{dueDate}}: {{url}}',
        inapp: 'Permohonan {{serviceName}} ({{trackingNumber}}) perlu tindakan Anda sebelum {{dueDate}}: {{url}}',
      },
      en: {
        subject: 'Reminder: deadline {{dueDate}}',
        paragraphs: [
          'Your {{serviceName}} application, number {{trackingNumber}}, is waiting for you.',
          'The deadline is {{dueDate}}. After that date the application may be closed and you would need to apply again.',
        ],
        action: 'Continue the application',
        sms: '{{serviceName}} application {{trackingNumber}} needs your action before {{dueDate}}: {{url}}',
        inapp: 'Your {{serviceName}} application ({{trackingNumber}}) needs your action before {{dueDate}}: {{url}}',
      },
    },
  },
} as const satisfies Record<string, NotificationEventSpec>;

registerNotificationEvents(EVENTS);

type ExampleEvents = Record<keyof typeof EVENTS, NotificationEventSpec>;
declare module './index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationEvents extends ExampleEvents {}
}
