// Search benchmark (part of `npm run bench`, alone: `npm run bench:search`). In one process, against a
// temporary embedded PostgreSQL (or DATABASE_URL's): one tenant with 50 agencies and 5,000 published
// services (BENCH_SEARCH_SERVICES), created through the catalogue's service functions (draft →
// publish, each with its audit event), then GET /api/v1/services/search through the real Fastify app
// (app.inject: routing, schema validation, the revision check against PostgreSQL, the index, JSON
// serialisation — everything but the socket), one request at a time, for a mix of everyday queries: typos, abbreviations,
// missing spaces, English. Reports the index build time and p50/p95/p99/max server time, target
// p95 ≤ 50 ms; writes bench/results/search.json. See docs/performance.md.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { connectDatabase, migrateToLatest } from '../src/db/index.js';
import { createService, publishService } from '../src/modules/catalog/index.js';
import { DEMO_CATALOG } from '../src/modules/catalog/seed-data.js';
import { createAgency, createTenant, listAgencies } from '../src/modules/tenancy/index.js';
import { createAuditLog, loadAuditSigner, publishedCheckpoints } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { inProcessBench, runBench } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SERVICES = Number(process.env.BENCH_SEARCH_SERVICES || 5000);
const REQUESTS = Number(process.env.BENCH_SEARCH_REQUESTS || 2000);
/** Services are created by this many concurrent workers; searches are measured one at a time. */
const CONCURRENCY = 4;
const TARGET_P95_MS = 50;

const QUERIES = [
  'ktp',
  'bikin ktp baru',
  'kartu keluarga',
  'kartukeluarga',
  'akte lahir anak',
  'akta kelahran',
  'birth certificate',
  'izin usaha',
  'NIB',
  'imb rumah',
  'PBG',
  'surat sehat',
  'bpjs gratis',
  'ppdb smp',
  'legalisasi ijasah',
  'bansos',
  'uji kir mobil',
  'izin trayek angkot',
  'pajak motor',
  'informasi publik',
  'surat pindah domisili',
  'health certificate',
  'kecamatan tamalate',
  'x',
];

const PLACES = [
  'Mariso', 'Mamajang', 'Tamalate', 'Rappocini', 'Makassar', 'Ujung Pandang', 'Wajo', 'Bontoala', 'Ujung Tanah',
  'Tallo', 'Panakkukang', 'Manggala', 'Biringkanaya', 'Tamalanrea', 'Sangkarrang', 'Semarang', 'Salatiga', 'Magelang',
  'Surakarta', 'Pekalongan', 'Tegal', 'Kudus', 'Jepara', 'Demak', 'Kendal', 'Batang', 'Pemalang', 'Brebes', 'Cilacap',
  'Banyumas', 'Purbalingga', 'Banjarnegara', 'Kebumen', 'Purworejo', 'Wonosobo', 'Temanggung', 'Boyolali', 'Klaten',
  'Sukoharjo', 'Wonogiri', 'Karanganyar', 'Sragen', 'Grobogan', 'Blora', 'Rembang', 'Pati', 'Ungaran', 'Mungkid',
  'Slawi', 'Kajen',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

async function main() {
  const { dataDir, config, cleanups } = await inProcessBench('search');
  try {
    const db = await connectDatabase(config, { poolSize: CONCURRENCY * 2 + 4 });
    cleanups.push(() => db.close());
    await migrateToLatest(db.owner);
    const signer = loadAuditSigner({ dataDir, env: 'development' });
    const audit = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 5) });
    const ctx = systemContext(db.owner, audit, 'bench');

    const slug = `bench-search-${Date.now().toString(36)}`;
    const tenant = await createTenant(ctx, { slug, name: 'Pemerintah Bench', kind: 'province', timeZone: 'Asia/Makassar' });
    for (let a = 0; a < 50; a++) {
      await createAgency({ ...ctx, tenant }, { code: `unit-${String(a).padStart(2, '0')}`, name: `Unit Layanan ${PLACES[a]}` });
    }
    const agencies = await listAgencies(db.app, tenant);
    const templates = [...DEMO_CATALOG.makassar!, ...DEMO_CATALOG.jateng!].map((e) => e.definition);

    const seedStarted = performance.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < SERVICES; i = next++) {
        const template = templates[i % templates.length]!;
        const place = PLACES[Math.floor(i / templates.length) % PLACES.length]!;
        const agency = agencies[i % agencies.length]!;
        const definition = {
          ...template,
          code: `${template.code}-${i}`.slice(0, 63),
          name: { id: `${template.name.id} Kecamatan ${place}`, en: `${template.name.en ?? template.name.id} (${place} district)` },
        };
        const created = await createService({ ...ctx, tenant }, agency.id, definition);
        await publishService({ ...ctx, tenant }, created.id);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seedMs = performance.now() - seedStarted;
    process.stdout.write(`search bench: ${SERVICES} services created and published in ${Math.round(seedMs)} ms\n`);

    const app = await buildApp({
      config,
      db: db.app,
      ownerDb: db.owner,
      audit,
      appSecret: randomBytes(32),
      auditCheckpoints: () => publishedCheckpoints(db.app, signer),
    });
    cleanups.push(() => app.close());
    const search = (q: string) =>
      app.inject({ method: 'GET', url: `/t/${slug}/api/v1/services/search?q=${encodeURIComponent(q)}&limit=20` });

    // The first search builds the tenant's index (what happens after every publish).
    const buildStarted = performance.now();
    const first = await search('ktp');
    const indexBuildMs = performance.now() - buildStarted;
    if (first.statusCode !== 200) throw new Error(`search answered ${first.statusCode}: ${first.body.slice(0, 300)}`);
    if (first.json().items.length === 0) throw new Error('search found nothing');
    for (let i = 0; i < 200; i++) await search(QUERIES[i % QUERIES.length]!); // warm-up

    const times: number[] = [];
    let hits = 0;
    let done = 0;
    const client = async () => {
      for (let i = done++; i < REQUESTS; i = done++) {
        const t0 = performance.now();
        const res = await search(QUERIES[i % QUERIES.length]!);
        times.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`search answered ${res.statusCode}`);
        hits += res.json().items.length;
      }
    };
    await client(); // one at a time: each figure is one request's own server time
    times.sort((a, b) => a - b);
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown', node: process.version },
      database: process.env.DATABASE_URL ? 'external (DATABASE_URL)' : 'embedded',
      services: SERVICES,
      requests: REQUESTS,
      queries: QUERIES.length,
      seedMs: Math.round(seedMs),
      indexBuildMs: round(indexBuildMs, 0),
      meanHits: round(hits / REQUESTS, 1),
      p50Ms: round(percentile(times, 50)),
      p95Ms: round(percentile(times, 95)),
      p99Ms: round(percentile(times, 99)),
      maxMs: round(times.at(-1)!),
      targetP95Ms: TARGET_P95_MS,
      pass: percentile(times, 95) <= TARGET_P95_MS,
    };
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'search.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `search bench: ${SERVICES} services, ${REQUESTS} searches (sequential), index build ${result.indexBuildMs} ms; ` +
        `server time p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms ` +
        `(target p95 ≤ ${TARGET_P95_MS} ms: ${result.pass ? 'PASS' : 'MISS'})\n`,
    );
  } finally {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  }
}

await runBench('search bench', main);
