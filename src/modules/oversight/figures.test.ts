// Complaints and public information requests in the officers' figures, on a real PostgreSQL: reports
// submitted, verified, forwarded, followed up, answered and rated through the complaints module, a
// request decided through the PPID's API, then the figures equal a direct count over the complaints'
// timeline and the audit log; an agency's administrator sees their agency's complaints and no PPID
// figures; another tenant sees none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { citizenWithProfile } from '../../../test/applications.js';
import { signInAs, type SignedIn, tenantContextOf } from '../../../test/auth.js';
import { complaintTestContext, seedTestComplaints } from '../../../test/complaints.js';
import { actAsReporter, actOnComplaint, type OfficerAccess, submitComplaint } from '../complaints/index.js';
import { createInformationRequest } from '../information-requests/index.js';
import { listAgencies } from '../tenancy/index.js';
import { getOfficerPerformance } from './service.js';

let t: TestApp;
let clock = new Date('2026-03-02T01:00:00Z'); // Monday 2 March 2026, 09:00 WITA
const at = (iso: string) => {
  clock = new Date(iso);
};
const M = '/t/makassar';
const who: Record<string, SignedIn> = {};
const idOf = (s: SignedIn) => (s.principal as { id: string }).id;
const grantsOf = (s: SignedIn) => (s.principal as { grants: { role: string; agencyId: string | null }[] }).grants;
let agencyIds: Record<string, string> = {};
let requestId = '';

const base = { kind: 'pengaduan' as const, title: 'Antrean puskesmas terlalu lama', description: 'Antrean di puskesmas lebih dari tiga jam setiap pagi.', privacy: 'public' as const };

async function complaintCtx(actor: { kind: 'officer' | 'citizen'; id: string }) {
  const tenant = (await tenantContextOf(t, 'makassar')).tenant;
  return { ...complaintTestContext(t), tenant, actor, now: () => clock };
}
const access = (s: SignedIn, coordinator: boolean, agency?: string): OfficerAccess => ({ officerId: idOf(s), coordinator, agencies: agency ? [agencyIds[agency]!] : 'all' });

/** One report of `reporter`, verified and forwarded to `agency` on Monday morning. */
async function forwarded(reporter: string, agency: string) {
  at('2026-03-02T02:00:00Z');
  const s = await submitComplaint(await complaintCtx({ kind: 'citizen', id: reporter }), base);
  at('2026-03-02T02:30:00Z');
  const coordinator = await complaintCtx({ kind: 'officer', id: idOf(who.coordinator!) });
  await actOnComplaint(coordinator, { access: access(who.coordinator!, true), ref: s.id, action: 'verify', tier: 'simple' });
  at('2026-03-02T03:00:00Z');
  await actOnComplaint(coordinator, { access: access(who.coordinator!, true), ref: s.id, action: 'dispatch', agencyId: agency });
  return s.id;
}

async function answer(handler: SignedIn, agency: string, id: string, when: string, answered = true) {
  at(when);
  const ctx = await complaintCtx({ kind: 'officer', id: idOf(handler) });
  await actOnComplaint(ctx, { access: access(handler, false, agency), ref: id, action: 'start' });
  if (answered) await actOnComplaint(ctx, { access: access(handler, false, agency), ref: id, action: 'answer', text: 'Loket tambahan dibuka mulai pekan depan.' });
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, {}, { now: () => clock });
  await seedTestComplaints(t);
  const makassar = (await tenantContextOf(t, 'makassar')).tenant;
  agencyIds = Object.fromEntries((await listAgencies(t.db.app, makassar)).map((a) => [a.code, a.id]));
  who.coordinator = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }], name: 'Koordinator K' });
  who.a = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dinkes' }], name: 'Penangan A' });
  who.b = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'disdukcapil' }], name: 'Penangan B' });
  who.auditor = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'auditor' }] });
  who.dinkesAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dinkes' }] });
  who.citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
  const reporter = idOf(who.citizen);

  // A answers two Dinkes reports the next day (rated 4 and 2), and leaves a third in follow-up.
  const rated = [await forwarded(reporter, 'dinkes'), await forwarded(reporter, 'dinkes')];
  for (const id of rated) await answer(who.a, 'dinkes', id, '2026-03-03T02:00:00Z');
  const open = await forwarded(reporter, 'dinkes');
  await answer(who.a, 'dinkes', open, '2026-03-03T03:00:00Z', false);
  at('2026-03-04T02:00:00Z');
  const reporterCtx = await complaintCtx({ kind: 'citizen', id: reporter });
  await actAsReporter(reporterCtx, { who: { citizenId: reporter }, ref: rated[0]!, action: 'confirm', rating: 4, resolved: true });
  await actAsReporter(reporterCtx, { who: { citizenId: reporter }, ref: rated[1]!, action: 'confirm', rating: 2, resolved: true });
  // B answers a Disdukcapil report late: after its resolution deadline (5 working days for a simple one).
  const late = await forwarded(reporter, 'disdukcapil');
  await answer(who.b, 'disdukcapil', late, '2026-03-20T02:00:00Z');

  // A public information request, decided by the PPID two days later through the API.
  at('2026-03-02T04:00:00Z');
  const requester = await citizenWithProfile(t, 'makassar');
  const created = await createInformationRequest({ ...(await tenantContextOf(t, 'makassar', { kind: 'citizen', id: requester.id })), now: () => clock }, {
    requesterKind: 'person',
    information: 'Jumlah tenaga kesehatan per puskesmas tahun 2025.',
    purpose: 'Kajian pelayanan kesehatan.',
    delivery: 'view',
  });
  requestId = created.id;
  at('2026-03-04T04:00:00Z');
  who.ppid = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid' }], name: 'PPID P' });
  const decided = await t.app.inject({
    method: 'POST',
    url: `${M}/api/v1/information-requests/${requestId}/decision`,
    headers: { cookie: who.ppid.cookie, 'content-type': 'application/json' },
    payload: { decision: 'granted_full', answer: 'Terlampir jumlah tenaga kesehatan per puskesmas.' },
  });
  expect(decided.statusCode, decided.body).toBe(200);
}, 240_000);

afterAll(async () => {
  await t?.close();
});

const figures = async (viewer: SignedIn) =>
  getOfficerPerformance({ ...(await tenantContextOf(t, 'makassar', { kind: 'officer', id: idOf(viewer) })), now: () => new Date('2026-04-30T02:00:00Z') }, {
    viewer: { officerId: idOf(viewer), grants: grantsOf(viewer) as never },
    from: '2026-03-01',
    to: '2026-03-31',
  });

describe('complaints and PPID requests in the officers’ figures', () => {
  it('equal a direct count over the complaints’ timeline, their ratings and the audit log', async () => {
    const { complaints, informationRequests } = await figures(who.auditor!);
    const direct = await t.db.owner
      .selectFrom('complaint_events as e')
      .innerJoin('complaints as c', (j) => j.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.complaint_id'))
      .select(['e.actor', 'e.at', 'c.resolution_due_at', 'c.rating', 'c.forwarded_at'])
      .where('e.action', '=', 'answer')
      .execute();
    for (const handler of [who.a!, who.b!]) {
      const mine = direct.filter((d) => d.actor === `officer:${idOf(handler)}`);
      const row = complaints.find((c) => c.officer.id === idOf(handler))!;
      const ratings = mine.flatMap((d) => (d.rating === null ? [] : [d.rating]));
      expect(row.answered).toBe(mine.length);
      expect(row.onTimeShare).toBe(mine.filter((d) => d.at <= d.resolution_due_at!).length / mine.length);
      expect(row.ratings).toBe(ratings.length);
      expect(row.averageRating).toBe(ratings.length ? ratings.reduce((x, y) => x + y, 0) / ratings.length : null);
      const hours = mine.reduce((s, d) => s + (d.at.getTime() - d.forwarded_at!.getTime()), 0) / mine.length / 3600_000;
      expect(row.averageHandlingHours).toBe(Math.round(hours * 10) / 10);
    }
    // The cases as built: A answered both Dinkes reports on time (rated 4 and 2) and holds one overdue; B answered late.
    expect(complaints.find((c) => c.officer.id === idOf(who.a!))).toMatchObject({ answered: 2, onTimeShare: 1, ratings: 2, averageRating: 3, overdueItems: 1, agency: { code: 'dinkes' }, officer: { name: 'Penangan A' } });
    expect(complaints.find((c) => c.officer.id === idOf(who.b!))).toMatchObject({ answered: 1, onTimeShare: 0, ratings: 0, averageRating: null, overdueItems: 0, agency: { code: 'disdukcapil' } });

    await t.audit.flush(t.db.app);
    const decisions = await t.db.owner.selectFrom('audit_log').select(['actor']).where('action', '=', 'information.request_decided').where('subject', '=', `information_request:${requestId}`).execute();
    expect(decisions.map((d) => d.actor)).toEqual([`officer:${idOf(who.ppid!)}`]);
    expect(informationRequests).toEqual({
      officers: [{ officer: { id: idOf(who.ppid!), name: 'PPID P' }, decided: 1, onTimeShare: 1, averageHandlingHours: 48 }],
      overdueItems: 0,
    });
  });

  it('an agency’s administrator sees their agency’s complaints and no PPID figures; the API and the page carry them; another tenant sees none', async () => {
    const own = await figures(who.dinkesAdmin!);
    expect(own.complaints.map((c) => c.agency?.code)).toEqual(['dinkes']);
    expect(own.informationRequests).toBeNull();
    // Fresh sessions at the app's clock (those of the set-up were opened weeks before).
    const auditor = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'auditor' }] });
    const handler = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dinkes' }] });
    const api = await t.app.inject({ url: `${M}/api/v1/oversight/performance?from=2026-03-01&to=2026-03-31`, headers: { cookie: auditor.cookie } });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json().complaints).toHaveLength(2);
    expect(api.json().informationRequests.officers).toHaveLength(1);
    const page = await t.app.inject({ url: `${M}/kelola/kinerja?dari=2026-03-01&sampai=2026-03-31`, headers: { cookie: auditor.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="ovs-complaints"');
    expect(page.body).toContain('2 penilaian, rata-rata 3 dari 5');
    expect(page.body).toContain('id="ovs-information"');
    expect((await t.app.inject({ url: `${M}/api/v1/oversight/performance`, headers: { cookie: handler.cookie } })).statusCode).toBe(403);
    const jateng = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'auditor' }] });
    const other = await t.app.inject({ url: `/t/jateng/api/v1/oversight/performance?from=2026-03-01&to=2026-03-31`, headers: { cookie: jateng.cookie } });
    expect(other.json()).toMatchObject({ complaints: [], informationRequests: { officers: [], overdueItems: 0 } });
  });
});
