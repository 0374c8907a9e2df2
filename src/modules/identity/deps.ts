// What the identity module's routes and services are given: the database, the audit log (with its
// tenant pseudonyms, used as look-up keys for NIK, e-mail and phone), the clock and a few settings.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/index.js';
import type { Actor, AuditAppender, ServiceContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import type { TenantInfo } from '../../platform/http/tenant.js';

export interface IdentityAudit extends AuditAppender {
  pseudonymize(tenantId: string, value: string): string;
}

export interface IdentityDeps {
  db: Db;
  audit: IdentityAudit;
  now: () => Date;
  /** Secure cookies (production). */
  secureCookies: boolean;
  publicBaseUrl: string;
  env: 'development' | 'test' | 'production';
}

export interface IdentityContext extends ServiceContext {
  audit: IdentityAudit;
}

export function identityContext(deps: IdentityDeps, request: FastifyRequest): IdentityContext {
  const p = request.principal;
  const actor: Actor =
    p.kind === 'citizen' || p.kind === 'officer' ? { kind: p.kind, id: p.id } : p.kind === 'api_key' ? { kind: 'system', id: `api_key:${p.id}` } : { kind: 'anonymous' };
  return { db: deps.db, audit: deps.audit, actor, lang: request.lang, now: deps.now };
}

export function requireTenant(request: FastifyRequest): TenantInfo {
  if (!request.tenant) throw new DomainError('tenant.required', 400, 'error.tenant_required');
  return request.tenant;
}

/** The client address for throttling (Fastify's request.ip honours trustProxy in production). */
export function clientAddress(request: FastifyRequest): string {
  return request.ip || 'unknown';
}
