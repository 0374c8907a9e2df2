// Assisted digital: a verifier at a counter registers a citizen with recorded consent, verifies them
// in person, and acts for them in a session marked as assisted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PERSON = {
  nik: '7371016307980004',
  name: 'Dewi Lestari',
  birthDate: '1998-07-23',
  sex: 'P',
  phone: '081399990000',
  email: 'dewi@example.id',
  password: 'layang layang di tanjung bayang',
  regionCode: '73.71.01.1001',
  consent: 'Warga setuju didaftarkan oleh petugas loket DPMPTSP pada 1 Desember 2026.',
};

describe('assisted digital', () => {
  it('only a verifier of the tenant may assist', async () => {
    const handler = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dpmptsp' }] });
    const other = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/assisted/citizens', headers: { cookie: handler.cookie }, payload: PERSON })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/assisted/citizens', headers: { cookie: other.cookie }, payload: PERSON })).statusCode).toBe(401);
  });

  it('registers with consent, verifies in person, and acts for the citizen in a marked session', async () => {
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const noConsent = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/assisted/citizens', headers: { cookie: verifier.cookie }, payload: { ...PERSON, consent: 'ok' } });
    expect(noConsent.statusCode).toBe(400);
    const reg = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/assisted/citizens', headers: { cookie: verifier.cookie }, payload: PERSON });
    expect(reg.statusCode, reg.body).toBe(201);
    const id = reg.json().id;
    const row = await t.db.owner.selectFrom('citizens').select(['assisted_by', 'assisted_consent']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.assisted_by).toBe(verifier.principal.kind === 'officer' ? verifier.principal.id : '');
    const msg = await t.db.owner.selectFrom('notifications').select('body_text').where('recipient', '=', 'dewi@example.id').executeTakeFirstOrThrow();
    await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/citizens/${id}/verification`, payload: { code: /\b(\d{6})\b/.exec(msg.body_text)![1] } });

    const inPerson = await t.app.inject({
      method: 'POST',
      url: `/t/makassar/api/v1/assisted/citizens/${id}/in-person-verification`,
      headers: { cookie: verifier.cookie },
      payload: { evidence: 'KTP-el asli diperiksa dan cocok dengan wajah.' },
    });
    expect(inPerson.json()).toEqual({ assurance: 'in_person' });

    const session = await t.app.inject({
      method: 'POST',
      url: `/t/makassar/api/v1/assisted/citizens/${id}/session`,
      headers: { cookie: verifier.cookie },
      payload: { consent: 'Warga meminta petugas mengisi permohonan atas namanya.' },
    });
    expect(session.statusCode, session.body).toBe(200);
    const cookie = `gerbang_session=${session.cookies.find((c) => c.name === 'gerbang_session')!.value}`;
    const me = await t.app.inject({ method: 'GET', url: '/t/makassar/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ kind: 'citizen', id, assurance: 'in_person', assistedBy: session.json().assistedBy });
  });
});
