// What the signing page and API take from a request: the services' context, the signed-in officer
// with the session whose freshness counts as a second factor, and the address the code's throttle keys on.
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import type { ApplicationContext, OfficerRef } from '../../applications/index.js';

export function signingContext(request: FastifyRequest, rt: Pick<ModuleRuntime, 'audit' | 'config'>): ApplicationContext {
  return { ...tenantContextOf(request), audit: rt.audit, publicBaseUrl: rt.config.publicBaseUrl };
}

/** The officer of the request (the policy let only officers with a role in), or 403 (an API key signs nothing). */
export function signingOfficer(request: FastifyRequest): OfficerRef & { sessionId: string } {
  const p = request.principal;
  if (p.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  return { id: p.id, grants: p.grants, sessionId: p.sessionId };
}

/** Fastify's request.ip honours trustProxy in production. */
export const clientAddressOf = (request: FastifyRequest) => request.ip || 'unknown';
