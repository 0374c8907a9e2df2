// Personal-data rights carried out, not only recorded (UU 27/2022; docs/identity.md, "Who holds
// what"), on a real database through the pages and the API: a citizen files a request on
// /akun/privasi, the PPID approves it on /petugas/permintaan-data, the job carries it out across every
// registered holder, and the citizen sees it carried out. Erasure reaches complaints (public and
// rahasia: kept, person taken out), notifications, applications (kept, pseudonymised), passkeys and
// OpenID consents; a correction changes what every module shows; a consent withdrawal is carried out
// without an officer; a failing holder is recorded and retried; the sweeper flags a request near its
// deadline.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFor, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen, uploadsFor, uploadTo } from './applications.js';
import { createTestApp, type TestApp } from './app.js';
import { signInAs, tenantIdOf } from './auth.js';
import { seedTestComplaints, verifyThroughApi } from './complaints.js';
import { runDataRequestJobs } from './data-requests.js';
import { withTenant } from '../src/db/index.js';
import { registerPersonalDataHolder } from '../src/platform/personal-data.js';
import { presetVerifyApproveIssue } from '../src/modules/applications/workflow/index.js';
import { sweepDataRequests } from '../src/modules/identity/personal-data/carry-out.js';

let t: TestApp;
let tenantId: string;
let ppid: string;
let coordinator: string;
let birth: PublishedService;
const M = '/t/makassar';

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  tenantId = await tenantIdOf(t, 'makassar');
  await seedTestComplaints(t);
  ppid = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid' }] })).cookie;
  coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  birth = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue() });
});
afterAll(() => t.close());

function api(method: 'GET' | 'POST', url: string, cookie?: string, payload?: unknown, tenant = M) {
  return t.app.inject({ method, url: `${tenant}${url}`, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) }, payload: payload as never });
}

/** A form post as a browser sends it: the CSRF token read from the page the form is on. */
async function postForm(cookie: string, pageUrl: string, url: string, fields: Record<string, string>) {
  const page = await t.app.inject({ url: `${M}${pageUrl}`, headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return t.app.inject({
    method: 'POST',
    url: `${M}${url}`,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

async function profileOf(citizenId: string) {
  return t.db.owner.selectFrom('citizen_profiles').select(['email', 'phone', 'nik']).where('citizen_id', '=', citizenId).executeTakeFirstOrThrow();
}

async function nameOf(citizenId: string) {
  return (await t.db.owner.selectFrom('citizens').select('name').where('id', '=', citizenId).executeTakeFirstOrThrow()).name;
}

/** The citizen files a request on their privacy page; returns its id. */
async function fileOnPage(citizen: TestCitizen, fields: Record<string, string>): Promise<string> {
  const res = await postForm(citizen.cookie, '/akun/privasi', '/akun/privasi/permintaan', fields);
  expect(res.statusCode, res.body).toBe(303);
  const row = await t.db.owner.selectFrom('data_requests').select('id').where('citizen_id', '=', citizen.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

/** The PPID approves a request on the queue page. */
async function approve(requestId: string) {
  const res = await postForm(ppid, '/petugas/permintaan-data', `/petugas/permintaan-data/${requestId}`, { outcome: 'done', [`reason-${requestId}`]: '' });
  expect(res.statusCode, res.body).toBe(303);
}

async function requestRow(id: string) {
  return t.db.owner.selectFrom('data_requests').select(['status', 'carried_out_at', 'closed_at', 'details']).where('id', '=', id).executeTakeFirstOrThrow();
}

async function stepsOf(id: string) {
  return t.db.owner.selectFrom('data_request_steps').select(['holder', 'status', 'attempts', 'result', 'last_error']).where('request_id', '=', id).orderBy('holder').execute();
}

/** A report filed from the citizen's account, with their name and phone in its text. */
async function report(citizen: TestCitizen, privacy: 'public' | 'rahasia', contact: { name: string; email: string; phone: string }, tenant = M) {
  const res = await api('POST', '/api/v1/complaints', citizen.cookie, {
    kind: 'pengaduan',
    title: `Jalan rusak depan rumah ${contact.name}`,
    description: `Saya ${contact.name}, jalan di depan rumah berlubang sejak sebulan. Hubungi saya di ${contact.phone} atau ${contact.email}.`,
    privacy,
    categoryCode: 'administrasi_kependudukan',
    reporter: { name: contact.name, email: contact.email, phone: contact.phone },
  }, tenant);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().trackingNumber as string;
}

describe('erasure', () => {
  it('reaches every module: complaints kept without the person, notifications, the draft and the spare upload gone, the application kept pseudonymised, passkeys, sessions and consents gone', async () => {
    const citizen = await citizenWithProfile(t, 'makassar', { birthDate: '1990-03-12' });
    const name = await nameOf(citizen.id);
    const { email, phone, nik } = await profileOf(citizen.id);
    const contact = { name, email, phone };

    const publicRef = await report(citizen, 'public', contact);
    await verifyThroughApi(t, 'makassar', publicRef);
    const secretRef = await report(citizen, 'rahasia', contact);
    // The same account used at Jawa Tengah, another government on the installation: the request,
    // resolved by Makassar's PPID, reaches that government's records too.
    const elsewhereRef = await report(citizen, 'rahasia', contact, '/t/jateng');

    const files = await uploadsFor(t, 'makassar', citizen, birth);
    const submitted = await api('POST', '/api/v1/applications', citizen.cookie, { serviceId: birth.serviceId, answers: answersFor(birth.form, files) });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const applicationId = submitted.json().id as string;
    // A document uploaded for a form never sent: no decision rests on it.
    const fileField = birth.form.groups.flatMap((g) => g.fields).find((f) => f.type === 'file')!;
    const spare = await uploadTo(t, 'makassar', citizen, birth.serviceId, fileField.id);
    expect(spare.statusCode).toBe(201);
    const spareFile = spare.json().items[0].fileId as string;

    await t.db.owner
      .insertInto('passkeys')
      .values({ tenant_id: tenantId, id: randomUUID(), citizen_id: citizen.id, credential_id: `cred-${randomUUID()}`, public_key: Buffer.from('key'), counter: 0, transports: [], multi_device: false, backed_up: false, rp_id: 'localhost', name: 'HP Android', created_at: new Date() })
      .execute();
    const otherService = randomUUID();
    await t.db.owner
      .insertInto('application_drafts')
      .values({ tenant_id: tenantId, id: randomUUID(), citizen_id: citizen.id, service_id: otherService, answers: JSON.stringify({ nama: name }), created_at: new Date(), updated_at: new Date(), expires_at: new Date(Date.now() + 86_400_000) })
      .execute();
    const account = `${tenantId}.${citizen.id}`;
    await t.db.owner
      .insertInto('oidc_payloads')
      .values([
        { model: 'Grant', id: `grant-${citizen.id}`, payload: JSON.stringify({ clientId: 'client-x', openid: { scope: 'openid profile' } }), account_id: account },
        { model: 'AccessToken', id: `token-${citizen.id}`, payload: JSON.stringify({}), grant_id: `grant-${citizen.id}` },
      ])
      .execute();
    // What complaints queued for the person: receipts to their address and in their inbox.
    expect((await t.db.owner.selectFrom('notifications').select('id').where('recipient', 'in', [email, phone]).execute()).length).toBeGreaterThan(0);
    expect((await t.db.owner.selectFrom('notification_inbox').select('id').where('recipient_id', '=', citizen.id).execute()).length).toBeGreaterThan(0);

    const requestId = await fileOnPage(citizen, { kind: 'erasure', details: 'Hapus semua data saya.' });
    await approve(requestId);
    expect((await requestRow(requestId)).status).toBe('in_progress');
    expect(await runDataRequestJobs(t)).toBe(1);

    const done = await requestRow(requestId);
    expect(done.status).toBe('done');
    expect(done.carried_out_at).toBeInstanceOf(Date);
    expect(done.details).toBe('—');
    const steps = await stepsOf(requestId);
    expect(steps.map((s) => [s.holder, s.status])).toEqual([
      ['applications', 'done'],
      ['complaints', 'done'],
      ['documents', 'done'],
      ['identity', 'done'],
      ['information-requests', 'done'],
      ['notifications', 'done'],
      ['oidc', 'done'],
      ['payments', 'done'],
      ['surveys', 'done'],
      ['waiting-room', 'done'],
    ]);
    expect(steps.find((s) => s.holder === 'complaints')?.result).toMatchObject({ reports: 3 });

    // Complaints, in both governments: kept, with their substance, the person taken out.
    const reports = await t.db.owner.selectFrom('complaints').selectAll().where('tracking_number', 'in', [publicRef, secretRef, elsewhereRef]).orderBy('privacy').execute();
    expect(reports).toHaveLength(3);
    for (const r of reports) {
      expect([r.reporter_citizen_id, r.reporter_name, r.reporter_email, r.reporter_phone]).toEqual([null, null, null, null]);
      const text = `${r.title} ${r.description} ${r.published_title ?? ''} ${r.published_description ?? ''}`;
      for (const value of [name, email, phone, phone.replace('+62', '0')]) expect(text).not.toContain(value);
      expect(r.description).toContain('jalan di depan rumah berlubang sejak sebulan');
    }
    const listed = await api('GET', '/api/v1/complaints');
    expect(listed.statusCode).toBe(200);
    expect(listed.body).toContain(publicRef);
    expect(listed.body).toContain('Jalan rusak depan rumah [dihapus]');
    const publicView = await api('GET', `/api/v1/complaints/${publicRef}`);
    expect(publicView.statusCode).toBe(200);
    expect(publicView.body).toContain('jalan di depan rumah berlubang sejak sebulan');
    expect(publicView.body).not.toContain(name);
    expect(listed.body).not.toContain(secretRef);
    expect(listed.body).not.toContain(name);
    const officerView = await api('GET', `/api/v1/complaints/${secretRef}`, coordinator);
    expect(officerView.statusCode).toBe(200);
    expect(officerView.body).not.toContain(name);
    expect(officerView.body).not.toContain(email);

    // Notifications: every message to the person, their inbox and preferences.
    expect(await t.db.owner.selectFrom('notifications').select('id').where('recipient', 'in', [email, phone]).execute()).toEqual([]);
    expect(await t.db.owner.selectFrom('notifications').select('id').where('recipient_hash', 'in', [t.audit.pseudonymize(tenantId, email), t.audit.pseudonymize(tenantId, phone)]).execute()).toEqual([]);
    expect(await t.db.owner.selectFrom('notification_inbox').select('id').where('recipient_id', '=', citizen.id).execute()).toEqual([]);
    expect(await t.db.owner.selectFrom('notification_preferences').select('person_id').where('person_id', '=', citizen.id).execute()).toEqual([]);

    // Applications: the decision's record kept, the applicant pseudonymised; the spare upload queued for removal.
    const application = await t.db.owner.selectFrom('applications').select(['applicant_id', 'birth_date_key']).where('id', '=', applicationId).executeTakeFirstOrThrow();
    expect(application).toEqual({ applicant_id: citizen.id, birth_date_key: null });
    expect(await t.db.owner.selectFrom('application_drafts').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual([]);
    expect(await t.db.owner.selectFrom('application_uploads').select('file_id').where('file_id', '=', spareFile).execute()).toEqual([]);
    const removal = await t.db.owner.selectFrom('jobs').select('payload').where('kind', '=', 'files.remove').execute();
    expect(removal.map((j) => (j.payload as { fileId: string }).fileId)).toContain(spareFile);
    expect((await t.db.owner.selectFrom('application_uploads').select('file_id').where('citizen_id', '=', citizen.id).execute()).length).toBeGreaterThan(0);

    // Identity: the profile, credentials, sessions, passkeys; the OpenID consents and their tokens.
    expect(await t.db.owner.selectFrom('citizens').select(['status', 'name', 'nik_hash', 'email_hash', 'phone_hash', 'password_hash']).where('id', '=', citizen.id).executeTakeFirstOrThrow()).toEqual({
      status: 'erased',
      name: '',
      nik_hash: null,
      email_hash: null,
      phone_hash: null,
      password_hash: null,
    });
    expect(await t.db.owner.selectFrom('citizen_profiles').select('citizen_id').where('citizen_id', '=', citizen.id).execute()).toEqual([]);
    expect(await t.db.owner.selectFrom('sessions').select('id').where('subject_id', '=', citizen.id).execute()).toEqual([]);
    expect(await t.db.owner.selectFrom('passkeys').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual([]);
    expect(await t.db.owner.selectFrom('oidc_payloads').select('id').where((eb) => eb.or([eb('account_id', '=', account), eb('grant_id', '=', `grant-${citizen.id}`)])).execute()).toEqual([]);

    // Nowhere left: no table holds the NIK, e-mail or phone in any text column.
    const leftovers = await t.db.owner
      .selectFrom('complaint_events')
      .select('body')
      .where((eb) => eb.or([eb('body', 'like', `%${name}%`), eb('body', 'like', `%${email}%`), eb('body', 'like', `%${nik}%`)]))
      .execute();
    expect(leftovers).toEqual([]);
    // Audit: carried out, pseudonyms only.
    const audit = await t.db.owner.selectFrom('audit_pending').select(['action', 'data']).where('subject', '=', `data_request:${requestId}`).execute();
    expect(audit.map((a) => a.action)).toContain('citizen.data_request_carried_out');
    expect(JSON.stringify(audit)).not.toContain(email);
  });
});

describe('correction', () => {
  it('is carried out once approved: the profile and every copy modules show; the citizen sees it carried out', async () => {
    const citizen = await citizenWithProfile(t, 'makassar');
    const { email, phone } = await profileOf(citizen.id);
    const ref = await report(citizen, 'public', { name: await nameOf(citizen.id), email, phone });

    // A wrong value is refused beside its field, nothing filed.
    const bad = await postForm(citizen.cookie, '/akun/privasi', '/akun/privasi/permintaan', { kind: 'correction', details: 'Email saya salah.', correctionField: 'email', correctionValue: 'bukan-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('e-correctionValue');
    expect(await t.db.owner.selectFrom('data_requests').select('id').where('citizen_id', '=', citizen.id).execute()).toEqual([]);

    const nameRequest = await fileOnPage(citizen, { kind: 'correction', details: 'Nama saya salah ketik.', correctionField: 'name', correctionValue: '  Andi   Pratama Benar ' });
    const queue = await t.app.inject({ url: `${M}/petugas/permintaan-data`, headers: { cookie: ppid } });
    expect(queue.body).toContain('Andi Pratama Benar');
    await approve(nameRequest);
    const emailRequest = await fileOnPage(citizen, { kind: 'correction', details: 'Email saya berganti.', correctionField: 'email', correctionValue: 'Andi.Benar@Contoh.ID' });
    await approve(emailRequest);
    expect(await runDataRequestJobs(t)).toBe(2);

    expect(await nameOf(citizen.id)).toBe('Andi Pratama Benar');
    expect((await profileOf(citizen.id)).email).toBe('andi.benar@contoh.id');
    const account = await t.db.owner.selectFrom('citizens').select('email_hash').where('id', '=', citizen.id).executeTakeFirstOrThrow();
    expect(account.email_hash).toBe(t.audit.pseudonymize('installation', 'andi.benar@contoh.id'));
    const copied = await t.db.owner.selectFrom('complaints').select(['reporter_name', 'reporter_email']).where('tracking_number', '=', ref).executeTakeFirstOrThrow();
    expect(copied).toEqual({ reporter_name: 'Andi Pratama Benar', reporter_email: 'andi.benar@contoh.id' });
    const shown = await api('GET', `/api/v1/complaints/${ref}`, coordinator);
    expect(shown.json().reporter).toMatchObject({ name: 'Andi Pratama Benar', email: 'andi.benar@contoh.id' });
    expect((await stepsOf(nameRequest)).map((s) => s.holder)).toEqual(['complaints', 'identity']);

    const mine = await t.app.inject({ url: `${M}/akun/privasi`, headers: { cookie: citizen.cookie } });
    expect(mine.body).toContain('Dilaksanakan');
    const listed = await api('GET', '/api/v1/me/data-requests', citizen.cookie);
    expect(listed.json().items.map((r: { status: string; carriedOutAt: string | null }) => [r.status, r.carriedOutAt !== null])).toEqual([
      ['done', true],
      ['done', true],
    ]);
  });

  it('without a field to correct, is recorded done when the officer approves (carried out by hand)', async () => {
    const citizen = await citizenWithProfile(t, 'makassar');
    const id = await fileOnPage(citizen, { kind: 'correction', details: 'Tempat lahir saya salah.' });
    await approve(id);
    expect((await requestRow(id)).status).toBe('done');
    expect(await stepsOf(id)).toEqual([]);
  });
});

describe('consent withdrawal', () => {
  it('is carried out without an officer: the consents revoked, optional notifications off, counter assistance ended', async () => {
    const citizen = await citizenWithProfile(t, 'makassar');
    const account = `${tenantId}.${citizen.id}`;
    await t.db.owner.insertInto('oidc_payloads').values({ model: 'Grant', id: `grant-w-${citizen.id}`, payload: JSON.stringify({ clientId: 'client-x' }), account_id: account }).execute();
    // An officer acting for the citizen at a counter, on the consent the citizen gave there.
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier' }] });
    const assisted = randomUUID();
    await t.db.owner
      .insertInto('assisted_sessions')
      .values({ tenant_id: tenantId, id: assisted, citizen_id: citizen.id, officer_id: (officer.principal as { id: string }).id, session_id: 'a'.repeat(64), purpose: 'Bantu daftar', consent: 'Saya setuju dibantu petugas loket.', started_at: new Date() })
      .execute();
    const id = await fileOnPage(citizen, { kind: 'consent_withdrawal', details: 'Saya menarik semua persetujuan.' });
    expect((await requestRow(id)).status).toBe('in_progress');
    expect(await runDataRequestJobs(t)).toBe(1);
    expect((await requestRow(id)).status).toBe('done');
    expect(await t.db.owner.selectFrom('oidc_payloads').select('id').where('account_id', '=', account).execute()).toEqual([]);
    const prefs = await t.db.owner.selectFrom('notification_preferences').select('channels').where('person_id', '=', citizen.id).executeTakeFirstOrThrow();
    const channels = prefs.channels as Record<string, string[]>;
    expect(Object.keys(channels).length).toBeGreaterThan(0);
    expect(Object.values(channels).every((c) => c.length === 0)).toBe(true);
    expect((await t.db.owner.selectFrom('assisted_sessions').select('ended_at').where('id', '=', assisted).executeTakeFirstOrThrow()).ended_at).toBeInstanceOf(Date);
    // The queue shows it as carried out; there is nothing for the officer to decide.
    const queue = await t.app.inject({ url: `${M}/petugas/permintaan-data`, headers: { cookie: ppid } });
    const card = queue.body.slice(queue.body.indexOf(`data-request-id="${id}"`));
    expect(card.slice(0, card.indexOf('</li>'))).not.toContain('name="outcome"');
  });
});

describe('carrying out', () => {
  it('records a holder that fails, keeps the others’ work, and retries until it is done', async () => {
    const citizen = await citizenWithProfile(t, 'makassar');
    let failures = 1;
    registerPersonalDataHolder('test-flaky', {
      label: { id: 'Uji', en: 'Test' },
      columns: [],
      async erase(_ctx, subject) {
        if (subject.citizenId === citizen.id && failures-- > 0) throw new Error('storage unreachable');
        return {};
      },
    });
    const id = await fileOnPage(citizen, { kind: 'erasure', details: 'Hapus data saya.' });
    await approve(id);
    const start = t.now();
    expect(await runDataRequestJobs(t)).toBe(1);
    let steps = await stepsOf(id);
    expect(steps.find((s) => s.holder === 'test-flaky')).toMatchObject({ status: 'failed', attempts: 1, last_error: 'storage unreachable' });
    expect(steps.find((s) => s.holder === 'complaints')?.status).toBe('done');
    // Identity waits: its profile holds the contacts the others find their copies by.
    expect(steps.find((s) => s.holder === 'identity')?.status).toBe('pending');
    expect((await requestRow(id)).status).toBe('in_progress');
    const retry = await t.db.owner.selectFrom('jobs').select(['run_at']).where('kind', '=', 'identity.data_request_carry_out').where('state', '=', 'queued').executeTakeFirstOrThrow();
    expect(retry.run_at.getTime()).toBeGreaterThan(start.getTime());
    await t.db.owner.updateTable('jobs').set({ run_at: new Date(0) }).where('kind', '=', 'identity.data_request_carry_out').where('state', '=', 'queued').execute();
    expect(await runDataRequestJobs(t)).toBe(1);
    steps = await stepsOf(id);
    expect(steps.every((s) => s.status === 'done')).toBe(true);
    expect(steps.find((s) => s.holder === 'test-flaky')?.attempts).toBe(2);
    expect((await requestRow(id)).status).toBe('done');
    const queue = await t.app.inject({ url: `${M}/petugas/permintaan-data`, headers: { cookie: ppid } });
    expect(queue.body).toContain('Uji: selesai');
  });

  it('flags an open request with less than a day left, once; the queue shows it', async () => {
    const citizen = await citizenWithProfile(t, 'makassar');
    const id = await fileOnPage(citizen, { kind: 'erasure', details: 'Hapus data saya nanti.' });
    const filed = await t.db.owner.selectFrom('data_requests').select('created_at').where('id', '=', id).executeTakeFirstOrThrow();
    const at = (hours: number) => () => new Date(filed.created_at.getTime() + hours * 3600_000);
    const sweep = (hours: number) => withTenant(t.db.app, tenantId, (trx) => sweepDataRequests(trx, { audit: t.audit, now: at(hours) }, tenantId));
    await sweep(47);
    expect((await t.db.owner.selectFrom('data_requests').select('deadline_flagged_at').where('id', '=', id).executeTakeFirstOrThrow()).deadline_flagged_at).toBeNull();
    expect((await sweep(49)).flagged).toBeGreaterThanOrEqual(1);
    expect((await sweep(50)).flagged).toBe(0);
    const queue = await t.app.inject({ url: `${M}/petugas/permintaan-data`, headers: { cookie: ppid } });
    expect(queue.body).toContain('kurang dari 24 jam lagi');
  });
});
