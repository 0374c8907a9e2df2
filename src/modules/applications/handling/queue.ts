// The officers' work queues: the steps waiting for them, per officer (claimed by or assigned to them)
// and per agency (every step their roles may take; an agency's administrator sees all of its steps),
// filtered by service, step, status and due date, sorted by deadline, with badges (due today,
// overdue, escalated, deemed approved, filed at a counter), a cursor page at a time.
import { withTenant } from '../../../db/index.js';
import { localDate } from '../../../platform/calendar/index.js';
import { decodeCursor, pageOf } from '../../../platform/cursor.js';
import { DomainError } from '../../../platform/errors.js';
import type { ApplicationContext, OfficerRef } from '../context.js';
import { frozenVersion } from '../setup/service.js';
import { type QueueScope, selectQueue } from '../store.js';
import { type Badge, badgesOf } from '../view.js';
import { stepOf } from '../workflow/index.js';
import { agencyIndex } from './transition.js';

const HANDLER_ROLES = new Set(['verifier', 'approver', 'signer', 'treasurer', 'agency_admin']);

export interface QueueInput {
  officer: OfficerRef;
  /** `mine`: the steps the officer claimed or was assigned; `agency`: every step their roles may take. */
  scope: 'mine' | 'agency';
  /** Only this agency's steps (an agency code of the tenant). */
  agency?: string;
  serviceId?: string;
  stepId?: string;
  /** `in_progress`: the agency's move; `with_applicant`: waiting for the applicant's revision. */
  status?: 'in_progress' | 'with_applicant';
  /** `overdue`: past the deadline; `today`: due by the end of today (the unit's zone). */
  due?: 'overdue' | 'today';
  /** Due on or before this date (YYYY-MM-DD, the unit's zone). */
  dueBy?: string;
  cursor?: string;
  limit?: number;
}

export interface QueueItem {
  taskId: string;
  applicationId: string;
  trackingNumber: string;
  /** The application's version, to send back when acting. */
  version: number;
  serviceId: string;
  stepId: string;
  stepName: { id: string; en: string };
  kind: 'task' | 'wait';
  role: string;
  agency: { id: string; code: string };
  dueAt: Date | null;
  status: 'in_progress' | 'with_applicant' | 'closed';
  claimedBy: string | null;
  badges: Badge[];
  submittedAt: Date;
  serviceDueAt: Date | null;
}

/** One formatter per zone: a new Intl.DateTimeFormat costs more than the queue's query (docs/performance.md). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock offset of a zone at an instant (Indonesian zones have no daylight saving; any IANA zone works). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = zoneFormatter(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000;
}

/** The last instant of a local date in the zone. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const utcEnd = Date.parse(`${date}T23:59:59.999Z`);
  return new Date(utcEnd - offsetMs(utcEnd, timeZone));
}

/** Where the officer's queue looks, from their grants (narrowed to one agency when asked). */
function scopesOf(officer: OfficerRef, agencyId: string | undefined): QueueScope[] {
  return officer.grants
    .filter((g) => HANDLER_ROLES.has(g.role) && (agencyId === undefined || g.agencyId === null || g.agencyId === agencyId))
    .map((g) => ({ role: g.role === 'agency_admin' ? null : g.role, agencyId: agencyId ?? g.agencyId }));
}

export async function listWorkQueue(ctx: ApplicationContext, input: QueueInput): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
  const limit = input.limit ?? 25;
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const now = ctx.now();
  const zone = ctx.tenant.timeZone;
  const dueBy =
    input.due === 'overdue' ? now : input.due === 'today' ? endOfLocalDay(localDate(now.getTime(), zone), zone) : input.dueBy ? endOfLocalDay(input.dueBy, zone) : undefined;
  // The agencies and the page in one transaction: two round trips fewer than one each.
  const { agencies, rows } = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const agencies = await agencyIndex({ ...ctx, db: trx });
    let agencyId: string | undefined;
    if (input.agency !== undefined) {
      agencyId = agencies.byCode.get(input.agency)?.id;
      if (!agencyId) throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/agency', code: 'unknown', messageKey: 'field.enum' }]);
    }
    const rows = await selectQueue(trx, ctx.tenant.id, {
      scopes: scopesOf(input.officer, agencyId),
      ...(input.scope === 'mine' ? { claimedBy: input.officer.id } : {}),
      ...(input.serviceId ? { serviceId: input.serviceId } : {}),
      ...(input.stepId ? { stepId: input.stepId } : {}),
      ...(input.status ? { paused: input.status === 'with_applicant' } : {}),
      ...(dueBy ? { dueBy } : {}),
      after,
      limit: limit + 1,
    });
    return { agencies, rows };
  });
  const page = pageOf(rows, limit, (r) => ({ at: r.sortAt, id: r.id }));
  const items: QueueItem[] = [];
  for (const r of page.items) {
    const frozen = await frozenVersion(ctx, r.serviceVersionId);
    const step = frozen ? stepOf(frozen.workflow, r.stepId) : undefined;
    items.push({
      taskId: r.id,
      applicationId: r.applicationId,
      trackingNumber: r.trackingNumber,
      version: r.applicationVersion,
      serviceId: r.serviceId,
      stepId: r.stepId,
      stepName: step?.name ?? { id: r.stepId, en: r.stepId },
      kind: r.kind,
      role: r.role,
      agency: { id: r.agencyId, code: agencies.byId.get(r.agencyId)?.code ?? '' },
      dueAt: r.dueAt,
      status: r.status,
      claimedBy: r.claimedBy,
      badges: badgesOf(r, { deemedApproved: r.deemedApproved, assisted: r.assistedBy !== null }, now, zone),
      submittedAt: r.submittedAt,
      serviceDueAt: r.serviceDueAt,
    });
  }
  return { items, nextCursor: page.nextCursor };
}
