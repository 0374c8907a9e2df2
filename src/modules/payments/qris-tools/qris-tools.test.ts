// The QRIS reader for people (issue 19): the parseQris API (an invalid QRIS is a 200 with its errors
// in words; only a body that is not a QRIS text is a 400, in the request's language) and the officer
// page (paste → 303 → the result, the text never in the URL, read once), with the refusals of another
// tenant and of people who are not officers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { type SignedIn, signInAs } from '../../../../test/auth.js';
import { followRedirect, postUrlencodedForm } from '../../../../test/forms.js';
import { sampleQris } from '../../../../test/qris.js';
import { crc16, parseQris } from '../qris.js';

let t: TestApp;
let officer: SignedIn;
const M = '/t/makassar';
const API = `${M}/api/v1/payments/qris/parse`;
const PAGE = `${M}/petugas/qris`;

const VALID = sampleQris();
// The same string with one digit of the amount changed: the CRC no longer matches.
const BROKEN = VALID.replace('5406150000', '5406160000');

beforeAll(async () => {
  t = await createTestApp();
  officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
});
afterAll(() => t?.close());

const parse = (payload: unknown, cookie = officer.cookie, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: API, headers: { cookie, ...headers }, payload: { payload } });

describe('POST /api/v1/payments/qris/parse (parseQris)', () => {
  it('reads a valid dynamic QRIS: fields named in words, the amount, merchant, NMID, bill number, no error', async () => {
    const res = await parse(VALID);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // What the codec read (qris.test.ts covers it), as the API's JSON: nulls where nothing was read.
    const { pointOfInitiation, amount, merchantName, merchantCity, nmid, billNumber, crcValid } = parseQris(VALID);
    expect(body).toMatchObject({ pointOfInitiation, amount, merchantName, merchantCity, nmid, billNumber, crcValid, errors: [] });
    expect([amount, billNumber, crcValid]).toEqual([150_000, 'INV-7K3QX9', true]);
    expect(body.fields.find((f: { tag: string }) => f.tag === '59')).toEqual({ tag: '59', name: 'Nama merchant', value: 'DPMPTSP KOTA MAKASSAR' });
    const additional = body.fields.find((f: { tag: string }) => f.tag === '62');
    expect(additional.children).toEqual([
      { tag: '62.01', name: 'Nomor tagihan', value: 'INV-7K3QX9' },
      { tag: '62.05', name: 'Nomor referensi', value: 'SBX-0001' },
    ]);
  });

  it('answers an invalid QRIS with 200 and its errors, each naming the field, in the request’s language', async () => {
    const id = (await parse(BROKEN)).json();
    expect(id.crcValid).toBe(false);
    expect(id.errors).toEqual([{ code: 'crc_mismatch', tag: '63', message: expect.stringContaining('Kode pemeriksa (CRC) (63)') }]);
    const en = await parse(BROKEN, officer.cookie, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(200);
    expect(en.json().errors[0].message).toContain('Checksum (CRC) (63)');
    expect(en.json().fields.find((f: { tag: string }) => f.tag === '54').name).toBe('Amount');
    const body = `0002010102125926${'X'.repeat(26)}6304`;
    const long = (await parse(body + crc16(body))).json();
    expect(long.errors).toContainEqual({ code: 'field_too_long', tag: '59', message: 'Kolom Nama merchant (59) lebih panjang dari yang diizinkan.' });
  });

  it('refuses a payload that is not a string, or longer than 512, with a 400 problem in the person’s language', async () => {
    for (const payload of [42, null, 'x'.repeat(513)]) {
      const res = await parse(payload);
      expect(res.statusCode, String(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const en = await parse('x'.repeat(513), officer.cookie, { 'accept-language': 'en' });
    const id = await parse('x'.repeat(513));
    expect(en.json().title).not.toBe(id.json().title);
    expect((await t.app.inject({ method: 'POST', url: API, headers: { cookie: officer.cookie }, payload: {} })).statusCode).toBe(400);
  });

  it('is for officers of the tenant: refused to the signed-out, a citizen and an officer of another tenant', async () => {
    expect((await parse(VALID, '')).statusCode).toBe(401);
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await parse(VALID, citizen.cookie)).statusCode).toBe(403);
    const elsewhere = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'treasurer', agency: 'dpmptsp' }] });
    expect([401, 403]).toContain((await parse(VALID, elsewhere.cookie)).statusCode);
    expect((await t.app.inject({ method: 'POST', url: '/t/jateng/api/v1/payments/qris/parse', headers: { cookie: elsewhere.cookie }, payload: { payload: VALID } })).statusCode).toBe(200);
  });
});

describe('the officer page /petugas/qris', () => {
  it('is on the officer’s home page, and shows the form with the way to paste without JavaScript', async () => {
    const home = await t.app.inject({ url: `${M}/petugas`, headers: { cookie: officer.cookie, accept: 'text/html' } });
    expect(home.body).toContain(`href="${PAGE}"`);
    const page = await t.app.inject({ url: PAGE, headers: { cookie: officer.cookie, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="payload"');
    expect(page.body).toContain('data-qr-scan-nojs');
    expect(page.body).not.toContain('id="qris-result"');
  });

  it('POST → 303 to the page without the text in the URL → the result, once', async () => {
    const posted = await postUrlencodedForm(t, PAGE, { payload: `  ${BROKEN}\n` }, officer.cookie);
    expect(posted.statusCode).toBe(303);
    expect(String(posted.headers.location)).toBe(PAGE);
    const shown = await followRedirect(t, posted, officer.cookie);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('QRIS tidak valid.');
    expect(shown.body).toContain('CRC tidak valid');
    expect(shown.body).toContain('Kolom Kode pemeriksa (CRC) (63) tidak cocok dengan isinya');
    expect(shown.body).toContain('Rp160.000');
    // Read once: the reload shows the empty form (the flash cookie was cleared).
    const reload = await t.app.inject({ url: PAGE, headers: { cookie: officer.cookie, accept: 'text/html' } });
    expect(reload.body).not.toContain('id="qris-result"');

    const valid = await followRedirect(t, await postUrlencodedForm(t, PAGE, { payload: VALID }, officer.cookie), officer.cookie);
    expect(valid.body).toContain('QRIS valid: CRC valid dan semua kolom sesuai aturan.');
    expect(valid.body).toContain('Rp150.000');
    expect(valid.body).toContain('Nomor tagihan');
    expect(valid.body).toContain('INV-7K3QX9');
  });

  it('shows the form again with the error beside the field for an empty or too-long text (400)', async () => {
    const empty = await postUrlencodedForm(t, PAGE, { payload: '  ' }, officer.cookie);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="e-payload"');
    expect(empty.body).toContain('Tempelkan teks QRIS.');
    const long = await postUrlencodedForm(t, PAGE, { payload: '0'.repeat(600) }, officer.cookie);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Teks QRIS paling banyak 512 karakter.');
    expect(long.body).toContain('0'.repeat(600)); // what was pasted is kept in the field
  });

  it('is refused to a citizen and to an officer of another tenant', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await t.app.inject({ url: PAGE, headers: { cookie: citizen.cookie, accept: 'text/html' } })).statusCode).toBe(403);
    const elsewhere = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    // Their session is not one of this tenant's: a page sends them to sign in here.
    const there = await t.app.inject({ url: PAGE, headers: { cookie: elsewhere.cookie, accept: 'text/html' } });
    expect(there.statusCode).toBe(303);
    expect(String(there.headers.location)).toMatch(/^\/t\/makassar\/.*masuk/);
  });
});
