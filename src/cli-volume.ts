// `gerbang seed volume` and `gerbang transparency rebuild`: volume for the public dashboard's benchmark
// (docs/transparency.md, bench/dashboard.ts) and a full recount of a tenant's dashboard aggregates.
import { randomBytes } from 'node:crypto';
import { say, UsageError } from './cli.js';
import { systemContext } from './platform/context.js';
import type { Runtime } from './runtime.js';

const MAX = 5_000_000;

function countOf(name: string, value: string | boolean | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX) throw new UsageError(`seed volume: --${name} must be a whole number from 0 to ${MAX} (got "${String(value)}")`);
  return n;
}

async function tenantOf(rt: Runtime, command: string, values: Record<string, string | boolean | undefined>) {
  const slug = String(values.tenant ?? 'makassar');
  const { listTenants } = await import('./modules/tenancy/index.js');
  const tenant = (await listTenants(rt.db.owner)).find((t) => t.slug === slug);
  if (!tenant) throw new UsageError(`${command}: --tenant must name an existing tenant (got "${slug}")`);
  return tenant;
}

/** Recounts the tenant's dashboard aggregates from its applications, complaints, payments and sign-ins. */
export async function runTransparencyRebuild(rt: Runtime, values: Record<string, string | boolean | undefined>): Promise<number> {
  const tenant = await tenantOf(rt, 'transparency rebuild', values);
  const { rebuildTenantAggregates } = await import('./modules/transparency/index.js');
  const started = performance.now();
  let shown = 0;
  const total = await rebuildTenantAggregates(rt.db.app, tenant, () => new Date(), (read) => {
    const rows = read.applications + read.complaints;
    if (rows - shown >= 100_000) {
      shown = rows;
      say(`  ${rows.toLocaleString('en')} application(s) and complaint(s) counted`);
    }
  });
  say(
    `${tenant.slug}: dashboard aggregates rebuilt from ${total.applications.toLocaleString('en')} application(s), ${total.complaints.toLocaleString('en')} complaint(s), ` +
      `${total.payments.toLocaleString('en')} payment(s) and ${total.signIns.toLocaleString('en')} sign-in(s) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
  return 0;
}

/**
 * `seed volume --applications N --complaints N [--tenant SLUG]`: development only. Applications are
 * copies of the tenant's own (one per service: run `gerbang seed` first); complaints are written over
 * its categories and agencies; both spread over the last year. Then the aggregates are rebuilt.
 */
export async function runSeedVolume(rt: Runtime, values: Record<string, string | boolean | undefined>): Promise<number> {
  if (rt.config.env === 'production') throw new UsageError('seed volume makes test data: not available in production');
  const applications = countOf('applications', values.applications);
  const complaints = countOf('complaints', values.complaints);
  if (applications + complaints === 0) throw new UsageError('seed volume: give --applications N and/or --complaints N');
  const tenant = await tenantOf(rt, 'seed volume', values);
  const ctx = { ...systemContext(rt.db.app, rt.audit, 'seed'), tenant };
  const run = randomBytes(4).toString('hex');
  const progress = (what: string) => (done: number) => {
    if (done % 200_000 === 0) say(`  ${done.toLocaleString('en')} ${what}`);
  };
  const started = performance.now();
  if (applications > 0) {
    const { seedVolumeApplications } = await import('./modules/applications/index.js');
    await seedVolumeApplications(ctx, { count: applications, run, onProgress: progress('applications') });
  }
  if (complaints > 0) {
    // The demo complaint categories (what `serve` seeds at start; idempotent): complaints need them.
    if (rt.config.seedDemo) await (await import('./seed.js')).seedComplaintDemo(rt, rt.config);
    const { seedVolumeComplaints } = await import('./modules/complaints/index.js');
    await seedVolumeComplaints(ctx, { count: complaints, run, onProgress: progress('complaints') });
  }
  say(`${tenant.slug}: ${applications.toLocaleString('en')} application(s) and ${complaints.toLocaleString('en')} complaint(s) added in ${((performance.now() - started) / 1000).toFixed(1)} s (run ${run}).`);
  return runTransparencyRebuild(rt, values);
}
