// Restore time of the embedded PostgreSQL (`npm run bench:restore`, issue 23): a temporary embedded
// server archiving into its BACKUP_DIR, one tenant with BENCH_RESTORE_COMPLAINTS complaints (default
// 1,000,000, written in SQL in batches of 100,000), a base backup, a named point, then
// `restoreEmbedded` into an empty data directory — the whole of `gerbang restore`: every base-backup
// file and WAL segment checked against its SHA-256, laid down, replayed to the point, promoted, stored
// files checked. The restored complaints are counted. Prints and writes bench/results/restore.json
// (sizes, seconds, MB/s, and the ratio to a plain copy of the same base backup). Absolute seconds depend on the disk and the machine's load: state the load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createRestorePoint, restoreEmbedded, takeBaseBackup } from '../src/db/backup/index.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { connectDatabase, migrateToLatest, sql } from '../src/db/index.js';
import { createTenant } from '../src/modules/tenancy/index.js';
import { createAuditLog, loadAuditSigner } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { inProcessBench, runBench } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const COUNT = Number(process.env.BENCH_RESTORE_COMPLAINTS || 1_000_000);
const BATCH = 100_000;

const seconds = (start: bigint) => Math.round(Number(process.hrtime.bigint() - start) / 1e7) / 100;

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function main() {
  const { dataDir, config, cleanups } = await inProcessBench('restore', { DATABASE_URL: '' });
  const restoredDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-restore-bench-target-'));
  if (process.getuid?.() === 0) fs.chmodSync(restoredDir, 0o755);
  fs.rmSync(restoredDir, { recursive: true });
  cleanups.push(async () => fs.rmSync(restoredDir, { recursive: true, force: true }));
  const backupDir = config.backupDir!;
  try {
    const db = await connectDatabase(config, { poolSize: 4 });
    await migrateToLatest(db.owner);
    const signer = loadAuditSigner({ dataDir, env: 'development' });
    const audit = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 5) });
    const tenant = await createTenant(systemContext(db.owner, audit, 'bench'), { slug: 'pulih-bench', name: 'Pemerintah Bench', kind: 'city', timeZone: 'Asia/Makassar' });
    await sql`INSERT INTO complaint_categories (tenant_id, code, name) VALUES (${tenant.id}::uuid, 'penerangan_jalan', 'Penerangan jalan')`.execute(db.owner);
    const seedStart = process.hrtime.bigint();
    for (let from = 0; from < COUNT; from += BATCH) {
      await sql`
        INSERT INTO complaints (tenant_id, id, tracking_number, kind, title, description, category_code, privacy, secret_code_hash, address, submitted_at)
        SELECT ${tenant.id}::uuid, gen_random_uuid(), 'BENCH-' || g, 'pengaduan', 'Lampu jalan mati di ruas ' || g,
               'Lampu jalan di depan pasar mati sejak seminggu; warga khawatir berjalan malam hari. Nomor ' || g,
               'penerangan_jalan', 'anonim', 'bench-' || md5(g::text), 'Jl. Pasar Sentral No. ' || (g % 500), now() - (g || ' seconds')::interval
        FROM generate_series(${from + 1}::int, ${Math.min(from + BATCH, COUNT)}::int) g`.execute(db.owner);
      process.stdout.write(`  ${Math.min(from + BATCH, COUNT).toLocaleString('en')} complaints\n`);
    }
    const seedS = seconds(seedStart);
    const sources = { connectionString: db.embedded!.connectionString('postgres'), dataDir, filesDir: config.filesDir, backupDir };
    const backupStart = process.hrtime.bigint();
    const base = await takeBaseBackup(sources, () => new Date());
    const backupS = seconds(backupStart);
    await createRestorePoint(sources, 'bench', () => new Date());
    await db.close();

    const baseBytes = sizeOf(path.join(backupDir, 'base', base.id));
    const restoreStart = process.hrtime.bigint();
    const result = await restoreEmbedded({
      dataDir: restoredDir,
      filesDir: path.join(restoredDir, 'files'),
      backupDir,
      target: { point: 'bench' },
      port: 0,
      archiveTimeoutSeconds: 60,
      log: (line) => process.stdout.write(`  ${line}\n`),
    });
    const restoreS = seconds(restoreStart);

    // The floor: copying the same base backup once, no checks, no replay.
    const copyTarget = `${restoredDir}-copy`;
    cleanups.push(async () => fs.rmSync(copyTarget, { recursive: true, force: true }));
    const copyStart = process.hrtime.bigint();
    fs.cpSync(path.join(backupDir, 'base', base.id), copyTarget, { recursive: true });
    const copyS = seconds(copyStart);

    const server = await startEmbeddedPostgres({ dataDir: restoredDir, port: 0 });
    const client = new pg.Client({ connectionString: server.connectionString('gerbang') });
    await client.connect();
    const restored = Number((await client.query<{ n: string }>('select count(*)::text as n from complaints')).rows[0]!.n);
    await client.end();
    await server.stop();
    if (restored !== COUNT) throw new Error(`restored ${restored} complaints, expected ${COUNT}`);

    const report = {
      complaints: COUNT,
      baseBackupMB: Math.round(baseBytes / 1e6),
      walArchiveFiles: result.walChecked,
      seedSeconds: seedS,
      backupSeconds: backupS,
      restoreSeconds: restoreS,
      restoreMBPerSecond: Math.round(baseBytes / 1e6 / restoreS),
      plainCopySeconds: copyS,
      restoreOverPlainCopy: Math.round((restoreS / copyS) * 10) / 10,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      cores: os.cpus().length,
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(report, null, 2));
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'restore.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

await runBench('bench:restore', main);
