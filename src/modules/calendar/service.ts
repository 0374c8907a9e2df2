import type { Db } from '../../db/index.js';
import {
  addWorkingDays,
  type CalendarOverride,
  createCalendar,
  type DeadlineResult,
  listHolidays,
} from '../../platform/calendar/index.js';
import { DomainError } from '../../platform/errors.js';
import { selectOverrides } from './store.js';

interface TenantRef {
  id: string;
  timeZone: string;
}

async function overridesOf(db: Db, tenant: TenantRef | undefined): Promise<CalendarOverride[]> {
  if (!tenant) return [];
  const rows = await selectOverrides(db, tenant.id);
  return rows.map((r) => ({
    date: r.date,
    action: r.action,
    name: r.name ?? undefined,
    type: r.type === 'collective_leave' ? 'collective_leave' : 'national_holiday',
    source: r.source,
  }));
}

/** The deadline `days` working days after `from`, in the tenant's zone (WIB when no tenant). */
export async function computeDeadline(
  db: Db,
  tenant: TenantRef | undefined,
  from: string,
  days: number,
): Promise<DeadlineResult & { timeZone: string }> {
  const timeZone = tenant?.timeZone ?? 'Asia/Jakarta';
  const calendar = createCalendar(await overridesOf(db, tenant));
  try {
    return { ...addWorkingDays(from, days, { timeZone, calendar }), timeZone };
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
