// `npm run bench:signin`: citizen sign-in under load. In one process, against a temporary embedded
// PostgreSQL (or DATABASE_URL's): the real app (buildApp) with the demo tenants and accounts, then
// autocannon POSTs /t/makassar/api/v1/auth/login (the demo citizen, right password: argon2id verify,
// throttle bookkeeping, audit event, session) at a fixed 50 requests per second for BENCH_DURATION
// seconds (default 10) after a 2 s warm-up. Target (issue #4): p99 ≤ 100 ms at 50 sign-ins/s.
// Writes bench/results/signin.json. Also the last step of `npm run bench`. See docs/performance.md.
import '../src/platform/threadpool.js'; // first, as in src/main.ts: sizes libuv's thread pool
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error autocannon ships no type declarations; the slice used is typed below.
import autocannonUntyped from 'autocannon';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, migrateToLatest } from '../src/db/index.js';
import { DEMO_PASSWORD, seedDemoIdentity } from '../src/modules/identity/index.js';
import { seedDefaultTemplates } from '../src/modules/notifications/index.js';
import { seedDemoTenants } from '../src/modules/tenancy/index.js';
import { createAuditLog, loadAuditSigner, publishedCheckpoints } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { freePort } from './lib.js';

interface Result {
  requests: { total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}
const autocannon = autocannonUntyped as (options: Record<string, unknown>) => Promise<Result>;

const ROOT = path.resolve(import.meta.dirname, '..');
const RATE = Number(process.env.BENCH_SIGNIN_RATE || 50);
const DURATION_S = Number(process.env.BENCH_DURATION || 10);
const TARGET_P99_MS = 100;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-signin-bench-'));
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.DATABASE_URL,
    // One client address sends everything here; the per-address write limit is not what is measured.
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
  });
  const db = await connectDatabase(config, { poolSize: 20 });
  try {
    await migrateToLatest(db.owner);
    const signer = loadAuditSigner({ dataDir, env: 'development' });
    const audit = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 3) });
    const ctx = systemContext(db.owner, audit, 'seed');
    await seedDefaultTemplates(ctx);
    await seedDemoTenants(ctx);
    await seedDemoIdentity({ ...ctx, audit });
    const app = await buildApp({ config, db: db.app, ownerDb: db.owner, audit, appSecret: Buffer.alloc(32, 5), auditCheckpoints: () => publishedCheckpoints(db.app, signer) });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const request = {
      url: `${base}/t/makassar/api/v1/auth/login`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: 'warga@makassar.demo.gerbang.id', password: DEMO_PASSWORD }),
      connections: 10,
      overallRate: RATE,
    };
    await autocannon({ ...request, duration: 2 });
    const r = await autocannon({ ...request, duration: DURATION_S });
    await app.close();
    const result = {
      at: new Date().toISOString(),
      cpus: os.cpus().length,
      loadAverage1m: os.loadavg()[0] ?? 0,
      rate: RATE,
      durationS: DURATION_S,
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      targetP99Ms: TARGET_P99_MS,
      met: r.non2xx === 0 && r.latency.p99 <= TARGET_P99_MS,
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'signin.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `sign-in at ${RATE}/s for ${DURATION_S} s: ${result.requests} requests, ${result.non2xx} non-2xx, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms — target p99 ≤ ${TARGET_P99_MS} ms: ${result.met ? 'met' : 'NOT met'} (load average ${result.loadAverage1m.toFixed(1)} on ${result.cpus} CPUs)\n`,
    );
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:signin failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
