// The automatic dataset of application volumes and processing times, on a real PostgreSQL: real
// applications submitted and decided through the applications module (the clock injected), the daily
// refresh publishes a row per service and month whose figures equal a direct count over the
// applications, with small counts withheld (and the mean with them).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { answersFor, applicationTestContext, citizenWithProfile, publishWithSetup } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { smallForm } from '../../../test/small-form.js';
import type { Job } from '../../platform/jobs/index.js';
import { actOnApplication, type OfficerRef, presetVerifyIssue, submitApplication } from '../applications/index.js';
import { openDataJobHandlers, REFRESH_JOB } from './auto.js';

let t: TestApp;
let clock = new Date('2026-03-02T02:00:00Z'); // Monday 2 March 2026, 10:00 WITA
const M = '/t/makassar';

async function refresh() {
  const handler = openDataJobHandlers({ audit: t.audit, now: () => clock, minCount: 5 })[REFRESH_JOB]!;
  const job: Job = { id: 1, kind: REFRESH_JOB, payload: {}, tenantId: null, attempts: 0 };
  await t.db.app.transaction().execute((trx) => handler(job, trx));
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, {}, { now: () => clock });
  const birth = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyIssue(), form: smallForm, now: () => clock });
  const family = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'kartu-keluarga', workflow: presetVerifyIssue(), form: smallForm, now: () => clock });
  const citizen = await citizenWithProfile(t, 'makassar');
  const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] });
  const officer = verifier.principal as unknown as OfficerRef;
  const submit = async (serviceId: string, form: typeof birth.form) => {
    const ctx = await applicationTestContext(t, 'makassar', { kind: 'citizen', id: citizen.id }, () => clock);
    return submitApplication(ctx, { applicant: { citizenId: citizen.id, assurance: 'registry', assisted: null }, serviceId, answers: answersFor(form) });
  };
  // Birth certificates: seven in March, five of them rejected two days later; family cards: three, none closed.
  const births = [];
  for (let i = 0; i < 7; i += 1) births.push(await submit(birth.serviceId, birth.form));
  for (let i = 0; i < 3; i += 1) await submit(family.serviceId, family.form);
  clock = new Date('2026-03-04T02:00:00Z');
  const ctx = await applicationTestContext(t, 'makassar', { kind: 'officer', id: officer.id }, () => clock);
  for (const a of births.slice(0, 5)) await actOnApplication(ctx, { officer: { id: officer.id, grants: officer.grants }, applicationId: a.id, stepId: 'verify', action: 'reject', expectedVersion: 1, reason: 'Berkas tidak lengkap.' });
}, 240_000);

afterAll(async () => {
  await t?.close();
});

it('publishes received, closed and the mean days to close per service and month, equal to a direct count, small counts withheld', async () => {
  await refresh();
  const res = await t.app.inject({ url: `${M}/data/permohonan-layanan-per-bulan/unduh/json` });
  expect(res.statusCode, res.body).toBe(200);
  const rows = res.json() as { kode_layanan: string; bulan: string; diterima: number | string; selesai: number | string; rata_rata_hari_selesai: number | null }[];
  const direct = await t.db.owner.selectFrom('applications').select(['service_id', 'submitted_at', 'closed_at']).execute();
  const bySubmitted = (code: string) => rows.find((r) => r.kode_layanan === code && r.bulan === '2026-03');
  expect(direct).toHaveLength(10);
  const births = direct.filter((d) => d.closed_at !== null);
  expect(bySubmitted('akta-kelahiran')).toMatchObject({ diterima: 7, selesai: births.length, rata_rata_hari_selesai: 2 });
  // Three family cards: fewer than five, withheld; none closed (a zero singles nobody out).
  expect(bySubmitted('kartu-keluarga')).toMatchObject({ diterima: '<5', selesai: 0, rata_rata_hari_selesai: null });
  const csv = await t.app.inject({ url: `${M}/data/permohonan-layanan-per-bulan/unduh/csv` });
  expect(csv.body.split('\n')[0]).toBe('kode_instansi,nama_instansi,kode_layanan,nama_layanan,bulan,diterima,selesai,rata_rata_hari_selesai');
});
