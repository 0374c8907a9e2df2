// The platform's default notification texts, written for Gerbang in plain language: Bahasa Indonesia
// and English, for e-mail (text and HTML), SMS and in-app. Tenants override any of them. Seeded by
// seedDefaultTemplates (templates.ts); SMS texts are kept to one GSM-7 part with the example values.
import type { TemplateChannel } from '../../db/schema.js';

type Lang = 'id' | 'en';

interface Texts {
  subject: string;
  /** E-mail paragraphs (plain text; variables as {{name}}). */
  paragraphs: string[];
  /** The e-mail's link: its label; the address is always {{url}}. */
  action?: string;
  sms: string;
  inapp: string;
}

const SIGNATURE: Record<Lang, string> = {
  id: 'Pesan ini dikirim otomatis oleh Gerbang, layanan publik digital pemerintah daerah Anda. Mohon tidak membalas e-mail ini.',
  en: 'This message was sent automatically by Gerbang, the digital public services of your local government. Please do not reply to this e-mail.',
};

const TEXTS: Record<string, Record<Lang, Texts>> = {
  otp: {
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
  'application.updated': {
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
  'complaint.answered': {
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
  'complaint.received': {
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
  'complaint.updated': {
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
  'survey.invitation': {
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
  'payment.receipt': {
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
  'deadline.reminder': {
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
  'officer.digest': {
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
};

function emailText(lang: Lang, t: Texts): string {
  const parts = [...t.paragraphs];
  if (t.action) parts.push(`${t.action}: {{url}}`);
  parts.push('--', SIGNATURE[lang]);
  return parts.join('\n\n');
}

/** Minimal, client-safe HTML (inline styles only). Variables are HTML-escaped when rendered. */
function emailHtml(lang: Lang, t: Texts): string {
  const paragraphs = t.paragraphs.map((p) => `<p style="margin:0 0 16px">${p.replace(/\n/g, '<br>')}</p>`);
  const action = t.action
    ? `<p style="margin:0 0 24px"><a href="{{url}}" style="display:inline-block;padding:10px 16px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:4px">${t.action}</a></p>`
    : '';
  return [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${t.subject}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">',
    ...paragraphs,
    action,
    `<p style="margin:24px 0 0;font-size:13px;color:#555555">${SIGNATURE[lang]}</p>`,
    '</body></html>',
  ].join('\n');
}

export interface DefaultTemplate {
  event: string;
  lang: Lang;
  channel: TemplateChannel;
  subject?: string;
  text: string;
  html?: string;
}

export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = Object.entries(TEXTS).flatMap(([event, byLang]) =>
  (['id', 'en'] as const).flatMap((lang): DefaultTemplate[] => {
    const t = byLang[lang];
    return [
      { event, lang, channel: 'email', subject: t.subject, text: emailText(lang, t), html: emailHtml(lang, t) },
      { event, lang, channel: 'sms', text: t.sms },
      { event, lang, channel: 'inapp', subject: t.subject, text: t.inapp },
    ];
  }),
);
