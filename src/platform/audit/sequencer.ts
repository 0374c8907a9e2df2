// The audit sequencer (docs/audit.md, decision 0014): moves committed events from audit_pending into
// the hash chain. One batch is one transaction that holds an advisory lock (one sequencer per
// database at a time) and the audit_head row lock, reads the oldest committed pending rows, gives
// them the next gapless sequence numbers, computes leaf and chain hashes and per-row signatures,
// inserts them into audit_log (naming their pending row) and deletes the pending rows. A crash
// rolls the whole batch back: nothing is lost, nothing sequenced twice.
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { failureStreak } from '../failure-streak.js';
import { encodeCanonical } from './canonical.js';
import { chainHash, leafHash, rowSigningBytes } from './merkle.js';
import type { AuditSigner } from './signer.js';

/** pg_advisory_xact_lock key of the sequencer: 'GBaudseq' as a 64-bit integer. */
export const SEQUENCER_LOCK_KEY = '4774616475736571';

export const DEFAULT_BATCH_SIZE = 1000;

/** Entries hashed, signed and inserted at a time within a batch (a few milliseconds of the event loop). */
const SLICE = 100;

export interface SequencerOptions {
  /** Pause between batches when the last one was not full. Default 200 ms (decision 0014). */
  intervalMs?: number;
  /** Events per transaction. Default 1000. */
  batchSize?: number;
  log?: (message: string) => void;
}

export interface AuditSequencer {
  /** Stops the loop and sequences everything committed so far (the shutdown flush). */
  stop(): Promise<void>;
}

interface PendingRow {
  id: number;
  recorded_at: Date;
  tenant_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  data: string;
}

/**
 * Sequences at most `batchSize` committed pending events, oldest first, in one transaction.
 * Returns how many. `hook` (tests only) runs after the rows are written, before commit.
 */
export async function sequenceBatch(
  db: Db,
  signer: AuditSigner,
  batchSize = DEFAULT_BATCH_SIZE,
  hook?: (seqs: number[]) => Promise<void> | void,
): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
    throw new RangeError(`audit sequencer batchSize must be 1..5000, got ${batchSize}`);
  }
  return db.transaction().execute(async (trx) => {
    // Waits for another sequencer (another process) to finish its batch: batches never interleave.
    await sql`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY}::bigint)`.execute(trx);
    const { rows: heads } = await sql<{ seq: number | string; chain_hash: Buffer }>`
      SELECT seq, chain_hash FROM audit_head WHERE id = 1 FOR UPDATE`.execute(trx);
    const head = heads[0];
    if (!head) throw new Error('audit_head is missing: the audit tables are damaged');
    // READ COMMITTED: this statement sees exactly the pending rows committed before it started.
    const pending = (await trx
      .selectFrom('audit_pending')
      .selectAll()
      .orderBy('id')
      .limit(batchSize)
      .execute()) as PendingRow[];
    if (pending.length === 0) return 0;

    // The hashing, signing and INSERT go a slice at a time. A full batch at once held the event loop
    // for tens of milliseconds (encoding and hashing 1,000 entries took 22–65 ms here, compiling their
    // 12,000-parameter INSERT 3–22 ms), and every request of the process waited (docs/performance.md,
    // "The audit sequencer in slices"). Each slice's INSERT gives the event loop back; the batch is
    // still one transaction.
    const first = Number(head.seq) + 1;
    let previous = head.chain_hash;
    for (let from = 0; from < pending.length; from += SLICE) {
      const unsigned = pending.slice(from, from + SLICE).map((p, i) => {
        const row = logRow(p, first + from + i, previous, signer.keyId);
        previous = row.chain_hash;
        return row;
      });
      // Signed on the thread pool: the event loop serves requests meanwhile.
      const signatures = await signer.signMany(unsigned.map((r) => rowSigningBytes(r.seq, r.chain_hash)));
      await trx
        .insertInto('audit_log')
        .values(unsigned.map((r, i) => ({ ...r, signature: signatures[i]! })))
        .execute();
    }
    // The guard trigger lets a pending row go only once its audit_log row exists.
    await sql`DELETE FROM audit_pending WHERE id = ANY(${pending.map((p) => Number(p.id))}::bigint[])`.execute(trx);
    await trx.updateTable('audit_head').set({ seq: first + pending.length - 1, chain_hash: previous }).where('id', '=', 1).execute();
    await hook?.(pending.map((_, i) => first + i));
    return pending.length;
  });
}

/** The audit_log row of a pending event at `seq`, chained to the `previous` chain hash (unsigned). */
function logRow(p: PendingRow, seq: number, previous: Buffer, keyId: string) {
  const entry = encodeCanonical({
    seq,
    at: new Date(p.recorded_at).toISOString(),
    tenantId: p.tenant_id,
    actor: p.actor,
    action: p.action,
    subject: p.subject,
    data: JSON.parse(p.data) as unknown,
  }).bytes;
  const leaf = leafHash(entry);
  return {
    seq,
    recorded_at: p.recorded_at,
    tenant_id: p.tenant_id,
    actor: p.actor,
    action: p.action,
    subject: p.subject,
    entry,
    leaf_hash: leaf,
    chain_hash: chainHash(previous, leaf),
    key_id: keyId,
    pending_id: Number(p.id),
  };
}

/** Sequences until no committed event is pending. Returns how many were sequenced. */
export async function flushAudit(db: Db, signer: AuditSigner, batchSize = DEFAULT_BATCH_SIZE): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sequenceBatch(db, signer, batchSize);
    total += n;
    if (n < batchSize) return total;
  }
}

/**
 * Runs the sequencer in the background: a batch, then at once another while batches are full, else
 * a pause of `intervalMs`. The delay from commit to sequence number is about intervalMs plus one
 * batch (decision 0014). Errors (the database away) are retried with backoff of at most 5 s, so
 * the events committed before an outage are sequenced within seconds of its end.
 */
export function startSequencer(db: Db, signer: AuditSigner, options: SequencerOptions = {}): AuditSequencer {
  const intervalMs = options.intervalMs ?? 200;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const errors = failureStreak('audit sequencer', (message) => options.log?.(message));
  let running: Promise<void> = Promise.resolve();

  const loop = async (): Promise<void> => {
    timer = undefined;
    if (stopped) return;
    let delay = intervalMs;
    try {
      const n = await sequenceBatch(db, signer, batchSize);
      errors.succeeded();
      if (n === batchSize) delay = 0;
    } catch (error) {
      errors.failed(error);
      delay = Math.min(intervalMs * 2 ** errors.count, 5000);
    }
    if (!stopped) {
      timer = setTimeout(() => {
        running = loop();
      }, delay);
    }
  };
  running = loop();

  return {
    async stop() {
      if (stopped) return running;
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await flushAudit(db, signer, batchSize);
    },
  };
}
