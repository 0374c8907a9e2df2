// What the applications services take first: the tenant's context (actor, language, clock, database,
// audit) with the two things their side effects need — the audit log's tenant pseudonyms (the keyed
// hash of an applicant's birth date for tracking; identity's recorded reads of a citizen's contact)
// and the public address that links in notifications point to.
import type { FastifyRequest } from 'fastify';
import type { RoleGrant } from '../../platform/auth/index.js';
import type { AuditAppender, TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import type { ModuleRuntime } from '../../platform/module.js';

export interface ApplicationContext extends TenantContext {
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  publicBaseUrl: string;
}

/** An officer as the services see them: who, and their role grants (agency ids; null = every agency). */
export interface OfficerRef {
  id: string;
  grants: readonly RoleGrant[];
}

/** The applicant acting (a signed-in citizen), possibly helped at a counter by an officer. */
export interface ApplicantRef {
  citizenId: string;
  assurance: 'unverified' | 'registry' | 'in_person';
  /** The officer filing on the citizen's behalf (assisted digital), with the session that recorded consent. */
  assisted: { officerId: string; sessionId: string } | null;
}

/** The request's context for the applications services. */
export function applicationContext(request: FastifyRequest, rt: Pick<ModuleRuntime, 'audit' | 'config'>): ApplicationContext {
  return { ...tenantContextOf(request), audit: rt.audit, publicBaseUrl: rt.config.publicBaseUrl };
}

/** The signed-in officer of the request (the route's policy let only officers in), or 403. */
export function officerOf(request: FastifyRequest): OfficerRef {
  const p = request.principal;
  if (p.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  return { id: p.id, grants: p.grants };
}

/** The signed-in citizen of the request (the route's policy let only citizens in), or 403. */
export function applicantOf(request: FastifyRequest): ApplicantRef {
  const p = request.principal;
  if (p.kind !== 'citizen') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  return { citizenId: p.id, assurance: p.assurance, assisted: p.assistedBy ? { officerId: p.assistedBy, sessionId: p.sessionId } : null };
}
