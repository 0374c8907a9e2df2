// Prometheus metrics shared by the platform (served at /metrics by app.ts).
import client from 'prom-client';

export const jobDuration = new client.Histogram({
  name: 'gerbang_job_duration_seconds',
  help: 'Background job run time by kind and outcome (done, retry, failed)',
  labelNames: ['kind', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
});

let defaultsCollected = false;
/** Node process metrics (memory, event loop lag, GC), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  client.collectDefaultMetrics({ prefix: 'gerbang_' });
}
