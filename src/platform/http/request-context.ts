// The one request edge: a request becomes the context every service function takes first — who acts,
// for which tenant, in which language, at what time, over which database and audit log. Routes and
// pages call `contextOf`/`tenantContextOf` instead of assembling it; the app decorates itself once
// with the database, the audit log and the clock (buildApp), so tests inject a clock in one place.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db, ReadRouter } from '../../db/index.js';
import type { Principal } from '../auth/index.js';
import type { Actor, AuditAppender, ServiceContext, TenantContext } from '../context.js';
import { requireTenant } from './tenant.js';

export interface ServiceEdge {
  db: Db;
  audit: AuditAppender;
  /** The clock of every request's context. */
  now: () => Date;
  /** Where replica-tolerant reads go (DATABASE_READ_URL); absent: they read `db`. */
  reads?: ReadRouter;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What contextOf puts in every context (registerRequestContext). */
    serviceEdge: ServiceEdge;
  }
}

export function registerRequestContext(app: FastifyInstance, edge: ServiceEdge): void {
  app.decorate('serviceEdge', edge);
}

/** Who acts: a citizen, an officer, an agency system (API key), or nobody signed in. */
export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'citizen':
    case 'officer':
      return { kind: principal.kind, id: principal.id };
    case 'api_key':
      return { kind: 'system', id: `api_key:${principal.id}` };
    default:
      return { kind: 'anonymous' };
  }
}

/** The request's context; `tenant` is set when the request is addressed to one. */
export function contextOf(request: FastifyRequest): ServiceContext {
  const { db, audit, now } = request.server.serviceEdge;
  return { db, audit, now, actor: actorOf(request.principal), lang: request.lang, ...(request.tenant ? { tenant: request.tenant } : {}) };
}

/** The request's context for a tenant's route: 400 `tenant.required` when the request names none. */
export function tenantContextOf(request: FastifyRequest): TenantContext {
  return { ...contextOf(request), tenant: requireTenant(request) };
}

/**
 * Runs a read that tolerates the replica's bounded staleness (DATABASE_READ_MAX_LAG) with a context
 * whose database is the replica when it is fresh enough, else the primary (db/replica.ts). Only for
 * public pages and API reads nobody has just changed through a form: never for the page a form
 * redirects to, a payment callback or an idempotency check — those read `contextOf` (the primary).
 * The replica's transactions are read-only: a service that writes fails loudly here.
 */
export function readFromReplica<C extends ServiceContext, T>(request: FastifyRequest, ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
  const reads = request.server.serviceEdge.reads;
  if (!reads) return fn(ctx);
  return reads.read((db) => fn({ ...ctx, db }));
}
