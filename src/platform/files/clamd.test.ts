// The clamd adapter against a real clamd (Debian's clamav-daemon; .ci/run installs it). There is no
// signature download here, so the test gives clamd a database of one custom signature, matching a
// marker this file writes into its "infected" test files: clamd starts in a fraction of a second with
// it (the official databases take ~20 s and ~1 GB). It is started with a temporary configuration
// (foreground, a Unix socket and a TCP port on 127.0.0.1) and stopped after the tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { createJobRunner, type JobLog } from '../jobs/index.js';
import { createClamdScanner, parseClamdAnswer } from './clamd.js';
import { FILE_TYPES, receiveFile } from './intake.js';
import { findFile, recordFiles, SCAN_JOB } from './records.js';
import { fileJobHandlers, REMOVE_JOB } from './scan.js';
import { createLocalFileStore } from './storage.js';

const CLAMD = '/usr/sbin/clamd';
const available = fs.existsSync(CLAMD);
if (!available) console.log(`clamd.test.ts: skipped — ${CLAMD} is missing (Debian: apt-get install clamav-daemon)`);

/** The marker the one signature matches (only ever in files this test makes). */
const MARKER = 'GERBANG-TEST-MALWARE-SIGNATURE-7f3c9a41';
const SIGNATURE = `Gerbang.Test.Marker:0:*:${Buffer.from(MARKER).toString('hex')}`;
/** clamd's StreamMaxLength here: a larger stream is refused by clamd (an error, never "clean"). */
const STREAM_MAX = 4 * 1024 * 1024;

interface Clamd {
  socket: string;
  port: number;
  start(): Promise<number>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A clamd of our own in `dir`: `start()` resolves with how long it took to answer PING, in ms. */
async function ownClamd(dir: string): Promise<Clamd> {
  fs.mkdirSync(path.join(dir, 'db'));
  fs.mkdirSync(path.join(dir, 'tmp'));
  fs.writeFileSync(path.join(dir, 'db', 'gerbang-test.ndb'), `${SIGNATURE}\n`);
  const socket = path.join(dir, 'clamd.sock');
  const port = await freePort();
  const conf = path.join(dir, 'clamd.conf');
  fs.writeFileSync(
    conf,
    [
      'Foreground yes',
      `DatabaseDirectory ${path.join(dir, 'db')}`,
      `TemporaryDirectory ${path.join(dir, 'tmp')}`,
      `LocalSocket ${socket}`,
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `LogFile ${path.join(dir, 'clamd.log')}`,
      `StreamMaxLength ${STREAM_MAX}`,
      'MaxThreads 2',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  return {
    socket,
    port,
    async start() {
      const startedAt = performance.now();
      child = spawn(CLAMD, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // A test worker that dies must not leave clamd behind.
      process.once('exit', killOnExit);
      const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`clamd exited (${code}): ${stderr.slice(-2000)}`))));
      const scanner = createClamdScanner({ url: `unix://${socket}` });
      const answers = (async () => {
        while (!(await scanner.ping())) {
          if (performance.now() - startedAt > 30_000) throw new Error(`clamd did not answer within 30 s: ${stderr.slice(-2000)}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      await Promise.race([answers, exited]);
      exited.catch(() => undefined);
      return performance.now() - startedAt;
    },
    async stop() {
      const running = child;
      child = undefined;
      process.off('exit', killOnExit);
      if (!running || running.exitCode !== null) return;
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** `size` random bytes, with the marker at `at` when given. */
function bytes(size: number, at?: number): Buffer {
  const data = randomBytes(size);
  if (at !== undefined) data.write(MARKER, at, 'latin1');
  return data;
}

describe.skipIf(!available)('clamd (a real daemon with a one-signature database)', () => {
  let dir: string;
  let clamd: Clamd;
  let t: TestApp;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-clamd-'));
    clamd = await ownClamd(dir);
    const ms = await clamd.start();
    console.log(`clamd.test.ts: clamd answered PING ${Math.round(ms)} ms after it was started (one signature)`);
    t = await createTestApp();
  }, 60_000);
  afterAll(async () => {
    await clamd?.stop();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers PING and VERSION over the Unix socket and TCP', async () => {
    for (const url of [`unix://${clamd.socket}`, `tcp://127.0.0.1:${clamd.port}`]) {
      const scanner = createClamdScanner({ url });
      expect(await scanner.ping(), url).toBe(true);
      expect(await scanner.version()).toMatch(/^ClamAV \d+\.\d+/);
      expect(await scanner.describe()).toMatch(/^clamd ClamAV \d+\.\d+/);
    }
  });

  it('passes a clean file and names the signature an infected one matches, over both transports', async () => {
    for (const url of [`unix://${clamd.socket}`, `tcp://127.0.0.1:${clamd.port}`]) {
      const scanner = createClamdScanner({ url });
      expect(await scanner.scan(Readable.from([bytes(10_000)])), url).toEqual({ verdict: 'clean' });
      expect(await scanner.scan(Readable.from([bytes(10_000, 5000)])), url).toEqual({ verdict: 'infected', threat: expect.stringMatching(/^Gerbang\.Test\.Marker/) });
    }
  });

  it('streams large files in chunks: a marker across a chunk boundary, deep in a 3 MB file, is found', async () => {
    const scanner = createClamdScanner({ url: `unix://${clamd.socket}`, chunkBytes: 64 * 1024 });
    const data = bytes(3 * 1024 * 1024, 40 * 64 * 1024 - 10);
    // Delivered in odd-sized pieces, as a disk or a network gives them.
    const pieces = Array.from({ length: Math.ceil(data.length / 100_003) }, (_, i) => data.subarray(i * 100_003, (i + 1) * 100_003));
    expect(await scanner.scan(Readable.from(pieces))).toMatchObject({ verdict: 'infected' });
    expect(await scanner.scan(Readable.from([bytes(3 * 1024 * 1024)]))).toEqual({ verdict: 'clean' });
  });

  it('never calls a file clamd refused to read "clean": over its StreamMaxLength is an error', async () => {
    const scanner = createClamdScanner({ url: `unix://${clamd.socket}` });
    const result = await scanner.scan(Readable.from([bytes(STREAM_MAX + 1024 * 1024)]));
    // clamd answers "INSTREAM size limit exceeded" and closes; when it closes while our last chunks are
    // still in flight (a loaded machine), its answer is lost with the socket. Either way: an error.
    expect(result).toEqual({ verdict: 'error', message: expect.stringMatching(/size limit exceeded|closed the connection without an answer/i) });
  });

  it('reads clamd’s answers', () => {
    expect(parseClamdAnswer('stream: OK')).toEqual({ verdict: 'clean' });
    expect(parseClamdAnswer('stream: Win.Test.EICAR_HDB-1 FOUND')).toEqual({ verdict: 'infected', threat: 'Win.Test.EICAR_HDB-1' });
    expect(parseClamdAnswer('INSTREAM size limit exceeded. ERROR')).toMatchObject({ verdict: 'error' });
    expect(parseClamdAnswer('')).toMatchObject({ verdict: 'error' });
  });

  it('scans uploads as jobs: infected ones removed, clean ones opened; while clamd is down the job retries', async () => {
    const store = createLocalFileStore(path.join(dir, 'files'));
    const tenant = (await t.db.owner.selectFrom('tenants').select('id').orderBy('slug').executeTakeFirstOrThrow()).id;
    const quiet: JobLog = { info() {}, warn() {}, error() {} };
    const scanner = createClamdScanner({ url: `tcp://127.0.0.1:${clamd.port}`, timeoutMs: 5000 });
    let clock = Date.now() + 1000;
    const runner = createJobRunner(t.db.app, fileJobHandlers({ store, scanner, audit: t.audit }), { log: quiet, now: () => new Date(clock), kinds: [SCAN_JOB, REMOVE_JOB] });
    const runAll = async () => {
      while (await runner.runOnce());
    };
    const upload = async (data: Buffer) => {
      const rules = { accept: [FILE_TYPES.pdf], maxBytes: 1_000_000, field: '/documents' };
      const file = (await receiveFile(store, tenant, { stream: Readable.from([data]), filename: 'berkas.pdf' }, rules))!;
      await recordFiles(t.db.app, [file]);
      return file;
    };
    const pdf = (marker: boolean) => Buffer.from(`%PDF-1.7\n1 0 obj << /Title (${marker ? MARKER : 'Surat'}) >> endobj\n%%EOF\n`);

    const infected = await upload(pdf(true));
    const clean = await upload(pdf(false));
    await runAll();
    // The removal of the infected bytes is due at the database's now of the scan's transaction: the
    // runner's clock catches up with the wall clock, which moved on by the length of the scans (over
    // a second on a loaded machine: CI once found the bytes still there).
    clock = Date.now() + 1000;
    await runAll();
    expect(await findFile(t.db.app, tenant, infected.id)).toMatchObject({ state: 'infected', threat: expect.stringMatching(/^Gerbang\.Test\.Marker/), scanner: expect.stringMatching(/^clamd ClamAV/) });
    expect(await store.exists(infected.key)).toBe(false);
    expect(await findFile(t.db.app, tenant, clean.id)).toMatchObject({ state: 'clean', scanner: expect.stringMatching(/^clamd ClamAV/) });
    expect(await store.exists(clean.key)).toBe(true);

    // clamd goes down: the scan fails, the file stays pending, the job waits to try again.
    await clamd.stop();
    const waiting = await upload(pdf(false));
    // Its job is due at the database's now: the runner's clock catches up with the wall clock, which
    // moved on by the length of the scans above (over a second on a loaded machine).
    clock = Date.now() + 1000;
    await runAll();
    expect(await findFile(t.db.app, tenant, waiting.id)).toMatchObject({ state: 'pending' });
    const job = await t.db.owner.selectFrom('jobs').select(['state', 'attempts', 'last_error']).where('kind', '=', SCAN_JOB).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'queued', attempts: 1, last_error: expect.stringMatching(/^clamd at tcp:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/) });

    // clamd is back; the retry (due after the backoff) decides.
    const ms = await clamd.start();
    console.log(`clamd.test.ts: clamd started again in ${Math.round(ms)} ms`);
    await runAll();
    expect(await findFile(t.db.app, tenant, waiting.id)).toMatchObject({ state: 'pending' }); // not due yet
    clock += 60_000;
    await runAll();
    expect(await findFile(t.db.app, tenant, waiting.id)).toMatchObject({ state: 'clean' });
  }, 60_000);
});
