// The audit sequencer on a real PostgreSQL: order, gaplessness under concurrency, a crash between
// and inside batches, two sequencers at once, the guard on audit_pending, and the database away.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InsertQueryNode, sql, ValuesNode } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.js';
import { type PgProxy, startPgProxy } from '../../../test/pg-proxy.js';
import { APP_ROLE, createKysely, type DatabaseHandle } from '../../db/index.js';
import { type AuditLog, type AuditSigner, createAuditLog, loadAuditSigner, verifyAudit } from './index.js';
import { sequenceBatch } from './sequencer.js';

let h: DatabaseHandle;
let signer: AuditSigner;
let audit: AuditLog;
let dir: string;

beforeEach(async () => {
  h = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-seq-'));
  signer = loadAuditSigner({ dataDir: dir, env: 'test' });
  audit = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 1) });
});
afterEach(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const verify = () => verifyAudit(h.owner, { publicKeys: [{ keyId: signer.keyId, publicKeyPem: signer.publicKeyPem }] });
const logged = () =>
  h.owner.selectFrom('audit_log').select(['seq', 'action', 'subject', 'pending_id']).orderBy('seq').execute();
const pendingCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from audit_pending`.execute(h.owner)).rows[0]!.n);
const append = (i: number) =>
  h.app.transaction().execute((trx) => audit.append(trx, { actor: 'system:x', action: 'step', subject: `case:${i}` }));

describe('audit sequencer', () => {
  it('an appended event is pending, not in the chain, until the sequencer runs; then in commit order', async () => {
    for (let i = 1; i <= 5; i++) await append(i);
    expect(await logged()).toEqual([]);
    expect(await pendingCount()).toBe(5);
    expect(await audit.sequenceOnce(h.app, { batchSize: 2 })).toBe(2);
    expect(await audit.flush(h.app)).toBe(3);
    const rows = await logged();
    expect(rows.map((r) => [r.seq, r.subject])).toEqual([1, 2, 3, 4, 5].map((i) => [i, `case:${i}`]));
    expect(await pendingCount()).toBe(0);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 5, checkpoints: 0 });
  });

  it('an event of a transaction still open is not sequenced; it follows once it commits; a rollback leaves nothing', async () => {
    await append(1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inside = new Promise<void>((resolve) => (appended = resolve));
    const open = h.app.transaction().execute(async (trx) => {
      await audit.append(trx, { actor: 'system:x', action: 'late', subject: 'case:late' });
      appended();
      await held;
    });
    await inside;
    await expect(
      h.app.transaction().execute(async (trx) => {
        await audit.append(trx, { actor: 'system:x', action: 'rolled.back' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await append(2);
    expect(await audit.flush(h.app)).toBe(2); // the open transaction's event is invisible
    release();
    await open;
    expect(await audit.flush(h.app)).toBe(1);
    expect((await logged()).map((r) => [r.seq, r.subject])).toEqual([
      [1, 'case:1'],
      [2, 'case:2'],
      [3, 'case:late'],
    ]);
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 3 });
  });

  it('gapless under concurrency: 200 events from 20 concurrent writers while two sequencers run', async () => {
    const a = audit.startSequencer(h.app, { intervalMs: 5, batchSize: 7 });
    const b = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 1) }).startSequencer(h.app, {
      intervalMs: 5,
      batchSize: 11,
    });
    await Promise.all(
      Array.from({ length: 20 }, async (_, w) => {
        for (let i = 0; i < 10; i++) await append(w * 10 + i);
      }),
    );
    await Promise.all([a.stop(), b.stop()]);
    const rows = await logged();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.subject)).size).toBe(200); // each event exactly once
    expect(new Set(rows.map((r) => r.pending_id)).size).toBe(200);
    expect(await pendingCount()).toBe(0);
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 200 });
  });

  it('two sequencers never interleave: the second waits for the first batch to commit', async () => {
    for (let i = 1; i <= 6; i++) await append(i);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inBatch!: () => void;
    const started = new Promise<void>((resolve) => (inBatch = resolve));
    const first = sequenceBatch(h.app, signer, 3, async () => {
      inBatch();
      await held; // the first batch is written, not committed
    });
    await started;
    let secondDone = false;
    const second = sequenceBatch(h.app, signer, 3).then((n) => {
      secondDone = true;
      return n;
    });
    await sql`select pg_sleep(0.2)`.execute(h.owner);
    expect(secondDone).toBe(false); // blocked on the advisory lock
    release();
    expect(await first).toBe(3);
    expect(await second).toBe(3);
    expect((await logged()).map((r) => [r.seq, r.subject])).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => [i, `case:${i}`]),
    );
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 6 });
  });

  it('a crash inside a batch rolls it back whole; a crash between batches loses nothing', async () => {
    for (let i = 1; i <= 5; i++) await append(i);
    expect(await sequenceBatch(h.app, signer, 2)).toBe(2); // batch 1 committed, then the process "dies"
    await expect(
      sequenceBatch(h.app, signer, 2, () => {
        throw new Error('killed mid-batch');
      }),
    ).rejects.toThrow('killed mid-batch');
    expect((await logged()).map((r) => r.seq)).toEqual([1, 2]);
    expect(await pendingCount()).toBe(3);
    // A new sequencer (a restarted process) carries on from the head.
    const restarted = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 1) });
    expect(await restarted.flush(h.app)).toBe(3);
    expect((await logged()).map((r) => [r.seq, r.subject])).toEqual(
      [1, 2, 3, 4, 5].map((i) => [i, `case:${i}`]),
    );
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 5 });
  });

  it('a pending event cannot be changed or dropped before it is sequenced, not even by the owner', async () => {
    await append(1);
    for (const db of [h.app, h.owner]) {
      await expect(sql`update audit_pending set actor = 'x'`.execute(db)).rejects.toThrow(/append-only|permission denied/);
      await expect(sql`delete from audit_pending`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`truncate audit_pending`.execute(db)).rejects.toThrow(/append-only|permission denied/);
    }
    // Nor sequenced twice: a second audit_log row naming the same pending row is refused.
    await audit.flush(h.app);
    const row = await h.owner.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
    await expect(
      h.owner
        .insertInto('audit_log')
        .values({ ...row, seq: 2 })
        .execute(),
    ).rejects.toThrow(/audit_log_pending/);
  });

  it('a batch larger than a slice is hashed, signed and inserted a slice at a time, as one gapless chain', async () => {
    await h.app.transaction().execute((trx) =>
      audit.appendMany(trx, Array.from({ length: 250 }, (_, i) => ({ actor: 'system:x', action: 'step', subject: `case:${i + 1}` }))),
    );
    // The rows of each INSERT into audit_log: each gave the event loop back while PostgreSQL wrote it.
    const inserts: number[] = [];
    const counting = h.app.withPlugin({
      transformQuery: ({ node }) => {
        if (InsertQueryNode.is(node) && node.into?.table.identifier.name === 'audit_log' && node.values && ValuesNode.is(node.values)) {
          inserts.push(node.values.values.length);
        }
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    let seqs: number[] = [];
    expect(await sequenceBatch(counting, signer, 1000, (s) => void (seqs = s))).toBe(250);
    expect(inserts).toEqual([100, 100, 50]);
    expect(seqs).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(await pendingCount()).toBe(0);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 250, checkpoints: 0 });
  });

  it('startSequencer picks events up in the background and stop() flushes', async () => {
    const running = audit.startSequencer(h.app, { intervalMs: 10 });
    await append(1);
    for (let i = 0; i < 200 && (await logged()).length === 0; i++) await sql`select pg_sleep(0.02)`.execute(h.owner);
    expect((await logged()).length).toBe(1);
    await append(2);
    await running.stop();
    expect((await logged()).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('resumes by itself when the database comes back: events committed meanwhile are sequenced, one line each way', async () => {
    let proxy!: PgProxy;
    const away = await createTestDatabase({ route: async (url) => (proxy = await startPgProxy(url)).url });
    const direct = createKysely(away.url, { max: 1, role: APP_ROLE });
    const lines: string[] = [];
    const running = audit.startSequencer(away.app, { intervalMs: 10, log: (line) => lines.push(line) });
    const sequenced = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(direct)).rows[0]!.n);
    try {
      await proxy.down();
      // Committed straight to the server while the sequencer cannot reach it.
      for (let i = 1; i <= 3; i++) {
        await direct.transaction().execute((trx) => audit.append(trx, { actor: 'system:x', action: 'step', subject: `case:${i}` }));
      }
      while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await sequenced()).toBe(0);
      await proxy.up();
      // The rows are visible as the sequencer's transaction commits; its recovery line follows
      // once that call has returned, so wait for both.
      while ((await sequenced()) < 3 || lines.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await sequenced()).toBe(3);
      expect(lines).toEqual([
        expect.stringMatching(/^audit sequencer failed, retrying: /),
        expect.stringMatching(/^audit sequencer works again after \d+ failed attempts?$/),
      ]);
    } finally {
      await running.stop();
      await direct.destroy();
      await away.close();
      await proxy.close();
    }
  });
});
