// The BI-SNAP adapter against the fake bank (a real HTTP server on 127.0.0.1 that checks every
// signature): the token flow and its renewal, signatures checked both ways, virtual accounts and QRIS
// issued, queried, cancelled, notifications verified (forged, stale, another merchant's refused), the
// answers SNAP expects, the settlement report, and a bank that hangs or fails giving a clear error.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors.js';
import { newTrackingNumber } from '../../../platform/tracking-number.js';
import type { BillRequest, PaymentGateway } from '../gateway.js';
import { parseQris } from '../qris.js';
import { type BisnapConfig, type BisnapGateway, bisnapGateway, customerNoOf, SNAP_PATHS } from './bisnap.js';
import { FakeBank } from './bisnap-fake-bank.js';
import { snapTimestamp } from './bisnap-signature.js';

const partnerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = partnerKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_PEM = partnerKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const partner = { clientId: 'gerbang-jateng', clientSecret: 'rahasia-bersama-123', publicKeyPem: PUBLIC_PEM, partnerId: 'PTN-0042', channelId: '95221', partnerServiceId: '8808', merchantId: 'M-77' };

let clock = new Date('2026-12-05T03:00:00Z'); // 10:00 WIB
const now = () => clock;
let bank: FakeBank;
let config: BisnapConfig;
let gateway: BisnapGateway;

beforeAll(async () => {
  bank = new FakeBank({ now, partner, merchant: { name: 'PEMPROV JATENG', city: 'SEMARANG', nmid: 'ID1020012345678', mcc: '9399' }, tokenTtlSeconds: 900 });
  const baseUrl = await bank.start();
  config = { baseUrl, clientId: partner.clientId, partnerId: partner.partnerId, channelId: partner.channelId, partnerServiceId: partner.partnerServiceId, merchantId: partner.merchantId, bankName: 'Bank Jateng', bankPublicKeyPem: bank.bankPublicKeyPem, timeoutMs: 2_000 };
  gateway = bisnapGateway(config, { clientSecret: partner.clientSecret, privateKeyPem: PRIVATE_PEM }, { now });
});
afterAll(async () => {
  await bank?.close();
});
beforeEach(() => {
  clock = new Date(clock.getTime() + 60_000);
});

const bill = (channel: 'va' | 'qris', amount = 150_000): BillRequest => ({
  invoiceNumber: newTrackingNumber('TGH'),
  amount,
  channel,
  expiresAt: new Date(clock.getTime() + 72 * 3600_000),
  description: 'Retribusi izin bangunan',
  payerName: 'Siti Aminah',
});
const toBuffer = (body: string) => Buffer.from(body, 'utf8');

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('the token and the signed calls', () => {
  it('fetches a B2B token once, signs each call, and the bank issues the virtual account', async () => {
    const before = bank.tokenRequests;
    const first = await gateway.createBill(bill('va'));
    const second = await gateway.createBill(bill('va'));
    expect(bank.tokenRequests - before).toBeLessThanOrEqual(1);
    expect(first).toMatchObject({ channel: 'va', bankName: 'Bank Jateng' });
    expect(first.vaNumber).toMatch(/^8808\d{12}$/);
    expect(first.gatewayRef).toBe(first.vaNumber);
    expect(second.vaNumber).not.toBe(first.vaNumber);
    expect(bank.bills.get(first.gatewayRef)).toMatchObject({ amount: 150_000, state: 'unpaid' });
    expect(bank.log.filter((l) => !l.accepted)).toEqual([]);
  });

  it('fetches a new token when the cached one is about to expire', async () => {
    await gateway.createBill(bill('va'));
    const before = bank.tokenRequests;
    clock = new Date(clock.getTime() + 15 * 60_000);
    await gateway.createBill(bill('va'));
    expect(bank.tokenRequests).toBe(before + 1);
  });

  it('fetches a new token and retries once when the bank says the token is invalid', async () => {
    await gateway.createBill(bill('va'));
    bank.revokeTokens();
    const before = bank.tokenRequests;
    const issued = await gateway.createBill(bill('va'));
    expect(bank.tokenRequests).toBe(before + 1);
    expect(bank.log.at(-3)).toMatchObject({ path: SNAP_PATHS.createVa, accepted: false, responseCode: '4012701' });
    expect(bank.bills.has(issued.gatewayRef)).toBe(true);
  });

  it('is refused by the bank with a wrong client secret (the HMAC is checked) — a clear error, nothing issued', async () => {
    const wrong = bisnapGateway(config, { clientSecret: 'not-the-secret', privateKeyPem: PRIVATE_PEM }, { now });
    const count = bank.bills.size;
    const error = await refusal(wrong.createBill(bill('va')));
    expect(error).toMatchObject({ code: 'payments.bank_refused', status: 502 });
    expect(error.extensions).toMatchObject({ bankResponseCode: '4012700' });
    expect(bank.bills.size).toBe(count);
  });

  it('is refused a token when signed with another private key (SHA256withRSA is checked)', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const wrong = bisnapGateway(config, { clientSecret: partner.clientSecret, privateKeyPem: other }, { now });
    const error = await refusal(wrong.createBill(bill('va')));
    expect(error).toMatchObject({ code: 'payments.bank_refused' });
    expect(error.extensions).toMatchObject({ bankPath: SNAP_PATHS.token, bankResponseCode: '4017300' });
  });

  it('checks a connection with a new token and one signed call the bank accepts', async () => {
    const before = bank.tokenRequests;
    await gateway.checkConnection();
    expect(bank.tokenRequests).toBe(before + 1);
    expect(bank.log.at(-1)).toMatchObject({ path: SNAP_PATHS.vaStatus, responseCode: '4042612' }); // signature accepted, no such VA
    const wrong = bisnapGateway(config, { clientSecret: 'not-the-secret', privateKeyPem: PRIVATE_PEM }, { now });
    expect((await refusal(wrong.checkConnection())).code).toBe('payments.bank_refused');
  });

  it('is refused when its clock is more than five minutes off the bank’s', async () => {
    const skewed = bisnapGateway(config, { clientSecret: partner.clientSecret, privateKeyPem: PRIVATE_PEM }, { now: () => new Date(clock.getTime() - 10 * 60_000) });
    expect((await refusal(skewed.createBill(bill('va')))).code).toBe('payments.bank_refused');
  });
});

describe('virtual account and QRIS: issue, pay, status, cancel', () => {
  it('issues a dynamic QRIS the platform can read, for exactly the amount', async () => {
    const issued = await gateway.createBill(bill('qris', 75_000));
    const qr = parseQris(issued.qrisPayload!);
    expect(qr).toMatchObject({ crcValid: true, amount: 75_000, pointOfInitiation: 'dynamic' });
    expect(qr.errors).toEqual([]);
  });

  it('says a VA is unpaid, then paid with the same payment identity the notification carries', async () => {
    const request = bill('va');
    const issued = await gateway.createBill(request);
    expect(await gateway.queryStatus(issued.gatewayRef, 'va')).toMatchObject({ state: 'unpaid', payments: [], invoiceNumber: request.invoiceNumber });
    const { notification } = await bank.pay(issued.gatewayRef);
    const check = gateway.verifyNotification(notification.headers, toBuffer(notification.body), clock);
    expect(check).toMatchObject({ ok: true, notice: { gatewayRef: issued.gatewayRef, invoiceNumber: request.invoiceNumber, amount: 150_000, channel: 'va' } });
    if (!check.ok) return;
    expect(check.notice.eventId).toMatch(new RegExp(`^va:${issued.gatewayRef}:`));
    const status = await gateway.queryStatus(issued.gatewayRef, 'va');
    expect(status).toMatchObject({ state: 'paid', invoiceNumber: request.invoiceNumber });
    expect(status.payments).toEqual([{ eventId: check.notice.eventId, amount: 150_000, paidAt: clock, channel: 'va' }]);
  });

  it('keeps two payments of one QRIS apart (each its own identity), both confirmed by the query', async () => {
    const issued = await gateway.createBill(bill('qris', 50_000));
    const one = await bank.pay(issued.gatewayRef);
    const two = await bank.pay(issued.gatewayRef);
    const ids = [one, two].map(({ notification }) => {
      const check = gateway.verifyNotification(notification.headers, toBuffer(notification.body), clock);
      expect(check.ok).toBe(true);
      return check.ok ? check.notice.eventId : '';
    });
    expect(new Set(ids).size).toBe(2);
    const status = await gateway.queryStatus(issued.gatewayRef, 'qris');
    expect(status.state).toBe('paid');
    expect(status.payments.map((p) => p.eventId).sort()).toEqual([...ids].sort());
  });

  it('cancels a VA and a QRIS at the bank', async () => {
    const va = await gateway.createBill(bill('va'));
    const qris = await gateway.createBill(bill('qris'));
    await gateway.cancelBill(va.gatewayRef, 'va');
    await gateway.cancelBill(qris.gatewayRef, 'qris');
    expect((await gateway.queryStatus(va.gatewayRef, 'va')).state).toBe('cancelled');
    expect((await gateway.queryStatus(qris.gatewayRef, 'qris')).state).toBe('cancelled');
  });

  it('does not offer e-wallets', async () => {
    expect(gateway.channels).toEqual(['va', 'qris']);
    expect((await refusal(gateway.createBill({ ...bill('va'), channel: 'ewallet' }))).code).toBe('payments.channel_unavailable');
  });

  it('gives each invoice its own 12-digit customer number', () => {
    const numbers = new Set(Array.from({ length: 500 }, () => customerNoOf(newTrackingNumber('TGH'))));
    expect(numbers.size).toBe(500);
    for (const n of numbers) expect(n).toMatch(/^\d{12}$/);
    expect(() => customerNoOf('not-an-invoice')).toThrow(RangeError);
  });
});

describe('the bank’s notifications', () => {
  async function paidVa() {
    const issued = await gateway.createBill(bill('va'));
    return (await bank.pay(issued.gatewayRef)).notification;
  }

  it('refuses a body changed after the bank signed it', async () => {
    const n = await paidVa();
    const forged = n.body.replace('"150000.00"', '"1500000.00"');
    expect(gateway.verifyNotification(n.headers, toBuffer(forged), clock)).toEqual({ ok: false, reason: 'signature' });
  });

  it('refuses a notification signed by anyone but the bank', async () => {
    const impostor = new FakeBank({ now, partner, merchant: { name: 'X', city: 'Y', nmid: 'ID1020012345678', mcc: '9399' } });
    const n = await paidVa();
    const signed = impostor.signNotification(SNAP_PATHS.vaPayment, JSON.parse(n.body) as Record<string, unknown>, clock);
    expect(gateway.verifyNotification(signed.headers, toBuffer(signed.body), clock)).toEqual({ ok: false, reason: 'signature' });
    expect(gateway.verifyNotification({ ...n.headers, 'x-signature': 'AAAA' }, toBuffer(n.body), clock)).toEqual({ ok: false, reason: 'signature' });
  });

  it('refuses a genuine notification more than five minutes old or ahead, and accepts one within', async () => {
    const n = await paidVa();
    const late = new Date(clock.getTime() + 5 * 60_000 + 1_000);
    expect(gateway.verifyNotification(n.headers, toBuffer(n.body), late)).toEqual({ ok: false, reason: 'stale' });
    const early = new Date(clock.getTime() - 5 * 60_000 - 1_000);
    expect(gateway.verifyNotification(n.headers, toBuffer(n.body), early)).toEqual({ ok: false, reason: 'stale' });
    expect(gateway.verifyNotification(n.headers, toBuffer(n.body), new Date(clock.getTime() + 4 * 60_000)).ok).toBe(true);
  });

  it('accepts the same signed body re-indented by a proxy (SNAP signs the minified body)', async () => {
    const n = await paidVa();
    const pretty = JSON.stringify(JSON.parse(n.body), null, 2);
    expect(gateway.verifyNotification(n.headers, toBuffer(pretty), clock).ok).toBe(true);
  });

  it('refuses another partner’s notification and one without a timestamp', async () => {
    const n = await paidVa();
    expect(gateway.verifyNotification({ ...n.headers, 'x-partner-id': 'PTN-9999' }, toBuffer(n.body), clock)).toEqual({ ok: false, reason: 'unknown_merchant' });
    const { 'x-timestamp': _dropped, ...noTime } = n.headers;
    expect(gateway.verifyNotification(noTime, toBuffer(n.body), clock)).toEqual({ ok: false, reason: 'malformed' });
    expect(gateway.verifyNotification(n.headers, toBuffer('{not json'), clock)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a signed notification of a virtual account outside the tenant’s company code', async () => {
    const n = await paidVa();
    const other = JSON.parse(n.body) as Record<string, string>;
    other.virtualAccountNo = `    9999${other.customerNo}`;
    const signed = bankSigned(SNAP_PATHS.vaPayment, other);
    expect(gateway.verifyNotification(signed.headers, toBuffer(signed.body), clock)).toEqual({ ok: false, reason: 'unknown_merchant' });
  });

  it('answers as SNAP expects: a held notice "Successful", a replay the first answer, a forgery 401, an unknown bill 404', async () => {
    const n = await paidVa();
    const check = gateway.verifyNotification(n.headers, toBuffer(n.body), clock);
    if (!check.ok) throw new Error('expected a genuine notification');
    // What the endpoint answers once the notice is stored (decision 0082): confirmation is Gerbang's.
    const held = gateway.answer('received', check.notice);
    expect(held).toMatchObject({ status: 200, body: { responseCode: '2002500', responseMessage: 'Successful', virtualAccountData: { paymentFlagStatus: '00', trxId: check.notice.invoiceNumber } } });
    expect(gateway.answer('received', { ...check.notice, channel: 'qris' })).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, body: { responseCode: '2005200', responseMessage: 'Successful' } });
    const first = gateway.answer('credited', check.notice);
    expect(first).toEqual(held);
    expect(gateway.answer('already_processed', check.notice)).toEqual(first);
    expect(gateway.answer('refused')).toMatchObject({ status: 401, body: { responseCode: '4012500', responseMessage: 'Unauthorized. [Signature]' } });
    expect(gateway.answer('unknown_invoice', check.notice)).toMatchObject({ status: 404, body: { responseCode: '4042512' } });
    expect(gateway.answer('credited', { ...check.notice, channel: 'qris' })).toMatchObject({ status: 200, body: { responseCode: '2005200' } });
  });
});

describe('notifications over the wire', () => {
  it('are POSTed by the bank, verified from the raw body, and a redelivery gets the same answer', async () => {
    // A stand-in for the platform's endpoint: verify, remember each payment once, answer as the adapter says.
    const processed = new Set<string>();
    let adapter: PaymentGateway | undefined; // the wired bank's adapter: its key signs what the receiver checks
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const check = adapter!.verifyNotification(req.headers, Buffer.concat(chunks), clock);
        const answer = !check.ok ? adapter!.answer('refused') : adapter!.answer(processed.has(check.notice.eventId) ? 'already_processed' : 'credited', check.notice);
        if (check.ok) processed.add(check.notice.eventId);
        res.writeHead(answer.status, answer.headers).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/t/jateng/api/v1/payments/notifications/bisnap`;
    const wired = new FakeBank({ now, partner, merchant: { name: 'PEMPROV JATENG', city: 'SEMARANG', nmid: 'ID1020012345678', mcc: '9399' }, notifyUrl });
    try {
      adapter = bisnapGateway({ ...config, baseUrl: await wired.start(), bankPublicKeyPem: wired.bankPublicKeyPem }, { clientSecret: partner.clientSecret, privateKeyPem: PRIVATE_PEM }, { now });
      const issued = await adapter.createBill(bill('va'));
      const { notification, answer } = await wired.pay(issued.gatewayRef);
      expect(answer).toMatchObject({ status: 200, body: { responseCode: '2002500', responseMessage: 'Successful' } });
      expect(await wired.deliver(notification)).toEqual(answer);
      expect(processed.size).toBe(1);
      const forged = await wired.deliver({ ...notification, body: notification.body.replace('"150000.00"', '"1.00"') });
      expect(forged).toEqual({ status: 401, body: { responseCode: '4012500', responseMessage: 'Unauthorized. [Signature]' } });
    } finally {
      await wired.close();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

/** A notification signed with the fake bank's own key (for bodies the bank would not send by itself). */
function bankSigned(path: string, payload: Record<string, unknown>) {
  return bank.signNotification(path, payload, clock);
}

describe('the settlement report', () => {
  it('lists the day’s payments (WIB) with the identities the notifications carried, and no other day’s', async () => {
    clock = new Date('2026-12-06T16:59:00Z'); // 23:59 WIB on the 6th
    const va = await gateway.createBill(bill('va'));
    const paidVa = gateway.verifyNotification(...args((await bank.pay(va.gatewayRef)).notification));
    const qris = await gateway.createBill(bill('qris', 20_000));
    clock = new Date('2026-12-06T17:01:00Z'); // 00:01 WIB on the 7th
    const paidQris = gateway.verifyNotification(...args((await bank.pay(qris.gatewayRef)).notification));
    if (!paidVa.ok || !paidQris.ok) throw new Error('expected genuine notifications');
    const sixth = await gateway.settlementReport('2026-12-06');
    expect(sixth).toEqual([{ eventId: paidVa.notice.eventId, gatewayRef: va.gatewayRef, invoiceNumber: paidVa.notice.invoiceNumber, channel: 'va', amount: 150_000, paidAt: new Date('2026-12-06T16:59:00Z') }]);
    const seventh = await gateway.settlementReport('2026-12-07');
    expect(seventh).toEqual([{ eventId: paidQris.notice.eventId, gatewayRef: qris.gatewayRef, invoiceNumber: paidQris.notice.invoiceNumber, channel: 'qris', amount: 20_000, paidAt: new Date('2026-12-06T17:01:00Z') }]);
    expect(await gateway.settlementReport('2026-12-08')).toEqual([]);
  });

  function args(n: { headers: Record<string, string>; body: string }): [Record<string, string>, Buffer, Date] {
    return [n.headers, toBuffer(n.body), clock];
  }
});

describe('a bank that fails', () => {
  it('gives up on a bank that does not answer, with a timeout error (no hang)', async () => {
    const impatient = bisnapGateway({ ...config, timeoutMs: 300 }, { clientSecret: partner.clientSecret, privateKeyPem: PRIVATE_PEM }, { now });
    bank.failNext('hang');
    const error = await refusal(impatient.createBill(bill('va')));
    expect(error).toMatchObject({ code: 'payments.bank_timeout', status: 504 });
  });

  it('reports a 5xx from the bank as the bank being unavailable, and works again after', async () => {
    await gateway.createBill(bill('va')); // a token in hand, so the failure hits the call itself
    bank.failNext(503);
    const error = await refusal(gateway.createBill(bill('va')));
    expect(error).toMatchObject({ code: 'payments.bank_unavailable', status: 502 });
    expect(error.extensions).toMatchObject({ bankStatus: '503' });
    expect((await gateway.createBill(bill('va'))).channel).toBe('va');
  });

  it('reports a bank that cannot be reached', async () => {
    const closed = bisnapGateway({ ...config, baseUrl: 'http://127.0.0.1:9/snap' }, { clientSecret: partner.clientSecret, privateKeyPem: PRIVATE_PEM }, { now });
    expect((await refusal(closed.queryStatus('8808000000000001', 'va'))).code).toBe('payments.bank_unavailable');
  });

  it('writes X-TIMESTAMP in WIB', () => {
    expect(snapTimestamp(new Date('2026-12-05T17:30:00Z'))).toBe('2026-12-06T00:30:00+07:00');
  });
});
