// Reading a tenant's audit entries back: for modules that derive figures from what the chain records
// (oversight reads officers' actions in increments after the last sequence number it saw) and for
// pages that show an entry as evidence with its hashes. The chain is one per installation, so every
// read names the tenant (audit_log has no row-level security of its own).
import type { DbOrTx } from '../../db/index.js';

export interface AuditEntryView {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  /** The entry's `data`, as signed. */
  data: Record<string, unknown>;
  leafHash: string;
  chainHash: string;
}

type Row = { seq: number; recorded_at: Date; actor: string; action: string; subject: string | null; entry: Buffer; leaf_hash: Buffer; chain_hash: Buffer };

function viewOf(row: Row): AuditEntryView {
  const entry = JSON.parse(row.entry.toString('utf8')) as { data?: Record<string, unknown> };
  return {
    seq: Number(row.seq),
    at: row.recorded_at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    data: entry.data ?? {},
    leafHash: row.leaf_hash.toString('hex'),
    chainHash: row.chain_hash.toString('hex'),
  };
}

const COLUMNS = ['seq', 'recorded_at', 'actor', 'action', 'subject', 'entry', 'leaf_hash', 'chain_hash'] as const;

/**
 * The tenant's entries after `afterSeq` whose action is one of `actions`, in sequence order, at most
 * `limit` (served by the index on (tenant_id, seq)). Returns also the last sequence number looked at,
 * so a caller resumes after entries it skipped.
 */
export async function readAuditAfter(db: DbOrTx, tenantId: string, input: { afterSeq: number; actions: readonly string[]; limit: number }): Promise<{ entries: AuditEntryView[]; lastSeq: number }> {
  // Look at most limit × 20 entries per call, so a tenant whose log is mostly other actions still moves on.
  const scanned = db.selectFrom('audit_log').select('seq').where('tenant_id', '=', tenantId).where('seq', '>', input.afterSeq).orderBy('seq').limit(input.limit * 20);
  const bound = await db.selectFrom(scanned.as('s')).select((eb) => eb.fn.max('s.seq').as('seq')).executeTakeFirst();
  if (bound?.seq == null) return { entries: [], lastSeq: input.afterSeq };
  const upTo = Number(bound.seq);
  const rows = (await db
    .selectFrom('audit_log')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', input.afterSeq)
    .where('seq', '<=', upTo)
    .where('action', 'in', input.actions)
    .orderBy('seq')
    .limit(input.limit)
    .execute()) as Row[];
  const entries = rows.map(viewOf);
  return { entries, lastSeq: entries.length === input.limit ? entries[entries.length - 1]!.seq : upTo };
}

/** The tenant's entries with these sequence numbers (another tenant's are not returned), in order. */
export async function readAuditEntries(db: DbOrTx, tenantId: string, seqs: readonly number[]): Promise<AuditEntryView[]> {
  if (seqs.length === 0) return [];
  const rows = (await db.selectFrom('audit_log').select(COLUMNS).where('tenant_id', '=', tenantId).where('seq', 'in', [...seqs]).orderBy('seq').execute()) as Row[];
  return rows.map(viewOf);
}
