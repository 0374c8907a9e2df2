// A bank that speaks BI-SNAP, on 127.0.0.1 for tests only (never registered in the app): it checks every
// signature, timestamp, token and header the adapter sends and refuses a bad one the way a bank does
// (401 "Unauthorized. [Signature]", "Invalid Token (B2B)"), issues virtual accounts and dynamic QRIS,
// lets a test pay them, signs the notification it then sends with its own private key, and answers
// status queries and the day's settlement report. It can also time out or fail with a 5xx on request.
// Its clock is the test's (`now`), so a token's expiry follows the clock the adapter is given.
import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dynamicQris } from '../qris.js';
import { SNAP_PATHS } from './bisnap.js';
import {
  hmacVerify,
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

export interface FakeBankOptions {
  now: () => Date;
  /** What the bank knows of its partner (the tenant) from onboarding. */
  partner: { clientId: string; clientSecret: string; publicKeyPem: string; partnerId: string; channelId: string; partnerServiceId: string; merchantId: string };
  merchant: { name: string; city: string; nmid: string; mcc: string };
  /** Seconds a token lives (SNAP banks say 900). */
  tokenTtlSeconds?: number;
  /** Where notifications are POSTed; without it, `pay` only returns the signed notification. */
  notifyUrl?: string;
}

export interface FakeBill {
  channel: 'va' | 'qris';
  gatewayRef: string;
  invoiceNumber: string;
  amount: number;
  expiresAt: Date;
  state: 'unpaid' | 'paid' | 'expired' | 'cancelled';
  qrContent?: string;
  payments: { id: string; amount: number; paidAt: Date }[];
}

export interface SignedNotification {
  path: string;
  headers: Record<string, string>;
  body: string;
}

type Json = Record<string, unknown>;
type Fault = { kind: 'status'; status: number } | { kind: 'hang' };

const SERVICE_OF: Record<string, string> = {
  [SNAP_PATHS.createVa]: '27',
  [SNAP_PATHS.vaStatus]: '26',
  [SNAP_PATHS.deleteVa]: '31',
  [SNAP_PATHS.qrGenerate]: '47',
  [SNAP_PATHS.qrQuery]: '51',
  [SNAP_PATHS.qrCancel]: '77',
  [SNAP_PATHS.settlement]: '00',
};

const jakartaDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

export class FakeBank {
  readonly bankPublicKeyPem: string;
  readonly bills = new Map<string, FakeBill>();
  /** Every request: its path and whether the bank accepted its credentials. */
  readonly log: { path: string; accepted: boolean; responseCode: string }[] = [];
  tokenRequests = 0;
  private readonly bankKey: KeyObject;
  private readonly partnerKey: KeyObject;
  private readonly tokens = new Map<string, number>();
  private readonly externalIds = new Set<string>();
  private readonly faults: Fault[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private baseUrl = '';
  private sequence = 0;

  constructor(private readonly options: FakeBankOptions) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.bankKey = privateKey;
    this.bankPublicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.partnerKey = createPublicKey(options.partner.publicKeyPem);
  }

  /** Starts on a free port of 127.0.0.1; returns the base URL (with a path, as real banks have). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/snap`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy(); // hanging requests included
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` requests answer `status` (a 5xx outage) or never answer ('hang'). */
  failNext(fault: number | 'hang', count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push(fault === 'hang' ? { kind: 'hang' } : { kind: 'status', status: fault });
  }

  /** Forgets every token it issued, as a bank does on a key rotation or a restart. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** A payer pays a bill (`amount` defaults to the bill's); returns the signed notification and, with `notifyUrl`, the platform's answer. */
  async pay(gatewayRef: string, options: { amount?: number; at?: Date } = {}): Promise<{ notification: SignedNotification; answer?: { status: number; body: unknown } }> {
    const bill = this.bills.get(gatewayRef);
    if (!bill) throw new Error(`the fake bank has no bill ${gatewayRef}`);
    const at = options.at ?? this.options.now();
    const payment = { id: `${++this.sequence}`.padStart(12, '0'), amount: options.amount ?? bill.amount, paidAt: at };
    bill.payments.push(payment);
    bill.state = 'paid';
    const notification = this.signNotification(bill.channel === 'va' ? SNAP_PATHS.vaPayment : SNAP_PATHS.qrNotify, this.recordOf(bill, payment, 'notify'), at);
    if (!this.options.notifyUrl) return { notification };
    return { notification, answer: await this.deliver(notification) };
  }

  /** POSTs a notification to `notifyUrl` (again, for a replay) and returns the platform's answer. */
  async deliver(notification: SignedNotification): Promise<{ status: number; body: unknown }> {
    if (!this.options.notifyUrl) throw new Error('the fake bank has no notifyUrl');
    const res = await fetch(this.options.notifyUrl, { method: 'POST', headers: notification.headers, body: notification.body });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  /** A notification signed by this bank at `at` (tests forge, replay and age them from here). */
  signNotification(path: string, payload: Json, at: Date): SignedNotification {
    const body = JSON.stringify(payload);
    const timestamp = snapTimestamp(at);
    const signature = rsaSign(this.bankKey, notificationStringToSign({ method: 'POST', path, body, timestamp }));
    return {
      path,
      body,
      headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signature, 'x-partner-id': this.options.partner.partnerId, 'x-external-id': `${this.sequence}`.padStart(18, '0') },
    };
  }

  private recordOf(bill: FakeBill, payment: FakeBill['payments'][number], use: 'notify' | 'report' | 'status'): Json {
    const psid = this.options.partner.partnerServiceId;
    if (bill.channel === 'va') {
      const customerNo = bill.gatewayRef.slice(psid.length);
      return {
        ...(use === 'report' ? { serviceCode: '25' } : {}),
        partnerServiceId: psid.padStart(8, ' '),
        customerNo,
        virtualAccountNo: psid.padStart(8, ' ') + customerNo,
        trxId: bill.invoiceNumber,
        paymentRequestId: payment.id,
        paidAmount: snapAmount(payment.amount),
        trxDateTime: snapTimestamp(payment.paidAt),
      };
    }
    return {
      ...(use === 'report' ? { serviceCode: '52' } : {}),
      originalReferenceNo: bill.gatewayRef,
      originalPartnerReferenceNo: bill.invoiceNumber,
      latestTransactionStatus: '00',
      transactionStatusDesc: 'Success',
      amount: snapAmount(payment.amount),
      merchantId: this.options.partner.merchantId,
      additionalInfo: { paymentReferenceNo: payment.id, paidTime: snapTimestamp(payment.paidAt) },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const fault = this.faults.shift();
    if (fault?.kind === 'hang') return; // never answers: the adapter's timeout must end the wait
    const path = (req.url ?? '').replace(/^\/snap/, '');
    const send = (status: number, body: Json) => {
      this.log.push({ path, accepted: status < 400 || status >= 500, responseCode: String(body.responseCode ?? '') });
      res.writeHead(status, { 'content-type': 'application/json', 'x-timestamp': snapTimestamp(this.options.now()) });
      res.end(JSON.stringify(body));
    };
    if (fault?.kind === 'status') return send(fault.status, { responseCode: `${fault.status}0001`, responseMessage: 'Internal Server Error' });
    const header = (name: string) => (req.headers[name] as string | undefined) ?? '';
    const timestamp = header('x-timestamp');
    const at = parseSnapTimestamp(timestamp);
    const fresh = at !== undefined && Math.abs(this.options.now().getTime() - at.getTime()) <= 5 * 60_000;
    let body: Json;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      return send(400, { responseCode: '4000001', responseMessage: 'Bad Request' });
    }

    if (path === SNAP_PATHS.token) {
      this.tokenRequests++;
      const signed = rsaVerify(this.partnerKey, tokenStringToSign(this.options.partner.clientId, timestamp), header('x-signature'));
      if (header('x-client-key') !== this.options.partner.clientId || !signed || !fresh) return send(401, { responseCode: '4017300', responseMessage: 'Unauthorized. [Signature]' });
      const token = randomBytes(24).toString('base64url');
      const ttl = this.options.tokenTtlSeconds ?? 900;
      this.tokens.set(token, this.options.now().getTime() + ttl * 1000);
      return send(200, { responseCode: '2007300', responseMessage: 'Successful', accessToken: token, tokenType: 'Bearer', expiresIn: String(ttl) });
    }

    const service = SERVICE_OF[path];
    if (service === undefined) return send(404, { responseCode: '4040002', responseMessage: 'Invalid Routing' });
    const token = /^Bearer (.+)$/.exec(header('authorization'))?.[1] ?? '';
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined || expiresAt <= this.options.now().getTime()) return send(401, { responseCode: `401${service}01`, responseMessage: 'Invalid Token (B2B)' });
    const stringToSign = serviceStringToSign({ method: req.method ?? 'POST', path: `/snap${path}`, accessToken: token, body: raw, timestamp });
    if (!fresh || !hmacVerify(this.options.partner.clientSecret, stringToSign, header('x-signature'))) return send(401, { responseCode: `401${service}00`, responseMessage: 'Unauthorized. [Signature]' });
    if (header('x-partner-id') !== this.options.partner.partnerId || header('channel-id') !== this.options.partner.channelId) {
      return send(401, { responseCode: `401${service}00`, responseMessage: 'Unauthorized. [Unknown client]' });
    }
    const externalId = `${jakartaDay(this.options.now())}:${header('x-external-id')}`;
    if (!/^\d{1,36}$/.test(header('x-external-id')) || this.externalIds.has(externalId)) return send(409, { responseCode: `409${service}00`, responseMessage: 'Conflict' });
    this.externalIds.add(externalId);
    const [status, answer] = this.serve(path, service, body);
    return send(status, answer);
  }

  private serve(path: string, service: string, body: Json): [number, Json] {
    const ok = (extra: Json): [number, Json] => [200, { responseCode: `200${service}00`, responseMessage: 'Successful', ...extra }];
    const notFound: [number, Json] = [404, { responseCode: `404${service}12`, responseMessage: 'Invalid Bill/Virtual Account' }];
    const psid = this.options.partner.partnerServiceId;
    const va = String(body.virtualAccountNo ?? '').replace(/\s/g, '');
    switch (path) {
      case SNAP_PATHS.createVa: {
        const amount = rupiahOf(body.totalAmount);
        if (!va.startsWith(psid) || amount === undefined || typeof body.trxId !== 'string') return [400, { responseCode: `400${service}01`, responseMessage: 'Invalid Field Format' }];
        this.bills.set(va, { channel: 'va', gatewayRef: va, invoiceNumber: body.trxId, amount, expiresAt: parseSnapTimestamp(String(body.expiredDate))!, state: 'unpaid', payments: [] });
        return ok({ virtualAccountData: { ...body } });
      }
      case SNAP_PATHS.qrGenerate: {
        const amount = rupiahOf(body.amount);
        if (amount === undefined || typeof body.partnerReferenceNo !== 'string' || body.merchantId !== this.options.partner.merchantId) return [400, { responseCode: `400${service}01`, responseMessage: 'Invalid Field Format' }];
        const referenceNo = `QR${`${++this.sequence}`.padStart(10, '0')}`;
        const { merchant } = this.options;
        const qrContent = dynamicQris({
          acquirer: { globallyUniqueId: 'ID.CO.FAKEBANK.WWW', merchantPan: '9360000000000000001', merchantId: this.options.partner.merchantId, criteria: 'UBE' },
          nmid: merchant.nmid,
          mcc: merchant.mcc,
          merchantName: merchant.name,
          merchantCity: merchant.city,
          amount,
          billNumber: body.partnerReferenceNo,
          reference: referenceNo,
        });
        this.bills.set(referenceNo, { channel: 'qris', gatewayRef: referenceNo, invoiceNumber: body.partnerReferenceNo, amount, expiresAt: parseSnapTimestamp(String(body.validityPeriod))!, state: 'unpaid', qrContent, payments: [] });
        return ok({ referenceNo, partnerReferenceNo: body.partnerReferenceNo, qrContent, merchantName: merchant.name });
      }
      case SNAP_PATHS.vaStatus: {
        const bill = this.bills.get(va);
        if (!bill) return notFound;
        const last = bill.payments.at(-1);
        return ok({
          virtualAccountData: {
            ...(last ? this.recordOf(bill, last, 'status') : { virtualAccountNo: body.virtualAccountNo, trxId: bill.invoiceNumber }),
            paymentFlagStatus: last ? '00' : '01',
            additionalInfo: { billStatus: bill.state, payments: bill.payments.map((p) => this.recordOf(bill, p, 'status')) },
          },
        });
      }
      case SNAP_PATHS.qrQuery: {
        const bill = this.bills.get(String(body.originalReferenceNo));
        if (!bill) return notFound;
        const last = bill.payments.at(-1);
        const status = bill.state === 'cancelled' ? '05' : last ? '00' : '03';
        return ok({
          originalReferenceNo: bill.gatewayRef,
          originalPartnerReferenceNo: bill.invoiceNumber,
          latestTransactionStatus: status,
          ...(last ? { amount: snapAmount(last.amount), paidTime: snapTimestamp(last.paidAt) } : {}),
          additionalInfo: { billStatus: bill.state, payments: bill.payments.map((p) => this.recordOf(bill, p, 'status')) },
        });
      }
      case SNAP_PATHS.deleteVa:
      case SNAP_PATHS.qrCancel: {
        const bill = this.bills.get(path === SNAP_PATHS.deleteVa ? va : String(body.originalReferenceNo));
        if (!bill) return notFound;
        if (bill.state === 'unpaid') bill.state = 'cancelled';
        return ok({});
      }
      default: {
        // The settlement report (not a SNAP service; docs/payments.md): every payment of the day.
        const day = String(body.settlementDate);
        const transactions = [...this.bills.values()].flatMap((bill) => bill.payments.filter((p) => jakartaDay(p.paidAt) === day).map((p) => this.recordOf(bill, p, 'report')));
        return ok({ settlementDate: day, transactions });
      }
    }
  }
}
