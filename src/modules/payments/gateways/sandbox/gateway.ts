// The sandbox gateway: a bank that lives inside Gerbang for development, tests and training, and behaves
// like a real one where it matters — it issues virtual accounts, dynamic QRIS and e-wallet links, keeps
// its own books (its tables, written with its own connection as a remote bank's would be, never in
// Gerbang's transaction), answers status queries and settlement reports from them, and tells Gerbang of
// a payment only by a signed notification over HTTP (bank.ts), which may come late, twice or out of
// order. Refused in production unless PAYMENT_SANDBOX is set (gateways/index.ts).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { withTenant } from '../../../../db/index.js';
import type { Db } from '../../../../db/index.js';
import { deriveKey } from '../../../../platform/secrets.js';
import { CHANNELS, type BillStatus, type IssuedBill, type NotificationCheck, type PaymentChannel, type PaymentGateway, type PaymentNotice } from '../../gateway.js';
import { dynamicQris } from '../../qris.js';
import type { PaymentSettings } from '../../settings.js';
import { insertSandboxBill, selectSandboxBill, selectSandboxPayments, type SandboxBill, updateSandboxBillState } from './store.js';

export const SANDBOX_BANK = { name: 'Bank Sandbox Gerbang', code: '8808' };
/** How far a notification's timestamp may be from the receiver's clock (DOMAIN.md §6). */
export const FRESH_MS = 5 * 60_000;

export interface SandboxDeps {
  db: Db;
  tenant: { id: string; slug: string; name: string };
  settings: PaymentSettings;
  appSecret: Buffer;
  /** Where the simulated bank's pages are (the e-wallet checkout link). */
  publicBaseUrl: string;
  now: () => Date;
}

/** The key the sandbox signs a tenant's notifications with (derived: nothing to configure). */
export function sandboxSigningKey(appSecret: Buffer, tenantId: string): Buffer {
  return deriveKey(appSecret, `payments.sandbox.notify:${tenantId}`);
}

export function signSandboxNotification(key: Buffer, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', key).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The body of a sandbox notification: the payment as the bank recorded it. */
export interface SandboxNotificationBody {
  eventId: string;
  gatewayRef: string;
  invoiceNumber: string;
  amount: number;
  channel: PaymentChannel;
  paidAt: string;
}

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The bank's prefix and 12 digits from the invoice number (its 8 characters read in base 30: one number per invoice). */
export function sandboxVaNumber(invoiceNumber: string): string {
  const chars = invoiceNumber.replace(/^[A-Z]{3}-/, '').replace('-', '');
  let n = 0n;
  for (const c of chars) n = n * 30n + BigInt(Math.max(0, ALPHABET.indexOf(c)));
  return SANDBOX_BANK.code + n.toString().padStart(12, '0').slice(-12);
}

/** QRIS holds printable ASCII only (tag 59 ≤ 25, tag 60 ≤ 15 characters). */
const ascii = (text: string, max: number) => text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').slice(0, max).trim() || 'GERBANG';

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function isBody(value: unknown): value is SandboxNotificationBody {
  const v = value as SandboxNotificationBody;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.eventId === 'string' &&
    typeof v.gatewayRef === 'string' &&
    typeof v.invoiceNumber === 'string' &&
    Number.isSafeInteger(v.amount) &&
    v.amount > 0 &&
    (CHANNELS as readonly string[]).includes(v.channel) &&
    typeof v.paidAt === 'string' &&
    !Number.isNaN(Date.parse(v.paidAt))
  );
}

export function sandboxGateway(deps: SandboxDeps): PaymentGateway {
  const { db, tenant, settings } = deps;
  const key = sandboxSigningKey(deps.appSecret, tenant.id);
  const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenant.id, fn);
  const base = `${deps.publicBaseUrl.replace(/\/$/, '')}/t/${tenant.slug}`;

  const stateOf = (bill: SandboxBill, paid: boolean): BillStatus['state'] =>
    paid ? 'paid' : bill.state === 'cancelled' ? 'cancelled' : bill.expiresAt.getTime() <= deps.now().getTime() ? 'expired' : 'unpaid';

  return {
    name: 'sandbox',
    channels: CHANNELS,

    async createBill(request): Promise<IssuedBill> {
      const gatewayRef = `SBX-${request.invoiceNumber}-${request.channel.toUpperCase()}`;
      const bill: SandboxBill = {
        gatewayRef,
        invoiceNumber: request.invoiceNumber,
        channel: request.channel,
        amount: request.amount,
        vaNumber: request.channel === 'va' ? sandboxVaNumber(request.invoiceNumber) : null,
        qrisPayload:
          request.channel === 'qris'
            ? dynamicQris({
                acquirer: { globallyUniqueId: 'ID.CO.SANDBOX.WWW', merchantPan: '9360880800000001', merchantId: tenant.slug.toUpperCase().slice(0, 15), criteria: 'UMI' },
                nmid: settings.nmid || 'ID2026SANDBOX01',
                mcc: settings.mcc || '9399',
                merchantName: ascii(settings.merchantName, 25),
                merchantCity: ascii(settings.merchantCity || tenant.name.replace(/^(Pemerintah|Pemkot|Pemkab|Pemprov)\s+(Kota|Kabupaten|Provinsi)?\s*/i, ''), 15),
                amount: request.amount,
                billNumber: request.invoiceNumber,
                reference: gatewayRef,
              })
            : null,
        checkoutUrl: request.channel === 'ewallet' ? `${base}/dev/bank/e-wallet/${encodeURIComponent(gatewayRef)}` : null,
        state: 'unpaid',
        issuedAt: deps.now(),
        expiresAt: request.expiresAt,
      };
      const stored = await inTenant((trx) => insertSandboxBill(trx, tenant.id, bill));
      return {
        channel: stored.channel,
        gatewayRef: stored.gatewayRef,
        ...(stored.vaNumber ? { bankName: SANDBOX_BANK.name, vaNumber: stored.vaNumber } : {}),
        ...(stored.qrisPayload ? { qrisPayload: stored.qrisPayload } : {}),
        ...(stored.checkoutUrl ? { checkoutUrl: stored.checkoutUrl } : {}),
        expiresAt: stored.expiresAt,
      };
    },

    async cancelBill(gatewayRef) {
      await inTenant(async (trx) => {
        const bill = await selectSandboxBill(trx, tenant.id, { gatewayRef }, true);
        if (bill && bill.state === 'unpaid') await updateSandboxBillState(trx, tenant.id, gatewayRef, 'cancelled');
      });
    },

    verifyNotification(headers, rawBody, now): NotificationCheck {
      const timestamp = header(headers, 'x-timestamp');
      const signature = header(headers, 'x-signature');
      const eventId = header(headers, 'x-event-id');
      if (!timestamp || !signature || !eventId) return { ok: false, reason: 'signature' };
      const expected = Buffer.from(signSandboxNotification(key, timestamp, rawBody), 'hex');
      const given = Buffer.from(/^[0-9a-f]{64}$/i.test(signature) ? signature : '', 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
      const at = Date.parse(timestamp);
      if (Number.isNaN(at) || Math.abs(at - now.getTime()) > FRESH_MS) return { ok: false, reason: 'stale' };
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (!isBody(body) || body.eventId !== eventId) return { ok: false, reason: 'malformed' };
      const notice: PaymentNotice = { ...body, paidAt: new Date(body.paidAt) };
      return { ok: true, notice };
    },

    answer(outcome) {
      // The sandbox takes any 2xx as delivered; the outcome is for people reading its log.
      return outcome === 'refused' ? { status: 401, body: { outcome } } : { status: 200, body: { outcome } };
    },

    async queryStatus(gatewayRef): Promise<BillStatus> {
      return inTenant(async (trx) => {
        const bill = await selectSandboxBill(trx, tenant.id, { gatewayRef });
        if (!bill) return { gatewayRef, invoiceNumber: '', state: 'unpaid', payments: [] };
        const payments = await selectSandboxPayments(trx, tenant.id, { gatewayRef });
        return {
          gatewayRef,
          invoiceNumber: bill.invoiceNumber,
          state: stateOf(bill, payments.length > 0),
          payments: payments.map((p) => ({ eventId: p.eventId, amount: p.amount, paidAt: p.paidAt, channel: p.channel })),
        };
      });
    },

    async settlementReport(day) {
      const payments = await inTenant((trx) => selectSandboxPayments(trx, tenant.id, { day }));
      return payments.map((p) => ({ eventId: p.eventId, gatewayRef: p.gatewayRef, invoiceNumber: p.invoiceNumber, channel: p.channel, amount: p.amount, paidAt: p.paidAt }));
    },
  };
}

/** A new payment event id of the simulated bank. */
export const newSandboxEventId = () => `SBX-EVT-${randomUUID()}`;
