// Proof-of-work on submissions by people who are not signed in (decision 0015): the challenge
// endpoint, the JSON API (missing, wrong, reused, expired proofs; signed-in citizens exempt; a failed
// submission gives its proof back), the page form (the widget, errors beside it with the typed text
// kept, the no-JavaScript allowance), Open311 POST exempt (api_key), and marking used / pruning in altcha_replays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altchaProof, solveAltcha } from '../../../../test/altcha.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { seedTestComplaints, verifyThroughApi } from '../../../../test/complaints.js';
import { signInAs } from '../../../../test/auth.js';
import { followRedirect } from '../../../../test/forms.js';
import type { AltchaChallenge } from '../../../platform/http/altcha.js';
import { markChallengesUsed, pruneAltchaReplays } from '../../../platform/http/altcha-store.js';

let t: TestApp;
let citizen: string;
let officer: string;
const M = '/t/makassar';
const NO_PROOF_LIMIT = 2;

beforeAll(async () => {
  t = await createTestApp({ COMPLAINT_NO_PROOF_PER_HOUR: String(NO_PROOF_LIMIT) });
  await seedTestComplaints(t);
  citizen = (await signInAs(t, 'makassar', { kind: 'citizen' })).cookie;
  officer = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
});
afterAll(async () => {
  await t?.close();
});

const report = {
  kind: 'pengaduan',
  title: 'Kartu keluarga belum jadi',
  description: 'Sudah sebulan kartu keluarga belum jadi, padahal dijanjikan seminggu.',
  privacy: 'anonim',
};

function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints`, headers: { 'content-type': 'application/json', ...headers }, payload: body });
}

describe('GET /api/v1/complaints/challenge', () => {
  it('gives anyone a fresh signed PBKDF2 challenge, never cached; the widget can solve it', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${M}/api/v1/complaints/challenge` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const challenge = res.json() as AltchaChallenge;
    expect(challenge.parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256' });
    expect(challenge.parameters.expiresAt! * 1000).toBeGreaterThan(Date.now() + 19 * 60_000);
    expect(typeof challenge.signature).toBe('string');
    // Public: citizens, officers of this or another tenant, and the root host all get one.
    for (const cookie of [citizen, officer]) {
      expect((await t.app.inject({ method: 'GET', url: `${M}/api/v1/complaints/challenge`, headers: { cookie } })).statusCode).toBe(200);
    }
    const other = (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
    expect((await t.app.inject({ method: 'GET', url: '/t/jateng/api/v1/complaints/challenge', headers: { cookie: other } })).statusCode).toBe(200);
    const second = (await t.app.inject({ method: 'GET', url: `${M}/api/v1/complaints/challenge` })).json() as AltchaChallenge;
    expect(second.parameters.nonce).not.toBe(challenge.parameters.nonce);
  });

  it('a solution of the served challenge is accepted once by submitComplaint', async () => {
    // The real difficulty (1,000–3,000 PBKDF2 attempts) solved here once, as the browser would.
    const challenge = (await t.app.inject({ method: 'GET', url: `${M}/api/v1/complaints/challenge` })).json() as AltchaChallenge;
    const altcha = await solveAltcha(challenge);
    const ok = await post({ ...report, altcha });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().secretCode).toBeTruthy();
    const again = await post({ ...report, altcha });
    expect(again.statusCode).toBe(409);
  });
});

describe('submitComplaint without an account', () => {
  it('missing proof: 400 with a field error on /altcha, in Indonesian and English', async () => {
    const id = await post(report);
    expect(id.statusCode).toBe(400);
    expect(id.headers['content-type']).toContain('application/problem+json');
    expect(id.json()).toMatchObject({ type: expect.stringContaining('complaint.proof_missing') });
    expect(id.json().errors).toEqual([expect.objectContaining({ field: '/altcha', message: expect.stringContaining('Saya bukan robot') })]);
    const en = await post(report, { 'accept-language': 'en' });
    expect(en.json().errors[0].message).toContain('I am not a robot');
  });

  it('wrong proofs: garbage, another key, a tampered solution — 400 proof_invalid', async () => {
    const garbage = await post({ ...report, altcha: 'bukan-bukti' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().type).toContain('complaint.proof_invalid');
    const otherKey = await post({ ...report, altcha: await altchaProof({ key: 'another-server-key-0123456789' }) });
    expect(otherKey.statusCode).toBe(400);
    expect(otherKey.json().type).toContain('complaint.proof_invalid');
    const good = JSON.parse(Buffer.from(await altchaProof(), 'base64').toString('utf8'));
    good.solution.counter += 1;
    good.solution.derivedKey = '00'.repeat(32);
    const tampered = await post({ ...report, altcha: Buffer.from(JSON.stringify(good)).toString('base64') });
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().type).toContain('complaint.proof_invalid');
  });

  it('reused proof: 409 proof_reused, the first report stands', async () => {
    const altcha = await altchaProof();
    const first = await post({ ...report, altcha });
    expect(first.statusCode).toBe(201);
    const second = await post({ ...report, title: 'Kartu keluarga belum jadi juga', altcha });
    expect(second.statusCode).toBe(409);
    expect(second.json().type).toContain('complaint.proof_reused');
    expect(second.json().errors[0].field).toBe('/altcha');
  });

  it('one proof sent with several reports at once: exactly one is stored, the others get 409', async () => {
    const altcha = await altchaProof();
    const before = await t.db.owner.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => post({ ...report, title: `Laporan kembar ${i}`, altcha })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const after = await t.db.owner.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(1);
  });

  it('a refused report leaves its proof unused: the corrected report goes through with it', async () => {
    const altcha = await altchaProof();
    const bad = await post({ ...report, title: '', altcha });
    expect(bad.statusCode).toBe(400);
    expect((await post({ ...report, altcha })).statusCode).toBe(201);
  });

  it('expired proof: 400 proof_expired', async () => {
    const altcha = await altchaProof({ now: new Date(Date.now() - 3_600_000) });
    const res = await post({ ...report, altcha });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toContain('complaint.proof_expired');
  });

  it('a submission refused for its content gives the proof back: corrected, it goes through', async () => {
    const altcha = await altchaProof();
    const refused = await post({ ...report, categoryCode: 'jalan_rusak', altcha });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('/latitude');
    const fixed = await post({ ...report, categoryCode: 'jalan_rusak', latitude: -5.14, longitude: 119.42, altcha });
    expect(fixed.statusCode).toBe(201);
  });

  it('signed-in citizens and officers need no proof', async () => {
    expect((await post({ ...report, privacy: 'public' }, { cookie: citizen })).statusCode).toBe(201);
    expect((await post({ ...report, privacy: 'anonim' }, { cookie: citizen })).statusCode).toBe(201);
    expect((await post(report, { cookie: officer })).statusCode).toBe(201);
  });

  it('Open311 POST is exempt: its api_key is the anti-spam measure', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${M}/open311/v2/requests.json`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ api_key: 'demo-open311-makassar', service_code: 'perizinan', description: 'Antrian izin sangat panjang.', lat: '-5.14', long: '119.42' }).toString(),
    });
    expect(res.statusCode).toBe(200);
  });
});

// ---- the page form ----

async function openForm(remoteAddress: string, cookie?: string) {
  const res = await t.app.inject({ method: 'GET', url: `${M}/pengaduan/baru`, remoteAddress, headers: cookie ? { cookie } : {} });
  expect(res.statusCode).toBe(200);
  const action = /<form method="post" action="([^"]+)"[^>]*enctype="multipart\/form-data"/.exec(res.body)![1]!.replaceAll('&amp;', '&');
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { page: res.body, action, cookie: [cookie, setCookie].filter(Boolean).join('; ') };
}

function multipart(fields: Record<string, string>) {
  const boundary = '----gerbang-test-boundary';
  const body =
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

async function postForm(remoteAddress: string, fields: Record<string, string>, signedIn?: string) {
  const form = await openForm(remoteAddress, signedIn);
  const { body, type } = multipart(fields);
  const res = await t.app.inject({ method: 'POST', url: form.action, remoteAddress, headers: { 'content-type': type, cookie: form.cookie }, payload: body });
  return followRedirect(t, res, form.cookie);
}

const typed = {
  kind: 'pengaduan',
  title: 'Akta kelahiran <b>salah</b> nama',
  description: 'Akta kelahiran anak kami salah nama, sudah dua kali ke Sungai Saddang untuk perbaikan.',
  privacy: 'anonim',
};

describe('the submission page', () => {
  it('shows the self-hosted widget to reporters who are not signed in, and not to citizens', async () => {
    const anon = await openForm('10.9.0.1');
    expect(anon.page).toContain('<altcha-widget name="altcha" language="id" challenge="/t/makassar/api/v1/complaints/challenge" auto="onsubmit">');
    expect(anon.page).toContain('<script type="module" src="/static/build/altcha.js">');
    expect(anon.page).toContain('href="/static/build/altcha.css"');
    const signedIn = await openForm('10.9.0.1', citizen);
    expect(signedIn.page).not.toContain('altcha-widget');
    for (const asset of ['/static/build/altcha.js', '/static/build/altcha.css', '/static/build/altcha-pbkdf2.js']) {
      const res = await t.app.inject({ method: 'GET', url: asset });
      expect(res.statusCode, asset).toBe(200);
      expect(res.body).not.toContain('blob:');
    }
  });

  it('a valid proof submits; the same proof again re-renders the form with the error beside the widget and the text kept', async () => {
    const altcha = await altchaProof();
    const ok = await postForm('10.9.0.2', { ...typed, altcha });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/ADU-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    const reused = await postForm('10.9.0.2', { ...typed, altcha });
    expect(reused.statusCode).toBe(409);
    expect(reused.body).toContain('class="field-error" id="e-altcha"');
    expect(reused.body).toContain('sudah dipakai');
    // What the reporter typed is back in the form, escaped.
    expect(reused.body).toContain('value="Akta kelahiran &lt;b>salah&lt;/b> nama"');
    expect(reused.body).toContain('Akta kelahiran anak kami salah nama, sudah dua kali ke Sungai Saddang untuk perbaikan.</textarea>');
    expect(reused.body).toContain('<altcha-widget');
  });

  it('an invalid or expired proof: 400 with the message beside the widget, values kept', async () => {
    const bad = await postForm('10.9.0.3', { ...typed, altcha: 'rusak' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="e-altcha"');
    expect(bad.body).toContain('tidak valid');
    expect(bad.body).toContain('Sungai Saddang');
    const expired = await postForm('10.9.0.3', { ...typed, altcha: await altchaProof({ now: new Date(Date.now() - 3_600_000) }) });
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('kedaluwarsa');
  });

  it('without JavaScript (no proof): accepted up to the hourly limit per address, then 429 with the text kept', async () => {
    for (let i = 0; i < NO_PROOF_LIMIT; i++) {
      const ok = await postForm('10.9.0.4', typed);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toMatch(/ADU-/);
    }
    const limited = await postForm('10.9.0.4', typed);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('id="e-altcha"');
    expect(limited.body).toContain('Aktifkan JavaScript');
    expect(limited.body).toContain('Sungai Saddang');
    // Another address is not affected; with a proof the limited address still gets through.
    expect((await postForm('10.9.0.5', typed)).statusCode).toBe(200);
    expect((await postForm('10.9.0.4', { ...typed, altcha: await altchaProof() })).statusCode).toBe(200);
    // Signed-in citizens are never counted.
    expect((await postForm('10.9.0.4', { ...typed, privacy: 'public' }, citizen)).statusCode).toBe(200);
  });

  it('a report sent without a proof is marked for officers only: queue, detail, officer JSON; never public or Open311', async () => {
    const trackingOf = (body: string) => /ADU-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(body)![0];
    const fields = { ...typed, privacy: 'public', title: 'Tanpa JS', 'reporter-name': 'Budi' };
    const bare = trackingOf((await postForm('10.9.0.6', fields)).body);
    const proven = trackingOf((await postForm('10.9.0.7', { ...fields, altcha: await altchaProof() })).body);
    const flag = async (tn: string) => (await t.db.owner.selectFrom('complaints').select('without_proof').where('tracking_number', '=', tn).executeTakeFirstOrThrow()).without_proof;
    expect(await flag(bare)).toBe(true);
    expect(await flag(proven)).toBe(false);
    // A signed-in citizen's form needs no proof and is not marked.
    const citizenReport = trackingOf((await postForm('10.9.0.6', fields, citizen)).body);
    expect(await flag(citizenReport)).toBe(false);

    const queue = await t.app.inject({ url: `${M}/petugas/pengaduan`, headers: { cookie: officer } });
    const card = (tn: string) => new RegExp(`<li class="card[^"]*"><h3><a href="/t/makassar/pengaduan/${tn}">.*?</li>`).exec(queue.body)![0];
    expect(card(bare)).toContain('<span class="badge without-proof"');
    expect(card(bare)).toContain('Tanpa bukti kerja (tanpa JavaScript)');
    expect(card(proven)).not.toContain('without-proof');
    const detail = await t.app.inject({ url: `${M}/pengaduan/${bare}`, headers: { cookie: officer } });
    expect(detail.body).toContain('Periksa apakah ini spam sebelum diverifikasi.');
    const en = await t.app.inject({ url: `${M}/pengaduan/${bare}?lang=en`, headers: { cookie: officer } });
    expect(en.body).toContain('No proof of work (no JavaScript)');
    expect((await t.app.inject({ url: `${M}/pengaduan/${proven}`, headers: { cookie: officer } })).body).not.toContain('without-proof');
    expect((await t.app.inject({ url: `${M}/api/v1/complaints/${bare}`, headers: { cookie: officer } })).json().withoutProof).toBe(true);

    // Not for the public, the reporter or Open311 — once verified, it is published there.
    await verifyThroughApi(t, 'makassar', bare);
    const publicJson = await t.app.inject({ url: `${M}/api/v1/complaints/${bare}` });
    expect(publicJson.statusCode).toBe(200);
    expect(publicJson.json().view).toBe('public');
    expect(publicJson.body).not.toMatch(/proof/i);
    const publicPage = await t.app.inject({ url: `${M}/pengaduan/${bare}` });
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).not.toContain('without-proof');
    expect(publicPage.body).not.toContain('Tanpa bukti kerja');
    const list = await t.app.inject({ url: `${M}/api/v1/complaints?limit=100` });
    expect(list.body).not.toMatch(/proof/i);
    const open311 = await t.app.inject({ url: `${M}/open311/v2/requests.json` });
    expect(open311.statusCode).toBe(200);
    expect(open311.body).not.toMatch(/proof/i);
  });

  it('the no-proof counters hold no client address in clear', async () => {
    const rows = await t.db.owner.selectFrom('rate_limits').select('key').where('key', 'like', 'NOPROOF%').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.key).join(' ')).not.toContain('10.9.0');
  });
});

describe('markChallengesUsed', () => {
  it('marks once, and pruning deletes only expired records', async () => {
    const soon = new Date(Date.now() + 60_000);
    const mark = (id: string, expiresAt = soon) => markChallengesUsed(t.db.app, [{ id, expiresAt }]);
    expect(await mark('test-challenge-a')).toEqual(new Set(['test-challenge-a']));
    expect(await mark('test-challenge-a')).toEqual(new Set());
    expect(await mark('test-challenge-old', new Date(Date.now() - 1000))).toEqual(new Set(['test-challenge-old']));
    expect(await pruneAltchaReplays(t.db.app)).toBeGreaterThanOrEqual(1);
    const left = await t.db.owner.selectFrom('altcha_replays').select('challenge_id').execute();
    expect(left.map((r) => r.challenge_id)).toContain('test-challenge-a');
    expect(left.map((r) => r.challenge_id)).not.toContain('test-challenge-old');
  });

  it('marks many with one statement: each id is new once, also when given twice', async () => {
    const soon = new Date(Date.now() + 60_000);
    const ids = Array.from({ length: 40 }, (_, i) => `test-challenge-burst-${i % 25}`);
    const fresh = await markChallengesUsed(t.db.app, ids.map((id) => ({ id, expiresAt: soon })));
    expect([...fresh].sort()).toEqual([...new Set(ids)].sort());
    const rows = await t.db.owner.selectFrom('altcha_replays').select('challenge_id').where('challenge_id', 'like', 'test-challenge-burst-%').execute();
    expect(rows).toHaveLength(25);
  });
});
