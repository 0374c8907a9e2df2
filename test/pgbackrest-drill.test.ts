// The restore drill of an external PostgreSQL (DATABASE_URL) with pgBackRest (issue 23,
// docs/operations.md "External PostgreSQL: pgBackRest", deploy/pgbackrest/): Debian's PostgreSQL 15 in
// a temporary directory (run as the user postgres: PostgreSQL refuses root), WAL archived with
// archive-push into an encrypted repository (aes-256-cbc), a full and an incremental backup, a named
// restore point; Gerbang serving on it the whole time. Then the data directory is destroyed and
// pgBackRest restores to the point (--type=name): every complaint acknowledged before it is back, none
// after, and `gerbang audit verify` passes on the restored database.
import { execFile as execFileCb, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/embedded.js';
import { buildBundle, cleanUpCli, gerbang, submitComplaint, tempDir, until } from './cli.js';

const execFile = promisify(execFileCb);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const PGBACKREST = '/usr/bin/pgbackrest';
const available = fs.existsSync(PGBACKREST) && fs.existsSync(path.join(PG_BIN, 'postgres'));
if (!available) console.log(`pgbackrest-drill.test.ts: skipped — needs ${PGBACKREST} and ${PG_BIN} (Debian: apt-get install pgbackrest postgresql-15)`);

const SECRET = `pgbackrest-drill-${'s'.repeat(40)}`;
const STANZA = 'gerbang';

describe.skipIf(!available)('pgBackRest drill on PostgreSQL 15', () => {
  beforeAll(buildBundle);
  afterAll(cleanUpCli);

  it('full + incremental backups, WAL archived encrypted, restored to a named point after the data directory is lost', async () => {
    const dir = tempDir();
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    const asPostgres = { uid, gid, env: { ...process.env, LC_ALL: 'C.UTF-8' } };
    const own = (p: string) => fs.chownSync(p, uid, gid);
    own(dir);
    const pgDir = path.join(dir, 'pg');
    const sock = path.join(dir, 'sock');
    for (const sub of ['sock', 'repo', 'log', 'lock', 'spool']) {
      fs.mkdirSync(path.join(dir, sub), { mode: 0o700 });
      own(path.join(dir, sub));
    }
    const port = await freePort();
    const conf = path.join(dir, 'pgbackrest.conf');
    // deploy/pgbackrest/pgbackrest.conf with this test's paths.
    fs.writeFileSync(
      conf,
      [
        '[global]',
        `repo1-path=${dir}/repo`,
        'repo1-cipher-type=aes-256-cbc',
        `repo1-cipher-pass=${'drill-passphrase-'.repeat(3)}`,
        'repo1-retention-full=2',
        'start-fast=y',
        'compress-type=gz',
        'compress-level=1',
        `log-path=${dir}/log`,
        `lock-path=${dir}/lock`,
        `spool-path=${dir}/spool`,
        'log-level-console=warn',
        `[${STANZA}]`,
        `pg1-path=${pgDir}`,
        `pg1-port=${port}`,
        `pg1-socket-path=${sock}`,
        '',
      ].join('\n'),
      { mode: 0o640 },
    );
    own(conf);
    const backrest = (...args: string[]) => execFile(PGBACKREST, [`--config=${conf}`, `--stanza=${STANZA}`, ...args], asPostgres);
    const pgCtl = (...args: string[]) => execFile(path.join(PG_BIN, 'pg_ctl'), ['-D', pgDir, ...args], asPostgres);

    await execFile(path.join(PG_BIN, 'initdb'), ['-D', pgDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'], asPostgres);
    fs.appendFileSync(
      path.join(pgDir, 'postgresql.conf'),
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${sock}'`,
        // deploy/pgbackrest/postgresql.conf
        'wal_level = replica',
        'archive_mode = on',
        `archive_command = '${PGBACKREST} --config=${conf} --stanza=${STANZA} archive-push %p'`,
        'archive_timeout = 60',
        '',
      ].join('\n'),
    );
    const start = () => pgCtl('start', '-w', '-t', '120', '-l', path.join(dir, 'postgresql.log'));
    await start();
    await backrest('stanza-create');
    await backrest('check');

    const databaseUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const appDir = path.join(dir, 'app');
    // No checkpoint is published during the drill (the checkpoints of the lost tail would rightly
    // fail `audit verify` against the restored chain: docs/operations.md).
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: appDir, APP_SECRET: SECRET, AUDIT_CHECKPOINT_SECONDS: '3600', AUDIT_CHECKPOINT_EVENTS: '1000000' };
    const httpPort = String(await freePort());
    const server = gerbang(['serve'], { ...env, PORT: httpPort }, true);
    await server.waitFor(/Gerbang is ready/);
    const submit = async () => (await until(() => submitComplaint(httpPort, SECRET), (r) => r.status === 201)).trackingNumber!;

    const before = [await submit(), await submit()];
    await backrest('--type=full', 'backup');
    before.push(await submit());
    await backrest('--type=incr', 'backup');
    before.push(await submit());
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`select pg_create_restore_point('sebelum-insiden')`);
    await client.end();
    const after = [await submit()];
    await backrest('check'); // switches WAL and waits until the segment holding the point is archived
    const info = JSON.parse((await backrest('--output=json', 'info')).stdout) as { backup: { type: string }[]; cipher: string }[];
    expect(info[0]!.cipher).toBe('aes-256-cbc');
    expect(info[0]!.backup.map((b) => b.type)).toEqual(['full', 'incr']);

    // The machine's database is lost.
    server.child.kill('SIGKILL');
    await server.exited;
    await pgCtl('stop', '-m', 'immediate');
    fs.rmSync(pgDir, { recursive: true, force: true });

    await backrest('--type=name', '--target=sebelum-insiden', '--target-action=promote', 'restore');
    await start();
    const restored = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await until(() => restored.connect().then(() => true, () => false), (ok) => ok);
    await until(async () => (await restored.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]!.r, (r) => !r);
    const numbers = (await restored.query<{ tracking_number: string }>('select tracking_number from complaints')).rows.map((r) => r.tracking_number);
    await restored.end();
    expect(numbers).toEqual(expect.arrayContaining(before));
    for (const late of after) expect(numbers).not.toContain(late);

    const verify = gerbang(['audit', 'verify'], env, true);
    expect(await verify.exited).toBe(0);
    expect(JSON.parse(verify.out())).toMatchObject({ ok: true });
    await pgCtl('stop', '-m', 'fast');
  }, 600_000);
});
