// The notification events complaints raises: to the reporter the receipt of a report, a change of its
// status and the agency's answer; to officers a report dispatched to their agency and a report past
// its deadline (inbox and their digest, notify.ts notifyOfficers). Registered with the notifications module when complaints' index.ts loads.
import { type NotificationEventSpec, registerNotificationEvents } from '../notifications/index.js';

const EXAMPLE_URL = 'https://layanan.contoh.go.id/l/K7QX-42';

const EVENTS = {
  'complaint.answered': {
    definition: {
      // The agency's answer to a complaint is a formal notice (UU 25/2009 on public services).
      optOut: false,
      audience: 'citizen',
      description: { id: 'Pengaduan dijawab', en: 'Complaint answered' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'ADU-4M8R-2PZ7' },
        agencyName: { type: 'string', required: true, example: 'Dinas Kependudukan dan Pencatatan Sipil' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
      },
    },
    texts: {
      id: {
        subject: 'Pengaduan {{trackingNumber}} telah dijawab',
        paragraphs: [
          'Pengaduan Anda dengan nomor {{trackingNumber}} telah dijawab oleh {{agencyName}}.',
          'Baca jawabannya di Gerbang. Jika Anda belum puas, Anda dapat menanggapi jawaban tersebut dari halaman yang sama.',
        ],
        action: 'Baca jawaban',
        sms: 'Pengaduan {{trackingNumber}} telah dijawab oleh {{agencyName}}. Baca: {{url}}',
        inapp: 'Pengaduan {{trackingNumber}} telah dijawab oleh {{agencyName}}. Baca jawabannya: {{url}}',
      },
      en: {
        subject: 'Complaint {{trackingNumber}} has been answered',
        paragraphs: [
          'Your complaint number {{trackingNumber}} has been answered by {{agencyName}}.',
          'Read the answer on Gerbang. If you are not satisfied, you can respond to it from the same page.',
        ],
        action: 'Read the answer',
        sms: 'Complaint {{trackingNumber}} answered by {{agencyName}}. Read: {{url}}',
        inapp: 'Complaint {{trackingNumber}} has been answered by {{agencyName}}. Read the answer: {{url}}',
      },
    },
  },
  'complaint.received': {
    definition: {
      // The receipt carries the tracking number the reporter follows the report with: always sent.
      optOut: false,
      audience: 'citizen',
      description: { id: 'Pengaduan diterima', en: 'Complaint received' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'ADU-4M8R-2PZ7' },
        tenantName: { type: 'string', required: true, example: 'Pemerintah Kota Makassar' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
        dueDate: { type: 'date', required: false, example: '2026-12-24' },
      },
    },
    texts: {
      id: {
        subject: 'Pengaduan {{trackingNumber}} diterima',
        paragraphs: [
          'Laporan Anda telah diterima {{tenantName}} dengan nomor {{trackingNumber}}.',
          'Laporan akan diverifikasi dan diteruskan ke instansi yang berwenang paling lambat 3 hari kerja. Simpan nomor ini untuk memantau laporan Anda.',
        ],
        action: 'Pantau laporan',
        sms: 'Laporan {{trackingNumber}} diterima {{tenantName}}. Pantau: {{url}}',
        inapp: 'Laporan Anda {{trackingNumber}} telah diterima {{tenantName}}. Pantau: {{url}}',
      },
      en: {
        subject: 'Complaint {{trackingNumber}} received',
        paragraphs: [
          'Your report was received by {{tenantName}} with number {{trackingNumber}}.',
          'It will be verified and forwarded to the responsible agency within 3 working days. Keep this number to follow your report.',
        ],
        action: 'Follow the report',
        sms: 'Report {{trackingNumber}} received by {{tenantName}}. Follow: {{url}}',
        inapp: 'Your report {{trackingNumber}} was received by {{tenantName}}. Follow it: {{url}}',
      },
    },
  },
  'complaint.updated': {
    definition: {
      optOut: true,
      audience: 'citizen',
      description: { id: 'Status pengaduan berubah', en: 'Complaint status changed' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'ADU-4M8R-2PZ7' },
        status: { type: 'string', required: true, example: 'Diteruskan' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
        note: { type: 'string', required: false, example: 'Diteruskan ke Dinas Perhubungan.' },
      },
    },
    texts: {
      id: {
        subject: 'Pengaduan {{trackingNumber}}: {{status}}',
        paragraphs: ['Status pengaduan Anda dengan nomor {{trackingNumber}} sekarang: {{status}}.', 'Lihat riwayat dan keterangannya di halaman laporan Anda.'],
        action: 'Lihat laporan',
        sms: 'Pengaduan {{trackingNumber}}: {{status}}. Rincian: {{url}}',
        inapp: 'Pengaduan {{trackingNumber}} sekarang: {{status}}. Rincian: {{url}}',
      },
      en: {
        subject: 'Complaint {{trackingNumber}}: {{status}}',
        paragraphs: ['The status of your complaint number {{trackingNumber}} is now: {{status}}.', 'See its history and details on your report page.'],
        action: 'View the report',
        sms: 'Complaint {{trackingNumber}}: {{status}}. Details: {{url}}',
        inapp: 'Complaint {{trackingNumber}} is now: {{status}}. Details: {{url}}',
      },
    },
  },
  // Issue 16 (cdef1): officers are told of work, not left to find it in the queue.
  'complaint.dispatched': {
    definition: {
      optOut: true,
      audience: 'officer',
      description: { id: 'Pengaduan diteruskan ke instansi Anda (petugas)', en: 'Complaint forwarded to your agency (officers)' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'ADU-4M8R-2PZ7' },
        agencyName: { type: 'string', required: true, example: 'Dinas Kependudukan dan Pencatatan Sipil' },
        title: { type: 'string', required: false, example: 'Blanko KTP-el kosong' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
      },
    },
    texts: {
      id: {
        subject: 'Pengaduan {{trackingNumber}} diteruskan ke {{agencyName}}',
        paragraphs: ['Pengaduan {{trackingNumber}} ("{{title}}") telah diteruskan ke {{agencyName}} untuk ditindaklanjuti.', 'Tindak lanjut pertama paling lambat 5 hari kerja.'],
        action: 'Buka laporan',
        sms: 'Pengaduan {{trackingNumber}} diteruskan ke {{agencyName}}. Buka: {{url}}',
        inapp: 'Pengaduan {{trackingNumber}} ("{{title}}") diteruskan ke {{agencyName}}. Buka: {{url}}',
      },
      en: {
        subject: 'Complaint {{trackingNumber}} forwarded to {{agencyName}}',
        paragraphs: ['Complaint {{trackingNumber}} ("{{title}}") has been forwarded to {{agencyName}} for follow-up.', 'The first follow-up is due within 5 working days.'],
        action: 'Open the report',
        sms: 'Complaint {{trackingNumber}} forwarded to {{agencyName}}. Open: {{url}}',
        inapp: 'Complaint {{trackingNumber}} ("{{title}}") forwarded to {{agencyName}}. Open: {{url}}',
      },
    },
  },
  'complaint.escalated': {
    definition: {
      optOut: true,
      audience: 'officer',
      description: { id: 'Pengaduan melewati batas waktu (petugas)', en: 'Complaint past its deadline (officers)' },
      variables: {
        trackingNumber: { type: 'string', required: true, example: 'ADU-4M8R-2PZ7' },
        title: { type: 'string', required: false, example: 'Blanko KTP-el kosong' },
        url: { type: 'url', required: true, example: EXAMPLE_URL },
      },
    },
    texts: {
      id: {
        subject: 'Pengaduan {{trackingNumber}} melewati batas waktu',
        paragraphs: ['Pengaduan {{trackingNumber}} ("{{title}}") telah melewati batas waktu tahap ini dan dieskalasi.', 'Mohon segera ditindaklanjuti.'],
        action: 'Buka laporan',
        sms: 'Pengaduan {{trackingNumber}} melewati batas waktu. Buka: {{url}}',
        inapp: 'Pengaduan {{trackingNumber}} ("{{title}}") melewati batas waktu dan dieskalasi. Buka: {{url}}',
      },
      en: {
        subject: 'Complaint {{trackingNumber}} is past its deadline',
        paragraphs: ['Complaint {{trackingNumber}} ("{{title}}") is past the deadline of its stage and has been escalated.', 'Please follow it up promptly.'],
        action: 'Open the report',
        sms: 'Complaint {{trackingNumber}} is past its deadline. Open: {{url}}',
        inapp: 'Complaint {{trackingNumber}} ("{{title}}") is past its deadline and escalated. Open: {{url}}',
      },
    },
  },
} as const satisfies Record<string, NotificationEventSpec>;

registerNotificationEvents(EVENTS);

type ComplaintEvents = Record<keyof typeof EVENTS, NotificationEventSpec>;
declare module '../notifications/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationEvents extends ComplaintEvents {}
}
