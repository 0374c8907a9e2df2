// Verification of the audit chain (docs/audit.md), against the database or offline against an export.
// Both run the same ChainVerifier, which streams rows in sequence order and names the first bad one.
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Db, Tx } from '../../db/index.js';
import {
  type Checkpoint,
  checkpointSigningBytes,
  isCheckpoint,
  toCheckpoint,
} from './checkpoints.js';
import { chainHash, leafHash, MerkleFrontier, rowSigningBytes, ZERO_HASH } from './merkle.js';
import { keyIdOf, type PublicKeyRef } from './signer.js';

export interface VerifyResult {
  ok: boolean;
  /** Rows that verified, from 1 up to the first bad one. */
  checkedEvents: number;
  /** Distinct checkpoints checked (database and external together). */
  checkpoints: number;
  /** The first sequence number that is missing, altered, out of place or not validly signed. */
  firstBadSeq?: number;
  problem?: string;
}

/** One audit_log row, decoupled from the database (an export line decodes to the same). */
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

export interface AuditHeadState {
  seq: number;
  chainHash: Buffer;
}

function checkpointKey(c: Checkpoint): string {
  return JSON.stringify([c.treeSize, c.rootHash, c.chainHash, c.createdAt, c.keyId, c.signature]);
}

/** Incremental verifier shared by the database check and the offline check of an export. */
export class ChainVerifier {
  private expected = 1;
  private previous: Buffer = ZERO_HASH;
  private readonly frontier = new MerkleFrontier();
  /** Root and chain hash at each tree size some checkpoint claims, recorded while streaming. */
  private readonly atSize = new Map<number, { root: string; chain: string }>();
  private readonly keys = new Map<string, KeyObject>();
  private readonly checkpoints: unknown[];
  private bad: { seq?: number; problem: string } | undefined;

  /**
   * `checkpoints` must be known before the rows stream past: the root of every claimed tree size is
   * taken on the way (memory is one entry per checkpoint, not per row).
   */
  constructor(publicKeys: PublicKeyRef[], checkpoints: unknown[]) {
    for (const ref of publicKeys) {
      let key: KeyObject;
      try {
        key = createPublicKey(ref.publicKeyPem);
      } catch {
        continue;
      }
      if (key.asymmetricKeyType !== 'ed25519') continue;
      // Index by the id computed from the key itself, so a mislabelled key cannot vouch for rows.
      this.keys.set(keyIdOf(key), key);
      // Rows written before key ids were derived from the raw key used SHA-256 of the SPKI DER.
      const spki = key.export({ format: 'der', type: 'spki' });
      this.keys.set(createHash('sha256').update(spki).digest('hex').slice(0, 16), key);
    }
    const unique = new Map<string, unknown>();
    for (const [i, c] of checkpoints.entries()) {
      unique.set(isCheckpoint(c) ? checkpointKey(c) : `malformed:${i}`, c);
    }
    this.checkpoints = [...unique.values()];
    for (const c of this.checkpoints) {
      if (isCheckpoint(c)) this.atSize.set(c.treeSize, { root: '', chain: '' });
    }
  }

  private fail(seq: number | undefined, problem: string): void {
    const current = this.bad;
    if (
      !current ||
      (seq !== undefined && (current.seq === undefined || seq < current.seq))
    ) {
      this.bad = { seq, problem };
    }
  }

  get failed(): boolean {
    return this.bad !== undefined;
  }

  /** The next sequence number expected. */
  get nextSeq(): number {
    return this.expected;
  }

  /** Records that the input itself is broken where row `nextSeq` was expected. */
  malformed(problem: string): void {
    this.fail(this.expected, problem);
  }

  private signatureValid(keyId: string, data: Buffer, signature: Buffer): 'ok' | 'unknown-key' | 'invalid' {
    const key = this.keys.get(keyId);
    if (!key) return 'unknown-key';
    try {
      return verify(null, data, key, signature) ? 'ok' : 'invalid';
    } catch {
      return 'invalid';
    }
  }

  /** Checks the next row. Returns false once a problem is found: later rows prove nothing. */
  add(row: AuditRecord): boolean {
    if (this.bad) return false;
    const seq = row.seq;
    if (seq !== this.expected) {
      this.fail(
        this.expected,
        seq > this.expected
          ? `row ${this.expected} is missing (next row present is ${seq})`
          : `row ${seq} appears again or out of order after row ${this.expected - 1}`,
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
      parsed = JSON.parse(row.entry.toString('utf8')) as Record<string, unknown>;
    } catch {
      this.fail(seq, `row ${seq}: entry is not JSON`);
      return false;
    }
    if (parsed === null || typeof parsed !== 'object' || parsed.seq !== seq) {
      const other = String(parsed?.seq);
      this.fail(seq, `row ${seq}: holds the entry of row ${other} (inserted, moved or reordered)`);
      return false;
    }
    if (
      parsed.actor !== row.actor ||
      parsed.action !== row.action ||
      (parsed.subject ?? null) !== row.subject ||
      (parsed.tenantId ?? null) !== row.tenantId ||
      parsed.at !== row.recordedAt
    ) {
      this.fail(seq, `row ${seq}: columns differ from the entry (edited)`);
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
    const signature = this.signatureValid(row.keyId, rowSigningBytes(seq, row.chainHash), row.signature);
    if (signature !== 'ok') {
      this.fail(
        seq,
        signature === 'unknown-key'
          ? `row ${seq}: signed by unknown key ${row.keyId}`
          : `row ${seq}: signature is not valid (row rewritten without the signing key)`,
      );
      return false;
    }
    this.frontier.push(leaf);
    const claimed = this.atSize.get(seq);
    if (claimed) {
      claimed.root = this.frontier.root().toString('hex');
      claimed.chain = chain.toString('hex');
    }
    this.previous = chain;
    this.expected++;
    return true;
  }

  /** Checks the head (when known) and every checkpoint against the rows seen; returns the verdict. */
  finish(head?: AuditHeadState | null): VerifyResult {
    const count = this.expected - 1;
    if (!this.bad && head === null) this.fail(count + 1, 'audit_head is missing');
    if (!this.bad && head) {
      if (head.seq > count) {
        this.fail(
          count + 1,
          `rows ${count + 1}–${head.seq} are missing (tail deleted): audit_head is at ${head.seq}`,
        );
      } else if (head.seq < count) {
        this.fail(head.seq + 1, `audit_head is at ${head.seq} but rows up to ${count} exist (head rewound)`);
      } else if (!head.chainHash.equals(this.previous)) {
        this.fail(
          count + 1,
          `audit_head's chain hash differs from row ${count}: the next event would not chain`,
        );
      }
    }
    for (const c of this.checkpoints) {
      if (!isCheckpoint(c)) {
        this.fail(undefined, `a checkpoint is malformed: ${JSON.stringify(c)?.slice(0, 200)}`);
        continue;
      }
      const signature = this.signatureValid(
        c.keyId,
        checkpointSigningBytes(c),
        Buffer.from(c.signature, 'base64'),
      );
      if (signature !== 'ok') {
        this.fail(
          Math.min(c.treeSize, count + 1),
          signature === 'unknown-key'
            ? `checkpoint ${c.treeSize}: signed by unknown key ${c.keyId}`
            : `checkpoint ${c.treeSize}: signature is not valid (forged or altered)`,
        );
        continue;
      }
      if (c.treeSize > count) {
        this.fail(
          count + 1,
          `checkpoint ${c.treeSize} (${c.createdAt}) covers rows 1–${c.treeSize}, ` +
            `only ${count} verify (tail deleted or rewritten)`,
        );
        continue;
      }
      // Every row up to here verified with its signature, so the mismatch is the checkpoint's size.
      const seen = this.atSize.get(c.treeSize)!;
      if (seen.chain !== c.chainHash) {
        this.fail(c.treeSize, `checkpoint ${c.treeSize}: chain hash differs from row ${c.treeSize}`);
      } else if (seen.root !== c.rootHash) {
        this.fail(c.treeSize, `checkpoint ${c.treeSize}: Merkle root differs from rows 1–${c.treeSize}`);
      }
    }
    return {
      ok: !this.bad,
      checkedEvents: count,
      checkpoints: this.checkpoints.length,
      ...(this.bad?.seq !== undefined ? { firstBadSeq: this.bad.seq } : {}),
      ...(this.bad ? { problem: this.bad.problem } : {}),
    };
  }
}

type AuditRow = {
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
};

function rowToRecord(row: AuditRow): AuditRecord {
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

/** The rows in sequence order, 1000 at a time (keyset pagination). */
async function* auditBatches(db: Db | Tx): AsyncGenerator<AuditRecord[]> {
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
    yield rows.map(rowToRecord);
    last = Number(rows[rows.length - 1]!.seq);
  }
}

/** Reads head, checkpoints and rows in one snapshot, so concurrent appends do not look like damage. */
function snapshot<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn);
}

async function readHead(trx: Tx): Promise<AuditHeadState | null> {
  const head = await trx
    .selectFrom('audit_head')
    .select(['seq', 'chain_hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return head ? { seq: Number(head.seq), chainHash: head.chain_hash } : null;
}

async function readStoredCheckpoints(trx: Tx): Promise<Checkpoint[]> {
  const rows = await trx.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
  return rows.map(toCheckpoint);
}

/**
 * Recomputes leaves, chain and Merkle roots and checks every signature: rows (per-row Ed25519 over
 * seq ‖ chain hash), the head, and each checkpoint in the database and in `externalCheckpoints`
 * (read those before calling: e.g. DATA_DIR/audit/checkpoints.jsonl or a copy kept elsewhere).
 * Use the owner connection: it must see every row.
 */
export async function verifyAudit(
  db: Db,
  options: { publicKeys: PublicKeyRef[]; externalCheckpoints?: Checkpoint[] },
): Promise<VerifyResult> {
  return snapshot(db, async (trx) => {
    const head = await readHead(trx);
    const stored = await readStoredCheckpoints(trx);
    const checkpoints = [...stored, ...(options.externalCheckpoints ?? [])];
    const verifier = new ChainVerifier(options.publicKeys, checkpoints);
    outer: for await (const batch of auditBatches(trx)) {
      for (const row of batch) if (!verifier.add(row)) break outer;
    }
    return verifier.finish(head);
  });
}

export const EXPORT_FORMAT = 'gerbang-audit-export';

/** Line types of an export (JSON lines, in this order). */
export type ExportLine =
  | {
      type: 'header';
      format: typeof EXPORT_FORMAT;
      version: 1;
      exportedAt: string;
      head: { seq: number; chainHash: string } | null;
      publicKeys: PublicKeyRef[];
    }
  | ({ type: 'checkpoint' } & Checkpoint)
  | {
      type: 'entry';
      seq: number;
      recordedAt: string;
      tenantId: string | null;
      actor: string;
      action: string;
      subject: string | null;
      /** base64 of the canonical JSON bytes */
      entry: string;
      leafHash: string;
      chainHash: string;
      /** base64 */
      signature: string;
      keyId: string;
    };

/**
 * Writes the log for an external auditor as JSON lines, from one snapshot: a header (time, head,
 * `publicKeys`), the checkpoints, then one line per row (entry and signature in base64, hashes in
 * hex like the checkpoints).
 */
export async function exportAudit(db: Db, out: Writable, publicKeys: PublicKeyRef[] = []): Promise<void> {
  const write = async (lines: ExportLine[]) => {
    if (lines.length === 0) return;
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    if (!out.write(text)) await once(out, 'drain');
  };
  await snapshot(db, async (trx) => {
    const head = await readHead(trx);
    await write([
      {
        type: 'header',
        format: EXPORT_FORMAT,
        version: 1,
        exportedAt: new Date().toISOString(),
        head: head ? { seq: head.seq, chainHash: head.chainHash.toString('hex') } : null,
        publicKeys: publicKeys.map((k) => ({ keyId: k.keyId, publicKeyPem: k.publicKeyPem })),
      },
    ]);
    await write((await readStoredCheckpoints(trx)).map((c) => ({ type: 'checkpoint', ...c })));
    for await (const batch of auditBatches(trx)) {
      await write(
        batch.map((row) => ({
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
        })),
      );
    }
  });
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

function exportEntryToRecord(r: Record<string, unknown>): AuditRecord | undefined {
  if (
    !Number.isSafeInteger(r.seq) ||
    !isString(r.recordedAt) ||
    !isNullableString(r.tenantId ?? null) ||
    !isString(r.actor) ||
    !isString(r.action) ||
    !isNullableString(r.subject ?? null) ||
    !isString(r.entry) ||
    !isString(r.leafHash) ||
    !isString(r.chainHash) ||
    !isString(r.signature) ||
    !isString(r.keyId)
  ) {
    return undefined;
  }
  return {
    seq: r.seq as number,
    recordedAt: r.recordedAt,
    tenantId: (r.tenantId as string | null | undefined) ?? null,
    actor: r.actor,
    action: r.action,
    subject: (r.subject as string | null | undefined) ?? null,
    entry: Buffer.from(r.entry, 'base64'),
    leafHash: Buffer.from(r.leafHash, 'hex'),
    chainHash: Buffer.from(r.chainHash, 'hex'),
    signature: Buffer.from(r.signature, 'base64'),
    keyId: r.keyId,
  };
}

export interface VerifyExportOptions {
  /** Checkpoints obtained separately (fetched from /.well-known/audit-checkpoints, another agency). */
  externalCheckpoints?: Checkpoint[];
  /**
   * Trusted public keys (from /.well-known or the agency). When given, the keys in the export's
   * header are ignored: a key shipped inside the export proves nothing on its own.
   */
  publicKeys?: PublicKeyRef[];
}

/**
 * Verifies an export offline, without a database: the same checks as verifyAudit. The second
 * argument may also be a plain list of external checkpoints.
 */
export function verifyExport(
  lines: Iterable<string>,
  options: VerifyExportOptions | Checkpoint[] = {},
): VerifyResult {
  const { externalCheckpoints = [], publicKeys } = Array.isArray(options)
    ? { externalCheckpoints: options, publicKeys: undefined }
    : options;
  const broken = (problem: string): VerifyResult => ({
    ok: false,
    checkedEvents: 0,
    checkpoints: 0,
    problem,
  });

  const records: { line: number; value: Record<string, unknown> }[] = [];
  let n = 0;
  for (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return broken(`line ${n} is not JSON`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return broken(`line ${n} is not an object`);
    }
    records.push({ line: n, value: value as Record<string, unknown> });
  }
  const header = records[0]?.value;
  if (!header || header.type !== 'header' || header.format !== EXPORT_FORMAT || header.version !== 1) {
    return broken(`not a ${EXPORT_FORMAT} version 1 file (the first line must be its header)`);
  }
  const keys = publicKeys ?? (Array.isArray(header.publicKeys) ? (header.publicKeys as PublicKeyRef[]) : []);
  const checkpoints = records
    .filter((r) => r.value.type === 'checkpoint')
    .map(({ value: { type: _type, ...c } }) => c);
  const verifier = new ChainVerifier(keys, [...checkpoints, ...externalCheckpoints]);
  for (const { line, value } of records) {
    if (value.type === 'header' || value.type === 'checkpoint') continue;
    const record = value.type === 'entry' ? exportEntryToRecord(value) : undefined;
    if (!record) {
      verifier.malformed(`line ${line}: not a valid entry line`);
      break;
    }
    if (!verifier.add(record)) break;
  }
  const head = header.head as { seq?: unknown; chainHash?: unknown } | null | undefined;
  const headState =
    head && Number.isSafeInteger(head.seq) && typeof head.chainHash === 'string'
      ? { seq: head.seq as number, chainHash: Buffer.from(head.chainHash, 'hex') }
      : undefined;
  return verifier.finish(headState);
}
