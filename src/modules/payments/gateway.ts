// The payment gateway seam (issue 19): what Gerbang asks of whoever issues virtual accounts, dynamic
// QRIS and e-wallet links and tells it about payments. Two adapters implement it — the built-in sandbox
// (development default, gateways/sandbox.ts) and an HTTP adapter shaped like BI-SNAP
// (gateways/bisnap.ts) — chosen per tenant in `payment_settings`. The platform credits a payment only on
// a notification the adapter has authenticated AND (in the job that books it) the gateway's status
// query confirms; money is
// integer rupiah everywhere (DOMAIN.md §6).

export const CHANNELS = ['va', 'qris', 'ewallet'] as const;
export type PaymentChannel = (typeof CHANNELS)[number];

export interface BillRequest {
  /** Gerbang's invoice number (TGH-XXXX-XXXX): the bill number the gateway echoes back. */
  invoiceNumber: string;
  /** Integer rupiah, > 0. */
  amount: number;
  channel: PaymentChannel;
  expiresAt: Date;
  /** What it pays for, shown by the bank or e-wallet (≤ 60 characters). */
  description: string;
  /** Shown on a virtual account ("atas nama"); never the NIK. */
  payerName: string;
}

/** How the payer pays one bill on one channel. */
export interface IssuedBill {
  channel: PaymentChannel;
  /** The gateway's own identifier for the bill (its status queries and notifications name it). */
  gatewayRef: string;
  /** Virtual account: the bank's name and the number the payer transfers to. */
  bankName?: string;
  vaNumber?: string;
  /** Dynamic QRIS: the EMVCo string (qris.ts) the page renders as a QR image. */
  qrisPayload?: string;
  /** E-wallet: the address the payer opens to pay in their e-wallet. */
  checkoutUrl?: string;
  expiresAt: Date;
}

/** A payment the gateway says happened, once its notification is authenticated. */
export interface PaymentNotice {
  /**
   * The gateway's identity of the payment event: de-duplication keys on it (with the gateway's name),
   * never on a request header alone — BI-SNAP's X-EXTERNAL-ID is unique for one day only.
   */
  eventId: string;
  gatewayRef: string;
  invoiceNumber: string;
  /** Integer rupiah actually paid. */
  amount: number;
  channel: PaymentChannel;
  paidAt: Date;
}

export type NotificationCheck =
  | { ok: true; notice: PaymentNotice }
  | { ok: false; reason: 'signature' | 'stale' | 'malformed' | 'unknown_merchant' };

/**
 * What the platform decided about a notification; the adapter turns it into the gateway's answer. The
 * endpoint answers 'received' (stored in the inbox, its job queued: decision 0082) or, for an invoice
 * number it does not know, 'unknown_invoice'; the others are the bookings the job records.
 */
export type NotificationOutcome =
  | 'received'
  | 'credited'
  | 'already_processed'
  | 'amount_mismatch'
  | 'late_accepted'
  | 'late_held_for_refund'
  | 'duplicate_payment_held_for_refund'
  | 'unknown_invoice';

export interface GatewayAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** The gateway's own view of one bill (its status query), used to confirm a notification before crediting. */
export interface BillStatus {
  gatewayRef: string;
  invoiceNumber: string;
  state: 'unpaid' | 'paid' | 'expired' | 'cancelled';
  /** The payments the gateway recorded against the bill (a QRIS can be paid twice). */
  payments: { eventId: string; amount: number; paidAt: Date; channel: PaymentChannel }[];
}

/** One line of the gateway's settlement report for a day (what it will transfer to the kas daerah). */
export interface SettlementLine {
  eventId: string;
  gatewayRef: string;
  invoiceNumber: string;
  channel: PaymentChannel;
  amount: number;
  paidAt: Date;
}

export interface PaymentGateway {
  /** 'sandbox' | 'bisnap': stored with every bill and ledger entry. */
  readonly name: string;
  /** The channels this gateway offers (a tenant may switch some off). */
  readonly channels: readonly PaymentChannel[];
  createBill(request: BillRequest): Promise<IssuedBill>;
  /** Best effort: a cancelled bill may still be paid (a printed QRIS), which the late-payment rule handles. */
  cancelBill(gatewayRef: string, channel: PaymentChannel): Promise<void>;
  /**
   * Authenticates a notification: the signature over the timestamp and the raw body, compared in
   * constant time; a timestamp outside ±5 minutes of `now` is stale. Reads nothing from the database.
   */
  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, now: Date): NotificationCheck;
  /** The answer the gateway expects for an outcome (the same outcome always gets the same answer). */
  answer(outcome: NotificationOutcome | 'refused', notice?: PaymentNotice): GatewayAnswer;
  /** Asks the gateway about a bill — a genuine callback can be replayed at the wrong endpoint. */
  queryStatus(gatewayRef: string, channel: PaymentChannel): Promise<BillStatus>;
  /** The settlement report for one day (YYYY-MM-DD, Asia/Jakarta), for reconciliation. */
  settlementReport(day: string): Promise<SettlementLine[]>;
}
