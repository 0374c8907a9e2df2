// Signed checkpoints of the audit chain (docs/audit.md): tree size, RFC 6962 Merkle root over the leaf
// hashes, chain hash, time and key id, signed with the audit key and published outside the table —
// DATA_DIR/audit/checkpoints.jsonl and GET /.well-known/audit-checkpoints — so a superuser who deletes
// or rewrites the log cannot also make the published history disappear.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/index.js';
import { failureStreak } from '../failure-streak.js';
import { canonicalJson } from './canonical.js';
import { MerkleFrontier } from './merkle.js';
import type { AuditSigner, PublicKeyRef } from './signer.js';

/** A signed checkpoint as published (JSON-ready). */
export interface Checkpoint {
  treeSize: number;
  /** RFC 6962 Merkle tree hash over the leaf hashes of rows 1..treeSize, hex. */
  rootHash: string;
  /** The chain hash of row treeSize, hex. */
  chainHash: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  keyId: string;
  /** Ed25519 over checkpointSigningBytes(), base64. */
  signature: string;
}

export type CheckpointBody = Omit<Checkpoint, 'signature'>;

/** The bytes a checkpoint signature covers: RFC 8785 JSON of {treeSize, rootHash, chainHash, createdAt,
 * keyId}. */
export function checkpointSigningBytes(c: CheckpointBody): Buffer {
  return canonicalJson({
    treeSize: c.treeSize,
    rootHash: c.rootHash,
    chainHash: c.chainHash,
    createdAt: c.createdAt,
    keyId: c.keyId,
  });
}

/** True when `value` has the shape of a Checkpoint (it may still be forged: verify the signature). */
export function isCheckpoint(value: unknown): value is Checkpoint {
  if (value === null || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(c.treeSize) &&
    (c.treeSize as number) >= 1 &&
    typeof c.rootHash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.rootHash) &&
    typeof c.chainHash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.chainHash) &&
    typeof c.createdAt === 'string' &&
    typeof c.keyId === 'string' &&
    typeof c.signature === 'string'
  );
}

export interface CheckpointRow {
  tree_size: number;
  root_hash: Buffer;
  chain_hash: Buffer;
  created_at: Date;
  key_id: string;
  signature: Buffer;
}

export function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash.toString('hex'),
    chainHash: row.chain_hash.toString('hex'),
    createdAt: new Date(row.created_at).toISOString(),
    keyId: row.key_id,
    signature: row.signature.toString('base64'),
  };
}

/**
 * Feeds the leaf hashes of rows frontier.size+1 .. upTo into `frontier`, in order, 1,000 at a time:
 * hashing them holds the event loop for a few milliseconds per read (5,000 took 8–33 ms here,
 * besides reading them).
 */
async function readLeaves(db: Db, frontier: MerkleFrontier, upTo: number): Promise<void> {
  while (frontier.size < upTo) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'leaf_hash'])
      .where('seq', '>', frontier.size)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      // Never sign a root over a log with holes: stop at the first missing row.
      if (Number(row.seq) !== frontier.size + 1) {
        const missing = frontier.size + 1;
        throw new Error(`audit row ${missing} is missing; no checkpoint written (run audit verify)`);
      }
      frontier.push(row.leaf_hash);
    }
  }
  if (frontier.size !== upTo) {
    throw new Error(`audit log has ${frontier.size} rows but its head says ${upTo}; no checkpoint written`);
  }
}

async function lastCheckpoint(db: Db) {
  return db
    .selectFrom('audit_checkpoints')
    .select(['tree_size', 'created_at'])
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function checkpointWith(
  db: Db,
  signer: AuditSigner,
  file: string | undefined,
  frontier: MerkleFrontier,
): Promise<Checkpoint | null> {
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'chain_hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const treeSize = Number(head?.seq ?? 0);
  if (!head || treeSize === 0) return null;
  const last = await lastCheckpoint(db);
  if (last && Number(last.tree_size) >= treeSize) return null;
  if (frontier.size > treeSize) {
    throw new Error('audit head moved backwards; no checkpoint written (run audit verify)');
  }
  await readLeaves(db, frontier, treeSize);
  const body: CheckpointBody = {
    treeSize,
    rootHash: frontier.root().toString('hex'),
    chainHash: head.chain_hash.toString('hex'),
    createdAt: new Date().toISOString(),
    keyId: signer.keyId,
  };
  const signature = signer.sign(checkpointSigningBytes(body)).toString('base64');
  const checkpoint: Checkpoint = { ...body, signature };
  const inserted = await db
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
    .returning('tree_size')
    .executeTakeFirst();
  // Another process checkpointed this size at the same moment: theirs is the published one.
  if (!inserted) return null;
  if (file) appendCheckpointFile(file, checkpoint);
  return checkpoint;
}

/** Appends one checkpoint as a JSON line to `file` (created with its directory when missing). */
export function appendCheckpointFile(file: string, checkpoint: Checkpoint): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify(checkpoint)}\n`);
}

/**
 * Signs and stores a checkpoint of the current head when the log grew since the last checkpoint, and
 * appends it to `options.file` (DATA_DIR/audit/checkpoints.jsonl: outside the database). Returns the
 * checkpoint, or null when there was nothing new. Reads every leaf hash; the checkpointer keeps a
 * Merkle frontier so it reads each leaf only once.
 */
export async function writeCheckpoint(
  db: Db,
  signer: AuditSigner,
  options: { file?: string } = {},
): Promise<Checkpoint | null> {
  return checkpointWith(db, signer, options.file, new MerkleFrontier());
}

export interface CheckpointerOptions {
  /** Checkpoint at least this often while there are new events (docs: 60). */
  everySeconds: number;
  /** …or as soon as this many events arrived since the last checkpoint. */
  everyEvents: number;
  /** The JSON-lines copy outside the database. */
  file?: string;
  log?: (message: string) => void;
}

/**
 * Checks every second and writes a checkpoint when there are new events and either `everySeconds`
 * passed since the last checkpoint or `everyEvents` events arrived. `stop()` writes a final one.
 */
export function startCheckpointer(
  db: Db,
  signer: AuditSigner,
  options: CheckpointerOptions,
): { stop(): Promise<void> } {
  let frontier = new MerkleFrontier();
  let last: { size: number; at: number } | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const write = async () => {
    try {
      const checkpoint = await checkpointWith(db, signer, options.file, frontier);
      last = checkpoint ? { size: checkpoint.treeSize, at: Date.now() } : undefined;
    } catch (error) {
      frontier = new MerkleFrontier(); // start over from row 1 next time
      last = undefined;
      throw error;
    }
  };
  const tick = async () => {
    if (!last) {
      const row = await lastCheckpoint(db);
      last = { size: Number(row?.tree_size ?? 0), at: row ? new Date(row.created_at).getTime() : 0 };
    }
    const head = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
    const grown = Number(head?.seq ?? 0) - last.size;
    if (grown <= 0) return;
    if (grown >= options.everyEvents || Date.now() - last.at >= options.everySeconds * 1000) await write();
  };
  const report = (error: unknown) => options.log?.(`audit checkpoint failed: ${(error as Error).message}`);
  // Every second while the database is away: one line when that starts and one when it ends.
  const errors = failureStreak('audit checkpoint', (message) => options.log?.(message));
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? undefined : tick())).then(
      () => errors.succeeded(),
      (error: unknown) => errors.failed(error),
    );
  }, 1000);
  timer.unref();
  return {
    async stop() {
      if (stopped) return running;
      stopped = true;
      clearInterval(timer);
      running = running.then(write).catch(report);
      return running;
    },
  };
}

/** Published checkpoints, newest first, JSON-ready. */
export async function listCheckpoints(db: Db, options: { limit?: number } = {}): Promise<Checkpoint[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 1000);
  const rows = await db
    .selectFrom('audit_checkpoints')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toCheckpoint);
}

export interface PublishedCheckpoints {
  description: string;
  publicKeys: { keyId: string; algorithm: 'Ed25519'; publicKeyPem: string }[];
  checkpoints: Checkpoint[];
}

/**
 * The document served at GET /.well-known/audit-checkpoints: the public key(s) and the latest
 * checkpoints. `keys` is the signer, or a list when retired keys must stay verifiable.
 */
export async function publishedCheckpoints(
  db: Db,
  keys: PublicKeyRef | PublicKeyRef[],
  options: { limit?: number } | number = {},
): Promise<PublishedCheckpoints> {
  const limit = typeof options === 'number' ? options : options.limit;
  return {
    description:
      'Titik periksa log audit Gerbang yang ditandatangani (Ed25519) / ' +
      'Signed checkpoints of the Gerbang audit log. ' +
      'signature = Ed25519 over the RFC 8785 canonical JSON of ' +
      '{treeSize, rootHash, chainHash, createdAt, keyId}; ' +
      'rootHash = RFC 6962 Merkle tree hash over the leaf hashes SHA-256(0x00 || entry) of rows 1..treeSize.',
    publicKeys: (Array.isArray(keys) ? keys : [keys]).map((k) => ({
      keyId: k.keyId,
      algorithm: 'Ed25519' as const,
      publicKeyPem: k.publicKeyPem,
    })),
    checkpoints: await listCheckpoints(db, { limit }),
  };
}

/**
 * Reads checkpoints kept outside the database (JSON lines, e.g. DATA_DIR/audit/checkpoints.jsonl or
 * a copy held by another agency). A missing file is an empty list; a torn last line (a crash while
 * appending) is skipped; any other line that is not JSON is an error.
 */
export function readCheckpointFile(file: string): Checkpoint[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const checkpoints: Checkpoint[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      checkpoints.push(JSON.parse(line) as Checkpoint);
    } catch {
      if (i === lines.length - 1) continue;
      throw new Error(`${file}:${i + 1}: not a JSON checkpoint`);
    }
  }
  return checkpoints;
}
