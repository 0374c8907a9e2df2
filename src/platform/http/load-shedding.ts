// Load shedding (issue 23, "Surges"): a process that is overloaded — its event loop late, or queries
// queueing for a database connection — answers citizens' and visitors' requests at once with 429 and
// Retry-After (problem+json, or a page, in the person's language) instead of taking them on and
// letting every request slow into a timeout. The waiting room (modules/waiting-room) meters an
// announced rush to one service; this is the backstop for everything else. Officers' routes, health,
// readiness, metrics and static files are never shed: the counter keeps working through a surge.
// Why not @fastify/under-pressure: docs/decisions/0099-load-shedding.md.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import client from 'prom-client';
import { type Db, poolWaiting } from '../../db/index.js';
import { isPolicyKey, policyRule } from '../auth/policy.js';
import { DomainError } from '../errors.js';

/** What the process feels now. */
export interface Pressure {
  /** The event loop's mean delay over the last sampling window, in milliseconds. */
  eventLoopDelayMs: number;
  /** Queries waiting for a connection of the application pool. */
  poolWaiting: number;
}

export interface LoadSheddingOptions {
  /** Shed above this event-loop delay (ms); 0: never on this signal. LOAD_SHED_EVENT_LOOP_DELAY_MS. */
  maxEventLoopDelayMs: number;
  /** Shed above this many queries waiting for a connection; 0: never on this signal. LOAD_SHED_POOL_WAITING. */
  maxPoolWaiting: number;
  /** Retry-After of a shed request, in seconds. LOAD_SHED_RETRY_AFTER_SECONDS. */
  retryAfterSeconds: number;
  /** The signal: sampled from the process by default (processPressure); a test passes its own. */
  pressure: () => Pressure;
}

const shed = new client.Counter({
  name: 'gerbang_http_shed_total',
  help: 'Requests answered 429 at once because the process was overloaded, by the signal that was over its limit',
  labelNames: ['signal'] as const,
});

/**
 * The process's pressure: the event loop's delay (Node's own histogram, the measure
 * @fastify/under-pressure also uses) as the mean of the last `windowMs`, and the application pool's
 * queue read at the moment of the request. `stop()` ends the sampling.
 */
export function processPressure(db: Db, windowMs = 1000): { pressure: () => Pressure; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let eventLoopDelayMs = 0;
  const timer = setInterval(() => {
    // The histogram's mean includes the sampling resolution itself: a calm loop reads 0.
    eventLoopDelayMs = Math.max(0, histogram.mean / 1e6 - 10);
    histogram.reset();
  }, windowMs);
  timer.unref();
  return {
    pressure: () => ({ eventLoopDelayMs: Number.isFinite(eventLoopDelayMs) ? eventLoopDelayMs : 0, poolWaiting: poolWaiting(db) }),
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

/** Which limit `p` is over, if any. */
export function overLimit(p: Pressure, o: Pick<LoadSheddingOptions, 'maxEventLoopDelayMs' | 'maxPoolWaiting'>): 'event_loop_delay' | 'pool_waiting' | undefined {
  if (o.maxEventLoopDelayMs > 0 && p.eventLoopDelayMs > o.maxEventLoopDelayMs) return 'event_loop_delay';
  if (o.maxPoolWaiting > 0 && p.poolWaiting > o.maxPoolWaiting) return 'pool_waiting';
  return undefined;
}

const EXEMPT_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Never shed: probes and metrics, static files, the officers' sign-in, and every route whose policy
 * lets in neither anonymous visitors nor citizens (officers' and administrators' work, agency API keys).
 */
export function isExempt(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  if (EXEMPT_PATHS.has(path) || path.startsWith('/static/') || path === '/petugas' || path.startsWith('/petugas/')) return true;
  const policy = (request.routeOptions.config as { policy?: unknown } | undefined)?.policy;
  if (!isPolicyKey(policy)) return false;
  const rule = policyRule(policy);
  return !rule.anonymous && !rule.citizen;
}

/**
 * Sheds load in an onRequest hook, before tenant, session or body: a shed request costs the process
 * next to nothing. Register it right after registerHttpPlatform (the person's language is known).
 * `answer`: sends the DomainError as problem+json or a page (the platform's sendProblem).
 */
export function registerLoadShedding(app: FastifyInstance, options: LoadSheddingOptions): void {
  if (options.maxEventLoopDelayMs <= 0 && options.maxPoolWaiting <= 0) return;
  app.addHook('onRequest', async (request) => {
    const signal = overLimit(options.pressure(), options);
    if (!signal || isExempt(request)) return;
    shed.inc({ signal });
    // The platform's error handler answers it (problem+json or a page) with this Retry-After.
    throw new DomainError('overloaded', 429, 'error.overloaded', { seconds: options.retryAfterSeconds });
  });
}
