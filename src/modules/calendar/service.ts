import { databaseOf, type Db, type Tx, withTenant } from '../../db/index.js';
import {
  addWorkingDays,
  type Calendar,
  type CalendarOverride,
  createCalendar,
  type DeadlineResult,
  listHolidays,
  toLocalDate,
} from '../../platform/calendar/index.js';
import { actorRef, type ServiceContext, type TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { remember } from '../../platform/remember.js';
import { meaningfulText } from '../../platform/text.js';
import { deleteOverride, selectOverrides, upsertOverride } from './store.js';
import './strings.js';

interface TenantRef {
  id: string;
  timeZone: string;
}

/**
 * A tenant's overrides, cached per database handle for OVERRIDES_TTL_MS: every deadline needs them
 * (each complaint submission, each transition) and they change a few times a year. A change made
 * through this process clears the tenant's entry at once; another process sees it within the TTL.
 * The entry is dropped by a timer, not by comparing times: a cache's age is no business time, and the
 * calendar reads no clock (the deadlines it computes start from the time it is given).
 */
export const OVERRIDES_TTL_MS = 30_000;

interface CachedOverrides {
  overrides: Promise<CalendarOverride[]>;
  /** The calendar made from them, once (its holiday lists are built per year on first use). */
  calendar?: Promise<Calendar>;
}
const overridesCache = new WeakMap<Db, Map<string, CachedOverrides>>();
const plainCalendar = Promise.resolve(createCalendar());

function forgetOverrides(db: Db, tenantId: string): void {
  overridesCache.get(databaseOf(db))?.delete(tenantId);
}

/** Cached per database (not per transaction: `databaseOf`); a miss reads through `db`, the caller's connection. */
function cachedOverrides(db: Db, tenant: TenantRef): CachedOverrides {
  const database = databaseOf(db);
  let perTenant = overridesCache.get(database);
  if (!perTenant) overridesCache.set(database, (perTenant = new Map()));
  const hit = perTenant.get(tenant.id);
  if (hit) return hit;
  const entry: CachedOverrides = { overrides: loadOverrides(db, tenant.id) };
  perTenant.set(tenant.id, entry);
  const forget = () => perTenant.get(tenant.id) === entry && perTenant.delete(tenant.id);
  setTimeout(forget, OVERRIDES_TTL_MS).unref();
  entry.overrides.catch(forget);
  return entry;
}

async function overridesOf(db: Db, tenant: TenantRef | undefined): Promise<CalendarOverride[]> {
  return tenant ? cachedOverrides(db, tenant).overrides : [];
}

/** The tenant's working-day calendar, made once per cached set of overrides. */
function calendarOf(db: Db, tenant: TenantRef | undefined): Promise<Calendar> {
  if (!tenant) return plainCalendar;
  const entry = cachedOverrides(db, tenant);
  return (entry.calendar ??= entry.overrides.then((overrides) => createCalendar(overrides)));
}

async function loadOverrides(db: Db, tenantId: string): Promise<CalendarOverride[]> {
  const rows = await selectOverrides(db, tenantId);
  return rows.map((r) => ({
    date: r.date,
    action: r.action,
    name: r.name ?? undefined,
    type: r.type === 'collective_leave' ? 'collective_leave' : 'national_holiday',
    source: r.source,
  }));
}

/**
 * The tenant's working-day calendar: the national one amended by the tenant's overrides. `fresh` reads
 * the overrides again (a job recomputing deadlines after an amendment another process made).
 */
export function tenantCalendar(db: Db, tenant: TenantRef, options: { fresh?: boolean } = {}): Promise<Calendar> {
  if (options.fresh) forgetOverrides(db, tenant.id);
  return calendarOf(db, tenant);
}

/**
 * Called in the transaction of every amendment (a day added or restored, an override cleared), so a
 * module whose deadlines depend on the calendar (applications) can queue their recomputation with it.
 * The calendar imports no such module: they register here.
 */
export type CalendarAmendmentHook = (trx: Tx, amendment: { tenantId: string; date: string; ctx: ServiceContext }) => Promise<void>;
const amendmentHooks = new Set<CalendarAmendmentHook>();

/** Adds a hook to every amendment (the same function twice adds it once). */
export function onCalendarAmended(hook: CalendarAmendmentHook): void {
  amendmentHooks.add(hook);
}

async function amended(trx: Tx, ctx: ServiceContext, tenantId: string, date: string) {
  for (const hook of amendmentHooks) await hook(trx, { tenantId, date, ctx });
}

/** How many deadlines a calendar keeps (one per local day, count of days and zone it was asked for). */
const DEADLINES_KEPT = 1_000;
/**
 * Deadlines already counted with a calendar. A calendar is made once per cached set of overrides and
 * never changes, and a deadline depends only on the local day it starts from: every submission of a
 * day shares one count.
 */
const counted = new WeakMap<Calendar, Map<string, DeadlineResult>>();

function countedDeadline(calendar: Calendar, from: string, days: number, timeZone: string): DeadlineResult {
  let deadlines = counted.get(calendar);
  if (!deadlines) counted.set(calendar, (deadlines = new Map()));
  return remember(deadlines, `${timeZone} ${days} ${toLocalDate(from, timeZone)}`, DEADLINES_KEPT, () => addWorkingDays(from, days, { timeZone, calendar }));
}

/** The deadline `days` working days after `from`, in the tenant's zone (WIB when no tenant). */
export async function computeDeadline(
  db: Db,
  tenant: TenantRef | undefined,
  from: string,
  days: number,
): Promise<DeadlineResult & { timeZone: string }> {
  const timeZone = tenant?.timeZone ?? 'Asia/Jakarta';
  const calendar = await calendarOf(db, tenant);
  try {
    return { ...countedDeadline(calendar, from, days, timeZone), timeZone };
  } catch (error) {
    if (error instanceof RangeError) {
      if (!Number.isInteger(days) || days < 0 || days > 366) {
        throw new DomainError('calendar.invalid_days', 400, 'error.calendar.invalid_days', {}, [
          { field: '/days', code: 'range', messageKey: 'error.calendar.invalid_days' },
        ]);
      }
      throw new DomainError('calendar.invalid_date', 400, 'error.calendar.invalid_date', { value: from }, [
        { field: '/from', code: 'format', messageKey: 'error.calendar.invalid_date', vars: { value: from } },
      ]);
    }
    throw error;
  }
}

export async function listTenantHolidays(db: Db, tenant: TenantRef | undefined, year: number) {
  return listHolidays(year, await overridesOf(db, tenant));
}

export interface OverrideInput {
  date: string;
  action: 'add' | 'remove';
  type?: 'national_holiday' | 'collective_leave' | 'regional_holiday';
  name?: string;
  source: string;
}

/**
 * A tenant administrator amends the calendar: adds a day off (a regional holiday, a new SKB day) or
 * restores a working day. The source (decree) is required. Audited; takes effect for new deadlines, and
 * the modules registered with onCalendarAmended recompute their running ones.
 */
export async function setCalendarOverride(ctx: TenantContext, input: OverrideInput): Promise<void> {
  const { tenant } = ctx;
  try {
    createCalendar([{ date: input.date, action: input.action }]); // validates that the day exists
  } catch {
    throw new DomainError('calendar.invalid_date', 400, 'error.calendar.invalid_date', { value: input.date });
  }
  if (!meaningfulText(input.source)) throw new DomainError('calendar.source_required', 400, 'error.calendar.source_required');
  await withTenant(ctx.db, tenant.id, async (trx) => {
    await upsertOverride(trx, tenant.id, {
      date: input.date,
      action: input.action,
      type: input.action === 'add' ? (input.type ?? 'regional_holiday') : null,
      name: input.name ?? null,
      source: input.source.trim(),
    });
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor: actorRef(ctx.actor),
      action: 'calendar.override_set',
      subject: `calendar:${input.date}`,
      data: { action: input.action, type: input.type ?? null, name: input.name ?? null, source: input.source },
    });
    await amended(trx, ctx, tenant.id, input.date);
  });
  forgetOverrides(ctx.db, tenant.id);
}

export async function clearCalendarOverride(ctx: TenantContext, input: { date: string }): Promise<boolean> {
  const { tenant } = ctx;
  const { date } = input;
  const removed = await withTenant(ctx.db, tenant.id, async (trx) => {
    const deleted = await deleteOverride(trx, tenant.id, date);
    if (deleted) {
      await ctx.audit.append(trx, {
        tenantId: tenant.id,
        actor: actorRef(ctx.actor),
        action: 'calendar.override_cleared',
        subject: `calendar:${date}`,
      });
      await amended(trx, ctx, tenant.id, date);
    }
    return deleted;
  });
  forgetOverrides(ctx.db, tenant.id);
  return removed;
}
