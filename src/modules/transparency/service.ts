// The public performance report (getPerformance): for the tenant, one agency or one service, and a
// period of whole months. Application and complaint figures come from the aggregates the refresh job
// keeps (refresh.ts) in one transaction of five statements, whatever the number of rows; satisfaction
// comes from surveys (getIkm, its own daily aggregates), information requests from their statistics,
// availability from the installation's own health checks.
import { withTenant } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { listServices, type PublicService } from '../catalog/index.js';
import { listCategories } from '../complaints/index.js';
import { getInformationRequestStatistics } from '../information-requests/index.js';
import { getIkm, getIkmByAgency } from '../surveys/index.js';
import './strings.js';
import { quantileBound } from './response-times.js';
import { CELL_DEGREES, lastDayOf, MAX_MONTHS, MONTH, monthsBetween, NO_AGENCY, quantile, share } from './rules.js';
import * as store from './store.js';

export interface PerformanceQuery {
  agency?: string | undefined;
  service?: string | undefined;
  /** First and last month, YYYY-MM, included. */
  from: string;
  to: string;
}

type Grade = 'A' | 'B' | 'C' | 'D';
export interface AgencyRow {
  code: string;
  name: string;
  nameEn: string | null;
  received: number;
  completed: number;
  onTimeShare: number | null;
  ikm: number | null;
  grade: Grade | null;
  respondents: number;
}

export interface Performance {
  from: string;
  to: string;
  agency: { code: string; name: string; nameEn: string | null } | null;
  service: { code: string; name: { id: string; en?: string }; completionDays: number | null } | null;
  /** When the aggregates last took in changes (the oldest of the two sources); null before the first run. */
  refreshedAt: string | null;
  applications: {
    received: number;
    completed: number;
    withdrawn: number;
    inProgress: number;
    deemedApproved: number;
    onTimeShare: number | null;
    medianWorkingDays: number | null;
    p90WorkingDays: number | null;
    distribution: { workingDays: number; applications: number }[];
  };
  satisfaction: { ikm: number | null; grade: Grade | null; respondents: number };
  complaints: {
    received: number;
    verifiedOnTimeShare: number | null;
    answeredOnTimeShare: number | null;
    resolved: number;
    averageRating: number | null;
    ratings: number;
    topics: { code: string; name: string; nameEn: string | null; complaints: number }[];
  };
  payments: { paid: number; amount: number };
  /** Distinct citizens who signed in during the period (tenant-wide only: citizens are nobody's agency's). */
  activeUsers: number | null;
  responseTime: { requests: number; p95Ms: number | null; p50Ms: number | null };
  information: { year: number; requests: number; answered: number; answeredOnTime: number; answeredOnTimeShare: number | null; averageWorkingDays: number | null } | null;
  availability: { checks: number; expected: number; share: number | null };
  months: { month: string; received: number; completed: number; onTimeShare: number | null; complaints: number; paid: number; amount: number; activeUsers: number | null }[];
  agencies: AgencyRow[];
  areas: { cell: string; south: number; west: number; complaints: number }[];
}

const badPeriod = () => new DomainError('transparency.bad_period', 400, 'tr.error.bad_period', { max: MAX_MONTHS });

function resolveScope(services: readonly PublicService[], query: PerformanceQuery) {
  let agency: PublicService['agency'] | null = null;
  let candidates = services;
  if (query.agency) {
    candidates = services.filter((s) => s.agency.code === query.agency);
    agency = candidates[0]?.agency ?? null;
    if (!agency) throw new DomainError('transparency.unknown_agency', 404, 'tr.error.unknown_agency');
  }
  if (!query.service) return { agency, service: null };
  const matches = candidates.filter((s) => s.code === query.service);
  if (matches.length !== 1) throw new DomainError('transparency.unknown_service', 404, 'tr.error.unknown_service');
  return { agency: matches[0]!.agency, service: matches[0]! };
}

export async function getPerformance(ctx: TenantContext, query: PerformanceQuery): Promise<Performance> {
  if (!MONTH.test(query.from) || !MONTH.test(query.to) || query.from > query.to) throw badPeriod();
  const months = monthsBetween(query.from, query.to);
  if (months.length > MAX_MONTHS) throw badPeriod();
  const services = await listServices(ctx);
  const { agency, service } = resolveScope(services, query);
  const scope: store.Scope = { agencyId: agency?.id, serviceId: service?.id, from: `${query.from}-01`, to: `${query.to}-01` };
  const tenantId = ctx.tenant.id;
  const [appMonths, distribution, complaintMonths, cells, marks, paymentMonths, active] = await withTenant(ctx.db, tenantId, (trx) =>
    Promise.all([
      store.selectApplicationMonths(trx, tenantId, scope),
      store.selectCompletionDays(trx, tenantId, scope),
      // Complaints are an agency's, not a service's: a service's page shows its agency's.
      store.selectComplaintMonths(trx, tenantId, scope),
      store.selectComplaintCells(trx, tenantId, scope),
      Promise.all([store.selectWatermark(trx, tenantId, 'applications'), store.selectWatermark(trx, tenantId, 'complaints')]),
      store.selectPaymentMonths(trx, tenantId, scope),
      agency ? Promise.resolve(null) : store.selectActiveCitizens(trx, tenantId, scope),
    ]),
  );

  const inPeriod = appMonths.filter((r) => r.month >= scope.from);
  const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
  const received = sum(inPeriod, (r) => r.received);
  const completed = sum(inPeriod, (r) => r.completed);
  const timed = sum(inPeriod, (r) => r.timed);
  const onTime = sum(inPeriod, (r) => r.onTime);
  // Open at the period's end: every application received by then less every one closed by then.
  const inProgress = sum(appMonths, (r) => r.received) - sum(appMonths, (r) => r.closed);

  const from = `${query.from}-01`;
  const to = lastDayOf(query.to);
  const ikm = await getIkm(ctx, { from, to, agency: agency?.code, service: service?.code });
  const categories = new Map((await listCategories(ctx)).map((c) => [c.code, c]));
  const topics = new Map<string, number>();
  for (const r of complaintMonths) topics.set(r.category_code, (topics.get(r.category_code) ?? 0) + r.received);
  const rated = sum(complaintMonths, (r) => r.rated);

  const agencies = agency ? [] : await leagueTable(ctx, services, appMonths.filter((r) => r.month >= scope.from), from, to);
  const year = Number(query.to.slice(0, 4));
  const information = agency ? null : await getInformationRequestStatistics(ctx, { year });
  const availability = await availabilityOf(ctx, from, to);
  const responseTime = await responseTimeOf(ctx, from, to);

  return {
    from: query.from,
    to: query.to,
    agency: agency && { code: agency.code, name: agency.name, nameEn: agency.nameEn },
    service: service && { code: service.code, name: service.name, completionDays: service.completionDays },
    refreshedAt: marks[0] && marks[1] ? new Date(Math.min(marks[0].refreshedAt.getTime(), marks[1].refreshedAt.getTime())).toISOString() : null,
    applications: {
      received,
      completed,
      withdrawn: sum(inPeriod, (r) => r.closed - r.completed),
      inProgress,
      deemedApproved: sum(inPeriod, (r) => r.deemed),
      onTimeShare: share(onTime, timed),
      medianWorkingDays: quantile(distribution, 0.5),
      p90WorkingDays: quantile(distribution, 0.9),
      distribution,
    },
    satisfaction: { ikm: ikm.ikm, grade: ikm.grade, respondents: ikm.respondents },
    complaints: {
      received: sum(complaintMonths, (r) => r.received),
      verifiedOnTimeShare: share(sum(complaintMonths, (r) => r.verified_on_time), sum(complaintMonths, (r) => r.verified)),
      answeredOnTimeShare: share(sum(complaintMonths, (r) => r.answered_on_time), sum(complaintMonths, (r) => r.answered)),
      resolved: sum(complaintMonths, (r) => r.resolved),
      averageRating: rated > 0 ? Math.round((sum(complaintMonths, (r) => r.rating_sum) / rated) * 100) / 100 : null,
      ratings: rated,
      topics: [...topics.entries()]
        .filter(([, count]) => count > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 5)
        .map(([code, complaints]) => ({ code, name: categories.get(code)?.name ?? code, nameEn: categories.get(code)?.nameEn ?? null, complaints })),
    },
    payments: { paid: sum(paymentMonths, (r) => r.paid), amount: sum(paymentMonths, (r) => r.amount) },
    activeUsers: active ? active.period : null,
    responseTime,
    information: information && {
      year,
      requests: information.requests,
      answered: information.requests - information.open,
      answeredOnTime: information.decidedOnTime,
      answeredOnTimeShare: share(information.decidedOnTime, information.requests - information.open),
      averageWorkingDays: information.averageWorkingDays,
    },
    availability,
    months: months.map((month) => {
      const rows = inPeriod.filter((r) => r.month === `${month}-01`);
      return {
        month,
        received: sum(rows, (r) => r.received),
        completed: sum(rows, (r) => r.completed),
        onTimeShare: share(sum(rows, (r) => r.onTime), sum(rows, (r) => r.timed)),
        complaints: sum(
          complaintMonths.filter((r) => r.month === `${month}-01`),
          (r) => r.received,
        ),
        paid: sum(
          paymentMonths.filter((r) => r.month === `${month}-01`),
          (r) => r.paid,
        ),
        amount: sum(
          paymentMonths.filter((r) => r.month === `${month}-01`),
          (r) => r.amount,
        ),
        activeUsers: active ? (active.months.find((r) => r.month === `${month}-01`)?.citizens ?? 0) : null,
      };
    }),
    agencies,
    areas: cells
      .map(({ cell, complaints }) => {
        const [i, j] = cell.split(':').map(Number) as [number, number];
        return { cell, south: Math.round(i * CELL_DEGREES * 1000) / 1000, west: Math.round(j * CELL_DEGREES * 1000) / 1000, complaints };
      })
      .sort((a, b) => b.complaints - a.complaints || a.cell.localeCompare(b.cell)),
  };
}

/** Every agency with a published service: its applications' on-time share and its satisfaction index. */
async function leagueTable(
  ctx: TenantContext,
  services: readonly PublicService[],
  rows: { agencyId: string; received: number; completed: number; timed: number; onTime: number }[],
  from: string,
  to: string,
): Promise<AgencyRow[]> {
  const agencies = [...new Map(services.map((s) => [s.agency.id, s.agency])).values()];
  const ikmByAgency = await getIkmByAgency(ctx, { from, to });
  const out: AgencyRow[] = [];
  for (const a of agencies) {
    const mine = rows.filter((r) => r.agencyId === a.id);
    const ikm = ikmByAgency.get(a.id) ?? { ikm: null, grade: null, respondents: 0 };
    out.push({
      code: a.code,
      name: a.name,
      nameEn: a.nameEn,
      received: mine.reduce((s, r) => s + r.received, 0),
      completed: mine.reduce((s, r) => s + r.completed, 0),
      onTimeShare: share(
        mine.reduce((s, r) => s + r.onTime, 0),
        mine.reduce((s, r) => s + r.timed, 0),
      ),
      ikm: ikm.ikm,
      grade: ikm.grade,
      respondents: ikm.respondents,
    });
  }
  // Best first: on-time share, then the index; agencies without figures last, by name.
  return out.sort((x, y) => (y.onTimeShare ?? -1) - (x.onTimeShare ?? -1) || (y.ikm ?? -1) - (x.ikm ?? -1) || x.name.localeCompare(y.name));
}

/**
 * The share of minutes of the period (up to now, from the first check ever recorded) in which the
 * installation answered its own health check. A minute with no check counts as unavailable.
 */
async function availabilityOf(ctx: TenantContext, from: string, to: string) {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Math.min(Date.parse(`${to}T23:59:59.999Z`) + 1, ctx.now().getTime()));
  const health = await store.selectHealth(ctx.db, start, end);
  if (!health.first || end <= start) return { checks: 0, expected: 0, share: null };
  const expected = Math.max(1, Math.floor((end.getTime() - Math.max(start.getTime(), health.first.getTime())) / 60_000));
  return { checks: health.ok, expected, share: share(Math.min(health.ok, expected), expected) };
}

/** The server time of every request the installation answered in the period (response-times.ts). */
async function responseTimeOf(ctx: TenantContext, from: string, to: string) {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Date.parse(`${to}T23:59:59.999Z`) + 1);
  const buckets = await store.selectResponseCounts(ctx.db, start, end);
  return { requests: buckets.reduce((s, n) => s + n, 0), p95Ms: quantileBound(buckets, 0.95), p50Ms: quantileBound(buckets, 0.5) };
}

export { NO_AGENCY };
