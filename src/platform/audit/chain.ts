// Appending to the audit log (docs/audit.md, decision 0014). `append` writes the event to the
// append-only `audit_pending` table inside the caller's transaction — no shared lock, so the event
// exists exactly when the change commits and concurrent transactions never wait for each other.
// The sequencer (sequencer.ts) later moves committed pending events into the hash chain.
import { createHmac } from 'node:crypto';
import { type Db, sendWithNext, type Tx } from '../../db/index.js';
import type { AuditAppender, AuditEventInput } from '../context.js';
import { encodeCanonical } from './canonical.js';
import { assertNoPersonalData } from './personal-data.js';
import {
  type AuditSequencer,
  type SequencerOptions,
  flushAudit,
  sequenceBatch,
  startSequencer,
} from './sequencer.js';
import type { AuditSigner } from './signer.js';

export type { AuditEventInput } from '../context.js';

export interface AuditLog extends AuditAppender {
  /**
   * Appends `event` in `trx`, the transaction that makes the change it records: the event is
   * pending until the sequencer gives it its place in the chain (`flush`). Throws
   * PersonalDataInAuditError when actor, subject or data hold what looks like a raw NIK, e-mail
   * address or phone number.
   */
  append(trx: Tx, event: AuditEventInput): Promise<{ pendingId: number }>;
  /** Several events in one statement (batched writes), in order; the same checks as `append`. */
  appendMany(trx: Tx, events: readonly AuditEventInput[]): Promise<Array<{ pendingId: number }>>;
  /** `appendMany` whose INSERT is sent with the transaction's next statement or its COMMIT (db's sendWithNext). */
  appendManyWithNext(trx: Tx, events: readonly AuditEventInput[]): Promise<void>;
  /**
   * A stable pseudonym of a personal identifier within a tenant: `p:` + hex HMAC-SHA-256(key,
   * tenantId ‖ 0x00 ‖ value). Not reversible; equal within a tenant, different across tenants.
   */
  pseudonymize(tenantId: string, value: string): string;
  /**
   * Sequences every event committed so far into audit_log (waits for a running sequencer) and
   * returns how many it moved. Call it before reading audit_log right after a change (tests, verify).
   */
  flush(db: Db): Promise<number>;
  /** One sequencer batch (at most `batchSize` events); returns how many were sequenced. */
  sequenceOnce(db: Db, options?: { batchSize?: number }): Promise<number>;
  /** The background sequencer of `gerbang serve`; `stop()` flushes. */
  startSequencer(db: Db, options?: SequencerOptions): AuditSequencer;
}

/** The JSON stored (canonicalised) as `audit_log.entry`. */
export interface AuditEntry {
  seq: number;
  at: string;
  tenantId: string | null;
  actor: string;
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
}

/** Each event checked as `append` documents, as its `audit_pending` row (in order). */
function pendingRows(trx: Tx, events: readonly AuditEventInput[]) {
  if (!trx.isTransaction) {
    throw new Error('audit.append must run inside the transaction that makes the change');
  }
  return events.map((event) => {
    if (!event.actor || !event.action) throw new Error('an audit event needs an actor and an action');
    const at = event.at ?? new Date();
    if (Number.isNaN(at.getTime())) throw new Error('audit event time is not a valid date');
    // The entry's data is checked as it will be stored (after JSON).
    assertNoPersonalData(event.actor, 'actor');
    assertNoPersonalData(event.subject, 'subject');
    const encoded = encodeCanonical(event.data ?? {});
    const data = encoded.json;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new TypeError('audit event data must be a JSON object');
    }
    assertNoPersonalData(data, 'data');
    return {
      recorded_at: at,
      tenant_id: event.tenantId ?? null,
      actor: event.actor,
      action: event.action,
      subject: event.subject ?? null,
      data: encoded.bytes.toString('utf8'),
    };
  });
}

/** Checks each event as `append` documents, then inserts them all with one statement (in order). */
async function appendRows(trx: Tx, events: readonly AuditEventInput[]): Promise<number[]> {
  const rows = pendingRows(trx, events);
  if (rows.length === 0) return [];
  // A multi-row INSERT … RETURNING returns the rows in VALUES order in PostgreSQL; the ids come from
  // one sequence, so sorting them restores that order whatever the planner does.
  const inserted = await trx.insertInto('audit_pending').values(rows).returning('id').execute();
  return inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export function createAuditLog(options: { signer: AuditSigner; pseudonymKey: Buffer }): AuditLog {
  const { signer, pseudonymKey } = options;
  if (pseudonymKey.length < 16) throw new Error('the audit pseudonym key must be at least 16 bytes');
  return {
    pseudonymize(tenantId, value) {
      const mac = createHmac('sha256', pseudonymKey)
        .update(Buffer.concat([Buffer.from(tenantId, 'utf8'), Buffer.from([0]), Buffer.from(value, 'utf8')]))
        .digest('hex');
      return `p:${mac}`;
    },

    async append(trx, event) {
      const [pendingId] = await appendRows(trx, [event]);
      return { pendingId: pendingId! };
    },

    async appendMany(trx, events) {
      return (await appendRows(trx, events)).map((pendingId) => ({ pendingId }));
    },

    async appendManyWithNext(trx, events) {
      const rows = pendingRows(trx, events);
      if (rows.length > 0) await sendWithNext(trx, trx.insertInto('audit_pending').values(rows));
    },

    flush: (db) => flushAudit(db, signer),
    sequenceOnce: (db, opts) => sequenceBatch(db, signer, opts?.batchSize),
    startSequencer: (db, opts) => startSequencer(db, signer, opts),
  };
}
