// Working-day deadlines for a tenant: the national calendar (src/platform/calendar) amended by the
// tenant's own overrides (an SKB amended mid-year, a regional holiday). Other modules compute every
// legal deadline through `computeDeadline`.
import './strings.js';
export {
  type CalendarAmendmentHook,
  clearCalendarOverride,
  computeDeadline,
  listTenantHolidays,
  onCalendarAmended,
  type OverrideInput,
  setCalendarOverride,
  tenantCalendar,
} from './service.js';
export { registerCalendarRoutes } from './routes.js';
export { calendarModule } from './module.js';
