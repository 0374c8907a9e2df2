// `npm run bench:payments`: the payment notification endpoint (issue 19) against a raw baseline that
// verifies the same HMAC and does the same INSERT, in the same run. In one process, on a temporary
// embedded PostgreSQL (or DATABASE_URL's): the demo data; the health certificate (Rp25.000) given a small
// form and a workflow whose first step is the payment, published; BENCH_NOTIFICATIONS (default 1,500)
// applications submitted by BENCH_CITIZENS (default 100) citizens in turn, each billed (invoice + sandbox bills) and paid at the
// sandbox's simulated bank by its virtual account — the bank records the payment; its signed
// notification is built but not sent. Then, 32 connections, each notification POSTed once to
// /t/makassar/api/v1/payments/notifications/sandbox: signature and freshness checked, then one
// statement stores the notice in the inbox and queues its job (decision 0082). The baseline (node:http
// + pg in this process): the same headers and body, the HMAC verified in constant time, one INSERT of
// the gateway event (ON CONFLICT DO NOTHING), 200. Turns: baseline, app, baseline, every one of them a
// fixed number of distinct notifications (none is a replay); the ratio is the app's req/s ÷ the mean of
// the baselines (target ≥ 50 %). Then the drain: a job runner as serve starts it (JOB_WORKERS, default
// 2; BENCH_DRAIN_WORKERS overrides) processes the queued notices — the gateway's status query, and in
// one transaction the gateway event, the ledger credit, the invoice paid, its event, the audit entry,
// the application moved on and the notice marked processed — timed until every notice is credited.
// Writes bench/results/payment-notifications.json.
import '../src/platform/threadpool.js';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { formFromRequirements, type FormDefinition, saveServiceForm, saveServiceWorkflow } from '../src/modules/applications/index.js';
import { componentLines, listAgencyServices, publishService } from '../src/modules/catalog/index.js';
import { createSession, SESSION_COOKIE } from '../src/modules/identity/index.js';
import { PROCESS_NOTICE_JOB, paymentJobHandlers } from '../src/modules/payments/index.js';
import { payAtSandboxBank, sandboxNotification } from '../src/modules/payments/gateways/sandbox/bank.js';
import { sandboxSigningKey } from '../src/modules/payments/gateways/sandbox/gateway.js';
import { listAgencies, listTenants } from '../src/modules/tenancy/index.js';
import { publishedCheckpoints } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { createJobRunner } from '../src/platform/jobs/index.js';
import { type Db, sql, withTenant } from '../src/db/index.js';
import { withRuntime } from '../src/runtime.js';
import { seedDemo } from '../src/seed.js';
import { countStatements, CpuProbe, embeddedDatabaseUrl, freePort, postmaster, seedBenchCitizens, runBench } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const COUNT = Number(process.env.BENCH_NOTIFICATIONS || 1500);
const CONNECTIONS = 32;
const CITIZENS = Number(process.env.BENCH_CITIZENS || 100);
const TARGET = 0.5;
const DRAIN_WORKERS = process.env.BENCH_DRAIN_WORKERS ? Number(process.env.BENCH_DRAIN_WORKERS) : undefined;
const progress = (line: string) => process.stderr.write(`payments bench: ${line}\n`);

// Every statement any pg client of this process sends: per notification, a figure the load does not change.
const statements = countStatements();

type WorkflowInput = Parameters<typeof saveServiceWorkflow>[1]['workflow'];
const L = (id: string, en: string) => ({ id, en });

/** Pay first, then an officer's check: every application is billed as it is submitted. */
const payFirst = (): WorkflowInput => ({
  version: 1,
  serviceDays: 3,
  revisionPolicy: 'pause',
  deemedApproval: false,
  start: 'pay',
  steps: [
    { id: 'pay', kind: 'wait', name: L('Pembayaran retribusi', 'Fee payment'), event: 'paid', waitsOn: 'applicant', next: 'check' },
    { id: 'check', kind: 'task', name: L('Pemeriksaan', 'Check'), role: 'verifier', deadline: { days: 3, onLapse: { action: 'escalate', role: 'agency_admin', days: 1 } }, actions: { approve: { to: 'done' }, reject: { to: 'rejected' } } },
    { id: 'done', kind: 'end', name: L('Selesai', 'Done'), outcome: 'issued' },
    { id: 'rejected', kind: 'end', name: L('Ditolak', 'Rejected'), outcome: 'rejected' },
  ],
});

const smallForm = (requirements: string[]): FormDefinition => {
  const generated = formFromRequirements(requirements.map((id) => ({ id })));
  return {
    groups: [{ id: 'pemohon', title: L('Data pemohon', 'Applicant'), fields: [{ id: 'declaration', type: 'checkbox', label: L('Data saya benar.', 'My data is true.'), required: true }] }],
    requirements: (generated.requirements ?? []).map((r) => ({ requirement: r.requirement, fields: ['declaration'] })),
  };
};

interface Counters {
  statements: number;
  commits: number;
  walFsyncs: number;
}

/** Statements sent by this process, commits and WAL flushes of the database (statistics reach the views when a backend goes idle, at most once a second). */
async function counters(owner: Db): Promise<Counters> {
  const own = statements();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const { rows } = await sql<{ commits: number; fsyncs: number }>`
    SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::int AS commits,
           (SELECT coalesce(sum(fsyncs), 0) FROM pg_stat_io WHERE object = 'wal')::int AS fsyncs`.execute(owner);
  // The counters' own transaction commits too (read-only: no WAL flush).
  return { statements: own, commits: rows[0]!.commits - 1, walFsyncs: rows[0]!.fsyncs };
}

/**
 * BENCH_PGWAIT=1: what PostgreSQL's active backends are doing, sampled every 50 ms while `during` runs —
 * the wait events (locks, WAL flushes) and the statements they wait in, most frequent first.
 */
async function sampleWaits<T>(owner: Db, during: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_PGWAIT) return during();
  const seen = new Map<string, number>();
  let running = true;
  const sampler = (async () => {
    while (running) {
      const { rows } = await sql<{ wait: string; query: string }>`
        SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 90) AS query
          FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`.execute(owner);
      for (const r of rows) seen.set(`${r.wait}\t${r.query}`, (seen.get(`${r.wait}\t${r.query}`) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return await during();
  } finally {
    running = false;
    await sampler;
    const top = [...seen].sort((a, b) => b[1] - a[1]).slice(0, 25);
    process.stderr.write(`payments bench: active backends' samples — count, wait, statement\n${top.map(([k, n]) => `${n}\t${k}`).join('\n')}\n`);
  }
}

const perEach = (after: Counters, before: Counters, n: number) => ({
  statements: Math.round(((after.statements - before.statements) / n) * 10) / 10,
  commits: Math.round(((after.commits - before.commits) / n) * 10) / 10,
  walFsyncs: Math.round(((after.walFsyncs - before.walFsyncs) / n) * 10) / 10,
});

/**
 * The inbox drained as serve's runner would drain it (its poll, its LISTEN, JOB_WORKERS jobs at once):
 * the seconds until every stored notice is settled, the rate, and the statements and commits per notice
 * (the sandbox's status query, answered from its own tables, included).
 */
async function drainInbox(rt: Parameters<Parameters<typeof withRuntime>[1]>[0], config: ReturnType<typeof loadConfig>, tenantId: string, expected: number) {
  const workers = DRAIN_WORKERS ?? config.jobWorkers;
  const settled = () => withTenant(rt.db.app, tenantId, (trx) => trx.selectFrom('payment_notification_inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '<>', 'received').executeTakeFirstOrThrow()).then((r) => Number(r.n));
  const quiet = { info() {}, warn() {}, error: (obj: object, msg?: string) => progress(`drain: ${msg ?? ''} ${JSON.stringify(obj)}`) };
  const handlers = paymentJobHandlers({ config, db: rt.db.app, audit: rt.audit, appSecret: rt.secret, now: () => new Date() });
  const runner = createJobRunner(rt.db.app, handlers, { concurrency: workers, kinds: [PROCESS_NOTICE_JOB], listenUrl: rt.db.url, log: quiet });
  progress(`drain: ${expected} queued notices, ${workers} job workers…`);
  const before = await counters(rt.db.owner);
  const started = performance.now();
  runner.start();
  let done = 0;
  // Checked every 100 ms; the last check's time is the end (≤ 100 ms late), against a 5-minute cap.
  while ((done = await settled()) < expected && performance.now() - started < 300_000) await new Promise((resolve) => setTimeout(resolve, 100));
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return { workers, settled: done, seconds: Math.round(seconds * 100) / 100, perSec: done / seconds, perNotice: perEach(await counters(rt.db.owner), before, Math.max(done, 1)) };
}

interface Message {
  body: string;
  headers: Record<string, string>;
}

/** Closed loop: CONNECTIONS workers, each POSTing the next message as soon as the last was answered. */
async function drive(url: string, messages: Message[]) {
  const latencies: number[] = [];
  let next = 0;
  let non2xx = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL(url);
  const send = (m: Message) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...m.headers, 'content-length': Buffer.byteLength(m.body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(m.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < messages.length) {
        const m = messages[next++]!;
        const t0 = performance.now();
        const status = await send(m);
        latencies.push(performance.now() - t0);
        if (status < 200 || status >= 300) non2xx++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return { requests: messages.length, seconds: Math.round(seconds * 100) / 100, reqPerSec: messages.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99), non2xx };
}

/** The raw baseline: the same HMAC over timestamp + body, compared in constant time; one INSERT. */
function startBaseline(connectionString: string, key: Buffer, tenantId: string) {
  const pool = new pg.Pool({ connectionString, max: 20, options: '-c role=gerbang_app' });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const timestamp = String(req.headers['x-timestamp'] ?? '');
        const expected = createHmac('sha256', key).update(`${timestamp}.`).update(raw).digest();
        const given = Buffer.from(String(req.headers['x-signature'] ?? ''), 'hex');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          res.writeHead(401).end();
          return;
        }
        const n = JSON.parse(raw.toString('utf8')) as { eventId: string; gatewayRef: string; amount: number; channel: string; paidAt: string };
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query("SELECT set_config('gerbang.tenant_id', $1, true)", [tenantId]);
          await client.query(
            `INSERT INTO payment_gateway_events (tenant_id, gateway, event_id, gateway_ref, amount, channel, paid_at, outcome, received_at)
             VALUES ($1, 'sandbox', $2, $3, $4, $5, $6, 'credited', now()) ON CONFLICT DO NOTHING`,
            [tenantId, n.eventId, n.gatewayRef, n.amount, n.channel, n.paidAt],
          );
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"credited"}');
      })().catch(() => res.writeHead(500).end());
    });
  });
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/notify`, close: async () => (server.close(), await pool.end()) }),
    ),
  );
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-payments-bench-'));
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.DATABASE_URL,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    NOTIFY_MAX_PER_RECIPIENT_PER_HOUR: '100000',
  });
  try {
    await withRuntime(config, async (rt) => {
      progress('demo data, a pay-first service…');
      await seedDemo(rt);
      const tenant = (await listTenants(rt.db.app)).find((t) => t.slug === 'makassar')!;
      const ctx = { ...systemContext(rt.db.app, rt.audit, 'bench'), tenant, publicBaseUrl: config.publicBaseUrl };
      // The health certificate of the health office: a fee of Rp25.000 (a free service skips the step).
      const agency = (await listAgencies(rt.db.app, tenant)).find((a) => a.code === 'dinkes')!;
      const service = (await listAgencyServices(ctx, agency.id)).find((s) => s.code === 'surat-keterangan-sehat')!;
      const officer = { id: randomUUID(), grants: [{ role: 'tenant_admin' as const, agencyId: null }] };
      await saveServiceForm(ctx, { serviceId: service.id, officer, form: smallForm(componentLines(service.draft.components.persyaratan?.id)) });
      await saveServiceWorkflow(ctx, { serviceId: service.id, officer, workflow: payFirst() });
      await publishService(ctx, service.id);
      // Applications of many citizens: the moved-on application notifies its applicant under the
      // recipient's lock (held to the commit), so one citizen's notifications would queue behind each other.
      progress(`${CITIZENS} bench citizens…`);
      const cookies: string[] = [];
      for (const id of await seedBenchCitizens(ctx, CITIZENS)) cookies.push(`${SESSION_COOKIE}=${(await createSession(rt.db.app, tenant.id, { kind: 'citizen', id }, new Date())).token}`);

      const app = await buildApp({ config, db: rt.db.app, ownerDb: rt.db.owner, audit: rt.audit, appSecret: rt.secret, auditCheckpoints: () => publishedCheckpoints(rt.db.app, rt.signer) });
      await app.listen({ port, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${port}/t/makassar`;
      try {
        progress(`${COUNT} applications submitted, billed and paid at the sandbox bank…`);
        const messages: Message[] = [];
        let made = 0;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (made < COUNT) {
              const cookie = cookies[made++ % cookies.length]!;
              const submitted = await fetch(`${base}/api/v1/applications`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', cookie, 'idempotency-key': randomUUID() },
                body: JSON.stringify({ serviceId: service.id, answers: { declaration: true } }),
              });
              if (submitted.status !== 201) throw new Error(`submission answered ${submitted.status}: ${await submitted.text()}`);
              const { id } = (await submitted.json()) as { id: string };
              const invoice = await withTenant(rt.db.app, tenant.id, (trx) => trx.selectFrom('payment_invoices').select('number').where('application_id', '=', id).executeTakeFirstOrThrow());
              // The citizen's look at the invoice has the gateway issue its bills (ensureBills).
              const view = await fetch(`${base}/api/v1/payments/invoices/${invoice.number}`, { headers: { cookie } });
              const bills = ((await view.json()) as { bills?: { channel: string; vaNumber?: string | null }[] }).bills ?? [];
              const va = bills.find((b) => b.channel === 'va')?.vaNumber;
              if (!va) throw new Error(`invoice ${invoice.number} has no virtual account: ${JSON.stringify(bills)}`);
              const paid = await payAtSandboxBank(ctx, { code: va });
              messages.push({ body: paid.eventId, headers: {} });
            }
          }),
        );
        // The signed notifications, timestamped now (they must be fresh: ±5 minutes).
        const now = new Date();
        const signed = await withTenant(rt.db.app, tenant.id, (trx) => Promise.all(messages.map((m) => sandboxNotification(trx, rt.secret, tenant.id, m.body, now))));
        const appMessages = signed.map((s) => s!);
        const key = sandboxSigningKey(rt.secret, tenant.id);
        const baselineMessages = (round: number) =>
          appMessages.map((m) => {
            const n = JSON.parse(m.body) as Record<string, unknown>;
            const body = JSON.stringify({ ...n, eventId: `BASE-${round}-${randomUUID()}` });
            const timestamp = now.toISOString();
            return { body, headers: { ...m.headers, 'x-signature': createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex') } };
          });
        const baseline = await startBaseline(process.env.DATABASE_URL || embeddedDatabaseUrl(dataDir), key, tenant.id);
        try {
          const cpu = new CpuProbe(process.pid, process.env.DATABASE_URL ? undefined : postmaster(dataDir)?.pid);
          progress(`baseline, app, baseline: ${COUNT} notifications each over ${CONNECTIONS} connections…`);
          const b1 = await drive(baseline.url, baselineMessages(1));
          const counted = await counters(rt.db.owner);
          const before = cpu.snapshot();
          const a = await sampleWaits(rt.db.owner, () => drive(`${base}/api/v1/payments/notifications/sandbox`, appMessages));
          const cores = cpu.since(before);
          const perNotification = perEach(await counters(rt.db.owner), counted, appMessages.length);
          const b2 = await drive(baseline.url, baselineMessages(2));
          const drain = await sampleWaits(rt.db.owner, () => drainInbox(rt, config, tenant.id, appMessages.length));
          const credited = await withTenant(rt.db.app, tenant.id, (trx) => trx.selectFrom('payment_ledger').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'credit').executeTakeFirstOrThrow());
          const baselineMean = (b1.reqPerSec + b2.reqPerSec) / 2;
          const result = {
            date: new Date().toISOString(),
            machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 10) / 10 },
            connections: CONNECTIONS,
            notifications: COUNT,
            runs: { baseline1: b1, app: { ...a, cpuCores: cores }, baseline2: b2 },
            perNotification,
            drain,
            credited: Number(credited.n),
            baselineMean,
            ratio: a.reqPerSec / baselineMean,
            target: TARGET,
            pass: a.reqPerSec / baselineMean >= TARGET && a.non2xx === 0 && Number(credited.n) === COUNT && drain.settled === COUNT,
          };
          const dir = path.join(ROOT, 'bench', 'results');
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, 'payment-notifications.json'), `${JSON.stringify(result, null, 2)}\n`);
          process.stdout.write(
            `payments bench: notification endpoint ${Math.round(a.reqPerSec)}/s (p50 ${a.p50Ms} ms, p99 ${a.p99Ms} ms, ${a.non2xx} non-2xx, ${result.credited} of ${COUNT} credited) ÷ raw HMAC + INSERT baseline ${Math.round(baselineMean)}/s = ${Math.round(result.ratio * 100)} % (target ≥ 50 %: ${result.pass ? 'PASS' : 'MISS'}); load average ${result.machine.loadAverage1m}; endpoint per notification: ${perNotification.statements} SQL statements, ${perNotification.commits} commits, ${perNotification.walFsyncs} WAL flushes; drain (${drain.workers} job workers): ${drain.settled} notices booked in ${drain.seconds} s = ${Math.round(drain.perSec)}/s, ${drain.perNotice.statements} SQL statements and ${drain.perNotice.commits} commits per notice\n`,
          );
        } finally {
          await baseline.close();
        }
      } finally {
        await app.close();
      }
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await runBench('payments bench', main);
