// The oversight job: reads the tenant's audit chain after the last sequence number it saw (an
// increment, never the whole history), keeps the officer actions it needs with the facts of their
// application at that moment, and raises the flags the rules find in what is new. One transaction
// per batch with the cursor's row lock, so two runs never read the same increment and a crash
// re-reads the batch it did not commit (inserts are idempotent: same seq, same flag key).
import { randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../db/index.js';
import { type AuditEntryView, readAuditAfter } from '../../platform/audit/index.js';
import type { TenantContext } from '../../platform/context.js';
import { type ApplicationFacts, getApplicationFacts } from '../applications/index.js';
import { tenantCalendar } from '../calendar/index.js';
import { readCitizenPersonalData } from '../identity/index.js';
import { burstsOf, outlierOf, outsideWorkingHours, peerFences, reassignmentsNearDeadline, THRESHOLDS } from './rules.js';
import {
  type ActionInsert,
  type ActionRow,
  type FlagInsert,
  insertActions,
  insertFlags,
  saveCursor,
  selectActionsBetween,
  selectAssignments,
  selectClosingDurations,
  selectCursor,
  selectDecisionsOf,
  selectLastMoves,
  selectOfficerKeys,
  selectSubmissionSeq,
} from './store.js';

export const OVERSIGHT_JOB = 'oversight.scan';

/** Entries read per batch; a run takes batches until the log is read (at most MAX_BATCHES). */
export const BATCH = 500;
const MAX_BATCHES = 40;

const DECISIONS = ['application.approved_step', 'application.rejected_step', 'application.forwarded', 'application.revision_requested'];
const READ_ACTIONS = ['application.submitted', ...DECISIONS, 'application.assigned', 'payment.held'];

/** Why the job reads an applicant's NIK and KK: the citizen sees this in their data-access list. */
export const KINSHIP_PURPOSE = 'Pengawasan internal: memeriksa konflik kepentingan petugas yang memutus permohonan (NIK/KK dibandingkan sebagai kunci tersamar)';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOf = (ref: string | null, kind: string): string | null => {
  const [k, id] = (ref ?? '').split(':');
  return k === kind && id && UUID.test(id) ? id : null;
};

/** The tenant pseudonyms the kinship rule compares (never the numbers). */
export const nikKeyOf = (ctx: Pick<TenantContext, 'audit' | 'tenant'>, nik: string) => ctx.audit.pseudonymize(ctx.tenant.id, `oversight:nik:${nik}`);
export const kkKeyOf = (ctx: Pick<TenantContext, 'audit' | 'tenant'>, kk: string) => ctx.audit.pseudonymize(ctx.tenant.id, `oversight:kk:${kk}`);

export interface ScanResult {
  read: number;
  actions: number;
  flags: number;
  lastSeq: number;
}

/** Runs the tenant's increment to the end of its audit log (flush the sequencer first to include the newest). */
export async function scanTenant(ctx: TenantContext): Promise<ScanResult> {
  const total: ScanResult = { read: 0, actions: 0, flags: 0, lastSeq: 0 };
  for (let i = 0; i < MAX_BATCHES; i += 1) {
    const done = await withTenant(ctx.db, ctx.tenant.id, (trx) => scanBatch({ ...ctx, db: trx as never }, trx));
    total.read += done.read;
    total.actions += done.actions;
    total.flags += done.flags;
    const moved = done.lastSeq !== total.lastSeq;
    total.lastSeq = done.lastSeq;
    if (!done.more || !moved) break;
  }
  return total;
}

async function scanBatch(ctx: TenantContext, trx: Tx): Promise<ScanResult & { more: boolean }> {
  const tenantId = ctx.tenant.id;
  const cursor = await selectCursor(trx, tenantId);
  const { entries, lastSeq } = await readAuditAfter(trx, tenantId, { afterSeq: cursor, actions: READ_ACTIONS, limit: BATCH });
  const applicationIds = [...new Set(entries.map((e) => idOf(e.subject, 'application')).filter((id): id is string => id !== null))];
  const facts = new Map((await getApplicationFacts(ctx, applicationIds)).map((f) => [f.id, f]));
  const lastMoves = await selectLastMoves(trx, tenantId, applicationIds, cursor + 1);
  const rows = entries.flatMap((e) => actionOf(e, facts, lastMoves, tenantId));
  await insertActions(trx, rows);
  const fresh = await selectActionsBetween(trx, tenantId, cursor, lastSeq);
  const flags = await detect(ctx, trx, fresh, facts);
  const inserted = await insertFlags(trx, tenantId, flags);
  await saveCursor(trx, tenantId, lastSeq, ctx.now());
  return { read: entries.length, actions: rows.length, flags: inserted.length, lastSeq, more: lastSeq > cursor };
}

/** The row an audit entry becomes (none for entries the rules do not use), updating `lastMoves`. */
function actionOf(e: AuditEntryView, facts: Map<string, ApplicationFacts>, lastMoves: Map<string, Date>, tenantId: string): ActionInsert[] {
  const base = { tenant_id: tenantId, seq: e.seq, at: e.at, step_id: typeof e.data.stepId === 'string' ? e.data.stepId : null };
  if (e.action === 'payment.held') {
    return [{ ...base, officer_id: null, action: 'payment_held', verb: String(e.data.outcome ?? ''), invoice_id: idOf(e.subject, 'invoice') }];
  }
  const applicationId = idOf(e.subject, 'application');
  const f = applicationId ? facts.get(applicationId) : undefined;
  if (!applicationId || !f) return [];
  const app = { application_id: applicationId, service_id: f.serviceId, agency_id: f.agencyId };
  const officer = idOf(e.actor, 'officer');
  if (e.action === 'application.submitted') {
    lastMoves.set(applicationId, e.at);
    return [{ ...base, ...app, officer_id: null, action: 'submitted', verb: 'submitted' }];
  }
  if (!officer) return [];
  if (e.action === 'application.assigned') return [{ ...base, ...app, officer_id: officer, action: 'assigned', verb: 'assigned' }];
  const since = lastMoves.get(applicationId) ?? f.submittedAt;
  lastMoves.set(applicationId, e.at);
  // The decision that closed the application (same instant as its closing): the whole duration is its peers' measure.
  const closes = f.closedAt !== null && Math.abs(f.closedAt.getTime() - e.at.getTime()) <= 1000 && e.action !== 'application.forwarded' && e.action !== 'application.revision_requested';
  return [
    {
      ...base,
      ...app,
      officer_id: officer,
      action: 'decided',
      verb: e.action.replace('application.', ''),
      waited_ms: Math.max(0, e.at.getTime() - since.getTime()),
      due_at: f.serviceDueAt,
      on_time: f.serviceDueAt ? e.at.getTime() <= f.serviceDueAt.getTime() : null,
      closing_ms: closes ? Math.max(0, f.closedAt!.getTime() - f.submittedAt.getTime()) : null,
    },
  ];
}

const flag = (kind: FlagInsert['kind'], dedupeKey: string, at: Date, fields: Partial<FlagInsert> & { evidenceSeqs: number[] }): FlagInsert => ({
  id: randomUUID(),
  kind,
  dedupeKey,
  officerId: null,
  applicationId: null,
  invoiceId: null,
  detail: {},
  detectedAt: at,
  ...fields,
});

/** The flags the new actions raise. */
async function detect(ctx: TenantContext, trx: Tx, fresh: ActionRow[], facts: Map<string, ApplicationFacts>): Promise<FlagInsert[]> {
  const tenantId = ctx.tenant.id;
  const now = ctx.now();
  const out: FlagInsert[] = [];
  const decisions = fresh.filter((a) => a.action === 'decided' && a.officerId);

  // Far faster or slower than the same service's peers (the closing decision's whole duration).
  for (const d of decisions.filter((a) => a.closingMs !== null && a.serviceId)) {
    const from = new Date(d.at.getTime() - THRESHOLDS.peerWindowDays * 86_400_000);
    const fences = peerFences(await selectClosingDurations(trx, tenantId, d.serviceId!, from, d.at));
    const which = outlierOf(d.closingMs!, fences);
    if (!which || !fences) continue;
    const submitted = await selectSubmissionSeq(trx, tenantId, d.applicationId!);
    out.push(
      flag('peer_outlier', `${d.applicationId}`, now, {
        officerId: d.officerId,
        applicationId: d.applicationId,
        evidenceSeqs: submitted ? [submitted, d.seq] : [d.seq],
        detail: { which, durationMs: d.closingMs, lowMs: Math.round(fences.lowMs), highMs: Math.round(fences.highMs), peers: fences.peers },
      }),
    );
  }

  // An officer deciding their own or a relative's application (same NIK, or same family card).
  const keys = await selectOfficerKeys(trx, tenantId, [...new Set(decisions.map((d) => d.officerId!))]);
  const applicantKeys = new Map<string, { nik: string | null; kk: string | null }>();
  for (const d of decisions) {
    const officerKeys = keys.get(d.officerId!);
    const f = d.applicationId ? facts.get(d.applicationId) : undefined;
    if (!officerKeys || !f) continue;
    let theirs = applicantKeys.get(f.applicantId);
    if (!theirs) {
      const data = await readCitizenPersonalData({ ...ctx, actor: { kind: 'system', id: OVERSIGHT_JOB } }, { citizenId: f.applicantId, purpose: KINSHIP_PURPOSE, fields: ['nik', 'kkNumber'] }).catch(() => undefined);
      theirs = { nik: data?.nik ? nikKeyOf(ctx, data.nik) : null, kk: data?.kkNumber ? kkKeyOf(ctx, data.kkNumber) : null };
      applicantKeys.set(f.applicantId, theirs);
    }
    const relation = theirs.nik === officerKeys.nikKey ? 'self' : theirs.kk !== null && theirs.kk === officerKeys.kkKey ? 'family_card' : null;
    if (!relation) continue;
    out.push(flag('own_or_relative', `${d.officerId}:${d.applicationId}`, now, { officerId: d.officerId, applicationId: d.applicationId, evidenceSeqs: [d.seq], detail: { relation } }));
  }

  // A payment matched to an invoice of a different amount.
  for (const p of fresh.filter((a) => a.action === 'payment_held' && a.verb === 'amount_mismatch')) {
    out.push(flag('payment_amount', String(p.seq), now, { invoiceId: p.invoiceId, evidenceSeqs: [p.seq] }));
  }

  // Repeated reassignments of an application's step just before its deadline.
  for (const applicationId of new Set(fresh.filter((a) => a.action === 'assigned').map((a) => a.applicationId!))) {
    const near = reassignmentsNearDeadline(await selectAssignments(trx, tenantId, applicationId), facts.get(applicationId)?.serviceDueAt ?? null);
    if (near.length === 0) continue;
    out.push(
      flag('reassigned_near_deadline', applicationId, now, {
        officerId: near[near.length - 1]!.officerId,
        applicationId,
        evidenceSeqs: near.map((a) => a.seq),
        detail: { count: near.length, dueAt: facts.get(applicationId)!.serviceDueAt!.toISOString() },
      }),
    );
  }

  // Bursts of decisions outside working hours, per officer (looking back one window from the new ones).
  const calendar = await tenantCalendar(ctx.db, ctx.tenant);
  const off = (a: ActionRow) => outsideWorkingHours(a.at, ctx.tenant.timeZone, calendar);
  const byOfficer = new Map<string, ActionRow[]>();
  for (const d of decisions.filter(off)) byOfficer.set(d.officerId!, [...(byOfficer.get(d.officerId!) ?? []), d]);
  const span = THRESHOLDS.burstWindowMinutes * 60_000;
  for (const [officerId, news] of byOfficer) {
    const from = new Date(news[0]!.at.getTime() - span);
    const around = (await selectDecisionsOf(trx, tenantId, officerId, from, news[news.length - 1]!.at)).filter(off);
    const newSeqs = new Set(news.map((n) => n.seq));
    for (const burst of burstsOf(around)) {
      if (!burst.some((b) => newSeqs.has(b.seq))) continue;
      out.push(
        flag('after_hours_burst', `${officerId}:${burst[0]!.seq}`, now, {
          officerId,
          evidenceSeqs: burst.map((b) => b.seq),
          detail: { count: burst.length, from: burst[0]!.at.toISOString(), to: burst[burst.length - 1]!.at.toISOString() },
        }),
      );
    }
  }
  return out;
}
