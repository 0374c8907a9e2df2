// Officers: invitation → password → mandatory TOTP enrolment → recovery codes → two-step sign-in;
// and an officer's recorded read of a citizen's personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';
import { currentTotp } from '../guards/totp.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
});
afterAll(() => t.close());

const T = '/t/makassar';
const inject = (method: 'GET' | 'POST', url: string, payload?: object, cookie?: string) =>
  t.app.inject({ method, url: `${T}${url}`, payload, headers: cookie ? { cookie } : {} });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => `gerbang_session=${res.cookies.find((c) => c.name === 'gerbang_session')!.value}`;

async function invitationToken(email: string): Promise<string> {
  const row = await t.db.owner.selectFrom('notifications').select('body_text').where('recipient', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return /token=([A-Za-z0-9_-]+)/.exec(row.body_text)![1]!;
}

describe('officer invitation and two factors', () => {
  const email = 'verifikator@makassar.go.id';
  let secret: string;
  let recovery: string[];

  it('only a tenant admin invites; a verifier is refused', async () => {
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const refused = await inject('POST', '/api/v1/officers/invitations', { name: 'X', email: 'x@makassar.go.id', grants: [{ role: 'verifier', agency: 'dpmptsp' }] }, verifier.cookie);
    expect(refused.statusCode).toBe(403);
    const res = await inject('POST', '/api/v1/officers/invitations', { name: 'Andi Verifikator', email, grants: [{ role: 'verifier', agency: 'dpmptsp' }] }, admin);
    expect(res.statusCode, res.body).toBe(201);
    const dup = await inject('POST', '/api/v1/officers/invitations', { name: 'Andi', email: email.toUpperCase(), grants: [{ role: 'verifier', agency: 'dpmptsp' }] }, admin);
    expect(dup.statusCode).toBe(409);
    const badAgency = await inject('POST', '/api/v1/officers/invitations', { name: 'Budi', email: 'b@makassar.go.id', grants: [{ role: 'verifier', agency: 'tidak-ada' }] }, admin);
    expect(badAgency.statusCode).toBe(400);
  });

  it('accepting sets the password and signs in without grants until TOTP is enrolled', async () => {
    const token = await invitationToken(email);
    const weak = await inject('POST', '/api/v1/officers/invitations/accept', { token, password: 'password' });
    expect(weak.json().errors[0].code).toBe('password.common');
    const res = await inject('POST', '/api/v1/officers/invitations/accept', { token, password: 'rahasia petugas 2026' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().next).toBe('totp_enrol');
    const session = cookieOf(res);
    const me = await inject('GET', '/api/v1/me', undefined, session);
    expect(me.json().grants).toEqual([]);
    // A role-guarded route refuses the half-signed-in officer.
    expect((await inject('GET', '/api/v1/citizens/00000000-0000-4000-8000-000000000000?purpose=cek', undefined, session)).statusCode).toBe(403);
    const reused = await inject('POST', '/api/v1/officers/invitations/accept', { token, password: 'rahasia petugas 2026' });
    expect(reused.json().code).toBe('invitation.used');

    const start = await inject('POST', '/api/v1/officers/me/totp/enrolment', {}, session);
    expect(start.statusCode).toBe(200);
    secret = start.json().secret;
    expect(start.json().uri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await inject('POST', '/api/v1/officers/me/totp/enrolment/confirm', { code: '000000' }, session);
    expect(wrong.statusCode).toBe(400);
    const confirm = await inject('POST', '/api/v1/officers/me/totp/enrolment/confirm', { code: await currentTotp(secret, new Date()) }, session);
    expect(confirm.statusCode, confirm.body).toBe(200);
    recovery = confirm.json().recoveryCodes;
    expect(recovery).toHaveLength(10);
    const full = await inject('GET', '/api/v1/me', undefined, cookieOf(confirm));
    expect(full.json().grants).toEqual([expect.objectContaining({ role: 'verifier' })]);
  });

  it('signs in with password then a recovery code (used once); a wrong code is refused', async () => {
    const step1 = await inject('POST', '/api/v1/officers/login', { email, password: 'rahasia petugas 2026' });
    expect(step1.statusCode, step1.body).toBe(200);
    expect(step1.json().next).toBe('totp');
    const half = cookieOf(step1);
    expect((await inject('POST', '/api/v1/officers/me/totp/verify', { code: '123456' }, half)).statusCode).toBe(400);
    const ok = await inject('POST', '/api/v1/officers/me/totp/verify', { recoveryCode: recovery[0]! }, half);
    expect(ok.statusCode, ok.body).toBe(204);
    const again = await inject('POST', '/api/v1/officers/login', { email, password: 'rahasia petugas 2026' });
    expect((await inject('POST', '/api/v1/officers/me/totp/verify', { recoveryCode: recovery[0]! }, cookieOf(again))).statusCode).toBe(400);
  });

  it('refuses an expired invitation', async () => {
    await inject('POST', '/api/v1/officers/invitations', { name: 'Citra', email: 'citra@makassar.go.id', grants: [{ role: 'auditor' }] }, admin);
    const token = await invitationToken('citra@makassar.go.id');
    await t.db.owner.updateTable('officer_invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('accepted_at', 'is', null).execute();
    const res = await inject('POST', '/api/v1/officers/invitations/accept', { token, password: 'rahasia petugas 2026' });
    expect(res.json().code).toBe('invitation.expired');
  });
});

describe('personal data', () => {
  it('records an officer’s read with its purpose; the citizen sees it, downloads their data, files a request', async () => {
    const reg = await inject('POST', '/api/v1/citizens', {
      nik: '7371011502850002',
      name: 'Budi Santoso',
      birthDate: '1985-02-15',
      sex: 'L',
      phone: '081355556666',
      email: 'budi@example.id',
      password: 'sepeda biru di makassar',
      regionCode: '73.71.01.1001',
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const id = reg.json().id;
    const row = await t.db.owner.selectFrom('notifications').select('body_text').where('recipient', '=', 'budi@example.id').executeTakeFirstOrThrow();
    const verified = await inject('POST', `/api/v1/citizens/${id}/verification`, { code: /\b(\d{6})\b/.exec(row.body_text)![1]! });
    const citizen = cookieOf(verified);

    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }], name: 'Rina Petugas' });
    const noPurpose = await inject('GET', `/api/v1/citizens/${id}`, undefined, officer.cookie);
    expect(noPurpose.statusCode).toBe(400);
    const read = await inject('GET', `/api/v1/citizens/${id}?purpose=${encodeURIComponent('Verifikasi berkas izin usaha')}`, undefined, officer.cookie);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ name: 'Budi Santoso', nikMasked: '7371**********02' });
    expect(read.body).not.toContain('7371011502850002');
    expect(read.body).not.toContain('81355556666');
    // Another tenant's officer cannot see the citizen at all.
    const other = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ method: 'GET', url: `/t/jateng/api/v1/citizens/${id}?purpose=cek%20data`, headers: { cookie: other.cookie } })).statusCode).toBe(404);

    const log = await inject('GET', '/api/v1/me/data-access-log', undefined, citizen);
    expect(log.statusCode).toBe(200);
    expect(log.json().items).toEqual([
      expect.objectContaining({ accessorKind: 'officer', accessor: 'Rina Petugas', purpose: 'Verifikasi berkas izin usaha', fields: ['name', 'nik', 'phone', 'email', 'regionCode'] }),
    ]);

    const request = await inject('POST', '/api/v1/me/data-requests', { kind: 'correction', details: 'Alamat saya salah ketik.' }, citizen);
    expect(request.statusCode, request.body).toBe(201);
    const r = request.json();
    expect(new Date(r.dueAt).getTime() - new Date(r.createdAt).getTime()).toBe(72 * 3600_000);

    const data = await inject('GET', '/api/v1/me/data', undefined, citizen);
    expect(data.statusCode).toBe(200);
    expect(data.headers['content-disposition']).toContain('attachment');
    const body = data.json();
    expect(body.profile.nik).toBe('7371011502850002');
    expect(body.dataAccessLog).toHaveLength(1);
    expect(body.dataRequests).toHaveLength(1);
    // Officers cannot use the citizen's own endpoints.
    expect((await inject('GET', '/api/v1/me/data', undefined, officer.cookie)).statusCode).toBe(403);
  });
});
