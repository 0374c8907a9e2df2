// Keeps the dashboard's aggregates current (docs/transparency.md, "How the figures stay current"). A
// recurring job per tenant reads the applications and complaints changed since its watermark (their
// updated_at, then id), replaces each row's fact, and adds (new − old) to the monthly aggregates, all
// in the job's transaction. A request never scans the raw tables.
//
// Why the overlap: updated_at is set before its transaction commits, so a row written by a
// transaction that commits after the job has read past its updated_at would be skipped. Each run
// re-reads the OVERLAP_MS before its watermark; re-reading a row changes nothing (its old and new facts
// are the same), so counting stays exact.
import { createHash } from 'node:crypto';
import type { Tx } from '../../db/index.js';
import { readAuditAfter } from '../../platform/audit/index.js';
import type { Calendar } from '../../platform/calendar/index.js';
import { listCreditsBookedAfter } from '../payments/index.js';
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

export interface RefreshResult {
  applications: number;
  complaints: number;
  /** Credits (paid invoices) newly counted. */
  payments: number;
  /** Citizen sign-ins read from the audit chain. */
  signIns: number;
  /** False when a source still has rows past this run's batches (the next run goes on). */
  complete: boolean;
}

function startAfter(mark: store.Mark | undefined): store.Mark | undefined {
  return mark && { updatedAt: new Date(mark.updatedAt.getTime() - OVERLAP_MS), id: NIL };
}

async function refreshApplications(trx: Tx, t: RefreshTarget, maxBatches: number): Promise<{ rows: number; complete: boolean }> {
  const mark = await store.selectWatermark(trx, t.tenantId, 'applications');
  let cursor = startAfter(mark);
  let rows = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const changed = await store.selectChangedApplications(trx, t.tenantId, cursor, BATCH);
    if (changed.length > 0) {
      const facts = changed.map((row) => applicationFact(row, t.timeZone, t.calendar));
      const old = await store.takeApplicationFacts(trx, t.tenantId, facts.map((f) => f.application_id));
      await store.insertApplicationFacts(trx, facts);
      const deltas = applicationDeltas([...old.map((fact) => ({ fact, sign: -1 as const })), ...facts.map((fact) => ({ fact, sign: 1 as const }))]);
      await store.addApplicationDeltas(trx, t.tenantId, deltas.months, deltas.days);
      const last = changed[changed.length - 1]!;
      cursor = { updatedAt: last.updated_at, id: last.id };
      rows += changed.length;
    }
    const newest = cursor && (!mark || cursor.updatedAt > mark.updatedAt) ? cursor : mark;
    if (newest) await store.saveWatermark(trx, t.tenantId, 'applications', newest, t.now);
    if (changed.length < BATCH) return { rows, complete: true };
  }
  return { rows, complete: false };
}

async function refreshComplaints(trx: Tx, t: RefreshTarget, maxBatches: number): Promise<{ rows: number; complete: boolean }> {
  const mark = await store.selectWatermark(trx, t.tenantId, 'complaints');
  let cursor = startAfter(mark);
  let rows = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const changed = await store.selectChangedComplaints(trx, t.tenantId, cursor, BATCH);
    if (changed.length > 0) {
      const facts = changed.map((row) => complaintFact(row, t.timeZone));
      const old = await store.takeComplaintFacts(trx, t.tenantId, facts.map((f) => f.complaint_id));
      await store.insertComplaintFacts(trx, facts);
      const deltas = complaintDeltas([...old.map((fact) => ({ fact, sign: -1 as const })), ...facts.map((fact) => ({ fact, sign: 1 as const }))]);
      await store.addComplaintDeltas(trx, t.tenantId, deltas.months, deltas.cells);
      const last = changed[changed.length - 1]!;
      cursor = { updatedAt: last.updated_at, id: last.id };
      rows += changed.length;
    }
    const newest = cursor && (!mark || cursor.updatedAt > mark.updatedAt) ? cursor : mark;
    if (newest) await store.saveWatermark(trx, t.tenantId, 'complaints', newest, t.now);
    if (changed.length < BATCH) return { rows, complete: true };
  }
  return { rows, complete: false };
}

/**
 * Payments collected: the ledger's credits (one per paid invoice; the ledger is append-only), read
 * after their booking watermark with the same overlap; a credit already counted is skipped.
 */
async function refreshPayments(trx: Tx, t: RefreshTarget, maxBatches: number): Promise<{ rows: number; complete: boolean }> {
  const mark = await store.selectWatermark(trx, t.tenantId, 'payments');
  let cursor = mark && { bookedAt: new Date(mark.updatedAt.getTime() - OVERLAP_MS), id: NIL };
  let rows = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const credits = await listCreditsBookedAfter(trx, t.tenantId, cursor, BATCH);
    if (credits.length > 0) {
      const fresh = await store.claimPaymentFacts(trx, t.tenantId, credits.map((c) => c.id));
      const counted = credits.filter((c) => fresh.has(c.id));
      await store.addPaymentDeltas(trx, t.tenantId, paymentDeltas(counted.map((c) => ({ agencyId: c.agencyId, serviceId: c.serviceId, amount: c.amount, month: monthOf(c.paidAt, t.timeZone) }))));
      const last = credits[credits.length - 1]!;
      cursor = { bookedAt: last.bookedAt, id: last.id };
      rows += counted.length;
    }
    const newest = cursor && (!mark || cursor.bookedAt > mark.updatedAt) ? { updatedAt: cursor.bookedAt, id: cursor.id } : mark;
    if (newest) await store.saveWatermark(trx, t.tenantId, 'payments', newest, t.now);
    if (credits.length < BATCH) return { rows, complete: true };
  }
  return { rows, complete: false };
}

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
 * security): at most `maxBatches` × 2,000 rows per source, so a run stays short after a bulk import.
 */
export async function refreshTenantAggregates(trx: Tx, target: RefreshTarget, maxBatches = 10): Promise<RefreshResult> {
  const a = await refreshApplications(trx, target, maxBatches);
  const c = await refreshComplaints(trx, target, maxBatches);
  const p = await refreshPayments(trx, target, maxBatches);
  const s = await refreshSignIns(trx, target, maxBatches);
  return { applications: a.rows, complaints: c.rows, payments: p.rows, signIns: s.rows, complete: a.complete && c.complete && p.complete && s.complete };
}

/** Forgets the tenant's facts, aggregates and watermarks: the next runs recount everything. */
export async function resetTenantAggregates(trx: Tx, tenantId: string): Promise<void> {
  await store.deleteTenantAggregates(trx, tenantId);
  await store.deleteWatermarks(trx, tenantId);
}
