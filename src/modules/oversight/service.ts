// Internal performance and irregularity flags: what managers and auditors read, and the auditor's
// review. Who sees what (docs/oversight.md, "Access"): an agency's administrator sees the figures of
// the work done for their agency; auditors and the tenant's administrator see every agency's; only
// auditors see and review flags; the tenant's administrator sets an officer's kinship keys. The
// figures come from the job's rows (job.ts), so a page is a few GROUP BYs, not a walk of the history.
import { type Tx, withTenant } from '../../db/index.js';
import type { FlagKind } from '../../db/schema-oversight.js';
import { type AuditEntryView, readAuditEntries } from '../../platform/audit/index.js';
import type { RoleGrant } from '../../platform/auth/roles.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { decodeCursor, pageOf } from '../../platform/cursor.js';
import { DomainError } from '../../platform/errors.js';
import { countOverdueSteps, getApplicationFacts } from '../applications/index.js';
import { complaintFiguresByOfficer, overdueComplaintsByOfficer } from '../complaints/index.js';
import { countOverdueInformationRequests, informationFiguresByOfficer } from '../information-requests/index.js';
import { officerNames, parseNik } from '../identity/index.js';
import { type Agency, listAgencies } from '../tenancy/index.js';
import { kkKeyOf, nikKeyOf } from './job.js';
import { type FlagRow, selectFlag, selectFlags, selectIndicators, updateFlagReviewed, upsertOfficerKeys } from './store.js';
import './strings.js';

export const FLAG_KINDS = ['peer_outlier', 'own_or_relative', 'payment_amount', 'reassigned_near_deadline', 'after_hours_burst'] as const satisfies readonly FlagKind[];
export const NOTE_LIMIT = 2000;

/** Who asks: an officer and their grants (the route's policy let them in). */
export interface Viewer {
  officerId: string;
  grants: readonly RoleGrant[];
}

const forbidden = () => new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
const invalid = (field: string, messageKey: 'ovs.error.period' | 'ovs.error.note_required' | 'ovs.error.nik' | 'ovs.error.kk' | 'ovs.error.officer', code = 'invalid') =>
  new DomainError('validation', 400, 'error.validation', {}, [{ field, code, messageKey }]);

/** The agencies whose figures the viewer sees: every one for a tenant-wide auditor or administrator, else those they administer. */
function visibleAgencies(viewer: Viewer, agencies: readonly Agency[]): Set<string> {
  const wide = viewer.grants.some((g) => (g.role === 'auditor' || g.role === 'tenant_admin') && g.agencyId === null);
  if (wide) return new Set(agencies.map((a) => a.id));
  return new Set(viewer.grants.filter((g) => g.role === 'agency_admin' && g.agencyId).map((g) => g.agencyId!));
}

export interface Period {
  from: string;
  to: string;
}

/** A period of whole local days [from, to], at most 366 days; default: the current month to today. */
export function periodOf(ctx: TenantContext, input: { from?: string | undefined; to?: string | undefined }): { from: Date; to: Date; period: Period } {
  const today = localDay(ctx.now(), ctx.tenant.timeZone);
  const from = input.from || `${today.slice(0, 8)}01`;
  const to = input.to || today;
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(from) || Number.isNaN(Date.parse(from))) throw invalid('/from', 'ovs.error.period');
  if (!day.test(to) || Number.isNaN(Date.parse(to)) || to < from || Date.parse(to) - Date.parse(from) > 366 * 86_400_000) throw invalid('/to', 'ovs.error.period');
  return { from: startOfLocalDay(from, ctx.tenant.timeZone), to: startOfLocalDay(nextDay(to), ctx.tenant.timeZone), period: { from, to } };
}

const OFFSETS: Record<string, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };
const offsetMs = (timeZone: string) => (OFFSETS[timeZone] ?? 7) * 3600_000;
const localDay = (at: Date, timeZone: string) => new Date(at.getTime() + offsetMs(timeZone)).toISOString().slice(0, 10);
const startOfLocalDay = (day: string, timeZone: string) => new Date(Date.parse(`${day}T00:00:00Z`) - offsetMs(timeZone));
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export interface OfficerIndicators {
  officer: { id: string; name: string };
  agency: { id: string; code: string; name: string; nameEn: string | null } | null;
  /** Distinct applications the officer decided a step of in the period. */
  itemsHandled: number;
  decisions: number;
  /** Decisions made by their application's deadline / decisions on applications with a deadline; null without any. */
  onTimeShare: number | null;
  /** Mean time a decided step waited for the decision, in hours; null without decisions. */
  averageHandlingHours: number | null;
  /** Steps the officer holds that are past their deadline now (not per period). */
  overdueItems: number;
}

/** Complaints an officer answered for an agency (the coordinator's when agency is null). */
export interface ComplaintIndicators {
  officer: { id: string; name: string };
  agency: OfficerIndicators['agency'];
  /** Distinct complaints the officer answered in the period. */
  answered: number;
  /** Answered by the complaint's resolution deadline / answered with one; null without any. */
  onTimeShare: number | null;
  /** Mean time from the forwarding to the agency to the answer, in hours. */
  averageHandlingHours: number | null;
  /** The reporters' ratings (1–5) of the complaints the officer answered, and their mean. */
  ratings: number;
  averageRating: number | null;
  /** Complaints the officer took into follow-up that are past their deadline now (not per period). */
  overdueItems: number;
}

/** Public information requests a PPID officer decided (the PPID serves the whole tenant: no agency). */
export interface InformationIndicators {
  officer: { id: string; name: string };
  decided: number;
  /** Decided by the deadline (10 working days, or as extended) / decided; null without any. */
  onTimeShare: number | null;
  /** Mean time from the receipt to the decision, in hours. */
  averageHandlingHours: number | null;
}

export interface OfficerPerformance {
  period: Period;
  /** Applications (steps decided). */
  officers: OfficerIndicators[];
  complaints: ComplaintIndicators[];
  /** Tenant-wide viewers only (the PPID is no agency's): null for an agency's administrator or with an agency chosen. */
  informationRequests: { officers: InformationIndicators[]; overdueItems: number } | null;
}

const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3600_000) * 10) / 10);

export async function getOfficerPerformance(ctx: TenantContext, input: { viewer: Viewer; from?: string | undefined; to?: string | undefined; agency?: string | undefined }): Promise<OfficerPerformance> {
  const { from, to, period } = periodOf(ctx, input);
  const agencies = await listAgencies(ctx.db, ctx.tenant);
  const visible = visibleAgencies(input.viewer, agencies);
  if (visible.size === 0) throw forbidden();
  const only = input.agency ? agencies.find((a) => a.code === input.agency) : undefined;
  if (input.agency && (!only || !visible.has(only.id))) throw forbidden();
  const wide = visible.size === agencies.length && input.viewer.grants.some((g) => (g.role === 'auditor' || g.role === 'tenant_admin') && g.agencyId === null);
  const showInformation = wide && !only;
  const [rows, overdue, complaintRows, complaintOverdue, informationRows, informationOverdue] = await Promise.all([
    withTenant(ctx.db, ctx.tenant.id, (trx) => selectIndicators(trx, ctx.tenant.id, from, to)),
    countOverdueSteps(ctx),
    complaintFiguresByOfficer(ctx, { from, to }),
    overdueComplaintsByOfficer(ctx),
    showInformation ? informationFiguresByOfficer(ctx, { from, to }) : Promise.resolve([]),
    showInformation ? countOverdueInformationRequests(ctx) : Promise.resolve(0),
  ]);
  const kept = rows.filter((r) => r.agencyId !== null && visible.has(r.agencyId) && (!only || r.agencyId === only.id));
  // A complaint with no agency is the coordinator's: seen by tenant-wide viewers without an agency chosen.
  const seesComplaint = (agencyId: string | null) => (agencyId === null ? wide && !only : visible.has(agencyId) && (!only || agencyId === only.id));
  const complaintKeys = new Map<string, { officerId: string; agencyId: string | null }>();
  for (const r of [...complaintRows, ...complaintOverdue]) if (seesComplaint(r.agencyId)) complaintKeys.set(`${r.officerId}:${r.agencyId ?? ''}`, { officerId: r.officerId, agencyId: r.agencyId });
  const names = await officerNames(ctx, [...kept.map((r) => r.officerId), ...[...complaintKeys.values()].map((k) => k.officerId), ...informationRows.map((r) => r.officerId)]);
  const overdueOf = new Map(overdue.map((o) => [o.officerId, o.count]));
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const officers = kept.map((r): OfficerIndicators => {
    const a = r.agencyId ? byId.get(r.agencyId) : undefined;
    return {
      officer: { id: r.officerId, name: names.get(r.officerId) ?? '' },
      agency: a ? { id: a.id, code: a.code, name: a.name, nameEn: a.nameEn ?? null } : null,
      itemsHandled: r.items,
      decisions: r.decisions,
      onTimeShare: r.withDeadline > 0 ? r.onTime / r.withDeadline : null,
      averageHandlingHours: r.averageWaitMs === null ? null : Math.round((r.averageWaitMs / 3600_000) * 10) / 10,
      overdueItems: overdueOf.get(r.officerId) ?? 0,
    };
  });
  const agencyView = (id: string | null) => {
    const a = id ? byId.get(id) : undefined;
    return a ? { id: a.id, code: a.code, name: a.name, nameEn: a.nameEn ?? null } : null;
  };
  const figuresOf = new Map(complaintRows.map((r) => [`${r.officerId}:${r.agencyId ?? ''}`, r]));
  const overdueComplaintsOf = new Map(complaintOverdue.map((r) => [`${r.officerId}:${r.agencyId ?? ''}`, r.count]));
  const complaints = [...complaintKeys.entries()].map(([key, k]): ComplaintIndicators => {
    const f = figuresOf.get(key);
    return {
      officer: { id: k.officerId, name: names.get(k.officerId) ?? '' },
      agency: agencyView(k.agencyId),
      answered: f?.answered ?? 0,
      onTimeShare: f && f.withDeadline > 0 ? f.onTime / f.withDeadline : null,
      averageHandlingHours: hours(f?.averageHandlingMs ?? null),
      ratings: f?.ratings ?? 0,
      averageRating: f?.averageRating === null || f?.averageRating === undefined ? null : Math.round(f.averageRating * 10) / 10,
      overdueItems: overdueComplaintsOf.get(key) ?? 0,
    };
  });
  const byAgencyThenName = (x: { agency: OfficerIndicators['agency']; officer: { name: string } }, y: typeof x) => (x.agency?.name ?? '').localeCompare(y.agency?.name ?? '') || x.officer.name.localeCompare(y.officer.name);
  officers.sort(byAgencyThenName);
  complaints.sort(byAgencyThenName);
  const informationRequests = showInformation
    ? {
        officers: informationRows
          .map((r): InformationIndicators => ({
            officer: { id: r.officerId, name: names.get(r.officerId) ?? '' },
            decided: r.decided,
            onTimeShare: r.decided > 0 ? r.onTime / r.decided : null,
            averageHandlingHours: hours(r.averageHandlingMs),
          }))
          .sort((x, y) => x.officer.name.localeCompare(y.officer.name)),
        overdueItems: informationOverdue,
      }
    : null;
  return { period, officers, complaints, informationRequests };
}

// ---- flags ----

export interface FlagView {
  id: string;
  kind: FlagKind;
  officer: { id: string; name: string } | null;
  applicationId: string | null;
  invoiceId: string | null;
  evidenceSeqs: number[];
  detail: Record<string, unknown>;
  detectedAt: string;
  review: { at: string; by: { id: string; name: string }; note: string } | null;
}

async function viewsOf(ctx: TenantContext, rows: FlagRow[]): Promise<FlagView[]> {
  const names = await officerNames(ctx, rows.flatMap((r) => [r.officerId, r.reviewedBy].filter((x): x is string => x !== null)));
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    officer: person(r.officerId),
    applicationId: r.applicationId,
    invoiceId: r.invoiceId,
    evidenceSeqs: r.evidenceSeqs,
    detail: r.detail,
    detectedAt: r.detectedAt.toISOString(),
    review: r.reviewedAt ? { at: r.reviewedAt.toISOString(), by: person(r.reviewedBy)!, note: r.reviewNote ?? '' } : null,
  }));
}

export async function listIrregularityFlags(ctx: TenantContext, input: { kind?: FlagKind | undefined; open?: boolean | undefined; cursor?: string | undefined; limit: number }): Promise<{ flags: FlagView[]; nextCursor: string | null }> {
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    selectFlags(trx, ctx.tenant.id, { kind: input.kind, open: input.open, limit: input.limit + 1, ...(after ? { after } : {}) }),
  );
  const page = pageOf(rows, input.limit, (r) => ({ at: r.detectedAt, id: r.id }));
  return { flags: await viewsOf(ctx, page.items), nextCursor: page.nextCursor };
}

const flagNotFound = () => new DomainError('oversight.flag_not_found', 404, 'ovs.error.flag_not_found');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type EvidenceEntry = AuditEntryView & { actorKind: 'officer' | 'citizen' | 'system'; actorName: string | null };

/**
 * A flag with its evidence: the audit entries it names, with their sequence numbers and hashes, each
 * actor named (an officer by name; a citizen or the system by kind, never by id), and the application's tracking number.
 */
export async function getIrregularityFlag(ctx: TenantContext, id: string): Promise<FlagView & { trackingNumber: string | null; evidence: EvidenceEntry[] }> {
  if (!UUID.test(id)) throw flagNotFound();
  const { row, evidence } = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectFlag(trx, ctx.tenant.id, id);
    if (!row) throw flagNotFound();
    return { row, evidence: await readAuditEntries(trx, ctx.tenant.id, row.evidenceSeqs) };
  });
  const officerOf = (actor: string) => (actor.startsWith('officer:') ? actor.slice('officer:'.length) : null);
  const [[view], names, facts] = await Promise.all([
    viewsOf(ctx, [row]),
    officerNames(ctx, evidence.map((e) => officerOf(e.actor)).filter((x): x is string => x !== null)),
    row.applicationId ? getApplicationFacts(ctx, [row.applicationId]) : Promise.resolve([]),
  ]);
  return {
    ...view!,
    trackingNumber: facts[0]?.trackingNumber ?? null,
    evidence: evidence.map((e) => {
      const officer = officerOf(e.actor);
      return { ...e, actorKind: officer ? 'officer' : e.actor.startsWith('citizen:') ? 'citizen' : 'system', actorName: officer ? (names.get(officer) ?? null) : null };
    }),
  };
}

/** The auditor marks a flag reviewed with a note (audited); a flag is reviewed once (409 after). */
export async function reviewIrregularityFlag(ctx: TenantContext, input: { id: string; note: string }): Promise<FlagView> {
  if (ctx.actor.kind !== 'officer') throw forbidden();
  const officerId = ctx.actor.id;
  const note = input.note.trim();
  if (!note) throw invalid('/note', 'ovs.error.note_required', 'required');
  if (note.length > NOTE_LIMIT) throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/note', code: 'maxLength', messageKey: 'field.maxLength', vars: { limit: NOTE_LIMIT } }]);
  if (!UUID.test(input.id)) throw flagNotFound();
  await withTenant(ctx.db, ctx.tenant.id, async (trx: Tx) => {
    const row = await selectFlag(trx, ctx.tenant.id, input.id);
    if (!row) throw flagNotFound();
    const at = ctx.now();
    if (!(await updateFlagReviewed(trx, ctx.tenant.id, input.id, { at, by: officerId, note }))) throw new DomainError('oversight.flag_reviewed', 409, 'ovs.error.already_reviewed');
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'oversight.flag_reviewed', subject: `oversight_flag:${input.id}`, data: { kind: row.kind }, at });
  });
  const [flag] = await viewsOf(ctx, [(await withTenant(ctx.db, ctx.tenant.id, (trx) => selectFlag(trx, ctx.tenant.id, input.id)))!]);
  return flag!;
}

/**
 * The tenant's administrator records an officer's NIK and family card number (KK) for the kinship
 * rule: only their tenant pseudonyms are kept (audited without them), the numbers are not stored.
 */
export async function setOfficerKinshipKeys(ctx: TenantContext, input: { officerId: string; nik: string; kk?: string | undefined }): Promise<void> {
  const parsed = parseNik(input.nik, ctx.now());
  if (!parsed.ok) throw invalid('/nik', 'ovs.error.nik');
  const kk = (input.kk ?? '').replace(/[\s.-]/g, '');
  if (kk && !/^\d{16}$/.test(kk)) throw invalid('/kk', 'ovs.error.kk');
  if (!UUID.test(input.officerId) || !(await officerNames(ctx, [input.officerId])).has(input.officerId)) throw invalid('/officerId', 'ovs.error.officer');
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const at = ctx.now();
    await upsertOfficerKeys(trx, ctx.tenant.id, { officerId: input.officerId, nikKey: nikKeyOf(ctx, parsed.nik), kkKey: kk ? kkKeyOf(ctx, kk) : null, at, by: actorRef(ctx.actor) });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'oversight.officer_keys_set', subject: `officer:${input.officerId}`, data: { familyCard: kk !== '' }, at });
  });
}
