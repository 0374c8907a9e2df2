// A surge on application submission (issue 23, `npm run bench:surge`): three `gerbang serve` processes
// behind the shipped nginx config (test/nginx-cluster.ts) on one embedded PostgreSQL with the demo
// data; the birth certificate service given the small form (as bench/application-submissions.ts).
//
// 1. Sustainable rate: a short closed loop (CONNECTIONS connections) of `POST /api/v1/applications`
//    through nginx with the waiting room off; the rate of 201s.
// 2. The tenant admin turns the service's waiting room on through its admin route (`PUT
//    /api/v1/services/{id}/waiting-room`): admissions per minute = the sustainable rate, the room's
//    size a few seconds of it, the longest queue SURGE_QUEUE_SECONDS of it.
// 3. Quiet probes: the catalogue page and an officer's work queue API, sampled at PROBE_RATE/s from a
//    process of their own (bench/surge-probe.ts: their latency is the server's, not this process's lag).
// 4. The surge: citizens arrive open loop at 10 × the sustainable rate for SURGE_S seconds. Each (its
//    own bench account and session) opens the service's apply page; a queue page is its ticket, and it
//    reloads that page after the page's meta refresh, with the cookie it set (as a browser does), until the form comes back
//    (admitted), then submits through the API. The same probes run alongside. Citizens still queued
//    DRAIN_S seconds after the surge are counted as such, not waited for.
// Reported: sustainable rate, admitted and submitted rates, queue wait p50/p99 (ticket → admission,
// to the resolution of the meta refresh), every answer's status by step (anything ≥ 400 other than 429
// and any connection error counts as an error; nginx's own 429s apart), the processes' own 429s by
// cause from their /metrics (the room's bulkhead, load shedding by signal) and the probes' p99 quiet
// and during the surge.
// Writes bench/results/surge.json. See docs/performance.md ("Surge").
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { demoHandlerEmail } from '../src/modules/applications/index.js';
import { createSession, demoOfficerEmail, findOfficerId, markSecondFactor, SESSION_COOKIE } from '../src/modules/identity/index.js';
import { withRuntime } from '../src/runtime.js';
import { type NginxCluster, request, startNginxCluster } from '../test/nginx-cluster.js';
import { seedSmallFormService, smallFormSubmission } from './small-form-service.js';
import { type Probe, type ProbeResult, quantile, runProbes, Tally, timed } from './surge-probe.js';
import { embeddedDatabaseUrl, runBench, runLoad, seedBenchCitizens, sleep } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 16;
const SUSTAIN_S = Number(process.env.BENCH_SUSTAIN_S || 8);
const SURGE_S = Number(process.env.BENCH_SURGE_S || 20);
const DRAIN_S = Number(process.env.BENCH_DRAIN_S || 40);
const FACTOR = 10;
const PROBE_RATE = 4;
const QUIET_S = 5;
/** The longest queue, in seconds of admissions: beyond it newcomers get 429 (the room's maxQueue). */
const SURGE_QUEUE_SECONDS = 20;
const CITIZENS = Math.min(9999, Number(process.env.BENCH_CITIZENS || 2500));
const TENANT = '/t/makassar';
const progress = (line: string) => process.stderr.write(`surge bench: ${line}\n`);

/** The crowd's connections: up to 400 at once (nginx here allows 1,024 per worker, two per proxied request). */
const crowdAgent = new http.Agent({ keepAlive: true, maxSockets: 400 });

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-surge-bench-'));
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  try {
    // The embedded PostgreSQL of this runtime serves the three processes for the whole run.
    return await withRuntime(config, async (rt) => {
      progress('demo data, the small form, bench citizens and sessions…');
      const { tenant, ctx, service } = await seedSmallFormService(rt, config);
      // One citizen through identity (argon2 and all), the rest copies of its rows with their own ids
      // and look-up keys: thousands of password hashes would take minutes and measure nothing here.
      // Each its own NIK, e-mail and phone: notifications are serialised per recipient (an advisory lock
      // to the commit), so copies sharing one address would measure that lock (the first run did: 3.3/s).
      const [template] = await seedBenchCitizens(ctx, 1);
      const ids = Array.from({ length: CITIZENS - 1 }, () => randomUUID());
      await sql`
        WITH n AS (SELECT id, ord FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS u(id, ord))
        INSERT INTO citizens SELECT (jsonb_populate_record(NULL::citizens, to_jsonb(c) || jsonb_build_object(
          'id', n.id, 'name', c.name || ' ' || n.ord,
          'nik_hash', regexp_replace(c.nik_hash, '[0-9a-f]{64}$', encode(sha256(convert_to(c.nik_hash || n.ord, 'UTF8')), 'hex')),
          'email_hash', regexp_replace(c.email_hash, '[0-9a-f]{64}$', encode(sha256(convert_to(c.email_hash || n.ord, 'UTF8')), 'hex')),
          'phone_hash', regexp_replace(c.phone_hash, '[0-9a-f]{64}$', encode(sha256(convert_to(c.phone_hash || n.ord, 'UTF8')), 'hex'))))).*
        FROM citizens c, n WHERE c.id = ${template}`.execute(rt.db.owner);
      await sql`
        INSERT INTO citizen_profiles SELECT (jsonb_populate_record(NULL::citizen_profiles, to_jsonb(p) || jsonb_build_object(
          'citizen_id', n.id, 'nik', '737101150592' || lpad((n.ord + 1)::text, 4, '0'),
          'email', 'warga-surge-' || (n.ord + 1) || '@contoh.id', 'phone', '081300' || lpad((n.ord + 1)::text, 6, '0')))).*
        FROM citizen_profiles p, unnest(${ids}::uuid[]) WITH ORDINALITY AS n(id, ord) WHERE p.citizen_id = ${template}`.execute(rt.db.owner);
      await sql`
        INSERT INTO citizen_tenants SELECT (jsonb_populate_record(NULL::citizen_tenants, to_jsonb(t) || jsonb_build_object('citizen_id', n.id))).*
        FROM citizen_tenants t, unnest(${ids}::uuid[]) AS n(id) WHERE t.citizen_id = ${template}`.execute(rt.db.owner);
      const citizens: string[] = [];
      const all = [template!, ...ids];
      for (let from = 0; from < all.length; from += 16) {
        const batch = all.slice(from, from + 16);
        citizens.push(...(await Promise.all(batch.map(async (id) => `${SESSION_COOKIE}=${(await createSession(rt.db.app, tenant.id, { kind: 'citizen', id }, new Date())).token}`))));
      }
      const officerCookie = async (email: string) => {
        const id = await findOfficerId(ctx, { email });
        if (!id) throw new Error(`no demo officer ${email}`);
        const session = await createSession(rt.db.app, tenant.id, { kind: 'officer', id }, new Date());
        await markSecondFactor(rt.db.app, tenant.id, session.id);
        return `${SESSION_COOKIE}=${session.token}`;
      };
      const verifier = await officerCookie(demoHandlerEmail('makassar', 'verifier', 'disdukcapil'));
      const admin = await officerCookie(demoOfficerEmail('makassar', 'tenant_admin'));
      await rt.audit.flush(rt.db.owner);

      progress('three processes behind nginx…');
      const cluster = await startNginxCluster({
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        DATABASE_URL: embeddedDatabaseUrl(dataDir),
        RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
        NOTIFY_MAX_PER_RECIPIENT_PER_HOUR: '100000',
        JOB_WORKERS: '0',
        NOTIFY_WORKERS: '0',
        FILE_SCAN: 'off',
      });
      try {
        const base = cluster.url;
        const submitBody = () => smallFormSubmission(service.id);
        const json = { 'content-type': 'application/json', accept: 'application/json' };

        // 1. Sustainable rate (room off).
        progress(`sustainable rate: closed loop, ${CONNECTIONS} connections, 2 s warm-up + ${SUSTAIN_S} s…`);
        let turn = 0;
        const sustained = await runLoad('sustainable', `${base}${TENANT}/api/v1/applications`, {
          connections: CONNECTIONS,
          durationS: SUSTAIN_S,
          warmupS: 2,
          method: 'POST',
          headers: json,
          body: submitBody,
          headersFor: () => ({ cookie: citizens[turn++ % citizens.length]!, 'idempotency-key': randomUUID() }),
        });
        const sustainable = (sustained.statusCodes['201'] ?? 0) / SUSTAIN_S;
        progress(`  ${sustainable.toFixed(1)} submissions/s (p99 ${sustained.p99Ms} ms; statuses ${JSON.stringify(sustained.statusCodes)}, ${sustained.errors} errors)`);
        if (sustainable < 1) throw new Error(`no sustainable rate measured: ${JSON.stringify(sustained.statusCodes)}`);

        // 2. The waiting room on, sized to the sustainable rate.
        const perMinute = Math.max(1, Math.round(sustainable * 60));
        const settings = {
          enabled: true,
          maxActive: Math.max(1, Math.round(sustainable * 5)),
          admitPerMinute: perMinute,
          windowMinutes: 5,
          maxQueue: Math.max(1, Math.min(CITIZENS - 200, Math.round(sustainable * SURGE_QUEUE_SECONDS))),
          registryDailyQuota: null,
          paymentPerMinute: null,
          signingPerMinute: null,
        };
        const saved = await request(`${base}${TENANT}/api/v1/services/${service.id}/waiting-room`, { method: 'PUT', headers: { ...json, cookie: admin }, body: JSON.stringify(settings) });
        if (saved.status !== 200) throw new Error(`saveWaitingRoom: ${saved.status} ${saved.body}`);
        progress(`waiting room on: ${JSON.stringify(settings)}`);

        // 3. Quiet probes (also waits out the other processes' 3-s room cache).
        const probeTally = new Tally();
        const probesAs = (phase: string): Probe[] => [
          { step: `${phase} catalogue`, url: `${base}${TENANT}/layanan`, headers: {} },
          { step: `${phase} work-queue`, url: `${base}${TENANT}/api/v1/work-queue?scope=agency`, headers: { cookie: verifier, accept: 'application/json' } },
        ];
        const probed = async (phase: string, seconds: number) => {
          const { results, counts } = await runProbes(probesAs(phase), PROBE_RATE, seconds);
          for (const [key, n] of Object.entries(counts)) for (let i = 0; i < n; i++) probeTally.add(key);
          return results;
        };
        progress(`quiet probes, ${QUIET_S} s…`);
        const [quietCatalogue, quietQueue] = (await probed('quiet', QUIET_S)) as [ProbeResult, ProbeResult];

        // 4. The surge.
        const rate = sustainable * FACTOR;
        progress(`surge: ${rate.toFixed(0)} citizens/s for ${SURGE_S} s, then up to ${DRAIN_S} s for the queue…`);
        const tally = new Tally();
        const free = citizens.slice(1).reverse();
        const refusedBefore = await processRefusals(cluster);
        const start = performance.now();
        const drainDeadline = start + (SURGE_S + DRAIN_S) * 1000;
        const waits: number[] = [];
        const admittedAt: number[] = [];
        const submittedAt: number[] = [];
        let immediate = 0;
        let refusedAtDoor = 0;
        let stillQueued = 0;
        let noCitizen = 0;
        const applyUrl = `${base}${TENANT}/permohonan/ajukan/${service.id}`;
        const citizen = async (cookie: string) => {
          const headers = { cookie, accept: 'text/html' };
          let answer = await timed(tally, 'apply', applyUrl, { headers, agent: crowdAgent });
          let ticket: number | undefined;
          for (;;) {
            if (!answer || answer.status >= 400) {
              // A 429 without a ticket (queue full, or a process shedding load): the place is free again.
              if (ticket === undefined) {
                refusedAtDoor++;
                free.push(cookie);
              }
              if (ticket === undefined || !answer || answer.status !== 429) return;
            } else {
              const refresh = /<meta http-equiv="refresh" content="(\d+)"/.exec(answer.body);
              if (!refresh) break;
              ticket ??= performance.now();
            }
            // As a browser keeps it: the queue page's mark for nginx's wall (the queued citizens' bucket).
            if (answer && String(answer.headers['set-cookie'] ?? '').includes('gerbang_queue=1')) headers.cookie = `${cookie}; gerbang_queue=1`;
            const retry = answer && answer.status < 400 ? Number(/content="(\d+)"/.exec(answer.body)![1]) : Number(answer?.headers['retry-after'] ?? 5);
            if (performance.now() + retry * 1000 > drainDeadline) {
              stillQueued++;
              return;
            }
            await sleep(retry * 1000);
            answer = await timed(tally, 'queue', applyUrl, { headers, agent: crowdAgent });
          }
          const now = performance.now();
          admittedAt.push(now - start);
          if (ticket === undefined) immediate++;
          else waits.push(now - ticket);
          const submitted = await timed(tally, 'submit', `${base}${TENANT}/api/v1/applications`, { method: 'POST', headers: { ...json, cookie, 'idempotency-key': randomUUID() }, body: submitBody(), agent: crowdAgent });
          if (submitted?.status === 201) submittedAt.push(performance.now() - start);
        };
        const flows: Promise<void>[] = [];
        const probes = probed('surge', SURGE_S);
        const arrivals = Math.round(rate * SURGE_S);
        for (let i = 0; i < arrivals; i++) {
          const wait = start + (i * 1000) / rate - performance.now();
          if (wait > 0) await sleep(wait);
          const cookie = free.pop();
          if (cookie === undefined) noCitizen++;
          else flows.push(citizen(cookie));
        }
        const [surgeCatalogue, surgeQueue] = (await probes) as [ProbeResult, ProbeResult];
        await Promise.all(flows);
        const elapsed = (performance.now() - start) / 1000;
        waits.sort((a, b) => a - b);
        const inSurge = (times: number[]) => times.filter((t) => t <= SURGE_S * 1000).length / SURGE_S;
        const refusedAfter = await processRefusals(cluster);
        const processRefused = Object.fromEntries(Object.entries(refusedAfter).map(([cause, n]) => [cause, n - (refusedBefore[cause] ?? 0)]).filter(([, n]) => n !== 0));
        const room = JSON.parse((await request(`${base}${TENANT}/api/v1/services/${service.id}/waiting-room`, { headers: { accept: 'application/json', cookie: admin } })).body) as { counts: unknown };
        const result = {
          date: new Date().toISOString(),
          machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 10) / 10 },
          processes: cluster.processes.length,
          sustainable: { perSecond: Math.round(sustainable * 10) / 10, connections: CONNECTIONS, seconds: SUSTAIN_S, p99Ms: sustained.p99Ms, statusCodes: sustained.statusCodes, errors: sustained.errors },
          room: settings,
          surge: {
            offeredPerSecond: Math.round(rate * 10) / 10,
            seconds: SURGE_S,
            arrivals,
            noFreeBenchCitizen: noCitizen,
            refusedAtDoor,
            admittedImmediately: immediate,
            admittedFromQueue: waits.length,
            stillQueuedAtEnd: stillQueued,
            admittedPerSecondDuringSurge: Math.round(inSurge(admittedAt) * 10) / 10,
            submittedPerSecondDuringSurge: Math.round(inSurge(submittedAt) * 10) / 10,
            submitted: submittedAt.length,
            elapsedSeconds: Math.round(elapsed),
            queueWaitMs: { p50: quantile(waits, 0.5), p99: quantile(waits, 0.99), max: quantile(waits, 1) },
            statusCounts: tally.counts,
            errorsBesides429: tally.errors(),
            /** The processes' own 429s by cause, from their /metrics: the waiting room's bulkhead, load shedding by signal. */
            processRefusals: processRefused,
            roomCountsAtEnd: room.counts,
          },
          probes: {
            ratePerSecond: PROBE_RATE,
            quiet: { catalogue: quietCatalogue, workQueue: quietQueue },
            surge: { catalogue: surgeCatalogue, workQueue: surgeQueue },
            statusCounts: probeTally.counts,
            errorsBesides429: probeTally.errors(),
          },
        };
        const dir = path.join(ROOT, 'bench', 'results');
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'surge.json'), `${JSON.stringify(result, null, 2)}\n`);
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        process.stdout.write(
          `surge bench: sustainable ${result.sustainable.perSecond}/s; offered ${result.surge.offeredPerSecond}/s for ${SURGE_S} s → admitted ${result.surge.admittedPerSecondDuringSurge}/s, ` +
            `queue wait p50 ${result.surge.queueWaitMs.p50} ms p99 ${result.surge.queueWaitMs.p99} ms, errors besides 429: ${result.surge.errorsBesides429} (+ probes ${result.probes.errorsBesides429}); ` +
            `the processes' 429s by cause ${JSON.stringify(processRefused)}; ` +
            `catalogue p99 ${quietCatalogue.p99Ms} → ${surgeCatalogue.p99Ms} ms, work queue p99 ${quietQueue.p99Ms} → ${surgeQueue.p99Ms} ms; load average ${result.machine.loadAverage1m}\n`,
        );
        return result.surge.errorsBesides429 + result.probes.errorsBesides429 === 0 ? 0 : 1;
      } finally {
        crowdAgent.destroy();
        await cluster.stop();
      }
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The processes' own refusals so far, by cause, summed over the three: each process's /metrics (on its
 * own port, from the loopback) counts the waiting room's bulkhead (gerbang_bulkhead_refused_total) and
 * load shedding by the signal over its limit (gerbang_http_shed_total). Both answer "overloaded" alike.
 */
async function processRefusals(cluster: NginxCluster): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const counter = /^gerbang_(bulkhead_refused_total\{bulkhead="[^"]+"\}|http_shed_total\{signal="[^"]+"\}) (\d+)$/gm;
  for (const p of cluster.processes) {
    const metrics = await request(`http://127.0.0.1:${p.port}/metrics`);
    for (const [, cause, n] of metrics.body.matchAll(counter)) counts[cause!] = (counts[cause!] ?? 0) + Number(n);
  }
  return counts;
}

await runBench('surge bench', main);
