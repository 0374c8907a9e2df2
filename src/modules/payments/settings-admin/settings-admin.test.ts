// The tenant's payment settings: the API (getPaymentSettings, setPaymentSettings) and the page
// /petugas/admin/pembayaran — defaults, a BI-SNAP connection saved with sealed secrets that are never
// shown again and that build a working adapter (it issues a virtual account at the fake bank), field
// errors in the request's language with nothing saved, every change audited without a secret, and the
// page and API refused to another tenant's administrator and to an officer without the role.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_SECRET, type TestApp } from '../../../../test/app.js';
import { type SignedIn, signInAs } from '../../../../test/auth.js';
import { withTenant } from '../../../db/index.js';
import { newTrackingNumber } from '../../../platform/tracking-number.js';
import { FakeBank } from '../gateways/bisnap-fake-bank.js';
import { bisnapFromSettings } from '../gateways/bisnap-factory.js';

let t: TestApp;
let admin: SignedIn;
let verifier: SignedIn;
let foreignAdmin: SignedIn;
let bank: FakeBank;
const J = '/t/jateng';
const API = `${J}/api/v1/payments/settings`;
const PAGE = `${J}/petugas/admin/pembayaran`;

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const CLIENT_SECRET = 'rahasia-klien-SANGAT-unik-4711';
/** A line of the private key's body: it must never appear in a page, an answer or the audit trail. */
const KEY_LINE = PRIVATE_PEM.split('\n')[1]!;
const partner = { clientId: 'gerbang-jateng', clientSecret: CLIENT_SECRET, publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), partnerId: 'PTN-0042', channelId: '95221', partnerServiceId: '8808', merchantId: 'M-77' };
let bisnap: Record<string, unknown>;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  admin = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
  verifier = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'treasurer', agency: 'dpmptsp' }] });
  foreignAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
  bank = new FakeBank({ now: () => t.now(), partner, merchant: { name: 'PEMPROV JATENG', city: 'SEMARANG', nmid: 'ID1020012345678', mcc: '9399' } });
  const baseUrl = await bank.start();
  bisnap = {
    gateway: 'bisnap',
    channels: ['va', 'qris'],
    invoiceValidHours: 48,
    latePayment: 'accept',
    merchantName: 'PEMPROV JATENG',
    merchantCity: 'SEMARANG',
    nmid: 'ID1020012345678',
    mcc: '9399',
    baseUrl,
    clientId: partner.clientId,
    partnerId: partner.partnerId,
    channelId: partner.channelId,
    partnerServiceId: partner.partnerServiceId,
    merchantId: partner.merchantId,
    bankName: 'Bank Jateng',
    bankPublicKeyPem: bank.bankPublicKeyPem,
    clientSecret: CLIENT_SECRET,
    privateKeyPem: PRIVATE_PEM,
  };
});
afterAll(async () => {
  await bank?.close();
  await t?.close();
});

const json = (cookie: string, lang = 'id') => ({ 'content-type': 'application/json', cookie, 'accept-language': lang });
const get = async (cookie = admin.cookie) => t.app.inject({ url: API, headers: { cookie } });
const put = async (payload: Record<string, unknown>, cookie = admin.cookie, lang = 'id') => t.app.inject({ method: 'PUT', url: API, headers: json(cookie, lang), payload });
async function audited() {
  await t.audit.flush(t.db.app);
  return t.db.owner.selectFrom('audit_log').select(['actor', 'subject', 'tenant_id', 'entry']).where('action', '=', 'payments.settings_saved').orderBy('seq').execute();
}
const storedRow = () => withTenant(t.db.app, admin.tenantId, (trx) => trx.selectFrom('payment_settings').selectAll().where('tenant_id', '=', admin.tenantId).executeTakeFirstOrThrow());

async function csrfOf(cookie: string): Promise<string> {
  const page = await t.app.inject({ url: PAGE, headers: { cookie } });
  expect(page.statusCode).toBe(200);
  return /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
}
async function postPage(cookie: string, fields: [string, string][]) {
  return t.app.inject({
    method: 'POST',
    url: PAGE,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams([['_csrf', await csrfOf(cookie)], ...fields]).toString(),
  });
}

describe('payment settings API', () => {
  it('shows the defaults before anything is saved', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ gateway: 'sandbox', channels: ['va', 'qris', 'ewallet'], invoiceValidHours: 72, latePayment: 'refund', mcc: '9399', clientSecretSet: false, privateKeySet: false, updatedAt: null });
    expect(res.json().merchantName.length).toBeGreaterThan(0);
  });

  it('saves a BI-SNAP connection; the secrets are sealed, never returned, and build an adapter that works', async () => {
    const res = await put(bisnap);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ gateway: 'bisnap', channels: ['va', 'qris'], invoiceValidHours: 48, latePayment: 'accept', bankName: 'Bank Jateng', clientSecretSet: true, privateKeySet: true, secretsReadable: true });
    for (const body of [res.body, (await get()).body]) {
      expect(body).not.toContain(CLIENT_SECRET);
      expect(body).not.toContain(KEY_LINE);
      expect(body).not.toContain('clientSecret"');
    }
    const row = await storedRow();
    expect(row.gateway_secret_sealed).toBeTruthy();
    expect(Buffer.from(row.gateway_secret_sealed!, 'base64').toString('latin1')).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(row.gateway_config)).not.toContain(CLIENT_SECRET);

    const gateway = bisnapFromSettings({ appSecret: TEST_APP_SECRET, now: t.now }, { id: admin.tenantId, slug: 'jateng', name: 'Jawa Tengah' }, { gatewayConfig: row.gateway_config, gatewaySecretSealed: row.gateway_secret_sealed });
    const issued = await gateway.createBill({ invoiceNumber: newTrackingNumber('TGH'), amount: 25_000, channel: 'va', expiresAt: new Date(t.now().getTime() + 3600_000), description: 'Retribusi', payerName: 'Budi' });
    expect(issued.vaNumber).toMatch(/^8808\d{12}$/);
    // The sealed secrets are bound to the tenant: copied to another tenant's settings they do not open.
    expect(() => bisnapFromSettings({ appSecret: TEST_APP_SECRET, now: t.now }, { id: foreignAdmin.tenantId, slug: 'makassar', name: 'Makassar' }, { gatewayConfig: row.gateway_config, gatewaySecretSealed: row.gateway_secret_sealed })).toThrow();
  });

  it('keeps the stored secrets when a save leaves them out, and audits each change without a secret', async () => {
    await put(bisnap);
    const before = (await storedRow()).gateway_secret_sealed;
    const { clientSecret: _s, privateKeyPem: _p, ...withoutSecrets } = bisnap;
    const res = await put({ ...withoutSecrets, invoiceValidHours: 24 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ invoiceValidHours: 24, clientSecretSet: true, privateKeySet: true });
    expect((await storedRow()).gateway_secret_sealed).toBe(before);
    const entries = await audited();
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ subject: `tenant:${admin.tenantId}`, tenant_id: admin.tenantId });
    expect(last.actor).toContain('officer');
    expect(JSON.parse(last.entry.toString('utf8'))).toMatchObject({ data: { changed: ['invoiceValidHours'] } });
    const first = entries.find((e) => e.entry.toString('utf8').includes('clientSecret'));
    expect(first).toBeDefined();
    for (const e of entries) {
      expect(e.entry.toString('utf8')).not.toContain(CLIENT_SECRET);
      expect(e.entry.toString('utf8')).not.toContain(KEY_LINE);
    }
  });

  it('refuses unreadable keys, missing bank settings and e-wallet over BI-SNAP with field errors in the request’s language, saving nothing', async () => {
    await put(bisnap);
    const saved = (await get()).json();
    const count = (await audited()).length;
    const bad = await put({ ...bisnap, channels: ['va', 'ewallet'], bankPublicKeyPem: '-----BEGIN PUBLIC KEY-----\nrusak\n-----END PUBLIC KEY-----', privateKeyPem: 'bukan kunci', baseUrl: 'ftp://bank.example', partnerServiceId: '12ab', clientId: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = Object.fromEntries((bad.json().errors as { field: string; message: string }[]).map((e) => [e.field, e.message]));
    expect(fields).toEqual({
      '/channels': 'Sambungan BI-SNAP belum menawarkan dompet elektronik; matikan kanal ini atau pilih sandbox.',
      '/baseUrl': 'Isi alamat https yang lengkap (http hanya untuk komputer ini).',
      '/clientId': 'Wajib diisi untuk sambungan BI-SNAP.',
      '/partnerServiceId': 'Isi 1–8 angka.',
      '/bankPublicKeyPem': 'Bukan kunci publik PEM yang dapat dibaca.',
      '/privateKeyPem': 'Bukan kunci privat RSA PEM yang dapat dibaca.',
    });
    const en = await put({ ...bisnap, invoiceValidHours: 48, nmid: 'NMID-1' }, admin.cookie, 'en');
    expect(en.statusCode).toBe(400);
    expect(en.json()).toMatchObject({ title: expect.stringMatching(/./), errors: [{ field: '/nmid', message: 'An NMID is ID followed by 10–15 digits.' }] });
    expect((await get()).json()).toEqual(saved);
    expect(await audited()).toHaveLength(count);
  });

  it('requires the secrets for BI-SNAP once they are cleared, and lets the sandbox forget them', async () => {
    await put(bisnap);
    const { clientSecret: _s, privateKeyPem: _p, ...withoutSecrets } = bisnap;
    const refused = await put({ ...withoutSecrets, clearSecrets: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(['/clientSecret', '/privateKeyPem']);
    const sandbox = await put({ ...withoutSecrets, gateway: 'sandbox', channels: ['va', 'qris', 'ewallet'], clearSecrets: true });
    expect(sandbox.json()).toMatchObject({ gateway: 'sandbox', clientSecretSet: false, privateKeySet: false });
    expect((await storedRow()).gateway_secret_sealed).toBeNull();
  });

  it('refuses an officer without the administrator role, another tenant’s administrator and the anonymous', async () => {
    await put(bisnap);
    const saved = (await get()).json();
    for (const cookie of [verifier.cookie, foreignAdmin.cookie]) {
      const reads = await get(cookie);
      const writes = await put({ ...bisnap, gateway: 'sandbox', channels: ['va'] }, cookie);
      expect([reads.statusCode, writes.statusCode]).toEqual(cookie === verifier.cookie ? [403, 403] : [401, 401]);
      expect(reads.body).not.toContain('Bank Jateng');
    }
    expect((await t.app.inject({ url: API })).statusCode).toBe(401);
    // Makassar's administrator reads Makassar's settings (the defaults), never Jawa Tengah's.
    const own = await t.app.inject({ url: '/t/makassar/api/v1/payments/settings', headers: { cookie: foreignAdmin.cookie } });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ gateway: 'sandbox', bankName: '' });
    expect((await get()).json()).toEqual(saved);
  });
});

describe('payment settings page', () => {
  it('is listed on the officer home for the tenant administrator only', async () => {
    const home = await t.app.inject({ url: `${J}/petugas`, headers: { cookie: admin.cookie } });
    expect(home.body).toContain(`href="${PAGE}"`);
    const other = await t.app.inject({ url: `${J}/petugas`, headers: { cookie: verifier.cookie } });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain(`href="${PAGE}"`);
  });

  it('saves the form (303), shows the secrets only as set, and shows refused input again beside its fields without echoing a secret (400)', async () => {
    await put({ ...bisnap, gateway: 'sandbox', channels: ['va', 'qris', 'ewallet'], clearSecrets: true, clientSecret: '', privateKeyPem: '' });
    const fields = (over: Record<string, string | string[]>): [string, string][] => {
      const values: Record<string, string | string[]> = { ...(bisnap as Record<string, string>), invoiceValidHours: '48', channels: ['va', 'qris'], ...over };
      return Object.entries(values).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, String(v)]]));
    };
    const bad = await postPage(admin.cookie, fields({ invoiceValidHours: 'tiga hari', channels: [] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('Isi jumlah jam dari 1 sampai 720.');
    expect(bad.body).toContain('Pilih paling sedikit satu kanal pembayaran.');
    expect(bad.body).toContain('value="tiga hari"');
    expect(bad.body).not.toContain(CLIENT_SECRET);
    expect(bad.body).not.toContain(KEY_LINE);

    const ok = await postPage(admin.cookie, fields({}));
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${PAGE}?ok=saved`);
    expect((await get()).json()).toMatchObject({ gateway: 'bisnap', channels: ['va', 'qris'], invoiceValidHours: 48, clientSecretSet: true, privateKeySet: true });
    const after = await t.app.inject({ url: `${PAGE}?ok=saved`, headers: { cookie: admin.cookie } });
    expect(after.body).toContain('Pengaturan pembayaran tersimpan.');
    expect(after.body).toContain('Saat ini: Tersimpan.');
    expect(after.body).not.toContain(CLIENT_SECRET);
    expect(after.body).not.toContain(KEY_LINE);
    expect(after.body).toContain('BEGIN PUBLIC KEY'); // the bank's public key is no secret: it is shown to be checked
  });

  it('refuses an officer without the role and another tenant’s administrator', async () => {
    expect((await t.app.inject({ url: PAGE, headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: PAGE, headers: { cookie: foreignAdmin.cookie } })).statusCode).not.toBe(200);
    const csrf = await csrfOf(admin.cookie);
    const post = await t.app.inject({
      method: 'POST',
      url: PAGE,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: verifier.cookie },
      payload: new URLSearchParams({ _csrf: csrf, gateway: 'sandbox', channels: 'va', invoiceValidHours: '1', latePayment: 'refund' }).toString(),
    });
    expect(post.statusCode).toBe(403);
  });
});

describe('testing the bank connection', () => {
  const CHECK = `${API}/check`;
  const check = (cookie = admin.cookie, lang = 'id') => t.app.inject({ method: 'POST', url: CHECK, headers: { cookie, 'accept-language': lang } });

  it('refuses a tenant whose gateway is not BI-SNAP (409), then passes once the connection is saved', async () => {
    await put({ ...bisnap, gateway: 'sandbox', channels: ['va'], clearSecrets: true, clientSecret: '', privateKeyPem: '' });
    const refused = await check();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'payments.gateway_not_configured', title: 'Sambungan BI-SNAP pemerintah ini belum lengkap diatur.' });
    await put(bisnap);
    const before = bank.tokenRequests;
    const ok = await check();
    expect(ok.statusCode).toBe(200);
    expect(ok.json().checkedAt).toMatch(/^\d{4}-/);
    expect(bank.tokenRequests).toBe(before + 1); // a new token every check: the token request is part of what is tested
  });

  it('reports a client secret the bank refuses, in the request’s language, without the bank’s raw code in the title', async () => {
    await put({ ...bisnap, clientSecret: 'rahasia-yang-salah' });
    const refused = await check(admin.cookie, 'en');
    expect(refused.statusCode).toBe(502);
    expect(refused.json()).toMatchObject({ code: 'payments.bank_refused', title: 'The bank refused the request. Check the bank connection settings.', bankResponseCode: '4012600' });
    await put(bisnap);
  });

  it('shows the result on the page: connected, or the bank’s failure in words', async () => {
    await put(bisnap);
    const csrf = await csrfOf(admin.cookie);
    const post = () =>
      t.app.inject({ method: 'POST', url: `${PAGE}/uji`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie }, payload: new URLSearchParams({ _csrf: csrf }).toString() });
    const ok = await post();
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${PAGE}?ok=connected`);
    expect((await t.app.inject({ url: ok.headers.location, headers: { cookie: admin.cookie } })).body).toContain('Sambungan bank berhasil');

    bank.failNext(503, 2);
    const failed = await post();
    expect(failed.statusCode).toBe(303);
    expect(failed.headers.location).toBe(PAGE);
    const flash = String(failed.headers['set-cookie']).split(';')[0]!;
    const page = await t.app.inject({ url: PAGE, headers: { cookie: `${admin.cookie}; ${flash}` } });
    expect(page.body).toContain('class="error-summary"');
    expect(page.body).toContain('Layanan bank sedang tidak tersedia. Coba lagi sebentar lagi.');
    expect(page.body).not.toContain('5030001'); // the bank's code stays out of the words
  });

  it('refuses an officer without the role and another tenant’s administrator', async () => {
    expect((await check(verifier.cookie)).statusCode).toBe(403);
    expect((await check(foreignAdmin.cookie)).statusCode).toBe(401);
    const csrf = await csrfOf(admin.cookie);
    const post = await t.app.inject({ method: 'POST', url: `${PAGE}/uji`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: verifier.cookie }, payload: new URLSearchParams({ _csrf: csrf }).toString() });
    expect(post.statusCode).toBe(403);
  });
});
