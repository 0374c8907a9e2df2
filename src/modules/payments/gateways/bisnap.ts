// The BI-SNAP adapter: the PaymentGateway seam (../gateway.ts) against a bank whose API follows Bank
// Indonesia's Standar Nasional Open API Pembayaran. One adapter per tenant and bank (bisnap-factory.ts
// builds it from the tenant's settings); docs/payments.md, "BI-SNAP adapter", says how a government IT
// team connects its bank.
//
// What it speaks (bisnap-signature.ts has the strings that are signed):
//  - POST /v1.0/access-token/b2b for a B2B token, signed with the partner's private key; the token is
//    kept until a minute before it expires, and fetched again at once when the bank says it is invalid;
//  - virtual accounts: create-va, status, delete-va; dynamic QRIS (MPM): qr-mpm-generate, -query, -cancel
//    — each signed with HMAC-SHA512 under the client secret;
//  - the bank's notifications (a VA payment, /v1.0/transfer-va/payment; a QRIS payment,
//    /v1.0/qr/qr-mpm-notify), signed with the bank's private key and checked with its public key;
//  - a settlement report for one day — not a SNAP service: banks each have their own (an endpoint or a
//    file), so this reads the shape the fake bank serves and a real bank's is mapped onto it here.
//
// A payment's identity (PaymentNotice.eventId, the de-duplication key) is the bank's own identity of
// the payment — VA number + paymentRequestId, or the QRIS reference + the payment's reference number —
// never X-EXTERNAL-ID, which SNAP makes unique for one day only. Notifications, status answers and the
// settlement report are mapped by the same functions, so the same payment has the same id in all three.
import { createPrivateKey, createPublicKey, type KeyObject, randomInt } from 'node:crypto';
import { DomainError } from '../../../platform/errors.js';
import type {
  BillRequest,
  BillStatus,
  GatewayAnswer,
  IssuedBill,
  NotificationCheck,
  NotificationOutcome,
  PaymentChannel,
  PaymentGateway,
  PaymentNotice,
  SettlementLine,
} from '../gateway.js';
import { parseQris } from '../qris.js';
import '../settings-admin/strings.js';
import {
  hmacSign,
  notificationStringToSign,
  parseSnapTimestamp,
  rsaSign,
  rsaVerify,
  rupiahOf,
  serviceStringToSign,
  snapAmount,
  snapTimestamp,
  tokenStringToSign,
} from './bisnap-signature.js';

/** The bank's endpoints, relative to the configured base URL (whose own path, if any, precedes them). */
export const SNAP_PATHS = {
  token: '/v1.0/access-token/b2b',
  createVa: '/v1.0/transfer-va/create-va',
  vaStatus: '/v1.0/transfer-va/status',
  deleteVa: '/v1.0/transfer-va/delete-va',
  vaPayment: '/v1.0/transfer-va/payment',
  qrGenerate: '/v1.0/qr/qr-mpm-generate',
  qrQuery: '/v1.0/qr/qr-mpm-query',
  qrCancel: '/v1.0/qr/qr-mpm-cancel',
  qrNotify: '/v1.0/qr/qr-mpm-notify',
  settlement: '/v1.0/settlement/report',
} as const;

/** The tenant's non-secret settings for its bank (stored in payment_settings.gateway_config). */
export interface BisnapConfig {
  /** The bank's SNAP root, e.g. https://snap.bank.example/api (https; http only to this machine). */
  baseUrl: string;
  /** X-CLIENT-KEY of the token request. */
  clientId: string;
  /** X-PARTNER-ID of every call, and what the bank's notifications must name. */
  partnerId: string;
  /** CHANNEL-ID of every call. */
  channelId: string;
  /** The company prefix of the tenant's virtual accounts (BIN, up to 8 digits). */
  partnerServiceId: string;
  /** The bank's merchant id for QRIS. */
  merchantId: string;
  /** Shown to the payer beside the VA number ("Bank Jateng"). */
  bankName: string;
  /** The key the bank signs its notifications with (PEM). */
  bankPublicKeyPem: string;
  /** How long to wait for the bank (default 15 s). */
  timeoutMs?: number;
}

export interface BisnapSecrets {
  clientSecret: string;
  /** The partner's private key (PEM) for the token request; the bank holds its public half. */
  privateKeyPem: string;
}

/** The adapter, and what the settings page asks of it besides the seam. */
export interface BisnapGateway extends PaymentGateway {
  /**
   * Proves the connection works: a new B2B token (client id, private key, clocks) and one signed call
   * (client secret, partner and channel ids) — a status inquiry of a VA nobody has, which a bank that
   * accepted the signature answers "not found". Throws the same errors as any call.
   */
  checkConnection(): Promise<void>;
}

export interface BisnapDeps {
  /** The app's clock: X-TIMESTAMP, token expiry, notification freshness. */
  now: () => Date;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** A token is fetched again this long before the bank says it expires (clocks differ, calls take time). */
const TOKEN_MARGIN_MS = 60_000;
/** DOMAIN.md §6: a notification more than five minutes from now is refused as stale. */
const FRESHNESS_MS = 5 * 60_000;

/** SNAP's service codes (the middle digits of every responseCode). */
const SERVICE = { token: '73', vaPayment: '25', vaStatus: '26', createVa: '27', deleteVa: '31', qrGenerate: '47', qrQuery: '51', qrNotify: '52', qrCancel: '77' };

type Json = Record<string, unknown>;

const pad8 = (partnerServiceId: string) => partnerServiceId.padStart(8, ' ');
const digitsOnly = (s: unknown) => (typeof s === 'string' ? s.replace(/\s/g, '') : '');

const INVOICE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The customer number of an invoice's virtual account: the eight characters after the prefix of
 * TGH-XXXX-XXXX read as a base-30 number, 12 digits. One invoice, one number, no table of numbers —
 * and two invoices never share a VA.
 */
export function customerNoOf(invoiceNumber: string): string {
  const body = /^[A-Z]{3}-([2-9A-HJKMNP-TV-Z]{4})-([2-9A-HJKMNP-TV-Z]{4})$/.exec(invoiceNumber);
  if (!body) throw new RangeError(`not an invoice number: ${invoiceNumber}`);
  let n = 0;
  for (const ch of body[1]! + body[2]!) n = n * 30 + INVOICE_ALPHABET.indexOf(ch);
  return String(n).padStart(12, '0');
}

/** X-EXTERNAL-ID: a numeric string the bank requires unique per day; 18 random digits. */
function externalId(): string {
  return `${randomInt(1e9)}`.padStart(9, '0') + `${randomInt(1e9)}`.padStart(9, '0');
}

function bankError(code: 'timeout' | 'unavailable' | 'refused' | 'malformed', detail: Record<string, string> = {}): DomainError {
  const status = code === 'timeout' ? 504 : 502;
  return new DomainError(`payments.bank_${code}`, status, `pay.settings.bank_${code}`, {}, [], detail);
}

// ---- One payment, as notifications, status answers and the settlement report name it -------------

function vaPaymentOf(record: Json, partnerServiceId: string): Omit<PaymentNotice, 'paidAt'> & { paidAt?: Date } | undefined {
  const va = digitsOnly(record.virtualAccountNo) || digitsOnly(record.partnerServiceId) + digitsOnly(record.customerNo);
  const paymentRequestId = record.paymentRequestId;
  const amount = rupiahOf(record.paidAmount ?? record.amount);
  const invoiceNumber = record.trxId;
  if (!va.startsWith(partnerServiceId) || typeof paymentRequestId !== 'string' || !paymentRequestId || amount === undefined || typeof invoiceNumber !== 'string') return undefined;
  const paidAt = parseSnapTimestamp(typeof record.trxDateTime === 'string' ? record.trxDateTime : (record.transactionDate as string | undefined));
  return { eventId: `va:${va}:${paymentRequestId}`, gatewayRef: va, invoiceNumber, amount, channel: 'va', paidAt };
}

function qrisPaymentOf(record: Json): Omit<PaymentNotice, 'paidAt'> & { paidAt?: Date } | undefined {
  const reference = record.originalReferenceNo;
  const invoiceNumber = record.originalPartnerReferenceNo;
  const info = (record.additionalInfo ?? {}) as Json;
  const amount = rupiahOf(record.amount);
  if (typeof reference !== 'string' || !reference || typeof invoiceNumber !== 'string' || amount === undefined) return undefined;
  // A dynamic QRIS is paid once; when the bank names the payment itself (its RRN), a second payment of
  // the same printed QR keeps its own identity instead of being taken for a replay of the first.
  const payment = typeof info.paymentReferenceNo === 'string' && info.paymentReferenceNo ? `:${info.paymentReferenceNo}` : '';
  const paidAt = parseSnapTimestamp((info.paidTime ?? record.paidTime) as string | undefined);
  return { eventId: `qris:${reference}${payment}`, gatewayRef: reference, invoiceNumber, amount, channel: 'qris', paidAt };
}

export function bisnapGateway(config: BisnapConfig, secrets: BisnapSecrets, deps: BisnapDeps): BisnapGateway {
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = new URL(config.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const psid = config.partnerServiceId.trim();
  const privateKey: KeyObject = createPrivateKey(secrets.privateKeyPem);
  const bankKey: KeyObject = createPublicKey(config.bankPublicKeyPem);

  let token: { value: string; expiresAt: number } | undefined;
  let pendingToken: Promise<string> | undefined;

  async function post(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: Json }> {
    let res: Response;
    try {
      res = await doFetch(new URL(basePath + path, base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      throw bankError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unavailable', { bankPath: path });
    }
    let json: Json;
    try {
      json = (await res.json()) as Json;
    } catch {
      throw bankError(res.status >= 500 ? 'unavailable' : 'malformed', { bankPath: path, bankStatus: String(res.status) });
    }
    if (res.status >= 500) throw bankError('unavailable', { bankPath: path, bankStatus: String(res.status), bankResponseCode: String(json.responseCode ?? '') });
    return { status: res.status, json: json && typeof json === 'object' ? json : {} };
  }

  async function fetchToken(): Promise<string> {
    const timestamp = snapTimestamp(deps.now());
    const signature = rsaSign(privateKey, tokenStringToSign(config.clientId, timestamp));
    const { json } = await post(SNAP_PATHS.token, { 'X-TIMESTAMP': timestamp, 'X-CLIENT-KEY': config.clientId, 'X-SIGNATURE': signature }, JSON.stringify({ grantType: 'client_credentials' }));
    const code = String(json.responseCode ?? '');
    if (!code.startsWith('200') || typeof json.accessToken !== 'string') throw bankError('refused', { bankPath: SNAP_PATHS.token, bankResponseCode: code });
    const seconds = Number(json.expiresIn);
    token = { value: json.accessToken, expiresAt: deps.now().getTime() + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 900_000) - TOKEN_MARGIN_MS };
    return json.accessToken;
  }

  /** The cached token, or a new one (concurrent calls share one request). */
  function accessToken(): Promise<string> {
    if (token && deps.now().getTime() < token.expiresAt) return Promise.resolve(token.value);
    pendingToken ??= fetchToken().finally(() => (pendingToken = undefined));
    return pendingToken;
  }

  /** A signed transactional call; a refused token is fetched again once (the bank may have revoked it). */
  async function call(path: string, service: string, payload: Json): Promise<Json> {
    const body = JSON.stringify(payload);
    for (let attempt = 0; ; attempt++) {
      const accessTokenValue = await accessToken();
      const timestamp = snapTimestamp(deps.now());
      const signature = hmacSign(secrets.clientSecret, serviceStringToSign({ method: 'POST', path: basePath + path, accessToken: accessTokenValue, body, timestamp }));
      const { status, json } = await post(
        path,
        {
          Authorization: `Bearer ${accessTokenValue}`,
          'X-TIMESTAMP': timestamp,
          'X-SIGNATURE': signature,
          'X-PARTNER-ID': config.partnerId,
          'X-EXTERNAL-ID': externalId(),
          'CHANNEL-ID': config.channelId,
        },
        body,
      );
      const code = String(json.responseCode ?? '');
      if (status === 401 && code === `401${service}01` && attempt === 0) {
        token = undefined; // "Invalid Token (B2B)": expired or revoked early at the bank
        continue;
      }
      if (status >= 300 || !/^20[02]/.test(code)) throw bankError('refused', { bankPath: path, bankResponseCode: code });
      return json;
    }
  }

  async function createVa(request: BillRequest): Promise<IssuedBill> {
    const customerNo = customerNoOf(request.invoiceNumber);
    const json = await call(SNAP_PATHS.createVa, SERVICE.createVa, {
      partnerServiceId: pad8(psid),
      customerNo,
      virtualAccountNo: pad8(psid) + customerNo,
      virtualAccountName: request.payerName.slice(0, 100),
      trxId: request.invoiceNumber,
      totalAmount: snapAmount(request.amount),
      virtualAccountTrxType: 'C', // closed amount: the bank takes exactly this sum
      expiredDate: snapTimestamp(request.expiresAt),
      additionalInfo: { description: request.description },
    });
    const data = (json.virtualAccountData ?? {}) as Json;
    const va = digitsOnly(data.virtualAccountNo);
    if (va !== psid + customerNo) throw bankError('malformed', { bankPath: SNAP_PATHS.createVa });
    return { channel: 'va', gatewayRef: va, bankName: config.bankName, vaNumber: va, expiresAt: request.expiresAt };
  }

  async function createQris(request: BillRequest): Promise<IssuedBill> {
    const json = await call(SNAP_PATHS.qrGenerate, SERVICE.qrGenerate, {
      partnerReferenceNo: request.invoiceNumber,
      amount: snapAmount(request.amount),
      merchantId: config.merchantId,
      validityPeriod: snapTimestamp(request.expiresAt),
      additionalInfo: { description: request.description },
    });
    const reference = json.referenceNo;
    const qr = typeof json.qrContent === 'string' ? parseQris(json.qrContent) : undefined;
    // Never show a payer a QR the bank got wrong: it must be valid and ask for exactly this amount.
    if (typeof reference !== 'string' || !reference || !qr || !qr.crcValid || qr.errors.length > 0 || qr.amount !== request.amount) {
      throw bankError('malformed', { bankPath: SNAP_PATHS.qrGenerate });
    }
    return { channel: 'qris', gatewayRef: reference, qrisPayload: json.qrContent as string, expiresAt: request.expiresAt };
  }

  function checkNotification(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, now: Date): NotificationCheck {
    const header = (name: string) => {
      const v = headers[name] ?? headers[name.toUpperCase()];
      return Array.isArray(v) ? v[0] : v;
    };
    const timestamp = header('x-timestamp');
    const signature = header('x-signature');
    const at = parseSnapTimestamp(timestamp);
    let body: Json;
    try {
      body = JSON.parse(rawBody.toString('utf8')) as Json;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!at || !signature || !body || typeof body !== 'object') return { ok: false, reason: 'malformed' };
    const path = basePathOfNotification(body);
    if (!path) return { ok: false, reason: 'malformed' };
    // The body as received; failing that, minified (SNAP signs the minified body, a proxy may re-indent).
    const signed = (b: string | Buffer) => rsaVerify(bankKey, notificationStringToSign({ method: 'POST', path, body: b, timestamp: timestamp! }), signature);
    if (!signed(rawBody) && !signed(JSON.stringify(body))) return { ok: false, reason: 'signature' };
    if (Math.abs(now.getTime() - at.getTime()) > FRESHNESS_MS) return { ok: false, reason: 'stale' };
    const partner = header('x-partner-id');
    if (partner !== undefined && partner !== config.partnerId) return { ok: false, reason: 'unknown_merchant' };
    if (path === SNAP_PATHS.vaPayment) {
      if (!digitsOnly(body.virtualAccountNo).startsWith(psid)) return { ok: false, reason: 'unknown_merchant' };
      const payment = vaPaymentOf(body, psid);
      return payment ? { ok: true, notice: { ...payment, paidAt: payment.paidAt ?? at } } : { ok: false, reason: 'malformed' };
    }
    if (body.merchantId !== undefined && body.merchantId !== config.merchantId) return { ok: false, reason: 'unknown_merchant' };
    if (body.latestTransactionStatus !== '00') return { ok: false, reason: 'malformed' }; // not a payment
    const payment = qrisPaymentOf(body);
    return payment ? { ok: true, notice: { ...payment, paidAt: payment.paidAt ?? at } } : { ok: false, reason: 'malformed' };
  }

  /** Which notification a body is: a VA payment names its account, a QRIS one the QR's reference. */
  function basePathOfNotification(body: Json): string | undefined {
    if (typeof body.virtualAccountNo === 'string') return SNAP_PATHS.vaPayment;
    if (typeof body.originalReferenceNo === 'string') return SNAP_PATHS.qrNotify;
    return undefined;
  }

  async function checkConnection(): Promise<void> {
    token = undefined;
    await accessToken();
    const nobody = '0'.repeat(12);
    try {
      await call(SNAP_PATHS.vaStatus, SERVICE.vaStatus, { partnerServiceId: pad8(psid), customerNo: nobody, virtualAccountNo: pad8(psid) + nobody });
    } catch (error) {
      const notFound = error instanceof DomainError && error.code === 'payments.bank_refused' && String(error.extensions.bankResponseCode).startsWith('404');
      if (!notFound) throw error;
    }
  }

  return {
    name: 'bisnap',
    channels: ['va', 'qris'],
    checkConnection,

    async createBill(request) {
      if (request.channel === 'va') return createVa(request);
      if (request.channel === 'qris') return createQris(request);
      throw new DomainError('payments.channel_unavailable', 409, 'pay.settings.channel_unavailable');
    },

    async cancelBill(gatewayRef, channel) {
      if (channel === 'va') {
        await call(SNAP_PATHS.deleteVa, SERVICE.deleteVa, { partnerServiceId: pad8(psid), customerNo: gatewayRef.slice(psid.length), virtualAccountNo: pad8(psid) + gatewayRef.slice(psid.length) });
      } else if (channel === 'qris') {
        await call(SNAP_PATHS.qrCancel, SERVICE.qrCancel, { originalReferenceNo: gatewayRef, merchantId: config.merchantId, reason: 'Tagihan dibatalkan' });
      }
    },

    verifyNotification: checkNotification,

    answer(outcome: NotificationOutcome | 'refused', notice?: PaymentNotice): GatewayAnswer {
      const service = notice?.channel === 'qris' ? SERVICE.qrNotify : SERVICE.vaPayment;
      return answerOf(outcome, service, notice);
    },

    async queryStatus(gatewayRef: string, channel: PaymentChannel): Promise<BillStatus> {
      if (channel === 'va') {
        const customerNo = gatewayRef.slice(psid.length);
        const json = await call(SNAP_PATHS.vaStatus, SERVICE.vaStatus, { partnerServiceId: pad8(psid), customerNo, virtualAccountNo: pad8(psid) + customerNo });
        const data = (json.virtualAccountData ?? {}) as Json;
        const records = paymentRecords(data, data.paymentFlagStatus === '00' && typeof data.paymentRequestId === 'string');
        const payments = records.flatMap((r) => {
          const p = vaPaymentOf({ virtualAccountNo: gatewayRef, trxId: data.trxId, ...r }, psid);
          return p ? [{ eventId: p.eventId, amount: p.amount, paidAt: p.paidAt ?? deps.now(), channel: 'va' as const }] : [];
        });
        return { gatewayRef, invoiceNumber: String(data.trxId ?? ''), state: stateOf(data, payments.length > 0), payments };
      }
      const json = await call(SNAP_PATHS.qrQuery, SERVICE.qrQuery, { originalReferenceNo: gatewayRef, serviceCode: SERVICE.qrGenerate, merchantId: config.merchantId });
      const records = paymentRecords(json, json.latestTransactionStatus === '00');
      const payments = records.flatMap((r) => {
        const p = qrisPaymentOf({ originalReferenceNo: gatewayRef, originalPartnerReferenceNo: json.originalPartnerReferenceNo, ...r });
        return p ? [{ eventId: p.eventId, amount: p.amount, paidAt: p.paidAt ?? deps.now(), channel: 'qris' as const }] : [];
      });
      const state = json.latestTransactionStatus === '05' ? 'cancelled' : stateOf((json.additionalInfo ?? {}) as Json, payments.length > 0);
      return { gatewayRef, invoiceNumber: String(json.originalPartnerReferenceNo ?? ''), state, payments };
    },

    async settlementReport(day: string): Promise<SettlementLine[]> {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day: ${day}`);
      const json = await call(SNAP_PATHS.settlement, '00', { merchantId: config.merchantId, partnerServiceId: pad8(psid), settlementDate: day });
      const rows = Array.isArray(json.transactions) ? (json.transactions as Json[]) : [];
      return rows.map((row) => {
        const p = row.serviceCode === SERVICE.qrNotify ? qrisPaymentOf(row) : vaPaymentOf(row, psid);
        if (!p || !p.paidAt) throw bankError('malformed', { bankPath: SNAP_PATHS.settlement });
        return { eventId: p.eventId, gatewayRef: p.gatewayRef, invoiceNumber: p.invoiceNumber, channel: p.channel, amount: p.amount, paidAt: p.paidAt };
      });
    },
  };
}

/**
 * The payments a status answer lists: `additionalInfo.payments` when the bank lists them all (a QRIS
 * paid twice), else the one payment SNAP's own fields describe, when they say it succeeded.
 */
function paymentRecords(data: Json, paid: boolean): Json[] {
  const listed = ((data.additionalInfo ?? {}) as Json).payments;
  if (Array.isArray(listed)) return listed as Json[];
  return paid ? [data] : [];
}

function stateOf(data: Json, paid: boolean): BillStatus['state'] {
  const stated = ((data.additionalInfo ?? {}) as Json).billStatus ?? data.billStatus;
  if (stated === 'unpaid' || stated === 'paid' || stated === 'expired' || stated === 'cancelled') return stated;
  return paid ? 'paid' : 'unpaid';
}

/**
 * SNAP's answer to a notification. The endpoint answers 'received': the notice is stored durably and
 * its confirmation (our status query) and booking follow in a job (decision 0082), so "Successful"
 * means "Gerbang holds the notice" — a payment the status query does not confirm is no longer refused
 * here but listed for the treasurer. Every outcome where the money is recorded — received, credited, a
 * replay, late but accepted, or held for refund or a treasurer's decision — gets the success answer: an
 * error would make the bank retry (or, at some banks, reverse a payment Gerbang holds). A replay gets
 * exactly the answer the first delivery got, never 409 Conflict.
 */
function answerOf(outcome: NotificationOutcome | 'refused', service: string, notice?: PaymentNotice): GatewayAnswer {
  const reply = (status: number, caseCode: string, responseMessage: string, extra: Json = {}): GatewayAnswer => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: { responseCode: `${status}${service}${caseCode}`, responseMessage, ...extra },
  });
  switch (outcome) {
    case 'received':
    case 'credited':
    case 'already_processed':
    case 'late_accepted':
    case 'late_held_for_refund':
    case 'duplicate_payment_held_for_refund':
    case 'amount_mismatch': {
      if (!notice || service !== SERVICE.vaPayment) return reply(200, '00', 'Successful');
      const held = outcome !== 'received' && outcome !== 'credited' && outcome !== 'already_processed' && outcome !== 'late_accepted';
      return reply(200, '00', 'Successful', {
        virtualAccountData: {
          virtualAccountNo: notice.gatewayRef,
          trxId: notice.invoiceNumber,
          paidAmount: snapAmount(notice.amount),
          paymentFlagStatus: '00',
          paymentFlagReason: held ? { english: 'Received, held for refund or review', indonesia: 'Diterima, ditahan untuk pengembalian atau pemeriksaan' } : { english: 'Success', indonesia: 'Sukses' },
        },
      });
    }
    case 'unknown_invoice':
      return reply(404, '12', 'Invalid Bill/Virtual Account');
    case 'refused':
      return reply(401, '00', 'Unauthorized. [Signature]');
  }
}
