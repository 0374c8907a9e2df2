// The counter pages (assisted digital) through form posts with _csrf: registering a citizen at the
// counter (same checks as self-registration, code to the citizen, verified in person), acting on a
// citizen's behalf with recorded consent (banner on every page, end button), what the citizen sees
// afterwards, and refusals: a citizen, another role, another tenant, no CSRF token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { type SignedIn, signInAs } from '../../../../test/auth.js';
import { createSession, SESSION_COOKIE } from '../index.js';

let t: TestApp;
const T = '/t/makassar';
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function csrfOf(cookie: string, pageUrl: string): Promise<string> {
  const page = await t.app.inject({ url: pageUrl, headers: { cookie } });
  return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
}

async function post(cookie: string, pageUrl: string, url: string, fields: Record<string, string>) {
  const csrf = await csrfOf(cookie, pageUrl);
  return t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, ...fields }) });
}

const verifier = () => signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }], name: 'Rina Loket' });

const PERSON = {
  nik: '7371 0163 0798 0004',
  name: 'Dewi Lestari',
  birthDate: '1998-07-23',
  sex: 'P',
  phone: '0813 9999 0000',
  email: 'dewi.loket@example.id',
  regionCode: '73.71.01.1001',
  password: 'layang layang di tanjung bayang',
  channel: 'email',
  consent: 'Warga hadir di loket dan setuju didaftarkan di Gerbang oleh petugas.',
};

async function codeFor(email: string): Promise<string> {
  const msg = await t.db.owner.selectFrom('notifications').select('body_text').where('recipient', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return /\b(\d{6})\b/.exec(msg.body_text)![1]!;
}

describe('registering a citizen at the counter', () => {
  it('checks like self-registration, sends the code to the citizen, then confirms and verifies in person', async () => {
    const officer = await verifier();
    const page = `${T}/petugas/loket/daftar`;
    const empty = await t.app.inject({ url: page, headers: { cookie: officer.cookie } });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Daftarkan warga di loket');

    // The birth date does not agree with the NIK; the consent is too short: errors beside the fields, values kept.
    const bad = await post(officer.cookie, page, page, { ...PERSON, birthDate: '1998-07-24', consent: 'ok' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    expect(bad.body).toMatch(/id="e-birthDate"[^>]*>[^<]*tidak sesuai dengan NIK/);
    expect(bad.body).toContain('id="e-consent"');
    expect(bad.body).toContain('value="Dewi Lestari"');
    expect(bad.body).not.toContain(PERSON.password);
    const badNik = await post(officer.cookie, page, page, { ...PERSON, nik: '7371013207980004' });
    expect(badNik.statusCode).toBe(400);
    expect(badNik.body).toContain('id="e-nik"');
    expect(await t.db.owner.selectFrom('citizens').select('id').where('name', '=', 'Dewi Lestari').execute()).toEqual([]);

    const ok = await post(officer.cookie, page, page, PERSON);
    expect(ok.statusCode, ok.body).toBe(303);
    const confirmUrl = String(ok.headers.location);
    expect(confirmUrl).toMatch(new RegExp(`^${T}/petugas/loket/daftar/[0-9a-f-]{36}$`));
    const id = confirmUrl.split('/').pop()!;
    const row = await t.db.owner.selectFrom('citizens').select(['assisted_by', 'assisted_consent', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ assisted_by: (officer.principal as { id: string }).id, assisted_consent: PERSON.consent, status: 'pending' });

    // One account per NIK: a second registration is refused beside the NIK.
    const dup = await post(officer.cookie, page, page, { ...PERSON, email: 'lain@example.id', phone: '081311112222' });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toContain('id="e-nik"');

    const code = await codeFor(PERSON.email);
    expect((await t.app.inject({ url: confirmUrl, headers: { cookie: officer.cookie } })).statusCode).toBe(200);
    // Missing evidence: refused before the code is used, so the same code still works afterwards.
    const noEvidence = await post(officer.cookie, confirmUrl, confirmUrl, { code, evidence: '' });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.body).toContain('id="e-evidence"');
    const wrong = await post(officer.cookie, confirmUrl, confirmUrl, { code: code === '000000' ? '111111' : '000000', evidence: 'KTP-el asli diperiksa.' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="e-code"');
    const done = await post(officer.cookie, confirmUrl, confirmUrl, { code, evidence: 'KTP-el asli diperiksa dan cocok dengan wajah.' });
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe(`${T}/petugas/loket?registered=1`);
    const after = await t.db.owner.selectFrom('citizens').select(['status', 'assurance']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'active', assurance: 'in_person' });
    // The officer is still signed in as an officer.
    const home = await t.app.inject({ url: `${T}/petugas/loket?registered=1`, headers: { cookie: officer.cookie } });
    expect(home.body).toContain('terverifikasi tatap muka');
  });
});

describe('acting on behalf of a citizen', () => {
  let officer: SignedIn;
  let citizenId: string;
  beforeAll(async () => {
    officer = await verifier();
    const reg = await t.app.inject({
      method: 'POST',
      url: `${T}/api/v1/citizens`,
      payload: { nik: '7371011205850002', name: 'Budi Santoso', birthDate: '1985-05-12', sex: 'L', phone: '081377778888', email: 'budi.loket@example.id', password: 'perahu pinisi dari bulukumba', regionCode: '73.71.01.1001' },
    });
    citizenId = reg.json().id;
    await t.app.inject({ method: 'POST', url: `${T}/api/v1/citizens/${citizenId}/verification`, payload: { code: await codeFor('budi.loket@example.id') } });
  });

  it('finds by NIK (recorded), records consent, shows the banner, ends; the citizen sees it all', async () => {
    const home = `${T}/petugas/loket`;
    const badNik = await post(officer.cookie, home, `${home}/cari`, { nik: '1234', purpose: 'Mengisi permohonan' });
    expect(badNik.statusCode).toBe(400);
    expect(badNik.body).toContain('id="e-nik"');
    const unknown = await post(officer.cookie, home, `${home}/cari`, { nik: '7371014101900001', purpose: 'Mengisi permohonan' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Tidak ada akun warga aktif');
    const noPurpose = await post(officer.cookie, home, `${home}/cari`, { nik: '7371011205850002', purpose: '' });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.body).toContain('id="e-purpose"');

    // POST/redirect/GET: the citizen found is shown on the page the search redirects to (carried in
    // a sealed cookie, never in the URL).
    const searched = await post(officer.cookie, home, `${home}/cari`, { nik: '7371011205850002', purpose: 'Mengisi permohonan izin usaha' });
    expect(searched.statusCode, searched.body).toBe(303);
    const carried = searched.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const found = await t.app.inject({ url: searched.headers.location as string, headers: { cookie: `${officer.cookie}; ${carried}` } });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Budi Santoso');
    expect(found.body).toContain('7371**********02');
    expect(found.body).not.toContain('7371011205850002');
    const access = await t.db.owner.selectFrom('personal_data_access').select(['purpose', 'accessor_name', 'fields']).where('citizen_id', '=', citizenId).execute();
    expect(access).toEqual([{ purpose: 'Mengisi permohonan izin usaha', accessor_name: 'Rina Loket', fields: ['name'] }]);

    const shortConsent = await post(officer.cookie, home, `${home}/mulai`, { citizenId, purpose: 'Mengisi permohonan izin usaha', consent: 'ya' });
    expect(shortConsent.statusCode).toBe(400);
    expect(shortConsent.body).toContain('id="e-consent"');
    expect(shortConsent.body).toContain('Budi Santoso');

    const consent = 'Saya hadir di loket dan meminta petugas mengisi permohonan izin usaha atas nama saya.';
    const start = await post(officer.cookie, home, `${home}/mulai`, { citizenId, purpose: 'Mengisi permohonan izin usaha', consent });
    expect(start.statusCode, start.body).toBe(303);
    expect(start.headers.location).toBe(`${T}/akun`);
    const assisted = `${SESSION_COOKIE}=${start.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
    // The officer's own session was replaced.
    expect((await t.app.inject({ url: `${T}/api/v1/me`, headers: { cookie: officer.cookie, accept: 'application/json' } })).statusCode).toBe(401);
    const me = await t.app.inject({ url: `${T}/api/v1/me`, headers: { cookie: assisted } });
    expect(me.json()).toMatchObject({ kind: 'citizen', id: citizenId, assistedBy: (officer.principal as { id: string }).id });

    const account = await t.app.inject({ url: `${T}/akun`, headers: { cookie: assisted } });
    expect(account.body).toContain('Anda bertindak atas nama Budi Santoso.');
    expect(account.body).toContain('Akhiri bantuan');
    const en = await t.app.inject({ url: `${T}/akun?lang=en`, headers: { cookie: assisted } });
    expect(en.body).toContain('You are acting on behalf of Budi Santoso.');

    const end = await post(assisted, `${T}/akun`, `${T}/bantuan-petugas`, {});
    expect(end.statusCode).toBe(303);
    expect(end.headers.location).toBe(`${T}/petugas/masuk`);
    expect((await t.app.inject({ url: `${T}/api/v1/me`, headers: { cookie: assisted, accept: 'application/json' } })).statusCode).toBe(401);
    const row = await t.db.owner.selectFrom('assisted_sessions').selectAll().where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ officer_id: (officer.principal as { id: string }).id, purpose: 'Mengisi permohonan izin usaha', consent });
    expect(row.ended_at).not.toBeNull();
    await t.audit.flush(t.db.owner);
    const events = await t.db.owner.selectFrom('audit_log').select(['action', 'actor', 'entry']).where('subject', '=', `citizen:${citizenId}`).execute();
    const actions = events.map((e) => e.action);
    expect(actions).toContain('citizen.assisted_session_started');
    expect(actions).toContain('citizen.assisted_session_ended');
    // Pseudonyms only: the consent text is not in the chain.
    expect(events.map((e) => Buffer.from(e.entry as Uint8Array).toString('utf8')).join('\n')).not.toContain('izin usaha atas nama saya');

    // Later, the citizen signed in on their own sees who acted for them, when, why, with which consent.
    const tenantId = officer.tenantId;
    const own = await createSession(t.db.app, tenantId, { kind: 'citizen', id: citizenId }, new Date());
    const privacy = await t.app.inject({ url: `${T}/akun/privasi`, headers: { cookie: `${SESSION_COOKIE}=${own.token}` } });
    expect(privacy.body).not.toContain('Anda bertindak atas nama');
    const log = privacy.body.slice(privacy.body.indexOf('id="assistance-log"'));
    expect(log).toContain('Rina Loket');
    expect(log).toContain('Petugas bertindak atas nama Anda');
    expect(log).toContain(consent);
    const data = await t.app.inject({ url: `${T}/api/v1/me/data`, headers: { cookie: `${SESSION_COOKIE}=${own.token}` } });
    expect(data.json().assistedSessions).toEqual([expect.objectContaining({ officer: 'Rina Loket', consent, purpose: 'Mengisi permohonan izin usaha' })]);
  });
});

describe('refusals', () => {
  const pages = ['/petugas/loket', '/petugas/loket/daftar', '/petugas/loket/daftar/00000000-0000-4000-8000-000000000000'];
  const posts = ['/petugas/loket/cari', '/petugas/loket/mulai', '/petugas/loket/daftar', '/petugas/loket/daftar/00000000-0000-4000-8000-000000000000'];

  it('a citizen and an officer without the verifier role are refused 403', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const handler = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dpmptsp' }] });
    for (const who of [citizen, handler]) {
      const csrf = await csrfOf(who.cookie, `${T}/akun/privasi`);
      for (const url of pages) expect((await t.app.inject({ url: `${T}${url}`, headers: { cookie: who.cookie } })).statusCode, url).toBe(403);
      for (const url of posts) {
        const res = await t.app.inject({ method: 'POST', url: `${T}${url}`, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, ...PERSON }) });
        expect(res.statusCode, url).toBe(403);
      }
    }
  });

  it("a verifier of another tenant is nobody here, and nothing is done for them", async () => {
    const other = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    for (const url of pages) expect((await t.app.inject({ url: `${T}${url}`, headers: { cookie: other.cookie, accept: 'application/json' } })).statusCode, url).toBe(401);
    const html = await t.app.inject({ url: `${T}/petugas/loket`, headers: { cookie: other.cookie, accept: 'text/html' } });
    expect(html.statusCode).toBe(303);
    expect(String(html.headers.location)).toMatch(new RegExp(`^${T}/petugas/masuk\\?next=`));
    const csrf = await csrfOf(other.cookie, '/t/jateng/petugas/loket');
    const res = await t.app.inject({ method: 'POST', url: `${T}/petugas/loket/daftar`, headers: { cookie: other.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, ...PERSON, nik: '7371016307980012', email: 'x@example.id', phone: '081300001111' }) });
    expect([401, 403]).toContain(res.statusCode);
    expect(await t.db.owner.selectFrom('citizens').select('id').where('assisted_consent', 'is not', null).where('assisted_by', '=', (other.principal as { id: string }).id).execute()).toEqual([]);
  });

  it('a form without its CSRF token is refused', async () => {
    const officer = await verifier();
    const res = await t.app.inject({ method: 'POST', url: `${T}/petugas/loket/cari`, headers: { cookie: officer.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ nik: '7371011205850002', purpose: 'Mengisi permohonan' }) });
    expect(res.statusCode).toBe(403);
  });
});
