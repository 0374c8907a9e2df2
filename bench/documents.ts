// `npm run bench:documents` (issue 20): in one process, against a temporary embedded PostgreSQL (or
// DATABASE_URL's), with the demo tenants:
//  1. signing: BENCH_DOCUMENTS documents (default 40) drawn and signed one after another with the
//     tenant's development key — the one-page permit of the issuing job: pdf-lib's drawing, the QR
//     image, the signature placeholder and the CMS — first on the document thread (DOCUMENT_THREADS=1,
//     as served), then on the event loop (0, as before), each with the event loop's delay
//     (perf_hooks.monitorEventLoopDelay, 1 ms resolution) recorded meanwhile. Target: p95 ≤ 200 ms
//     without blocking the event loop.
//  2. verification by code: GET /api/v1/documents/verify/{code} (verifyDocument) at
//     BENCH_DOCUMENT_CONNECTIONS connections (default 32) against a raw node:http + pg baseline doing
//     the same lookup (the document by tenant and code, the public answer with the holder masked), in
//     the same run: baseline, app, baseline; the ratio is app ÷ the mean of the baselines. Target ≥ 50 %.
//     The baseline reads as the database owner (no row-level security, no tenant setting): if
//     anything it is faster than a fair copy, so the ratio errs low.
// Also SQL statements per verification (does not depend on the machine's load). Writes
// bench/results/documents.json.
import '../src/platform/threadpool.js';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { freePort } from '../src/db/embedded.js';
import { connectDatabase, withTenant } from '../src/db/index.js';
import { issueDocument, signingKeyDeps } from '../src/modules/documents/index.js';
import { currentSigner } from '../src/modules/documents/keys.js';
import { configureDocumentThreads, prepareDocument } from '../src/modules/documents/signing/pool.js';
import { listTenants } from '../src/modules/tenancy/index.js';
import { systemContext } from '../src/platform/context.js';
import { createLocalFileStore } from '../src/platform/files/index.js';
import { CpuProbe, embeddedDatabaseUrl, inProcessBench, type LoadResult, postmaster, runLoad, runBench, seededDemoApp } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION_S = Number(process.env.BENCH_DURATION || 10);
const CONNECTIONS = Number(process.env.BENCH_DOCUMENT_CONNECTIONS || 32);
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS || 40);
const APP_SECRET = Buffer.alloc(32, 5);

let statements = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Math.round(n * 10) / 10;

/** The raw baseline: the same lookup by tenant and code, and the same public answer. */
function startBaseline(databaseUrl: string, tenantId: string, tenantName: string): Promise<{ url: (code: string) => string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const mask = (name: string) => name.split(/\s+/).map((w) => (w.length <= 1 ? w : `${w[0]}${'*'.repeat(Math.min(w.length - 1, 6))}`)).join(' ');
  const server = http.createServer((req, res) => {
    const code = (req.url ?? '').split('/').pop()!.split('?')[0]!;
    if (!/^[a-z2-7]{26}$/.test(code)) {
      res.writeHead(400).end();
      return;
    }
    pool
      .query('SELECT * FROM documents WHERE tenant_id = $1 AND code = $2', [tenantId, code])
      .then(({ rows: [row] }) => {
        if (!row || row.status === 'pending') return void res.writeHead(404).end();
        const expired = row.valid_until && new Date(row.valid_until).getTime() <= Date.now();
        const body = JSON.stringify({
          code: row.code, number: row.number, type: row.type, title: row.title, holder: mask(row.holder_name),
          issuer: { tenant: tenantName, agency: row.agency_name }, signer: { name: row.signer_name, position: row.signer_position },
          issuedAt: new Date(row.issued_at).toISOString(), validUntil: row.valid_until ? new Date(row.valid_until).toISOString() : null,
          status: row.status === 'revoked' ? 'revoked' : expired ? 'expired' : 'valid',
          revoked: row.revoked_at ? { at: new Date(row.revoked_at).toISOString(), reason: row.revoked_reason } : null, sha256: row.sha256,
        });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(body);
      })
      .catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ url: (code) => `http://127.0.0.1:${port}/verify/${code}`, close: async () => void (server.close(), await pool.end()) });
    }),
  );
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { dataDir, config } = await inProcessBench('documents', { PUBLIC_BASE_URL: base, RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
  const db = await connectDatabase(config, { poolSize: 20 });
  const closers: (() => unknown)[] = [];
  try {
    const { app, audit } = await seededDemoApp(dataDir, config, db, APP_SECRET);
    await app.listen({ port, host: '127.0.0.1' });
    closers.push(() => app.close());

    const tenant = (await listTenants(db.owner)).find((x) => x.slug === 'makassar')!;
    const agency = await db.owner.selectFrom('agencies').select(['id', 'name']).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
    const citizen = await db.owner.selectFrom('citizens').select(['id', 'name']).where('name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    const keys = signingKeyDeps(config, APP_SECRET);
    const files = createLocalFileStore(config.filesDir);
    const ctx = { ...systemContext(db.app, audit, 'bench'), tenant, publicBaseUrl: base };
    const issue = () =>
      issueDocument(ctx, { keys, files }, {
        type: 'izin', title: 'Izin Usaha Mikro', applicationId: null, trackingNumber: null, serviceId: null, serviceName: 'Izin Usaha Mikro',
        agencyId: agency.id, agencyName: agency.name, holderCitizenId: citizen.id, holderName: citizen.name,
        fields: [{ label: 'Nama usaha', value: 'Warung Coto Daeng' }, { label: 'Alamat usaha', value: 'Jl. Somba Opu No. 12, Makassar' }], validityDays: 365,
      });

    // 1. Signing one page, on the thread and on the event loop, with the loop's delay meanwhile.
    const { signer: documentSigner } = await withTenant(db.app, tenant.id, (trx) => currentSigner(trx, tenant, keys, new Date()));
    const layout = {
      lang: 'id' as const, tenantName: tenant.name, agencyName: agency.name, title: 'Izin Usaha Mikro', number: 'DOK-BENC-H000', holderName: citizen.name,
      serviceName: 'Izin Usaha Mikro', fields: [{ label: 'Nama usaha', value: 'Warung Coto Daeng' }], issuedAt: new Date().toISOString(), validUntil: null,
      signerName: documentSigner.certificate.commonName, signerPosition: agency.name, verifyUrl: `${base}/t/makassar/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa`,
    };
    const signing: Record<string, { p50Ms: number; p95Ms: number; maxMs: number; loopDelayP99Ms: number; loopDelayMaxMs: number }> = {};
    for (const threads of [1, 0]) {
      configureDocumentThreads(threads);
      for (let i = 0; i < 3; i++) await documentSigner.sign(await prepareDocument(layout, { name: 'x', reason: 'x', location: 'x', signingTime: new Date() })); // warm-up
      const delay = monitorEventLoopDelay({ resolution: 1 });
      const times: number[] = [];
      delay.enable();
      for (let i = 0; i < DOCUMENTS; i++) {
        const started = performance.now();
        await documentSigner.sign(await prepareDocument(layout, { name: documentSigner.certificate.commonName, reason: 'Penerbitan', location: tenant.name, signingTime: new Date() }));
        times.push(performance.now() - started);
      }
      delay.disable();
      times.sort((a, b) => a - b);
      signing[threads ? 'thread' : 'eventLoop'] = {
        p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), maxMs: round(times.at(-1)!),
        loopDelayP99Ms: round(delay.percentile(99) / 1e6), loopDelayMaxMs: round(delay.max / 1e6),
      };
    }
    configureDocumentThreads(config.documentThreads);

    // 2. Verification by code against the raw baseline.
    const issued = await issue();
    const baseline = await startBaseline(process.env.DATABASE_URL || embeddedDatabaseUrl(dataDir), tenant.id, tenant.name);
    closers.push(baseline.close);
    const appUrl = `${base}/t/makassar/api/v1/documents/verify/${issued.code}`;
    const check = await fetch(appUrl);
    if (check.status !== 200) throw new Error(`verifyDocument answered ${check.status}: ${await check.text()}`);
    const cpu = new CpuProbe(process.pid, dataDir ? postmaster(dataDir)?.pid : undefined);
    const options = { connections: CONNECTIONS, durationS: DURATION_S, warmupS: 2 };
    const runs: LoadResult[] = [];
    runs.push(await runLoad('baseline', baseline.url(issued.code), options));
    let before = 0;
    const appRun = await runLoad('verifyDocument', appUrl, { ...options, cpu, afterWarmup: async () => void (before = statements) });
    const statementsPerRequest = round((statements - before) / Math.max(1, appRun.total));
    runs.push(appRun);
    runs.push(await runLoad('baseline', baseline.url(issued.code), options));
    const baselineMean = (runs[0]!.reqPerSec + runs[2]!.reqPerSec) / 2;
    const ratio = appRun.reqPerSec / baselineMean;
    const result = {
      at: new Date().toISOString(),
      cpus: os.cpus().length,
      loadAverage1m: os.loadavg()[0] ?? 0,
      documents: DOCUMENTS,
      signing,
      signingTargetP95Ms: 200,
      verification: { connections: CONNECTIONS, durationS: DURATION_S, ratio, target: 0.5, baselineMean, statementsPerRequest, runs },
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'documents.json'), `${JSON.stringify(result, null, 2)}\n`);
    const s = (k: string) => signing[k]!;
    process.stdout.write(
      `signing one page (${DOCUMENTS} documents): on the thread p50 ${s('thread').p50Ms} ms, p95 ${s('thread').p95Ms} ms, event-loop delay p99 ${s('thread').loopDelayP99Ms} ms (max ${s('thread').loopDelayMaxMs}); ` +
        `on the event loop p50 ${s('eventLoop').p50Ms} ms, p95 ${s('eventLoop').p95Ms} ms, delay p99 ${s('eventLoop').loopDelayP99Ms} ms (max ${s('eventLoop').loopDelayMaxMs})\n` +
        `verification by code (${CONNECTIONS} connections, ${DURATION_S} s): ${appRun.reqPerSec.toFixed(0)} req/s (p99 ${appRun.p99Ms} ms, non-2xx ${appRun.non2xx}) ÷ raw baseline ${baselineMean.toFixed(0)} req/s = ${(ratio * 100).toFixed(0)} %; ${statementsPerRequest} SQL statements per request (load average ${result.loadAverage1m.toFixed(1)} on ${result.cpus} CPUs)\n`,
    );
  } finally {
    for (const close of closers.reverse()) await close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await runBench('bench:documents', main);
