// The public performance dashboard (issue 22, part one; docs/transparency.md). Owns the aggregates of
// migration 0092 (transparency_* tables and the two source views over applications and complaints).
// Promises the other modules:
//  - getPerformance(ctx, { agency?, service?, from, to }): the figures of a period of whole months,
//    read from aggregates (and from surveys' and information requests' own statistics);
//  - the aggregates follow every change to applications and complaints within one refresh period
//    (30 s) plus a run, with no work added to the modules' write paths.
export { checkHealth, HEALTH_JOB, rebuildTenantAggregates, scheduleTransparencyJobs, transparencyJobHandlers } from './jobs.js';
export { type RefreshResult, REFRESH_JOB, REFRESH_PERIOD_MS, refreshTenantAggregates, resetTenantAggregates } from './refresh.js';
export { getPerformance, type Performance, type PerformanceQuery } from './service.js';
export { transparencyModule } from './module.js';
