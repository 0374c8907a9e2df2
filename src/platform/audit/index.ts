// The tamper-evident audit log (docs/audit.md). Every state change appends an event in the same
// transaction; rows form a hash chain, each row is signed with an Ed25519 key held outside the
// database, and signed checkpoints (tree size, Merkle root, chain hash) are published outside the
// table. `verifyAudit` names the first bad sequence number.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.js';
import type { AuditAppender, AuditEventInput } from '../context.js';
import { chainHash, leafHash, MerkleFrontier, merkleRoot, rowSigningBytes, ZERO_HASH } from './merkle.js';
import { type AuditSigner, type PublicKeyRef, verifySignature } from './signer.js';

export { chainHash, leafHash, MerkleFrontier, merkleRoot } from './merkle.js';
export { type AuditSigner, loadAuditSigner, type PublicKeyRef, verifySignature } from './signer.js';

export class PersonalDataInAuditError extends Error {
  override name = 'PersonalDataInAuditError';
}

const NIK_TEXT = /(?<![\w-])\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{6}[ .-]?\d{4}(?![\w-])/;
const PHONE_TEXT = /(?<![\w-])(?:\+62|62|0)8\d{7,11}(?![\w-])/;
const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;

/** True when a string looks like a raw NIK, Indonesian phone number or e-mail address. */
export function looksLikePersonalData(value: string): boolean {
  if (value.startsWith('p:')) return false; // a pseudonym
  if (EMAIL.test(value) || NIK_TEXT.test(value) || PHONE_TEXT.test(value)) return true;
  if (/^[\d\s.()+-]+$/.test(value)) {
    const compact = value.replace(/[\s.()-]/g, '');
    return /^\d{16}$/.test(compact) || /^(?:\+62|62|0)8\d{7,11}$/.test(compact);
  }
  return false;
}

function assertNoPersonalData(value: unknown, where: string): void {
  if (typeof value === 'string') {
    if (looksLikePersonalData(value)) {
      throw new PersonalDataInAuditError(
        `audit ${where} holds what looks like raw personal data (NIK, phone or e-mail): use pseudonymize()`,
      );
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) assertNoPersonalData(item, `${where}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertNoPersonalData(item, `${where}.${key}`);
  }
}

export interface AuditLog extends AuditAppender {
  /** A stable pseudonym of a personal identifier within a tenant: HMAC, never reversible. */
  pseudonymize(tenantId: string, value: string): string;
}

export function createAuditLog(options: { signer: AuditSigner; pseudonymKey: Buffer }): AuditLog {
  const { signer, pseudonymKey } = options;
  return {
    pseudonymize(tenantId, value) {
      return `p:${createHmac('sha256', pseudonymKey).update(`${tenantId}\u0000${value}`).digest('hex')}`;
    },
    async append(trx: Tx, event: AuditEventInput) {
      assertNoPersonalData(event.actor, 'actor');
      assertNoPersonalData(event.subject, 'subject');
      assertNoPersonalData(event.data, 'data');
      // Locking the head serialises appends: gapless sequence numbers, chain order = commit order.
      const head = await sql<{ seq: number; chain_hash: Buffer }>`
        SELECT seq, chain_hash FROM audit_head WHERE id = 1 FOR UPDATE`.execute(trx);
      const previous = head.rows[0];
      if (!previous) throw new Error('audit_head is missing: the audit tables are damaged');
      const seq = Number(previous.seq) + 1;
      const at = event.at ?? new Date();
      const entry = Buffer.from(
        canonicalize({
          seq,
          at: at.toISOString(),
          tenantId: event.tenantId ?? null,
          actor: event.actor,
          action: event.action,
          subject: event.subject ?? null,
          data: event.data ?? {},
        }) ?? '',
        'utf8',
      );
      const leaf = leafHash(entry);
      const chain = chainHash(previous.chain_hash, leaf);
      await trx
        .insertInto('audit_log')
        .values({
          seq,
          recorded_at: at,
          tenant_id: event.tenantId ?? null,
          actor: event.actor,
          action: event.action,
          subject: event.subject ?? null,
          entry,
          leaf_hash: leaf,
          chain_hash: chain,
          signature: signer.sign(rowSigningBytes(seq, chain)),
          key_id: signer.keyId,
        })
        .execute();
      await trx.updateTable('audit_head').set({ seq, chain_hash: chain }).where('id', '=', 1).execute();
      return { seq };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  chainHash: string;
  createdAt: string;
  keyId: string;
  signature: string;
}

function checkpointBody(c: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(
    canonicalize({
      treeSize: c.treeSize,
      rootHash: c.rootHash,
      chainHash: c.chainHash,
      createdAt: c.createdAt,
      keyId: c.keyId,
    }) ?? '',
    'utf8',
  );
}

type CheckpointRow = {
  tree_size: number;
  root_hash: Buffer;
  chain_hash: Buffer;
  created_at: Date;
  key_id: string;
  signature: Buffer;
};

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash.toString('hex'),
    chainHash: row.chain_hash.toString('hex'),
    createdAt: new Date(row.created_at).toISOString(),
    keyId: row.key_id,
    signature: row.signature.toString('base64'),
  };
}

async function lastCheckpointSize(db: Db): Promise<number> {
  const last = await db
    .selectFrom('audit_checkpoints')
    .select('tree_size')
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return Number(last?.tree_size ?? 0);
}

/** Reads leaf hashes in order from `afterSeq`, in batches, feeding them to `onLeaf`. */
async function readLeaves(db: Db, afterSeq: number, upTo: number, onLeaf: (leaf: Buffer) => void) {
  let last = afterSeq;
  while (last < upTo) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'leaf_hash'])
      .where('seq', '>', last)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) onLeaf(row.leaf_hash);
    last = Number(rows[rows.length - 1]!.seq);
  }
}

/**
 * Signs and stores a checkpoint of the current head when the log grew since the last one, and
 * appends it to `file` (outside the database). Returns it, or null when there was nothing new.
 */
export async function writeCheckpoint(
  db: Db,
  signer: AuditSigner,
  file?: string,
  frontier?: MerkleFrontier,
): Promise<Checkpoint | null> {
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'chain_hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!head || Number(head.seq) === 0) return null;
  const treeSize = Number(head.seq);
  if ((await lastCheckpointSize(db)) >= treeSize) return null;
  const tree = frontier ?? new MerkleFrontier();
  await readLeaves(db, tree.size, treeSize, (leaf) => tree.push(leaf));
  if (tree.size !== treeSize)
    throw new Error(`audit log has ${tree.size} rows but its head says ${treeSize}`);
  const body = {
    treeSize,
    rootHash: tree.root().toString('hex'),
    chainHash: head.chain_hash.toString('hex'),
    createdAt: new Date().toISOString(),
    keyId: signer.keyId,
  };
  const checkpoint: Checkpoint = { ...body, signature: signer.sign(checkpointBody(body)).toString('base64') };
  await db
    .insertInto('audit_checkpoints')
    .values({
      tree_size: treeSize,
      root_hash: Buffer.from(checkpoint.rootHash, 'hex'),
      chain_hash: head.chain_hash,
      created_at: checkpoint.createdAt,
      key_id: checkpoint.keyId,
      signature: Buffer.from(checkpoint.signature, 'base64'),
    })
    .onConflict((oc) => oc.column('tree_size').doNothing())
    .execute();
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${JSON.stringify(checkpoint)}\n`);
  }
  return checkpoint;
}

/** Checks every second; writes a checkpoint when there are new events and the time or count is due. */
export function startCheckpointer(
  db: Db,
  signer: AuditSigner,
  options: { everySeconds: number; everyEvents: number; file?: string; log?: (message: string) => void },
): { stop(): Promise<void> } {
  const frontier = new MerkleFrontier();
  let lastAt = Date.now();
  let lastSize = -1;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    const head = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
    const size = Number(head?.seq ?? 0);
    if (lastSize < 0) lastSize = await lastCheckpointSize(db);
    const grown = size - lastSize;
    if (grown <= 0) return;
    if (grown >= options.everyEvents || Date.now() - lastAt >= options.everySeconds * 1000) {
      const checkpoint = await writeCheckpoint(db, signer, options.file, frontier);
      if (checkpoint) lastSize = checkpoint.treeSize;
      lastAt = Date.now();
    }
  };
  const timer = setInterval(() => {
    running = running
      .then(tick)
      .catch((error) => options.log?.(`audit checkpoint failed: ${(error as Error).message}`));
  }, 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await writeCheckpoint(db, signer, options.file, frontier).catch((error) =>
        options.log?.(`final audit checkpoint failed: ${(error as Error).message}`),
      );
    },
  };
}

/** The document served at GET /.well-known/audit-checkpoints. */
export async function publishedCheckpoints(db: Db, signer: AuditSigner, limit = 100) {
  const rows = await db
    .selectFrom('audit_checkpoints')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(limit)
    .execute();
  return {
    description:
      'Titik periksa log audit Gerbang yang ditandatangani (Ed25519) / Signed checkpoints of the Gerbang audit log. ' +
      'signature = Ed25519 over the RFC 8785 canonical JSON of {treeSize, rootHash, chainHash, createdAt, keyId}.',
    publicKeys: [{ keyId: signer.keyId, algorithm: 'Ed25519', publicKeyPem: signer.publicKeyPem }],
    checkpoints: rows.map(toCheckpoint),
  };
}

/** Reads checkpoints kept outside the database (JSON lines); a missing file is an empty list. */
export function readCheckpointFile(file: string): Checkpoint[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Checkpoint);
}

// ---------------------------------------------------------------------------------------------
// Verification

export interface VerifyResult {
  ok: boolean;
  checkedEvents: number;
  checkpoints: number;
  firstBadSeq?: number;
  problem?: string;
}

export interface AuditRecord {
  seq: number;
  recordedAt: string;
  tenantId: string | null;
  actor: string;
  action: string;
  subject: string | null;
  entry: Buffer;
  leafHash: Buffer;
  chainHash: Buffer;
  signature: Buffer;
  keyId: string;
}

/** Incremental verifier shared by the database check and the offline check of an export. */
class ChainVerifier {
  private expected = 1;
  private previous: Buffer = ZERO_HASH;
  private readonly leaves: Buffer[] = [];
  private readonly chains: Buffer[] = [];
  private bad: { seq: number; problem: string } | undefined;
  private readonly keys: Map<string, string>;

  constructor(publicKeys: PublicKeyRef[]) {
    this.keys = new Map(publicKeys.map((k) => [k.keyId, k.publicKeyPem]));
  }

  private fail(seq: number, problem: string) {
    if (!this.bad || seq < this.bad.seq) this.bad = { seq, problem };
  }

  /** Returns false once a problem is found (later rows cannot be trusted to be in place). */
  add(row: AuditRecord): boolean {
    if (this.bad) return false;
    const seq = row.seq;
    if (seq !== this.expected) {
      this.fail(
        this.expected,
        seq > this.expected ? `row ${this.expected} is missing` : `row ${seq} is out of order`,
      );
      return false;
    }
    const leaf = leafHash(row.entry);
    if (!leaf.equals(row.leafHash)) {
      this.fail(seq, `row ${seq}: entry does not match its leaf hash (edited)`);
      return false;
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(row.entry.toString('utf8'));
    } catch {
      this.fail(seq, `row ${seq}: entry is not JSON`);
      return false;
    }
    if (
      parsed.seq !== seq ||
      parsed.actor !== row.actor ||
      parsed.action !== row.action ||
      (parsed.subject ?? null) !== row.subject ||
      (parsed.tenantId ?? null) !== row.tenantId ||
      parsed.at !== row.recordedAt
    ) {
      this.fail(seq, `row ${seq}: columns do not match the signed entry (edited or moved)`);
      return false;
    }
    const chain = chainHash(this.previous, leaf);
    if (!chain.equals(row.chainHash)) {
      this.fail(
        seq,
        `row ${seq}: chain hash does not follow from row ${seq - 1} (inserted, removed or reordered)`,
      );
      return false;
    }
    const key = this.keys.get(row.keyId);
    if (!key || !verifySignature(key, rowSigningBytes(seq, row.chainHash), row.signature)) {
      this.fail(seq, `row ${seq}: signature is not valid (rewritten)`);
      return false;
    }
    this.leaves.push(leaf);
    this.chains.push(chain);
    this.previous = chain;
    this.expected++;
    return true;
  }

  finish(checkpoints: Checkpoint[], headSeq?: number): VerifyResult {
    const count = this.expected - 1;
    const unique = [
      ...new Map(checkpoints.map((c) => [`${c.treeSize}:${c.rootHash}:${c.signature}`, c])).values(),
    ];
    if (!this.bad && headSeq !== undefined && headSeq > count)
      this.fail(count + 1, `rows ${count + 1}–${headSeq} are missing (tail deleted)`);
    const latest = unique.reduce<Checkpoint | undefined>(
      (a, c) => (!a || c.treeSize > a.treeSize ? c : a),
      undefined,
    );
    for (const c of unique) {
      const key = this.keys.get(c.keyId);
      const { signature, ...body } = c;
      if (!key || !verifySignature(key, checkpointBody(body), Buffer.from(signature, 'base64'))) {
        this.fail(Math.min(c.treeSize, count + 1), `checkpoint ${c.treeSize}: signature is not valid`);
        continue;
      }
      if (c.treeSize > count) {
        this.fail(
          count + 1,
          `checkpoint ${c.treeSize} covers rows up to ${c.treeSize}, only ${count} verify (tail deleted or rewritten)`,
        );
        continue;
      }
      if (c.treeSize === 0) continue;
      if (this.chains[c.treeSize - 1]!.toString('hex') !== c.chainHash) {
        this.fail(c.treeSize, `checkpoint ${c.treeSize}: chain hash differs from the log`);
        continue;
      }
      // The chain hash binds the whole prefix; the Merkle root is recomputed for the latest checkpoint.
      if (c === latest && merkleRoot(this.leaves.slice(0, c.treeSize)).toString('hex') !== c.rootHash) {
        this.fail(c.treeSize, `checkpoint ${c.treeSize}: Merkle root differs from the log`);
      }
    }
    return {
      ok: !this.bad,
      checkedEvents: count,
      checkpoints: unique.length,
      ...(this.bad ? { firstBadSeq: this.bad.seq, problem: this.bad.problem } : {}),
    };
  }
}

function rowToRecord(row: {
  seq: number;
  recorded_at: Date;
  tenant_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  entry: Buffer;
  leaf_hash: Buffer;
  chain_hash: Buffer;
  signature: Buffer;
  key_id: string;
}): AuditRecord {
  return {
    seq: Number(row.seq),
    recordedAt: new Date(row.recorded_at).toISOString(),
    tenantId: row.tenant_id,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    entry: row.entry,
    leafHash: row.leaf_hash,
    chainHash: row.chain_hash,
    signature: row.signature,
    keyId: row.key_id,
  };
}

async function* auditRows(db: Db | Tx): AsyncGenerator<AuditRecord> {
  let last = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', last)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) yield rowToRecord(row);
    last = Number(rows[rows.length - 1]!.seq);
  }
}

export async function verifyAudit(
  db: Db,
  options: { publicKeys: PublicKeyRef[]; externalCheckpoints?: Checkpoint[] },
): Promise<VerifyResult> {
  // One snapshot, so events and checkpoints committed while we read do not look like a gap. Read
  // checkpoints kept outside the database before calling: they were committed before being written.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const verifier = new ChainVerifier(options.publicKeys);
      for await (const row of auditRows(trx)) if (!verifier.add(row)) break;
      const stored = (await trx.selectFrom('audit_checkpoints').selectAll().execute()).map(toCheckpoint);
      const head = await trx.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
      return verifier.finish([...stored, ...(options.externalCheckpoints ?? [])], Number(head?.seq ?? 0));
    });
}

/** Writes the log, checkpoints and public keys as JSON lines for an external auditor. */
export async function exportAudit(db: Db, out: Writable, publicKeys: PublicKeyRef[]): Promise<void> {
  const write = (value: unknown) =>
    new Promise<void>((resolve, reject) =>
      out.write(`${JSON.stringify(value)}\n`, (error) => (error ? reject(error) : resolve())),
    );
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const exportedAt = new Date().toISOString();
      await write({ type: 'header', format: 'gerbang-audit-export', version: 1, exportedAt, publicKeys });
      for await (const row of auditRows(trx)) {
        await write({
          type: 'entry',
          seq: row.seq,
          recordedAt: row.recordedAt,
          tenantId: row.tenantId,
          actor: row.actor,
          action: row.action,
          subject: row.subject,
          entry: row.entry.toString('base64'),
          leafHash: row.leafHash.toString('hex'),
          chainHash: row.chainHash.toString('hex'),
          signature: row.signature.toString('base64'),
          keyId: row.keyId,
        });
      }
      const checkpoints = await trx.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
      for (const checkpoint of checkpoints.map(toCheckpoint)) await write({ type: 'checkpoint', ...checkpoint });
    });
}

/** Verifies an export offline (no database), optionally against checkpoints obtained separately. */
export function verifyExport(lines: string[], externalCheckpoints: Checkpoint[] = []): VerifyResult {
  const records = lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  const header = records.find((r) => r.type === 'header');
  if (!header) return { ok: false, checkedEvents: 0, checkpoints: 0, problem: 'export has no header line' };
  const verifier = new ChainVerifier(header.publicKeys as PublicKeyRef[]);
  for (const r of records) {
    if (r.type !== 'entry') continue;
    const ok = verifier.add({
      seq: r.seq as number,
      recordedAt: r.recordedAt as string,
      tenantId: (r.tenantId as string | null) ?? null,
      actor: r.actor as string,
      action: r.action as string,
      subject: (r.subject as string | null) ?? null,
      entry: Buffer.from(r.entry as string, 'base64'),
      leafHash: Buffer.from(r.leafHash as string, 'hex'),
      chainHash: Buffer.from(r.chainHash as string, 'hex'),
      signature: Buffer.from(r.signature as string, 'base64'),
      keyId: r.keyId as string,
    });
    if (!ok) break;
  }
  const checkpoints = records
    .filter((r) => r.type === 'checkpoint')
    .map(({ type: _type, ...c }) => c as unknown as Checkpoint);
  return verifier.finish([...checkpoints, ...externalCheckpoints]);
}
