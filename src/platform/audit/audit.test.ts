// The audit chain against a real PostgreSQL: appends, then tampering through SQL as a superuser would,
// one case at a time, each on a fresh database.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.js';
import type { DatabaseHandle } from '../../db/index.js';
import {
  type AuditLog,
  type AuditSigner,
  chainHash,
  createAuditLog,
  exportAudit,
  leafHash,
  loadAuditSigner,
  looksLikePersonalData,
  MerkleFrontier,
  merkleRoot,
  PersonalDataInAuditError,
  publishedCheckpoints,
  readCheckpointFile,
  verifyAudit,
  verifyExport,
  writeCheckpoint,
} from './index.js';

let h: DatabaseHandle;
let signer: AuditSigner;
let audit: AuditLog;
let dir: string;

beforeEach(async () => {
  h = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  signer = loadAuditSigner({ dataDir: dir, env: 'test' });
  audit = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 1) });
});
afterEach(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const keys = () => [{ keyId: signer.keyId, publicKeyPem: signer.publicKeyPem }];

async function appendEvents(n: number) {
  for (let i = 1; i <= n; i++) {
    await h.app.transaction().execute((trx) =>
      audit.append(trx, {
        actor: 'officer:o1',
        action: 'case.updated',
        subject: `case:${i}`,
        data: { step: i },
      }),
    );
  }
}

/** Runs SQL as the superuser with the append-only triggers switched off for this session. */
async function tamper(statements: string) {
  await h.owner.connection().execute(async (conn) => {
    await sql
      .raw(`SET session_replication_role = replica; ${statements}; SET session_replication_role = origin`)
      .execute(conn);
  });
}

const verify = () => verifyAudit(h.owner, { publicKeys: keys() });

describe('appending', () => {
  it('chains events in commit order with gapless numbers, also across rollbacks and concurrency', async () => {
    await appendEvents(3);
    await expect(
      h.app.transaction().execute(async (trx) => {
        await audit.append(trx, { actor: 'system:x', action: 'will.rollback' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.app
          .transaction()
          .execute((trx) => audit.append(trx, { actor: 'system:x', action: 'parallel', data: { i } })),
      ),
    );
    const seqs = (await h.owner.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map(
      (r) => r.seq,
    );
    expect(seqs).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(await verify()).toEqual({ ok: true, checkedEvents: 13, checkpoints: 0 });
  });

  it('stores canonical JSON bytes with leaf and chain hashes as documented', async () => {
    await appendEvents(2);
    const rows = await h.owner.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const first = rows[0]!;
    expect(JSON.parse(first.entry.toString())).toMatchObject({
      seq: 1,
      actor: 'officer:o1',
      data: { step: 1 },
    });
    expect(first.entry.toString()).toMatch(/^\{"action":"case.updated","actor":"officer:o1","at":"/);
    const expectedLeaf = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), first.entry]))
      .digest();
    expect(first.leaf_hash.equals(expectedLeaf)).toBe(true);
    expect(first.chain_hash.equals(chainHash(Buffer.alloc(32), expectedLeaf))).toBe(true);
    expect(rows[1]!.chain_hash.equals(chainHash(first.chain_hash, leafHash(rows[1]!.entry)))).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, even by the owner, and the app role cannot alter the table', async () => {
    await appendEvents(1);
    await expect(sql`update audit_log set actor = 'x'`.execute(h.app)).rejects.toThrow(
      /append-only|permission/,
    );
    await expect(sql`delete from audit_log`.execute(h.app)).rejects.toThrow(/append-only|permission/);
    await expect(sql`update audit_log set actor = 'x'`.execute(h.owner)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(h.owner)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(h.owner)).rejects.toThrow(/append-only/);
    await expect(sql`alter table audit_log disable trigger user`.execute(h.app)).rejects.toThrow(/owner/);
    await writeCheckpoint(h.app, signer);
    await expect(sql`delete from audit_checkpoints`.execute(h.owner)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_checkpoints set key_id = 'x'`.execute(h.app)).rejects.toThrow(/permission/);
  });

  it('refuses raw personal data and offers stable per-tenant pseudonyms instead', async () => {
    for (const data of [
      { nik: '3374012501900001' },
      { note: 'NIK 33.74.01 250190 0001' },
      { contact: 'warga@example.go.id' },
      { phone: '+62 812-3456-7890' },
      { phones: ['081234567890'] },
    ]) {
      await expect(
        h.app.transaction().execute((trx) => audit.append(trx, { actor: 'system:x', action: 'x', data })),
      ).rejects.toThrow(PersonalDataInAuditError);
    }
    expect(looksLikePersonalData('12345678-1234-4123-8123-123456789012')).toBe(false);
    expect(looksLikePersonalData('case:2025-000123')).toBe(false);
    const a = audit.pseudonymize('tenant-a', '3374012501900001');
    expect(a).toMatch(/^p:[0-9a-f]{64}$/);
    expect(audit.pseudonymize('tenant-a', '3374012501900001')).toBe(a);
    expect(audit.pseudonymize('tenant-b', '3374012501900001')).not.toBe(a);
    await h.app
      .transaction()
      .execute((trx) => audit.append(trx, { actor: 'system:x', action: 'x', data: { citizen: a } }));
    expect((await verify()).ok).toBe(true);
  });
});

describe('verification catches tampering through SQL', () => {
  beforeEach(() => appendEvents(8));

  it('an edited entry', async () => {
    await tamper(
      `UPDATE audit_log SET entry = convert_to(replace(convert_from(entry, 'UTF8'), '"step":5', '"step":6'), 'UTF8') WHERE seq = 5`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('an edited column outside the entry', async () => {
    await tamper(`UPDATE audit_log SET actor = 'officer:someone-else' WHERE seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('a deleted row', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = 5');
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('an inserted row (later rows shifted)', async () => {
    await tamper(`
      CREATE TEMP TABLE shifted AS SELECT * FROM audit_log WHERE seq >= 4;
      DELETE FROM audit_log WHERE seq >= 4;
      INSERT INTO audit_log SELECT seq + 1, recorded_at, tenant_id, actor, action, subject, entry, leaf_hash, chain_hash, signature, key_id FROM shifted;
      INSERT INTO audit_log SELECT 4, recorded_at, tenant_id, actor, 'forged.action', subject, entry, leaf_hash, chain_hash, signature, key_id FROM shifted WHERE seq = 4`);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('two rows swapped', async () => {
    await tamper(`
      CREATE TEMP TABLE pair AS SELECT * FROM audit_log WHERE seq IN (6, 7);
      DELETE FROM audit_log WHERE seq IN (6, 7);
      INSERT INTO audit_log SELECT CASE seq WHEN 6 THEN 7 ELSE 6 END, recorded_at, tenant_id, actor, action, subject, entry, leaf_hash, chain_hash, signature, key_id FROM pair`);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6 });
  });

  it('a chain rewritten from row 4 with consistent hashes (but no signing key)', async () => {
    // A superuser edits row 4 and recomputes every leaf and chain hash after it, and the head.
    const rows = await h.owner.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let previous = rows[2]!.chain_hash;
    const updates: string[] = [];
    for (const row of rows.slice(3)) {
      const entry =
        row.seq === 4 ? Buffer.from(row.entry.toString().replace('"step":4', '"step":40')) : row.entry;
      const leaf = leafHash(entry);
      const chain = chainHash(previous, leaf);
      updates.push(
        `UPDATE audit_log SET entry = '\\x${entry.toString('hex')}', leaf_hash = '\\x${leaf.toString('hex')}', chain_hash = '\\x${chain.toString('hex')}' WHERE seq = ${row.seq}`,
      );
      previous = chain;
    }
    updates.push(`UPDATE audit_head SET chain_hash = '\\x${previous.toString('hex')}'`);
    await tamper(updates.join(';\n'));
    expect(await verify()).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      problem: expect.stringContaining('signature'),
    });
  });

  it('a tail deleted after a checkpoint, even with the head rewound', async () => {
    await writeCheckpoint(h.app, signer, path.join(dir, 'checkpoints.jsonl'));
    await tamper(
      `DELETE FROM audit_log WHERE seq > 6; UPDATE audit_head SET seq = 6, chain_hash = (SELECT chain_hash FROM audit_log WHERE seq = 6)`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 7 });
  });

  it('a tail deleted and the checkpoints in the database removed: the copy outside catches it', async () => {
    const file = path.join(dir, 'checkpoints.jsonl');
    await writeCheckpoint(h.app, signer, file);
    await tamper(`
      ALTER TABLE audit_checkpoints DISABLE TRIGGER USER; DELETE FROM audit_checkpoints;
      ALTER TABLE audit_checkpoints ENABLE TRIGGER USER;
      DELETE FROM audit_log WHERE seq > 7; UPDATE audit_head SET seq = 7, chain_hash = (SELECT chain_hash FROM audit_log WHERE seq = 7)`);
    expect(await verify()).toMatchObject({ ok: true, checkedEvents: 7 });
    const withOutside = await verifyAudit(h.owner, {
      publicKeys: keys(),
      externalCheckpoints: readCheckpointFile(file),
    });
    expect(withOutside).toMatchObject({ ok: false, firstBadSeq: 8 });
  });

  it('a forged checkpoint', async () => {
    await writeCheckpoint(h.app, signer);
    await tamper(
      `ALTER TABLE audit_checkpoints DISABLE TRIGGER USER; UPDATE audit_checkpoints SET root_hash = '\\x${'00'.repeat(32)}'; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER`,
    );
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringContaining('checkpoint 8') });
  });

  it('an export verifies offline and reports the same tampering', async () => {
    await writeCheckpoint(h.app, signer);
    const exportLines = async () => {
      const out = new PassThrough();
      let text = '';
      out.on('data', (chunk) => {
        text += chunk;
      });
      await exportAudit(h.owner, out, keys());
      return text.split('\n');
    };
    expect(verifyExport(await exportLines())).toEqual(await verify());
    expect(verifyExport(await exportLines())).toMatchObject({ ok: true, checkedEvents: 8, checkpoints: 1 });
    await tamper('DELETE FROM audit_log WHERE seq = 2');
    expect(verifyExport(await exportLines())).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});

describe('checkpoints', () => {
  it('are signed, published and written outside the database; a second call with no new events adds none', async () => {
    const file = path.join(dir, 'audit', 'checkpoints.jsonl');
    expect(await writeCheckpoint(h.app, signer, file)).toBeNull();
    await appendEvents(5);
    const checkpoint = await writeCheckpoint(h.app, signer, file);
    expect(checkpoint).toMatchObject({ treeSize: 5, keyId: signer.keyId });
    expect(await writeCheckpoint(h.app, signer, file)).toBeNull();
    await appendEvents(2);
    const frontier = new MerkleFrontier();
    expect((await writeCheckpoint(h.app, signer, file, frontier))?.treeSize).toBe(7);
    const leaves = (await h.owner.selectFrom('audit_log').select('leaf_hash').orderBy('seq').execute()).map(
      (r) => r.leaf_hash,
    );
    expect(frontier.root().toString('hex')).toBe(merkleRoot(leaves).toString('hex'));
    expect(readCheckpointFile(file).map((c) => c.treeSize)).toEqual([5, 7]);
    const published = await publishedCheckpoints(h.app, signer);
    expect(published.checkpoints.map((c) => c.treeSize)).toEqual([7, 5]);
    expect(published.publicKeys[0]?.keyId).toBe(signer.keyId);
    expect(await verify()).toEqual({ ok: true, checkedEvents: 7, checkpoints: 2 });
  });
});

describe('Merkle tree (RFC 6962)', () => {
  const h256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  const reference = (leaves: Buffer[]): Buffer => {
    if (leaves.length === 0) return h256();
    if (leaves.length === 1) return leaves[0]!;
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return h256(Buffer.from([1]), reference(leaves.slice(0, k)), reference(leaves.slice(k)));
  };

  it('matches the recursive definition for 0..33 leaves, also built incrementally', () => {
    const leaves = Array.from({ length: 33 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const frontier = new MerkleFrontier();
    expect(merkleRoot([]).toString('hex')).toBe(h256().toString('hex'));
    for (let n = 1; n <= leaves.length; n++) {
      frontier.push(leaves[n - 1]!);
      const expected = reference(leaves.slice(0, n)).toString('hex');
      expect(merkleRoot(leaves.slice(0, n)).toString('hex'), `n=${n}`).toBe(expected);
      expect(frontier.root().toString('hex'), `frontier n=${n}`).toBe(expected);
    }
  });
});

describe('signing key', () => {
  it('is generated once outside the database and reused; production requires one', () => {
    const again = loadAuditSigner({ dataDir: dir, env: 'development' });
    expect(again.keyId).toBe(signer.keyId);
    expect((fs.statSync(path.join(dir, 'keys', 'audit-ed25519.pem')).mode & 0o777).toString(8)).toBe('600');
    expect(() => loadAuditSigner({ dataDir: dir, env: 'production' })).toThrow(/AUDIT_SIGNING_KEY/);
    const pem = fs.readFileSync(path.join(dir, 'keys', 'audit-ed25519.pem'), 'utf8');
    expect(loadAuditSigner({ key: pem, dataDir: '/nonexistent', env: 'production' }).keyId).toBe(
      signer.keyId,
    );
    expect(() => loadAuditSigner({ key: 'garbage', dataDir: dir, env: 'production' })).toThrow(
      /AUDIT_SIGNING_KEY/,
    );
  });
});
