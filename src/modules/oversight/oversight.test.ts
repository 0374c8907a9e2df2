// Oversight on a real PostgreSQL: real applications submitted and decided through the applications
// module at chosen times (the injected clock), the audit chain sequenced, then the job reads the
// increment. Each flag rule fires on its case and not on its near-miss; a second run reads nothing
// again; the officers' figures equal a direct count over the audit log; another tenant and other
// roles are refused on every route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { answersFor, applicationTestContext, citizenWithProfile, publishWithSetup, type PublishedService, type TestCitizen } from '../../../test/applications.js';
import { signInAs, type SignedIn, tenantContextOf } from '../../../test/auth.js';
import { smallForm } from '../../../test/small-form.js';
import { withTenant } from '../../db/index.js';
import type { OfficerRef } from '../applications/index.js';
import { actOnApplication, assignStep, getApplicationFacts, submitApplication } from '../applications/index.js';
import { presetVerifyIssue } from '../applications/index.js';
import { scanTenant } from './job.js';
import { getOfficerPerformance, listIrregularityFlags, setOfficerKinshipKeys } from './service.js';

let t: TestApp;
let clock = new Date('2026-03-02T00:30:00Z'); // Monday 2 March 2026, 08:30 WITA
const M = '/t/makassar';
const at = (iso: string) => {
  clock = new Date(iso);
};
let service: PublishedService;
let peerCitizen: TestCitizen;
let relative: TestCitizen;
const officers: Record<string, SignedIn> = {};
const ref = (who: SignedIn): OfficerRef => {
  const p = who.principal as { id: string; grants: OfficerRef['grants'] };
  return { id: p.id, grants: p.grants };
};
const idOf = (who: SignedIn) => (who.principal as { id: string }).id;

async function submit(citizen: TestCitizen, when: string) {
  at(when);
  const ctx = await applicationTestContext(t, 'makassar', { kind: 'citizen', id: citizen.id }, () => clock);
  return submitApplication(ctx, { applicant: { citizenId: citizen.id, assurance: 'registry', assisted: null }, serviceId: service.serviceId, answers: answersFor(service.form) });
}

async function decide(who: SignedIn, applicationId: string, action: 'approve' | 'reject', when: string) {
  at(when);
  const ctx = await applicationTestContext(t, 'makassar', { kind: 'officer', id: idOf(who) }, () => clock);
  return actOnApplication(ctx, { officer: ref(who), applicationId, stepId: 'verify', action, expectedVersion: 1, ...(action === 'reject' ? { reason: 'Berkas tidak lengkap.' } : {}) });
}

async function assign(admin: SignedIn, applicationId: string, to: SignedIn, when: string) {
  at(when);
  const ctx = await applicationTestContext(t, 'makassar', { kind: 'officer', id: idOf(admin) }, () => clock);
  await assignStep(ctx, { officer: ref(admin), applicationId, stepId: 'verify', assigneeId: idOf(to) });
}

async function scan() {
  await t.audit.flush(t.db.app);
  const ctx = { ...(await tenantContextOf(t, 'makassar', { kind: 'system', id: 'oversight.scan' })), now: () => clock };
  return scanTenant(ctx);
}

const flagsOf = async () => (await listIrregularityFlags({ ...(await tenantContextOf(t, 'makassar')), now: () => clock }, { limit: 100 })).flags;

/** Ids of the applications each case made, to find their flags. */
const cases: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, {}, { now: () => clock });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyIssue({ days: { verify: 20 }, serviceDays: 10 }), form: smallForm, now: () => clock });
  peerCitizen = await citizenWithProfile(t, 'makassar');
  relative = await citizenWithProfile(t, 'makassar');
  for (const name of ['v1', 'v2', 'v3', 'v4', 'v5', 'v6']) officers[name] = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }], name: `Verifikator ${name}` });
  officers.admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }], name: 'Admin Disdukcapil' });

  // Peers: eight applications rejected by v1 about three days after submission, in working hours.
  for (let i = 0; i < 8; i += 1) {
    const a = await submit(peerCitizen, `2026-03-02T01:${String(i * 5).padStart(2, '0')}:00Z`);
    await decide(officers.v1!, a.id, 'reject', `2026-03-05T0${1 + (i % 4)}:${String(i * 5).padStart(2, '0')}:00Z`);
  }
  // Far faster: rejected ten minutes after submission. Near-miss: one day, within the fences.
  cases.fast = (await submit(peerCitizen, '2026-03-06T01:00:00Z')).id;
  await decide(officers.v1!, cases.fast, 'reject', '2026-03-06T01:10:00Z');
  cases.oneDay = (await submit(peerCitizen, '2026-03-09T01:00:00Z')).id;
  await decide(officers.v1!, cases.oneDay, 'reject', '2026-03-10T01:00:00Z');

  // Own application: v2's kinship keys carry the applicant's NIK; v3's another NIK (near-miss).
  const admin = { ...(await tenantContextOf(t, 'makassar', { kind: 'officer', id: 'tenant-admin' })), now: () => clock };
  await setOfficerKinshipKeys(admin, { officerId: idOf(officers.v2!), nik: relative.nik });
  await setOfficerKinshipKeys(admin, { officerId: idOf(officers.v3!), nik: peerCitizen.nik.replace(/\d{4}$/, '9999') });
  cases.own = (await submit(relative, '2026-03-10T01:00:00Z')).id;
  await decide(officers.v2!, cases.own, 'approve', '2026-03-10T02:00:00Z');
  cases.notOwn = (await submit(relative, '2026-03-10T01:05:00Z')).id;
  await decide(officers.v3!, cases.notOwn, 'approve', '2026-03-10T02:05:00Z');

  // Night burst: v4 approves five within 40 minutes at 22:00 WITA; v5 five spread over 80 minutes (near-miss).
  const night: string[] = [];
  for (let i = 0; i < 10; i += 1) night.push((await submit(peerCitizen, `2026-03-10T03:${String(i * 2).padStart(2, '0')}:00Z`)).id);
  for (let i = 0; i < 5; i += 1) await decide(officers.v4!, night[i]!, 'approve', `2026-03-10T14:${String(i * 10).padStart(2, '0')}:00Z`);
  for (let i = 0; i < 5; i += 1) await decide(officers.v5!, night[5 + i]!, 'approve', `2026-03-10T1${4 + Math.floor((i * 20) / 60)}:${String((i * 20) % 60).padStart(2, '0')}:00Z`);
  cases.burstFirst = night[0]!;

  // Reassignments: twice in the 48 hours before the deadline; near-miss: the second after the deadline.
  const ctx = await applicationTestContext(t, 'makassar');
  cases.reassigned = (await submit(peerCitizen, '2026-03-11T01:00:00Z')).id;
  cases.reassignedEarly = (await submit(peerCitizen, '2026-03-11T01:05:00Z')).id;
  const [late, early] = await getApplicationFacts({ ...ctx, now: () => clock }, [cases.reassigned, cases.reassignedEarly]).then((f) => [f.find((x) => x.id === cases.reassigned)!, f.find((x) => x.id === cases.reassignedEarly)!]);
  const due = (f: typeof late) => f!.serviceDueAt!.getTime();
  // The standard's jangka waktu gives these a deadline more than a day after submission.
  expect(due(late) - late!.submittedAt.getTime()).toBeGreaterThan(30 * 3600_000);
  await assign(officers.admin!, cases.reassigned, officers.v1!, new Date(due(late) - 24 * 3600_000).toISOString());
  await assign(officers.admin!, cases.reassigned, officers.v6!, new Date(due(late) - 10 * 3600_000).toISOString());
  await assign(officers.admin!, cases.reassignedEarly, officers.v1!, new Date(due(early) - 20 * 3600_000).toISOString());
  await assign(officers.admin!, cases.reassignedEarly, officers.v6!, new Date(due(early) + 2 * 3600_000).toISOString());

  // Payments the bank matched to an invoice: one of a different amount, one a duplicate (near-miss).
  const tenantId = admin.tenant.id;
  await withTenant(t.db.app, tenantId, async (trx) => {
    await t.audit.append(trx, { tenantId, actor: 'system:payments', action: 'payment.held', subject: 'invoice:00000000-0000-4000-8000-000000000001', data: { number: 'TGH-1', amount: 20000, outcome: 'amount_mismatch' } });
    await t.audit.append(trx, { tenantId, actor: 'system:payments', action: 'payment.held', subject: 'invoice:00000000-0000-4000-8000-000000000002', data: { number: 'TGH-2', amount: 25000, outcome: 'duplicate_payment_held_for_refund' } });
  });
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('the job', () => {
  it('raises each flag on its case and not on its near-miss, with the audit entries as evidence', async () => {
    const first = await scan();
    expect(first.flags).toBeGreaterThan(0);
    const flags = await flagsOf();
    const kinds = (kind: string) => flags.filter((f) => f.kind === kind);

    expect(kinds('peer_outlier').map((f) => f.applicationId)).toEqual([cases.fast]);
    expect(kinds('peer_outlier')[0]!.detail).toMatchObject({ which: 'fast', peers: 8 });

    expect(kinds('own_or_relative').map((f) => [f.applicationId, f.officer?.id, f.detail.relation])).toEqual([[cases.own, idOf(officers.v2!), 'self']]);

    const bursts = kinds('after_hours_burst');
    expect(bursts.map((f) => f.officer?.id)).toEqual([idOf(officers.v4!)]);
    expect(bursts[0]!.evidenceSeqs).toHaveLength(5);

    expect(kinds('reassigned_near_deadline').map((f) => f.applicationId)).toEqual([cases.reassigned]);
    expect(kinds('reassigned_near_deadline')[0]!.evidenceSeqs).toHaveLength(2);

    expect(kinds('payment_amount').map((f) => f.invoiceId)).toEqual(['00000000-0000-4000-8000-000000000001']);

    // Every flag's evidence names audit entries of this tenant that exist.
    const seqs = flags.flatMap((f) => f.evidenceSeqs);
    const rows = await t.db.owner.selectFrom('audit_log').select(['seq', 'tenant_id']).where('seq', 'in', seqs).execute();
    expect(rows).toHaveLength(new Set(seqs).size);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([(await tenantContextOf(t, 'makassar')).tenant.id]));
  });

  it('reads only the increment: a second run reads nothing and raises nothing', async () => {
    const before = (await flagsOf()).length;
    const again = await scan();
    expect(again).toMatchObject({ read: 0, actions: 0, flags: 0 });
    expect((await flagsOf()).length).toBe(before);
  });

  it('the officer’s kinship read is recorded in the applicant’s data-access list', async () => {
    const reads = await t.db.owner.selectFrom('personal_data_access').select(['accessor_id', 'purpose']).where('citizen_id', '=', relative.id).execute();
    expect(reads.some((r) => r.accessor_id === 'system:oversight.scan' && r.purpose.startsWith('Pengawasan internal'))).toBe(true);
  });
});

describe('officers’ figures', () => {
  it('equal a direct count over the audit log', async () => {
    const auditor = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'auditor' }] });
    const ctx = { ...(await tenantContextOf(t, 'makassar', { kind: 'officer', id: idOf(auditor) })), now: () => clock };
    const { officers: rows } = await getOfficerPerformance(ctx, { viewer: ref(auditor) as never, from: '2026-03-01', to: '2026-03-31' });
    for (const name of ['v1', 'v2', 'v4', 'v5']) {
      const id = idOf(officers[name]!);
      const direct = await t.db.owner
        .selectFrom('audit_log')
        .select(['subject'])
        .where('actor', '=', `officer:${id}`)
        .where('action', 'in', ['application.approved_step', 'application.rejected_step', 'application.forwarded', 'application.revision_requested'])
        .execute();
      const row = rows.find((r) => r.officer.id === id)!;
      expect(row.decisions).toBe(direct.length);
      expect(row.itemsHandled).toBe(new Set(direct.map((d) => d.subject)).size);
    }
    const v1 = rows.find((r) => r.officer.id === idOf(officers.v1!))!;
    // The standard's deadline is under two days: the eight three-day peers were late, the ten-minute and one-day ones on time.
    expect(v1).toMatchObject({ decisions: 10, itemsHandled: 10, onTimeShare: 0.2, agency: { code: 'disdukcapil' } });
    // Eight peers waited about three days, one ten minutes, one a day.
    expect(v1.averageHandlingHours).toBeGreaterThan(55);
  });
});

describe('access', () => {
  // The officers' sessions were opened on 2 March by the app's clock: back to then, so they are alive.
  beforeAll(() => at('2026-03-02T00:31:00Z'));
  const as = (who: SignedIn | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { ...(who ? { cookie: who.cookie } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: payload as object } : {}) });

  it('figures: the auditor sees every agency, an agency administrator theirs only; a verifier, a citizen and another tenant are refused', async () => {
    const period = '?from=2026-03-01&to=2026-03-31';
    const auditor = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'auditor' }] });
    const all = await as(auditor, 'GET', `${M}/api/v1/oversight/performance${period}`);
    expect(all.statusCode, all.body).toBe(200);
    expect((all.json().officers as unknown[]).length).toBeGreaterThan(0);
    const otherAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dinkes' }] });
    expect((await as(otherAdmin, 'GET', `${M}/api/v1/oversight/performance${period}`)).json().officers).toEqual([]);
    expect((await as(otherAdmin, 'GET', `${M}/api/v1/oversight/performance${period}&agency=disdukcapil`)).statusCode).toBe(403);
    const ownAdmin = (await as(officers.admin, 'GET', `${M}/api/v1/oversight/performance${period}`)).json().officers as { agency: { code: string } }[];
    expect(ownAdmin.length).toBeGreaterThan(0);
    expect(new Set(ownAdmin.map((o) => o.agency.code))).toEqual(new Set(['disdukcapil']));
    expect((await as(officers.v1, 'GET', `${M}/api/v1/oversight/performance`)).statusCode).toBe(403);
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await as(citizen, 'GET', `${M}/api/v1/oversight/performance`)).statusCode).toBe(403);
    expect((await as(undefined, 'GET', `${M}/api/v1/oversight/performance`)).statusCode).toBe(401);
    const jateng = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'auditor' }] });
    expect([401, 403]).toContain((await as(jateng, 'GET', `${M}/api/v1/oversight/performance`)).statusCode);
    expect((await as(jateng, 'GET', `/t/jateng/api/v1/oversight/performance${period}`)).json().officers).toEqual([]);
    expect((await as(auditor, 'GET', `${M}/api/v1/oversight/performance?from=2026-03-31&to=2026-03-01`)).statusCode).toBe(400);
    expect((await as(auditor, 'GET', `${M}/kelola/kinerja?dari=2026-03-01&sampai=2026-03-31`)).statusCode).toBe(200);
    expect((await as(officers.v1, 'GET', `${M}/kelola/kinerja`)).statusCode).toBe(403);
  });

  it('flags: only the auditor lists, opens (with the evidence’s hashes) and reviews them, once; another tenant sees none', async () => {
    const auditor = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'auditor' }] });
    const list = await as(auditor, 'GET', `${M}/api/v1/oversight/flags`);
    expect(list.statusCode).toBe(200);
    const flag = (list.json().flags as { id: string; kind: string }[]).find((f) => f.kind === 'own_or_relative')!;
    const one = await as(auditor, 'GET', `${M}/api/v1/oversight/flags/${flag.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().evidence[0]).toMatchObject({ action: 'application.approved_step', actorKind: 'officer', actorName: 'Verifikator v2' });
    expect(one.json().evidence[0].chainHash).toMatch(/^[0-9a-f]{64}$/);
    const page = await as(auditor, 'GET', `${M}/kelola/pengawasan/${flag.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(one.json().evidence[0].leafHash);
    for (const who of [officers.admin, officers.v1, await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })]) {
      expect((await as(who, 'GET', `${M}/api/v1/oversight/flags`)).statusCode).toBe(403);
      expect((await as(who, 'POST', `${M}/api/v1/oversight/flags/${flag.id}/review`, { note: 'x' })).statusCode).toBe(403);
      expect((await as(who, 'GET', `${M}/kelola/pengawasan`)).statusCode).toBe(403);
    }
    const jateng = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'auditor' }] });
    expect((await as(jateng, 'GET', `/t/jateng/api/v1/oversight/flags`)).json().flags).toEqual([]);
    expect((await as(jateng, 'GET', `/t/jateng/api/v1/oversight/flags/${flag.id}`)).statusCode).toBe(404);
    expect((await as(jateng, 'POST', `/t/jateng/api/v1/oversight/flags/${flag.id}/review`, { note: 'x' })).statusCode).toBe(404);

    const empty = await as(auditor, 'POST', `${M}/api/v1/oversight/flags/${flag.id}/review`, { note: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].message).toBe('Tuliskan catatan pemeriksaan.');
    const reviewed = await as(auditor, 'POST', `${M}/api/v1/oversight/flags/${flag.id}/review`, { note: 'Diperiksa: permohonan sendiri, diteruskan ke Inspektorat.' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().review).toMatchObject({ note: 'Diperiksa: permohonan sendiri, diteruskan ke Inspektorat.' });
    expect((await as(auditor, 'POST', `${M}/api/v1/oversight/flags/${flag.id}/review`, { note: 'lagi' })).statusCode).toBe(409);
    await t.audit.flush(t.db.app);
    const audited = await t.db.owner.selectFrom('audit_log').select('action').where('subject', '=', `oversight_flag:${flag.id}`).execute();
    expect(audited.map((a) => a.action)).toEqual(['oversight.flag_reviewed']);
  });

  it('kinship keys: the tenant administrator sets them (only keyed hashes kept); others and another tenant are refused', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const target = idOf(officers.v6!);
    const nik = relative.nik;
    const ok = await as(admin, 'PUT', `${M}/api/v1/oversight/officers/${target}/kinship-keys`, { nik, kk: '7371010101010001' });
    expect(ok.statusCode, ok.body).toBe(204);
    const stored = await t.db.owner.selectFrom('oversight_officer_keys').selectAll().where('officer_id', '=', target).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(nik);
    expect(JSON.stringify(stored)).not.toContain('7371010101010001');
    expect((await as(admin, 'PUT', `${M}/api/v1/oversight/officers/${target}/kinship-keys`, { nik: '123' })).statusCode).toBe(400);
    const auditor = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'auditor' }] });
    expect((await as(auditor, 'PUT', `${M}/api/v1/oversight/officers/${target}/kinship-keys`, { nik })).statusCode).toBe(403);
    const jateng = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await as(jateng, 'PUT', `/t/jateng/api/v1/oversight/officers/${target}/kinship-keys`, { nik })).statusCode).toBe(400);
    expect((await as(admin, 'GET', `${M}/kelola/pengawasan/petugas`)).statusCode).toBe(200);
    expect((await as(auditor, 'GET', `${M}/kelola/pengawasan/petugas`)).statusCode).toBe(403);
  });
});
