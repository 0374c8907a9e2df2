// The restore drill of the embedded PostgreSQL (issue 23, docs/operations.md "Backups"), driven as an
// operator would: a serving Gerbang with its WAL archived into a BACKUP_DIR on "another disk",
// complaints written, a base backup, more complaints, a named restore point, more complaints; then the
// machine is lost (serve and PostgreSQL killed, DATA_DIR destroyed) and rebuilt from the backup —
// once to the latest archived moment (the RPO: what was acknowledged before the last archive_timeout
// is back) and once to the named point (what came after it is not). Every uploaded file comes back
// with its SHA-256 and `gerbang audit verify` passes. Then the faults: a damaged WAL segment or base
// file, a missing backup, an unknown point, a non-empty directory — one line each, nothing written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded.js';
import { buildBundle, cleanUpCli, gerbang, oneLine, postmasterPid, running, submitComplaint, tempDir, until } from './cli.js';

beforeAll(buildBundle);
afterAll(cleanUpCli);

const SECRET = `backup-drill-${'s'.repeat(40)}`;
const ARCHIVE_TIMEOUT = 10;

/** A one-shot `gerbang` command: its exit code and output. */
async function run(args: string[], env: Record<string, string>) {
  const child = gerbang(args, env, true);
  const code = await child.exited;
  return { code, out: child.out(), err: child.err() };
}

async function query<T extends pg.QueryResultRow>(dataDir: string, text: string): Promise<T[]> {
  const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as { user: string; password: string };
  const port = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
  const client = new pg.Client({ host: '127.0.0.1', port, user: creds.user, password: creds.password, database: 'gerbang' });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function submitStored(port: string): Promise<string> {
  const answer = await until(() => submitComplaint(port, SECRET), (r) => r.status === 201);
  return answer.trackingNumber!;
}

/** The WAL segments archived so far. */
const archived = (backupDir: string) => fs.readdirSync(path.join(backupDir, 'wal')).filter((n) => /^[0-9A-F]{24}$/.test(n));

describe('backup and restore of the embedded PostgreSQL', () => {
  const backupDir = tempDir();
  let env: Record<string, string>;
  const before: string[] = [];
  const after: string[] = [];
  let point = '';
  /** Audit rows sequenced before the point: seq → leaf hash. */
  let auditBefore = new Map<string, string>();
  /** Every stored file the database listed before the point: storage key → SHA-256. */
  let filesBefore = new Map<string, string>();

  /** Rebuilds the lost machine into a fresh DATA_DIR; starts its PostgreSQL for the checks (a one-shot command does). */
  async function restoreInto(args: string[]) {
    const dataDir = tempDir();
    fs.rmSync(dataDir, { recursive: true });
    const restoreEnv = { ...env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
    const restored = await run(['restore', ...args], restoreEnv);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    return { dataDir, restoreEnv, out: restored.out };
  }

  it('writes, backs up, marks a point, loses the machine: restored to the latest moment and to the point', async () => {
    const dataDir = tempDir();
    const port = String(await freePort());
    env = { DATA_DIR: dataDir, BACKUP_DIR: backupDir, BACKUP_ARCHIVE_TIMEOUT: String(ARCHIVE_TIMEOUT), APP_SECRET: SECRET, EMBEDDED_PG_PORT: String(await freePort()) };
    const server = gerbang(['serve'], { ...env, PORT: port }, true);
    await server.waitFor(/Gerbang is ready/);
    before.push(await submitStored(port), await submitStored(port));

    const base = await run(['backup'], env);
    expect(base.code, base.err).toBe(0);
    expect(base.out).toMatch(/^Base backup \d{8}T\d{6}Z written to /);
    before.push(await submitStored(port));

    point = 'sebelum-insiden';
    // What was acknowledged before the point, as the database holds it (the audit sequencer has run).
    await until(() => query<{ n: string }>(dataDir, 'select count(*)::text as n from audit_pending'), (rows) => rows[0]!.n === '0');
    auditBefore = new Map((await query<{ seq: string; leaf: string }>(dataDir, `select seq::text, encode(leaf_hash, 'hex') as leaf from audit_log`)).map((r) => [r.seq, r.leaf]));
    filesBefore = new Map((await query<{ storage_key: string; sha256: string }>(dataDir, `select storage_key, sha256 from files where state <> 'infected'`)).map((r) => [r.storage_key, r.sha256]));
    expect(filesBefore.size).toBeGreaterThan(0); // the demo seed stores documents and attachments
    const marked = await run(['backup', 'point', point], env);
    expect(marked.code, marked.err).toBe(0);
    expect(marked.out).toContain(`Restore point "${point}"`);

    after.push(await submitStored(port));
    // RPO: with archive_timeout = N, PostgreSQL ships the segment holding the last write within N s
    // of it; once it is in the archive, losing the machine loses nothing acknowledged before it.
    const segmentsBefore = archived(backupDir).length;
    await until(() => archived(backupDir).length, (n) => n > segmentsBefore, (ARCHIVE_TIMEOUT + 30) * 1000);

    // The machine is lost: serve and its PostgreSQL killed, the data directory destroyed.
    const postmaster = postmasterPid(dataDir)!;
    server.child.kill('SIGKILL');
    process.kill(postmaster, 'SIGKILL');
    await until(() => running(postmaster), (alive) => !alive);
    fs.rmSync(dataDir, { recursive: true, force: true });
    // A copy into the mirror that the crash cut short is not a stored file: restore leaves it behind.
    const cut = path.join(backupDir, 'files', 'cut-short.1234-abcd.part');
    fs.writeFileSync(cut, 'half a file');

    const latest = await restoreInto([]);
    expect(fs.readdirSync(path.join(latest.dataDir, 'files'), { recursive: true }).filter((n) => String(n).endsWith('.part'))).toEqual([]);
    fs.rmSync(cut);
    expect(latest.out).toMatch(/Restored from base backup .*; \d+ stored file\(s\) match their SHA-256/);
    const verifyLatest = await run(['audit', 'verify'], latest.restoreEnv);
    expect(verifyLatest.code, verifyLatest.err).toBe(0);
    const latestComplaints = (await runWithServer(latest.restoreEnv, () => query<{ tracking_number: string }>(latest.dataDir, 'select tracking_number from complaints'))).map((r) => r.tracking_number);
    expect(latestComplaints).toEqual(expect.arrayContaining([...before, ...after]));

    const atPoint = await restoreInto(['--point', point]);
    const verify = await run(['audit', 'verify'], atPoint.restoreEnv);
    expect(verify.err).toBe('');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true });
    await runWithServer(atPoint.restoreEnv, async () => {
      const complaints = await query<{ id: string; tracking_number: string }>(atPoint.dataDir, 'select id, tracking_number from complaints');
      const numbers = complaints.map((r) => r.tracking_number);
      expect(numbers).toEqual(expect.arrayContaining(before));
      for (const late of after) expect(numbers).not.toContain(late);
      // Every audit row sequenced before the point is back unchanged; none about a later complaint.
      const audit = new Map((await query<{ seq: string; leaf: string }>(atPoint.dataDir, `select seq::text, encode(leaf_hash, 'hex') as leaf from audit_log`)).map((r) => [r.seq, r.leaf]));
      for (const [seq, leaf] of auditBefore) expect(audit.get(seq)).toBe(leaf);
      const subjects = (await query<{ subject: string | null }>(atPoint.dataDir, 'select subject from audit_log')).map((r) => r.subject);
      expect(subjects.filter((s) => s?.startsWith('complaint:')).length).toBeGreaterThanOrEqual(before.length);
      const applications = await query<{ n: string }>(atPoint.dataDir, 'select count(*)::text as n from applications');
      expect(Number(applications[0]!.n)).toBeGreaterThan(0);
    });
    // The uploaded files: every one the database listed before the point, byte for byte.
    for (const [key, sum] of filesBefore) expect(sha256(path.join(atPoint.dataDir, 'files', ...key.split('/')))).toBe(sum);
  }, 600_000);

  /** Starts the restored data directory's PostgreSQL for a query (a one-shot command leaves none running). */
  async function runWithServer<T>(restoreEnv: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const server = await startEmbeddedPostgres({ dataDir: restoreEnv.DATA_DIR!, port: 0 });
    try {
      return await fn();
    } finally {
      await server.stop();
    }
  }

  describe('faults: one line, exit code 1, nothing written', () => {
    async function refused(args: string[], extra: Record<string, string> = {}) {
      const dataDir = tempDir();
      const result = await run(['restore', ...args], { ...env, DATA_DIR: dataDir, ...extra });
      expect(result.code).toBe(1);
      expect(oneLine(result.err), result.err).toHaveLength(1);
      return { dataDir, message: result.err.trim(), untouched: () => expect(fs.readdirSync(dataDir)).toEqual([]) };
    }

    it('a restore point that does not exist', async () => {
      const { message, untouched } = await refused(['--point', 'tidak-ada']);
      expect(message).toBe(`gerbang: backup: no restore point named "tidak-ada" in ${backupDir} (there are: ${point}); nothing was restored`);
      untouched();
    });

    it('a time before every base backup, or without its zone', async () => {
      const { message, untouched } = await refused(['--time', '2000-01-01T00:00:00Z']);
      expect(message).toBe('gerbang: backup: 2000-01-01T00:00:00.000Z is older than every base backup; nothing was restored');
      untouched();
      const dataDir = tempDir();
      const noZone = await run(['restore', '--time', '2026-12-06 08:00'], { ...env, DATA_DIR: dataDir });
      expect(noZone.code).toBe(2);
      expect(oneLine(noZone.err)[0]).toBe('gerbang: restore: --time must be a date and time with its zone, e.g. 2026-12-06T07:30:00+07:00 (got "2026-12-06 08:00")');
      expect(fs.readdirSync(dataDir)).toEqual([]);
    });

    it('a missing backup', async () => {
      const missing = path.join(tempDir(), 'hilang');
      const { message, untouched } = await refused([], { BACKUP_DIR: missing });
      expect(message).toBe(`gerbang: backup: the backup directory ${missing} does not exist (BACKUP_DIR); nothing was restored`);
      untouched();
    });

    it('a non-empty data directory is never overwritten', async () => {
      const dataDir = tempDir();
      fs.mkdirSync(path.join(dataDir, 'pg'));
      fs.writeFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), '18\n');
      const result = await run(['restore'], { ...env, DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expect(result.err.trim()).toBe(`gerbang: backup: ${path.join(dataDir, 'pg')} is not empty: gerbang restore writes only into an empty data directory; move it away first (nothing was changed)`);
      expect(fs.readdirSync(path.join(dataDir, 'pg'))).toEqual(['PG_VERSION']);
    });

    it('a damaged WAL segment or base file is found before anything is written', async () => {
      const segment = path.join(backupDir, 'wal', archived(backupDir).sort().at(-1)!);
      const original = fs.readFileSync(segment);
      fs.writeFileSync(segment, Buffer.concat([original.subarray(0, 100), Buffer.from([original[100]! ^ 0xff]), original.subarray(101)]));
      try {
        const { message, untouched } = await refused([]);
        expect(message).toBe(`gerbang: backup: WAL archive file ${path.basename(segment)} does not match its SHA-256: the archive is damaged; nothing was restored`);
        untouched();
      } finally {
        fs.writeFileSync(segment, original);
      }
      // The newest, which a restore to the latest moment checks (serve may have taken one of its own).
      const base = fs.readdirSync(path.join(backupDir, 'base')).sort().at(-1)!;
      const controlFile = path.join(backupDir, 'base', base, 'data', 'global', 'pg_control');
      const control = fs.readFileSync(controlFile);
      fs.writeFileSync(controlFile, Buffer.concat([control, Buffer.from('x')]));
      try {
        const { message, untouched } = await refused([]);
        expect(message).toBe(`gerbang: backup: base backup ${base} is damaged: data/global/pg_control does not match its SHA-256; nothing was restored`);
        untouched();
      } finally {
        fs.writeFileSync(controlFile, control);
      }
    });
  });
});
