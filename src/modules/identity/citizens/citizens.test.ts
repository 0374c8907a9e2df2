// Registration, confirmation, sign-in and profile over HTTP, on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postUrlencodedForm } from '../../../../test/forms.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const T = '/t/makassar';
// 7371 01 410190 0001: Kota Makassar, a woman born 1 January 1990.
const SITI = {
  nik: '7371014101900001',
  name: 'Siti Aminah',
  birthDate: '1990-01-01',
  sex: 'P' as const,
  phone: '0812-3456-7890',
  email: 'siti.aminah@example.id',
  password: 'kuda lari di pantai losari',
  regionCode: '73.71.01.1001',
};

async function post(url: string, payload: object, cookie?: string, lang?: string) {
  return t.app.inject({ method: 'POST', url: `${T}${url}`, payload, headers: { ...(cookie ? { cookie } : {}), ...(lang ? { 'accept-language': lang } : {}) } });
}

/** The last one-time code queued for a recipient (read from the notification the test database holds). */
async function lastCode(to: string): Promise<string> {
  const row = await t.db.owner.selectFrom('notifications').select('body_text').where('recipient', '=', to).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return /\b(\d{6})\b/.exec(row.body_text)![1]!;
}

function sessionCookie(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((x) => x.name === 'gerbang_session');
  if (!c) throw new Error('no session cookie');
  return `gerbang_session=${c.value}`;
}

describe('registerCitizen', () => {
  let citizenId: string;

  it('registers a pending account and queues the code in the same transaction', async () => {
    const res = await post('/api/v1/citizens', SITI);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'pending', verification: { channel: 'email' } });
    citizenId = body.id;
    const code = await lastCode('siti.aminah@example.id');
    expect(code).toMatch(/^\d{6}$/);
    // The NIK and e-mail are never in the audit chain, only pseudonyms.
    await t.audit.flush(t.db.app); // sequence the committed audit events (decision 0014)
    const audit = await t.db.owner.selectFrom('audit_log').select('entry').execute();
    const text = audit.map((a) => Buffer.from(a.entry as Uint8Array).toString('utf8')).join('\n');
    expect(text).toContain('citizen.registered');
    expect(text).not.toContain(SITI.nik);
    expect(text).not.toContain('siti.aminah@example.id');
  });

  it('cannot sign in before confirming (same answer as a wrong password)', async () => {
    const res = await post('/api/v1/auth/login', { identifier: SITI.nik, password: SITI.password });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.invalid_credentials');
  });

  it('refuses a wrong code, then confirms with the right one and signs in', async () => {
    const code = await lastCode('siti.aminah@example.id');
    const wrong = await post(`/api/v1/citizens/${citizenId}/verification`, { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('code.wrong');
    const ok = await post(`/api/v1/citizens/${citizenId}/verification`, { code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ id: citizenId, assurance: 'unverified' });
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await t.app.inject({ method: 'GET', url: `${T}/api/v1/me/profile`, headers: { cookie: sessionCookie(ok) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: citizenId, nik: SITI.nik, phone: '+6281234567890', status: 'active' });
    // A reused code is refused with its own error.
    const again = await post(`/api/v1/citizens/${citizenId}/verification`, { code });
    expect(again.json().code).toBe('code.used');
  });

  it('signs in with NIK, e-mail or phone and rotates the session', async () => {
    const first = await post('/api/v1/auth/login', { identifier: '7371.0141.0190.0001', password: SITI.password });
    expect(first.statusCode, first.body).toBe(200);
    const c1 = sessionCookie(first);
    const second = await post('/api/v1/auth/login', { identifier: 'Siti.Aminah@EXAMPLE.id', password: SITI.password }, c1);
    expect(second.statusCode).toBe(200);
    const c2 = sessionCookie(second);
    expect(c2).not.toBe(c1);
    // The session the request came with is revoked (rotation).
    expect((await t.app.inject({ method: 'GET', url: `${T}/api/v1/me/profile`, headers: { cookie: c1 } })).statusCode).toBe(401);
    const third = await post('/api/v1/auth/login', { identifier: '+62 812 3456 7890', password: SITI.password });
    expect(third.statusCode).toBe(200);
    // Sign out everywhere ends every live session: the one from confirming, c2 and the third.
    const out = await post('/api/v1/auth/logout-everywhere', {}, c2);
    expect(out.json()).toEqual({ revoked: 3 });
    expect((await t.app.inject({ method: 'GET', url: `${T}/api/v1/me/profile`, headers: { cookie: sessionCookie(third) } })).statusCode).toBe(401);
  });

  it('refuses a second account for the same NIK, with nothing half-created', async () => {
    const before = await t.db.owner.selectFrom('citizens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await post('/api/v1/citizens', { ...SITI, email: 'lain@example.id', phone: '081299998888' });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: '/nik', code: 'taken' })]);
    const after = await t.db.owner.selectFrom('citizens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(res.json().next).toEqual({ signIn: '/api/v1/auth/login', recover: '/api/v1/auth/login-code' });
  });

  it('refuses the same NIK at another government on the installation, saying to sign in or recover, in the request language', async () => {
    const before = await t.db.owner.selectFrom('citizens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const other = await t.app.inject({
      method: 'POST',
      url: '/t/jateng/api/v1/citizens',
      headers: { 'accept-language': 'en' },
      payload: { ...SITI, email: 'siti.lain@example.id', phone: '081277776666', regionCode: '33.74.01.1001' },
    });
    expect(other.statusCode, other.body).toBe(409);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const body = other.json();
    expect(body.code).toBe('citizen.already_registered');
    expect(body.errors).toEqual([expect.objectContaining({ field: '/nik', code: 'taken', message: expect.stringContaining('sign in, or recover access') })]);
    expect(body.next).toEqual({ signIn: '/api/v1/auth/login', recover: '/api/v1/auth/login-code' });
    const after = await t.db.owner.selectFrom('citizens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // The page says the same, with the two ways on.
    const page = await postUrlencodedForm(t, '/t/jateng/daftar', { ...SITI, email: 'siti.lain@example.id', phone: '081277776666', regionCode: '33.74.01.1001' });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('Anda sudah punya akun');
    expect(page.body).toContain('href="/t/jateng/masuk"');
    expect(page.body).toContain('href="/t/jateng/masuk/kode"');
  });

  it('signs the same account in at another government, with one password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/t/jateng/api/v1/auth/login', payload: { identifier: SITI.nik, password: SITI.password } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = sessionCookie(res);
    const here = await t.app.inject({ url: '/t/jateng/api/v1/me/profile', headers: { cookie } });
    expect(here.statusCode).toBe(200);
    const there = await t.app.inject({ url: `${T}/api/v1/me/profile`, headers: { cookie } });
    expect(there.json()).toMatchObject({ id: here.json().id, email: 'siti.aminah@example.id' });
  });

  it.each([
    ['an invalid NIK', { nik: '7371013201900001' }, '/nik', 'nik.birth_day'],
    ['a birth date that disagrees with the NIK', { birthDate: '1990-01-02' }, '/birthDate', 'nik_mismatch'],
    ['a sex that disagrees with the NIK', { sex: 'L' }, '/birthDate', 'nik_mismatch'],
    ['a common password', { password: 'indonesia123' }, '/password', 'password.common'],
    ['a short password', { password: 'pendek sekali' .slice(0, 9) }, '/password', 'password.too_short'],
    ['a phone that is not a mobile', { phone: '12345' }, '/phone', 'phone'],
    ['an unknown village', { regionCode: '73.71.01.9999' }, '/regionCode', 'region'],
  ])('refuses %s with a translated field error', async (_label, change, field, code) => {
    const res = await post('/api/v1/citizens', { ...SITI, nik: '7371015505950002', birthDate: '1995-05-15', email: 'baru@example.id', phone: '081311112222', ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field, code }));
    const en = await post('/api/v1/citizens', { ...SITI, nik: '7371015505950002', birthDate: '1995-05-15', email: 'baru@example.id', phone: '081311112222', ...change }, undefined, 'en');
    const idMsg = res.json().errors.find((e: { field: string }) => e.field === field).message;
    const enMsg = en.json().errors.find((e: { field: string }) => e.field === field).message;
    expect(enMsg).not.toBe(idMsg);
  });
});

describe('login: uniform answers and throttling', () => {
  it('answers the same for an unknown account and a wrong password, then delays, then locks', async () => {
    const unknown = await post('/api/v1/auth/login', { identifier: 'tidak.ada@example.id', password: 'salah salah salah' });
    const wrong = await post('/api/v1/auth/login', { identifier: SITI.email, password: 'salah salah salah' });
    const strip = (b: Record<string, unknown>): Record<string, unknown> => ({ ...b, requestId: undefined, instance: undefined });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));

    // Count requests until the account is refused outright (429), for an existing and a missing one.
    const until429 = async (identifier: string) => {
      for (let n = 1; n <= 20; n++) {
        const r = await post('/api/v1/auth/login', { identifier, password: 'salah salah salah' });
        if (r.statusCode === 429) return { n, retryAfter: r.headers['retry-after'], body: strip(r.json()) };
      }
      return undefined;
    };
    const a = await until429(SITI.email);
    const b = await until429('tidak.ada@example.id');
    // One failure was counted above; failures 2–4 are answered 401 (the 4th starts a delay), so the
    // 4th request of the loop is the first refused with 429 — the same for both identifiers.
    expect(a?.n).toBe(4);
    expect(b?.n).toBe(4);
    // The same answer but for the countdown in the title, which depends on how long each loop took
    // (a slow machine crosses a second boundary between the two).
    const countdown = /dalam \d+ detik/;
    expect(a?.body.title).toMatch(countdown);
    expect(b?.body.title).toMatch(countdown);
    const noCountdown = (body: Record<string, unknown> | undefined) => ({ ...body, title: String(body?.title).replace(countdown, 'dalam N detik') });
    expect(noCountdown(a?.body)).toEqual(noCountdown(b?.body));
    expect(a?.body.code).toBe('auth.throttled');
    expect(Number(a?.retryAfter)).toBeGreaterThan(0);
    // Even the right password is refused while throttled.
    const right = await post('/api/v1/auth/login', { identifier: SITI.email, password: SITI.password });
    expect(right.statusCode).toBe(429);
  });

  it('one-time code sign-in answers 202 whether or not the account exists', async () => {
    const known = await post('/api/v1/auth/login-code', { identifier: SITI.nik });
    const unknown = await post('/api/v1/auth/login-code', { identifier: '7371010101010001' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const code = await lastCode('siti.aminah@example.id');
    const ok = await post('/api/v1/auth/login-code/verify', { identifier: SITI.nik, code });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('profile', () => {
  it('is 404 for a signed-in citizen without a registered profile (test fixture accounts)', async () => {
    const { cookie } = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await t.app.inject({ method: 'GET', url: `${T}/api/v1/me/profile`, headers: { cookie } })).statusCode).toBe(404);
  });

  it('updates address, KK, channels and language for the owner; refuses a bad KK', async () => {
    const res = await post('/api/v1/auth/login-code', { identifier: SITI.nik });
    expect(res.statusCode).toBe(202);
    const code = await lastCode('siti.aminah@example.id');
    const ok = await post('/api/v1/auth/login-code/verify', { identifier: SITI.nik, code });
    const cookie = sessionCookie(ok);
    const bad = await t.app.inject({ method: 'PATCH', url: `${T}/api/v1/me/profile`, headers: { cookie }, payload: { kkNumber: '123' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: '/kkNumber', code: 'kk' });
    const good = await t.app.inject({
      method: 'PATCH',
      url: `${T}/api/v1/me/profile`,
      headers: { cookie },
      payload: { address: 'Jl. Penghibur No. 1', kkNumber: '7371010101900001', channels: ['email', 'whatsapp'], lang: 'en' },
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ address: 'Jl. Penghibur No. 1', kkNumber: '7371010101900001', channels: ['email', 'whatsapp'], lang: 'en' });
  });
});

describe('one-time code sign-in page (no JavaScript)', () => {
  it('asks for the identifier, answers alike for unknown ones, then signs in with the mailed code', async () => {
    const page = await t.app.inject({ method: 'GET', url: `${T}/masuk/kode` });
    expect(page.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = `csrf=${page.cookies.find((c) => c.name === 'csrf')!.value}`;
    const form = (fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `${T}/masuk/kode`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
    // POST/redirect/GET: the answer is a redirect to the page that says the code was sent (a reload
    // sends no second code); that page must read the same whether or not the account exists.
    const sentPage = async (fields: Record<string, string>) => {
      const res = await form(fields);
      expect(res.statusCode, res.body).toBe(303);
      const carried = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return t.app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie: `${cookie}; ${carried}` } });
    };
    const unknown = await sentPage({ identifier: 'tidak.ada@example.id' });
    const known = await sentPage({ identifier: SITI.nik });
    expect(unknown.statusCode).toBe(200);
    expect(known.statusCode).toBe(200);
    expect(known.body.replace(SITI.nik, 'X')).toBe(unknown.body.replace('tidak.ada@example.id', 'X'));
    const wrong = await form({ identifier: SITI.nik, code: '000000' });
    expect(wrong.statusCode).toBe(401);
    const ok = await form({ identifier: SITI.nik, code: await lastCode('siti.aminah@example.id') });
    expect(ok.statusCode, ok.body).toBe(303);
    expect(ok.headers.location).toBe('/t/makassar/akun');
  });
});
