// The events Gerbang sends notifications for: their typed variables, whether a citizen may switch them
// off, and whether they carry a secret. Templates (templates.ts) render them; the outbox (service.ts,
// deliver.ts) erases the text of those that carry a secret.
export type VariableType = 'string' | 'number' | 'date' | 'url';

export interface EventVariable {
  type: VariableType;
  required: boolean;
  /** Used by previews and by the SMS length warning. */
  example: string | number;
}

export interface EventDefinition {
  /** False for one-time codes and legal notices: citizens cannot switch them off. */
  optOut: boolean;
  description: { id: string; en: string };
  variables: Record<string, EventVariable>;
  /**
   * The message carries a secret (a one-time code). Its text is erased from the outbox once it is
   * handed to the provider, given up or cancelled, and it is never sent — only erased — after
   * `validMinutes`, when the secret it carries is no use to anyone.
   */
  secret?: { validMinutes: number };
  /**
   * No module raises it yet (its feature is not built): citizens and officers are not offered a switch
   * for it (preferences page and API). Remove the flag in the change that starts sending it.
   */
  planned?: true;
}

const EXAMPLE_URL = 'https://layanan.contoh.go.id/l/K7QX-42';

/** The events Gerbang sends notifications for. Adding one here (and its default texts) is all it takes. */
export const NOTIFICATION_EVENTS = {
  otp: {
    optOut: false,
    // The code's own validity (identity's CODE_TTL_MINUTES).
    secret: { validMinutes: 10 },
    description: { id: 'Kode verifikasi sekali pakai', en: 'One-time verification code' },
    variables: {
      code: { type: 'string', required: true, example: '482913' },
      minutes: { type: 'number', required: true, example: 5 },
    },
  },
  'application.updated': {
    optOut: true,
    planned: true, // the applications module
    description: { id: 'Status permohonan berubah', en: 'Application status changed' },
    variables: {
      trackingNumber: { type: 'string', required: true, example: 'PMH-7K3Q-9XW2' },
      serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
      status: { type: 'string', required: true, example: 'Diproses' },
      url: { type: 'url', required: true, example: EXAMPLE_URL },
      note: { type: 'string', required: false, example: 'Dokumen lengkap.' },
    },
  },
  'complaint.answered': {
    // The agency's answer to a complaint is a formal notice (UU 25/2009 on public services).
    optOut: false,
    description: { id: 'Pengaduan dijawab', en: 'Complaint answered' },
    variables: {
      trackingNumber: { type: 'string', required: true, example: 'ADU-4M8R-2PZ7' },
      agencyName: { type: 'string', required: true, example: 'Dinas Kependudukan dan Pencatatan Sipil' },
      url: { type: 'url', required: true, example: EXAMPLE_URL },
    },
  },
  'complaint.received': {
    // The receipt carries the tracking number the reporter follows the report with: always sent.
    optOut: false,
    description: { id: 'Pengaduan diterima', en: 'Complaint received' },
    variables: {
      trackingNumber: { type: 'string', required: true, example: 'ADU-4M8R-2PZ7' },
      tenantName: { type: 'string', required: true, example: 'Pemerintah Kota Makassar' },
      url: { type: 'url', required: true, example: EXAMPLE_URL },
      dueDate: { type: 'date', required: false, example: '2026-12-24' },
    },
  },
  'complaint.updated': {
    optOut: true,
    description: { id: 'Status pengaduan berubah', en: 'Complaint status changed' },
    variables: {
      trackingNumber: { type: 'string', required: true, example: 'ADU-4M8R-2PZ7' },
      status: { type: 'string', required: true, example: 'Diteruskan' },
      url: { type: 'url', required: true, example: EXAMPLE_URL },
      note: { type: 'string', required: false, example: 'Diteruskan ke Dinas Perhubungan.' },
    },
  },
  'survey.invitation': {
    optOut: true,
    planned: true, // the satisfaction survey (SKM) module
    description: { id: 'Undangan survei kepuasan', en: 'Satisfaction survey invitation' },
    variables: {
      serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
      url: { type: 'url', required: true, example: EXAMPLE_URL },
      closesOn: { type: 'date', required: false, example: '2026-12-31' },
    },
  },
  'payment.receipt': {
    // A receipt is proof of payment to the government: always sent.
    optOut: false,
    planned: true, // the payments module
    description: { id: 'Tanda terima pembayaran', en: 'Payment receipt' },
    variables: {
      invoiceNumber: { type: 'string', required: true, example: 'INV-2026-000123-7' },
      amount: { type: 'number', required: true, example: 150000 },
      paidAt: { type: 'date', required: true, example: '2026-11-22T09:30:00+07:00' },
      serviceName: { type: 'string', required: true, example: 'Izin Usaha Mikro' },
      url: { type: 'url', required: true, example: EXAMPLE_URL },
    },
  },
  'officer.digest': {
    // Officers who chose a daily digest get this instead of one e-mail per message.
    optOut: true,
    description: { id: 'Ringkasan harian untuk petugas', en: 'Daily digest for officers' },
    variables: {
      count: { type: 'number', required: true, example: 3 },
      // The list of titles; optional so that SMS and in-app texts may leave it out.
      summary: { type: 'string', required: false, example: '- Pengaduan ADU-4M8R-2PZ7 menunggu jawaban' },
      url: { type: 'url', required: true, example: EXAMPLE_URL },
    },
  },
  'deadline.reminder': {
    optOut: true,
    planned: true, // the applications module (a citizen's deadline to complete an application)
    description: { id: 'Pengingat batas waktu', en: 'Deadline reminder' },
    variables: {
      trackingNumber: { type: 'string', required: true, example: 'PMH-7K3Q-9XW2' },
      serviceName: { type: 'string', required: true, example: 'Akta Kelahiran' },
      dueDate: { type: 'date', required: true, example: '2026-12-01' },
      url: { type: 'url', required: true, example: EXAMPLE_URL },
    },
  },
} as const satisfies Record<string, EventDefinition>;

export type NotificationEvent = keyof typeof NOTIFICATION_EVENTS;

export function isNotificationEvent(value: unknown): value is NotificationEvent {
  return typeof value === 'string' && Object.hasOwn(NOTIFICATION_EVENTS, value);
}

/** How long a message of this kind is worth sending when it carries a secret (undefined: it does not). */
export function secretValidity(kind: string): { validMinutes: number } | undefined {
  return isNotificationEvent(kind) ? (NOTIFICATION_EVENTS[kind] as EventDefinition).secret : undefined;
}

/** Whether no module sends this event yet (it is then kept out of people's preferences). */
export function isPlanned(event: NotificationEvent): boolean {
  return (NOTIFICATION_EVENTS[event] as EventDefinition).planned === true;
}

/** Whether a citizen may switch this event off (false for one-time codes and legal notices). */
export function mayOptOut(event: NotificationEvent): boolean {
  return NOTIFICATION_EVENTS[event].optOut;
}


/** The kinds of message that carry a secret (their text is erased once handed over, given up or cancelled). */
export function secretKinds(): string[] {
  return Object.entries(NOTIFICATION_EVENTS as Record<string, EventDefinition>).flatMap(([kind, d]) => (d.secret ? [kind] : []));
}
