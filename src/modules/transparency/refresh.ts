// Keeps the dashboard's aggregates current (docs/transparency.md, "How the figures stay current"). A
// recurring job per tenant reads the applications, complaints and credits changed since its
// watermark (their updated_at or booked_at, then id), replaces each row's fact, and adds (new − old) to
// the monthly aggregates, all in the job's transaction. A request never scans the raw tables.
//
// Each source keeps two positions:
// - the mark: the newest row read;
// - the resume point: every row at or before it has been counted.
// Why two: updated_at is set before its transaction commits, so a row committed after a run read past
// its updated_at would be skipped. A row older than OVERLAP_MS at a run's start was committed before
// it (no transaction runs that long), so the resume point is the run's position or its start minus
// OVERLAP_MS, whichever is earlier. The next run re-reads from there; re-reading a row changes nothing
// (its old and new facts are the same), so counting stays exact. Re-read rows do not use the run's
// budget, and the resume point follows the clock, so a run always passes its mark however many rows
// share an instant (a bulk import).
import { createHash } from 'node:crypto';
import type { Tx } from '../../db/index.js';
import { readAuditAfter } from '../../platform/audit/index.js';
import type { Calendar } from '../../platform/calendar/index.js';
import { type CreditFeedRow, listCreditsBookedAfter } from '../payments/index.js';
import { applicationDeltas, applicationFact, complaintDeltas, complaintFact, monthOf, paymentDeltas } from './rules.js';
import * as store from './store.js';

export const REFRESH_JOB = 'transparency.refresh';
/** How often the job runs per tenant: a change shows on the dashboard within this plus one run. */
export const REFRESH_PERIOD_MS = 30_000;
export const OVERLAP_MS = 2 * 60_000;
const BATCH = 2000;
const NIL = '00000000-0000-0000-0000-000000000000';

export interface RefreshTarget {
  tenantId: string;
  timeZone: string;
  calendar: Calendar;
  now: Date;
}

/** Where a run stopped in each source: a rebuild's next pass goes on from there. */
export interface RefreshCursors {
  applications?: store.Mark;
  complaints?: store.Mark;
  payments?: store.Mark;
}

export interface RefreshResult {
  applications: number;
  complaints: number;
  /** Credits (paid invoices) newly counted. */
  payments: number;
  /** Citizen sign-ins read from the audit chain. */
  signIns: number;
  /** False when a source still has rows past this run's batches (the next run goes on). */
  complete: boolean;
  cursors: RefreshCursors;
}

const before = (a: store.Mark, b: store.Mark) => a.updatedAt.getTime() < b.updatedAt.getTime() || (a.updatedAt.getTime() === b.updatedAt.getTime() && a.id < b.id);
const later = (a: store.Mark, b: store.Mark) => (before(a, b) ? b : a);
const earlier = (a: store.Mark, b: store.Mark) => (before(a, b) ? a : b);

/** One source's rows in (position, id) order, and how a batch of them is counted. */
interface Source<Row> {
  name: store.Source;
  read(trx: Tx, tenantId: string, after: store.Mark | undefined, limit: number): Promise<Row[]>;
  positionOf(row: Row): store.Mark;
  /** Counts the batch into the aggregates; returns how many rows were newly counted. */
  count(trx: Tx, t: RefreshTarget, rows: Row[]): Promise<number>;
}

/**
 * Reads one source from its resume point (or `from`, a rebuild's previous pass) onward: every row up
 * to the mark again, then at most `maxBatches` batches past it.
 */
async function refreshSource<Row>(trx: Tx, t: RefreshTarget, source: Source<Row>, maxBatches: number, from?: store.Mark): Promise<{ rows: number; complete: boolean; cursor?: store.Mark }> {
  const mark = await store.selectWatermark(trx, t.tenantId, source.name);
  const resume = mark && (mark.resume ?? { updatedAt: new Date(mark.updatedAt.getTime() - OVERLAP_MS), id: NIL });
  let cursor = from ?? resume;
  let rows = 0;
  let pastMark = 0;
  for (;;) {
    const batch = await source.read(trx, t.tenantId, cursor, BATCH);
    if (batch.length > 0) {
      rows += await source.count(trx, t, batch);
      cursor = source.positionOf(batch[batch.length - 1]!);
      if (!mark || before(mark, cursor)) pastMark++;
    }
    const complete = batch.length < BATCH;
    if (complete || pastMark >= maxBatches) {
      if (cursor) {
        const settled = earlier(cursor, { updatedAt: new Date(t.now.getTime() - OVERLAP_MS), id: NIL });
        const newest = mark ? later(mark, cursor) : cursor;
        await store.saveWatermark(trx, t.tenantId, source.name, { ...newest, resume: resume ? later(resume, settled) : settled }, t.now);
      }
      return { rows, complete, cursor };
    }
  }
}

const applications: Source<store.ApplicationSourceRow> = {
  name: 'applications',
  read: store.selectChangedApplications,
  positionOf: (row) => ({ updatedAt: row.updated_at, id: row.id }),
  async count(trx, t, changed) {
    const facts = changed.map((row) => applicationFact(row, t.timeZone, t.calendar));
    const old = await store.takeApplicationFacts(trx, t.tenantId, facts.map((f) => f.application_id));
    await store.insertApplicationFacts(trx, facts);
    const deltas = applicationDeltas([...old.map((fact) => ({ fact, sign: -1 as const })), ...facts.map((fact) => ({ fact, sign: 1 as const }))]);
    await store.addApplicationDeltas(trx, t.tenantId, deltas.months, deltas.days);
    return changed.length;
  },
};

const complaints: Source<store.ComplaintSourceRow> = {
  name: 'complaints',
  read: store.selectChangedComplaints,
  positionOf: (row) => ({ updatedAt: row.updated_at, id: row.id }),
  async count(trx, t, changed) {
    const facts = changed.map((row) => complaintFact(row, t.timeZone));
    const old = await store.takeComplaintFacts(trx, t.tenantId, facts.map((f) => f.complaint_id));
    await store.insertComplaintFacts(trx, facts);
    const deltas = complaintDeltas([...old.map((fact) => ({ fact, sign: -1 as const })), ...facts.map((fact) => ({ fact, sign: 1 as const }))]);
    await store.addComplaintDeltas(trx, t.tenantId, deltas.months, deltas.cells);
    return changed.length;
  },
};

/**
 * Payments collected: the ledger's credits (one per paid invoice; the ledger is append-only) by their
 * booking instant; a credit already counted is skipped.
 */
const payments: Source<CreditFeedRow> = {
  name: 'payments',
  read: (trx, tenantId, after, limit) => listCreditsBookedAfter(trx, tenantId, after && { bookedAt: after.updatedAt, id: after.id }, limit),
  positionOf: (credit) => ({ updatedAt: credit.bookedAt, id: credit.id }),
  async count(trx, t, credits) {
    const fresh = await store.claimPaymentFacts(trx, t.tenantId, credits.map((c) => c.id));
    const counted = credits.filter((c) => fresh.has(c.id));
    await store.addPaymentDeltas(trx, t.tenantId, paymentDeltas(counted.map((c) => ({ agencyId: c.agencyId, serviceId: c.serviceId, amount: c.amount, month: monthOf(c.paidAt, t.timeZone) }))));
    return counted.length;
  },
};

/** What the active-citizens table keeps of an audit actor: a hash, not the account id. */
export const citizenKey = (tenantId: string, actor: string) => createHash('sha256').update(`${tenantId}\n${actor}`).digest('base64url').slice(0, 22);

/**
 * Active citizens: the audit chain's citizen sign-ins after the last sequence number read. The
 * chain's sequence is gapless and in commit order, so no overlap is needed.
 */
async function refreshSignIns(trx: Tx, t: RefreshTarget, maxBatches: number): Promise<{ rows: number; complete: boolean }> {
  const mark = await store.selectSeqWatermark(trx, t.tenantId);
  let seq = mark?.seq ?? 0;
  let rows = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { entries, lastSeq } = await readAuditAfter(trx, t.tenantId, { afterSeq: seq, actions: ['citizen.signed_in'], limit: BATCH });
    await store.addActiveCitizens(trx, t.tenantId, entries.map((e) => ({ month: monthOf(e.at, t.timeZone), citizen_key: citizenKey(t.tenantId, e.actor) })));
    rows += entries.length;
    const moved = lastSeq > seq;
    seq = lastSeq;
    if (moved || !mark) await store.saveSeqWatermark(trx, t.tenantId, seq, entries[entries.length - 1]?.at ?? t.now, t.now);
    if (!moved) return { rows, complete: true };
  }
  return { rows, complete: false };
}

/**
 * One run for one tenant, in the caller's transaction (the job's, with the tenant's row-level
 * security): at most `maxBatches` × 2,000 new rows per source, so a run stays short after a bulk
 * import. `from` continues where a previous run of the same rebuild stopped.
 */
export async function refreshTenantAggregates(trx: Tx, target: RefreshTarget, maxBatches = 10, from: RefreshCursors = {}): Promise<RefreshResult> {
  const a = await refreshSource(trx, target, applications, maxBatches, from.applications);
  const c = await refreshSource(trx, target, complaints, maxBatches, from.complaints);
  const p = await refreshSource(trx, target, payments, maxBatches, from.payments);
  const s = await refreshSignIns(trx, target, maxBatches);
  return {
    applications: a.rows,
    complaints: c.rows,
    payments: p.rows,
    signIns: s.rows,
    complete: a.complete && c.complete && p.complete && s.complete,
    cursors: { applications: a.cursor, complaints: c.cursor, payments: p.cursor },
  };
}

/** Forgets the tenant's facts, aggregates and watermarks: the next runs recount everything. */
export async function resetTenantAggregates(trx: Tx, tenantId: string): Promise<void> {
  await store.deleteTenantAggregates(trx, tenantId);
  await store.deleteWatermarks(trx, tenantId);
}
