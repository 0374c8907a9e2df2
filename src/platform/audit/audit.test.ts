// The audit chain against a real PostgreSQL: appends, then tampering through SQL as a superuser would,
// one case at a time, each on a fresh database.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.js';
import type { DatabaseHandle, Tx } from '../../db/index.js';
import {
  appendWithNext,
  type AuditLog,
  type AuditSigner,
  type Checkpoint,
  type CheckpointBody,
  canonicalJson,
  chainHash,
  checkpointSigningBytes,
  createAuditLog,
  exportAudit,
  leafHash,
  listCheckpoints,
  loadAuditSigner,
  merkleRoot,
  PersonalDataInAuditError,
  publishedCheckpoints,
  readCheckpointFile,
  rowSigningBytes,
  startCheckpointer,
  type VerifyResult,
  verifyAudit,
  verifyExport,
  verifySignature,
  withDeferredAudit,
  writeCheckpoint,
} from './index.js';

let h: DatabaseHandle;
let signer: AuditSigner;
let audit: AuditLog;
let dir: string;
let file: string;

beforeEach(async () => {
  h = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  file = path.join(dir, 'audit', 'checkpoints.jsonl');
  signer = loadAuditSigner({ dataDir: dir, env: 'test' });
  audit = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 1) });
});
afterEach(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const keys = () => [{ keyId: signer.keyId, publicKeyPem: signer.publicKeyPem }];
/** What `gerbang audit verify` does: the database plus the checkpoint file kept outside it. */
const verify = () =>
  verifyAudit(h.owner, { publicKeys: keys(), externalCheckpoints: readCheckpointFile(file) });
const rows = () => h.owner.selectFrom('audit_log').selectAll().orderBy('seq').execute();
/** Appends in its own transaction, then runs the sequencer so the event is in audit_log. */
const appendOne = async (event: Parameters<AuditLog['append']>[1]) => {
  await h.app.transaction().execute((trx) => audit.append(trx, event));
  await audit.flush(h.app);
  const head = await h.owner.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
  return { seq: head.seq };
};

async function appendEvents(n: number) {
  for (let i = 1; i <= n; i++) {
    await appendOne({ actor: 'officer:o1', action: 'case.updated', subject: `case:${i}`, data: { step: i } });
  }
}

/** Runs SQL as the superuser, in one session, with the append-only triggers switched off. */
async function tamper(statements: string) {
  await h.owner.connection().execute(async (conn) => {
    await sql
      .raw(`SET session_replication_role = replica; ${statements}; SET session_replication_role = origin`)
      .execute(conn);
  });
}

/** A bytea literal for tamper(). */
const bytea = (value: Buffer) => `'\\x${value.toString('hex')}'`;

/** SQL that deletes every row after `seq` and rewinds audit_head to it, as a careful superuser would. */
const truncateAfter = (seq: number) => `
  DELETE FROM audit_log WHERE seq > ${seq};
  UPDATE audit_head SET seq = ${seq}, chain_hash = (SELECT chain_hash FROM audit_log WHERE seq = ${seq})`;

const signed = (body: CheckpointBody): Checkpoint => ({
  ...body,
  signature: signer.sign(checkpointSigningBytes(body)).toString('base64'),
});

function expectBad(result: VerifyResult, firstBadSeq: number, problem?: string) {
  expect(result).toMatchObject({ ok: false, firstBadSeq });
  if (problem) expect(result.problem).toContain(problem);
}

async function exportLines(): Promise<string[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportAudit(h.owner, out, keys());
  return Buffer.concat(chunks).toString('utf8').split('\n');
}

describe('appending', () => {
  it('appends in the caller’s transaction: a rolled-back event leaves no gap; verify is ok', async () => {
    await appendEvents(3);
    await expect(
      h.app.transaction().execute(async (trx) => {
        const { pendingId } = await audit.append(trx, { actor: 'system:x', action: 'will.rollback' });
        expect(pendingId).toBeGreaterThan(0);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const after = await appendOne({ tenantId: null, actor: 'system:x', action: 'after.rollback' });
    expect(after).toEqual({ seq: 4 });
    expect((await rows()).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 4, checkpoints: 0 });
  });

  it('appendMany writes several events with one statement, in order, and checks each one', async () => {
    await appendEvents(1);
    const ids = await h.app.transaction().execute((trx) =>
      audit.appendMany(trx, [
        { actor: 'system:x', action: 'batch.first', subject: 'case:a' },
        { actor: 'system:x', action: 'batch.second', subject: 'case:b', data: { n: 2 } },
        { actor: 'system:x', action: 'batch.third', subject: 'case:c' },
      ]),
    );
    expect(ids.map((r) => r.pendingId)).toEqual([...ids.map((r) => r.pendingId)].sort((a, b) => a - b));
    await audit.flush(h.app);
    expect((await rows()).map((r) => [r.seq, r.action, r.subject])).toEqual([
      [1, 'case.updated', 'case:1'],
      [2, 'batch.first', 'case:a'],
      [3, 'batch.second', 'case:b'],
      [4, 'batch.third', 'case:c'],
    ]);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 4, checkpoints: 0 });
    // One event with personal data refuses the whole batch: nothing of it is written.
    await expect(
      h.app.transaction().execute((trx) =>
        audit.appendMany(trx, [
          { actor: 'system:x', action: 'batch.ok' },
          { actor: 'system:x', action: 'batch.bad', data: { email: 'warga@example.com' } },
        ]),
      ),
    ).rejects.toThrow();
    expect(await h.owner.selectFrom('audit_pending').select('id').execute()).toEqual([]);
    expect(await h.app.transaction().execute((trx) => audit.appendMany(trx, []))).toEqual([]);
  });

  it('withDeferredAudit keeps every way of appending until its work is done, also nested, in order', async () => {
    await h.app.transaction().execute((trx) =>
      withDeferredAudit(audit, trx, async (outer) => {
        await outer.append(trx, { actor: 'system:x', action: 'deferred.first' });
        await withDeferredAudit(outer, trx, async (inner) => {
          await appendWithNext(inner, trx, [{ actor: 'system:x', action: 'deferred.second' }]);
        });
        await outer.appendManyWithNext!(trx, [{ actor: 'system:x', action: 'deferred.third' }]);
        // Nothing is written before the outer work returns.
        expect(await sql<{ n: string }>`select count(*) as n from audit_pending`.execute(trx).then((r) => Number(r.rows[0]!.n))).toBe(0);
      }),
    );
    await audit.flush(h.app);
    expect((await rows()).map((r) => r.action)).toEqual(['deferred.first', 'deferred.second', 'deferred.third']);
  });

  it('refuses to append outside a transaction', async () => {
    const notATransaction = h.app as unknown as Tx;
    await expect(audit.append(notATransaction, { actor: 'system:x', action: 'x' })).rejects.toThrow(
      /inside the transaction/,
    );
  });

  it('stores canonical JSON bytes, leaf hash, chain hash and a per-row signature as documented', async () => {
    const tenantId = '00000000-0000-4000-8000-00000000000a';
    const at = new Date('2025-11-22T01:02:03.456Z');
    const event = { tenantId, actor: 'officer:o1', action: 'case.opened', subject: 'case:1' };
    await appendOne({ ...event, data: { z: 1, a: [true] }, at });
    await appendEvents(1);
    const [first, second] = await rows();
    expect(first!.entry.toString()).toBe(
      '{"action":"case.opened","actor":"officer:o1","at":"2025-11-22T01:02:03.456Z",' +
        `"data":{"a":[true],"z":1},"seq":1,"subject":"case:1","tenantId":"${tenantId}"}`,
    );
    const data = { z: 1, a: [true] };
    const expectedEntry = canonicalJson({ seq: 1, at: at.toISOString(), ...event, data });
    expect(first!.entry.equals(expectedEntry)).toBe(true);
    expect(first!.recorded_at.toISOString()).toBe(at.toISOString());
    const leaf = createHash('sha256').update(Buffer.from([0])).update(first!.entry).digest();
    expect(first!.leaf_hash.equals(leaf)).toBe(true);
    expect(first!.chain_hash.equals(chainHash(Buffer.alloc(32), leaf))).toBe(true);
    expect(second!.chain_hash.equals(chainHash(first!.chain_hash, leafHash(second!.entry)))).toBe(true);
    expect(first!.key_id).toBe(signer.keyId);
    const signedBytes = rowSigningBytes(1, first!.chain_hash);
    expect(verifySignature(signer.publicKeyPem, signedBytes, first!.signature)).toBe(true);
    const head = await h.owner.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(head.seq).toBe(2);
    expect(head.chain_hash.equals(second!.chain_hash)).toBe(true);
  });

  it('10 parallel transactions get gapless sequence numbers 1..10 and the chain verifies', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.app.transaction().execute(async (trx) => {
          await audit.append(trx, { actor: 'system:x', action: 'parallel', data: { i } });
          await sql`select pg_sleep(0.01)`.execute(trx); // overlap the transactions
        }),
      ),
    );
    expect(await audit.flush(h.app)).toBe(10);
    expect((await rows()).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 10, checkpoints: 0 });
  });

  it('the app role cannot UPDATE, DELETE or TRUNCATE audit records; triggers stop the owner', async () => {
    await appendEvents(2);
    await writeCheckpoint(h.app, signer);
    for (const statement of [
      sql`update audit_log set actor = 'x'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
      sql`update audit_checkpoints set key_id = 'x'`,
      sql`delete from audit_checkpoints`,
      sql`truncate audit_checkpoints`,
      sql`delete from audit_head`,
      sql`update audit_pending set actor = 'x'`,
      sql`truncate audit_pending`,
    ]) {
      await expect(statement.execute(h.app)).rejects.toThrow(/append-only|permission denied/);
    }
    await expect(sql`alter table audit_log disable trigger user`.execute(h.app)).rejects.toThrow(/owner/);
    await expect(sql`update audit_log set actor = 'x'`.execute(h.owner)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(h.owner)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(h.owner)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_checkpoints`.execute(h.owner)).rejects.toThrow(/append-only/);
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 2, checkpoints: 1 });
  });

  it('refuses raw NIK, e-mail and phone numbers in actor, subject or data; pseudonyms pass', async () => {
    const refused = [
      { actor: 'system:x', action: 'x', data: { nik: '3374012501900001' } },
      { actor: 'system:x', action: 'x', data: { note: 'NIK 33.74.01.250190.0001 diverifikasi' } },
      { actor: 'system:x', action: 'x', data: { contact: { email: 'warga@example.go.id' } } },
      { actor: 'system:x', action: 'x', data: { phones: ['+62 812-3456-7890'] } },
      { actor: 'system:x', action: 'x', data: { '081234567890': true } },
      { actor: 'system:x', action: 'x', subject: 'citizen:3374012501900001' },
      { actor: 'warga@example.go.id', action: 'x' },
    ];
    for (const event of refused) await expect(appendOne(event)).rejects.toThrow(PersonalDataInAuditError);
    const error = await appendOne({ actor: 'system:x', action: 'x', data: { nik: '3374012501900001' } })
      .then(() => undefined)
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ where: 'data.nik', kind: 'nik' });
    expect(String(error)).not.toContain('3374012501900001'); // the message must not leak it either

    const tenantA = '00000000-0000-4000-8000-00000000000a';
    const tenantB = '00000000-0000-4000-8000-00000000000b';
    const a = audit.pseudonymize(tenantA, '3374012501900001');
    expect(a).toMatch(/^p:[0-9a-f]{64}$/);
    expect(audit.pseudonymize(tenantA, '3374012501900001')).toBe(a);
    expect(audit.pseudonymize(tenantB, '3374012501900001')).not.toBe(a);
    const appended = await appendOne({ tenantId: tenantA, actor: 'system:x', action: 'x', subject: a });
    expect(appended.seq).toBe(1); // the refused events took no sequence numbers
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 1 });
  });
});

describe('verification catches tampering through SQL', () => {
  beforeEach(() => appendEvents(8));

  it('edited entry bytes of row 5', async () => {
    await tamper(`
      UPDATE audit_log
      SET entry = convert_to(replace(convert_from(entry, 'UTF8'), '"step":5', '"step":6'), 'UTF8')
      WHERE seq = 5`);
    const result = await verify();
    expectBad(result, 5, 'leaf hash');
    expect(result.checkedEvents).toBe(4);
  });

  it('an edited column outside the entry', async () => {
    await tamper(`UPDATE audit_log SET actor = 'officer:someone-else' WHERE seq = 3`);
    expectBad(await verify(), 3, 'columns differ');
  });

  it('row 5 deleted', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = 5');
    expectBad(await verify(), 5, 'row 5 is missing');
  });

  it('a forged row inserted at 4 with the later rows shifted', async () => {
    // The forger even computes a correct leaf and chain hash; only the signature is beyond reach.
    const third = (await rows())[2]!;
    const entry = canonicalJson({
      seq: 4,
      at: third.recorded_at.toISOString(),
      tenantId: null,
      actor: 'officer:o1',
      action: 'case.approved',
      subject: 'case:4',
      data: {},
    });
    const leaf = leafHash(entry);
    const chain = chainHash(third.chain_hash, leaf);
    await tamper(`
      CREATE TEMP TABLE shifted AS SELECT * FROM audit_log WHERE seq >= 4;
      DELETE FROM audit_log WHERE seq >= 4;
      INSERT INTO audit_log
        SELECT seq + 1, recorded_at, tenant_id, actor, action, subject, entry, leaf_hash, chain_hash,
               signature, key_id
        FROM shifted;
      INSERT INTO audit_log VALUES (4, '${third.recorded_at.toISOString()}', NULL, 'officer:o1',
        'case.approved', 'case:4', ${bytea(entry)}, ${bytea(leaf)}, ${bytea(chain)},
        ${bytea(randomBytes(64))}, '${signer.keyId}');
      UPDATE audit_head SET seq = 9`);
    expectBad(await verify(), 4, 'signature');
  });

  it('the contents of rows 6 and 7 swapped', async () => {
    await tamper(`
      CREATE TEMP TABLE pair AS SELECT * FROM audit_log WHERE seq IN (6, 7);
      DELETE FROM audit_log WHERE seq IN (6, 7);
      INSERT INTO audit_log
        SELECT CASE seq WHEN 6 THEN 7 ELSE 6 END, recorded_at, tenant_id, actor, action, subject, entry,
               leaf_hash, chain_hash, signature, key_id
        FROM pair`);
    expectBad(await verify(), 6, 'holds the entry of row 7');
  });

  it('the chain rewritten from row 4 with recomputed hashes (but no signing key)', async () => {
    const all = await rows();
    let previous = all[2]!.chain_hash;
    const updates: string[] = [];
    for (const row of all.slice(3)) {
      const entry =
        row.seq === 4 ? Buffer.from(row.entry.toString().replace('"step":4', '"step":40')) : row.entry;
      const leaf = leafHash(entry);
      const chain = chainHash(previous, leaf);
      updates.push(
        `UPDATE audit_log SET entry = ${bytea(entry)}, leaf_hash = ${bytea(leaf)}, ` +
          `chain_hash = ${bytea(chain)} WHERE seq = ${row.seq}`,
      );
      previous = chain;
    }
    updates.push(`UPDATE audit_head SET chain_hash = ${bytea(previous)}`);
    await tamper(updates.join(';\n'));
    expectBad(await verify(), 4, 'signature is not valid');
  });

  it('the tail truncated after a checkpoint, with audit_head rewound too', async () => {
    await writeCheckpoint(h.app, signer, { file });
    await tamper(truncateAfter(6));
    const result = await verify();
    expectBad(result, 7, 'checkpoint 8');
    expect(result.checkedEvents).toBe(6);
  });

  it('the tail truncated without touching audit_head', async () => {
    await tamper('DELETE FROM audit_log WHERE seq > 6');
    expectBad(await verify(), 7, 'audit_head');
  });

  it('the tail truncated and the checkpoints in the database removed: the copy outside tells', async () => {
    await writeCheckpoint(h.app, signer, { file });
    await tamper(`DELETE FROM audit_checkpoints; ${truncateAfter(7)}`);
    expect(await verifyAudit(h.owner, { publicKeys: keys() })).toMatchObject({ ok: true, checkedEvents: 7 });
    expectBad(await verify(), 8, 'checkpoint 8');
  });

  it('a checkpoint root altered in the table', async () => {
    await writeCheckpoint(h.app, signer);
    await tamper(`UPDATE audit_checkpoints SET root_hash = ${bytea(Buffer.alloc(32))}`);
    expectBad(await verify(), 8, 'checkpoint 8: signature is not valid');
  });

  it('a validly signed checkpoint of another history (a fork signed with the key)', async () => {
    const five = (await rows()).slice(0, 5);
    const real = merkleRoot(five.map((r) => r.leaf_hash)).toString('hex');
    const body = {
      treeSize: 5,
      rootHash: real,
      chainHash: five[4]!.chain_hash.toString('hex'),
      createdAt: new Date().toISOString(),
      keyId: signer.keyId,
    };
    const fork = signed({ ...body, rootHash: real.replace(/^./, real[0] === '0' ? '1' : '0') });
    expectBad(
      await verifyAudit(h.owner, { publicKeys: keys(), externalCheckpoints: [fork] }),
      5,
      'Merkle root differs',
    );
    // …while the honest checkpoint of the same size verifies.
    expect(await verifyAudit(h.owner, { publicKeys: keys(), externalCheckpoints: [signed(body)] })).toEqual({
      ok: true,
      checkedEvents: 8,
      checkpoints: 1,
    });
  });

  it('a bad row signature below a checkpoint: the first row whose signature fails is named', async () => {
    await writeCheckpoint(h.app, signer, { file });
    await tamper(`UPDATE audit_log SET signature = ${bytea(randomBytes(64))} WHERE seq = 3`);
    expectBad(await verify(), 3, 'signature');
  });

  it('audit_head pointed at another chain hash', async () => {
    await tamper(`UPDATE audit_head SET chain_hash = ${bytea(Buffer.alloc(32, 0x11))}`);
    expectBad(await verify(), 9, 'audit_head');
  });

  it('rows signed by a key that is not trusted', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const other = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const result = await verifyAudit(h.owner, { publicKeys: [{ keyId: 'x', publicKeyPem: other }] });
    expectBad(result, 1, 'unknown key');
  });
});

describe('key ids', () => {
  it('still verifies rows labelled with the earlier key id (SHA-256 of the SPKI DER)', async () => {
    await appendEvents(2);
    const spki = createPublicKey(signer.publicKeyPem).export({ format: 'der', type: 'spki' });
    const legacy = createHash('sha256').update(spki).digest('hex').slice(0, 16);
    expect(legacy).not.toBe(signer.keyId);
    await tamper(`UPDATE audit_log SET key_id = '${legacy}'`);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 2, checkpoints: 0 });
  });
});

describe('export for an external auditor', () => {
  beforeEach(() => appendEvents(8));

  it('verifies offline with the same result as verifyAudit, intact and tampered', async () => {
    await writeCheckpoint(h.app, signer, { file });
    const intact = await verify();
    expect(intact).toEqual({ ok: true, checkedEvents: 8, checkpoints: 1 });
    expect(verifyExport(await exportLines())).toEqual(intact);

    await tamper('DELETE FROM audit_log WHERE seq = 2');
    const deleted = await verify();
    expectBad(deleted, 2);
    expect(verifyExport(await exportLines())).toEqual(deleted);

    // With the copy outside the database on both sides (it still holds the honest checkpoint).
    await tamper(`UPDATE audit_checkpoints SET root_hash = ${bytea(Buffer.alloc(32))}`);
    const altered = await verify();
    expect(altered).toMatchObject({ ok: false, firstBadSeq: 2, checkpoints: 2 });
    expect(verifyExport(await exportLines(), readCheckpointFile(file))).toEqual(altered);
    expect(verifyExport(await exportLines())).toEqual(await verifyAudit(h.owner, { publicKeys: keys() }));
  });

  it('agrees on a truncated tail, and checks checkpoints and keys obtained separately', async () => {
    const checkpoint = (await writeCheckpoint(h.app, signer, { file }))!;
    await tamper(`DELETE FROM audit_checkpoints; ${truncateAfter(5)}`);
    const lines = await exportLines();
    // The export alone looks consistent; the checkpoint fetched earlier from /.well-known does not.
    expect(verifyExport(lines)).toMatchObject({ ok: true, checkedEvents: 5 });
    expect(verifyExport(lines, { externalCheckpoints: [checkpoint] })).toEqual(await verify());
    expectBad(verifyExport(lines, [checkpoint]), 6, 'checkpoint 8');
    // An auditor who pins the agency's published key rejects an export signed with another key.
    const { publicKey } = generateKeyPairSync('ed25519');
    const other = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expectBad(verifyExport(lines, { publicKeys: [{ keyId: 'x', publicKeyPem: other }] }), 1, 'unknown key');
    expect(verifyExport(lines, { publicKeys: keys() })).toMatchObject({ ok: true });
  });

  it('reports an edited export line and refuses what is not an export', async () => {
    const lines = await exportLines();
    const i = lines.findIndex((l) => l.includes('"seq":3,'));
    const line = JSON.parse(lines[i]!) as { entry: string };
    const entry = Buffer.from(line.entry, 'base64').toString().replace('"step":3', '"step":33');
    const edited = [...lines];
    edited[i] = JSON.stringify({ ...line, entry: Buffer.from(entry).toString('base64') });
    expectBad(verifyExport(edited), 3, 'leaf hash');
    expect(verifyExport(lines.slice(1)).problem).toContain('header');
    expect(verifyExport([lines[0]!, '{not json'])).toMatchObject({
      ok: false,
      problem: 'line 2 is not JSON',
    });
  });
});

describe('checkpoints', () => {
  it('are signed, stored, written outside the database and published; none without new events', async () => {
    expect(await writeCheckpoint(h.app, signer, { file })).toBeNull();
    await appendEvents(5);
    const first = (await writeCheckpoint(h.app, signer, { file }))!;
    expect(first).toMatchObject({ treeSize: 5, keyId: signer.keyId });
    const signature = Buffer.from(first.signature, 'base64');
    expect(verifySignature(signer.publicKeyPem, checkpointSigningBytes(first), signature)).toBe(true);
    expect(await writeCheckpoint(h.app, signer, { file })).toBeNull();
    await appendEvents(2);
    const second = await writeCheckpoint(h.app, signer, { file });
    const all = await rows();
    expect(second).toMatchObject({
      treeSize: 7,
      rootHash: merkleRoot(all.map((r) => r.leaf_hash)).toString('hex'),
      chainHash: all[6]!.chain_hash.toString('hex'),
    });
    expect(readCheckpointFile(file)).toEqual([first, second]);
    expect(await listCheckpoints(h.app, { limit: 1 })).toEqual([second]);
    const published = await publishedCheckpoints(h.app, signer);
    expect(published.checkpoints).toEqual([second, first]);
    expect(published.publicKeys).toEqual([
      { keyId: signer.keyId, algorithm: 'Ed25519', publicKeyPem: signer.publicKeyPem },
    ]);
    expect(JSON.parse(JSON.stringify(published))).toEqual(published);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 7, checkpoints: 2 });
  });

  it('are not written over a log with a missing row', async () => {
    await appendEvents(4);
    await tamper('DELETE FROM audit_log WHERE seq = 2');
    await expect(writeCheckpoint(h.app, signer, { file })).rejects.toThrow(/row 2 is missing/);
    expect(readCheckpointFile(file)).toEqual([]);
  });

  it('the checkpointer writes when enough events arrived, and a final one on stop', async () => {
    const messages: string[] = [];
    const checkpointer = startCheckpointer(h.app, signer, {
      everySeconds: 3600,
      everyEvents: 3,
      file,
      log: (m) => messages.push(m),
    });
    const sizes = () => readCheckpointFile(file).map((c) => c.treeSize);
    try {
      await appendEvents(3);
      await expect.poll(sizes, { timeout: 5000, interval: 100 }).toEqual([3]);
      await appendEvents(1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(sizes()).toEqual([3]); // one new event: not yet due
    } finally {
      await checkpointer.stop();
    }
    expect(sizes()).toEqual([3, 4]);
    expect(messages).toEqual([]);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 4, checkpoints: 2 });
  });

  it('the checkpointer writes when the time is due', async () => {
    await appendEvents(1);
    const checkpointer = startCheckpointer(h.app, signer, { everySeconds: 1, everyEvents: 1000, file });
    try {
      await expect.poll(() => readCheckpointFile(file).length, { timeout: 5000, interval: 100 }).toBe(1);
    } finally {
      await checkpointer.stop();
    }
    expect(readCheckpointFile(file).map((c) => c.treeSize)).toEqual([1]);
  });
});
