// A service declares the level of assurance it needs (the catalogue's minAssurance); a citizen below it
// is not simply refused: the 403 names the level needed and theirs, where to raise it (identity's
// online registry check and its page, links the request edge adds) and which counter to visit (the
// service's hall in the catalogue). The pages show the same (assurance-page.tsx). Drafts are kept.
import type { FastifyRequest } from 'fastify';
import type { Assurance } from '../../../platform/auth/index.js';
import { DomainError } from '../../../platform/errors.js';
import type { PublicService } from '../../catalog/index.js';
import '../strings.js';

type Hall = PublicService['hall'];

/** The 403 a citizen below the service's level meets: both levels and the counter, as problem members. */
export function assuranceRefused(need: Assurance, have: Assurance, hall: Hall): DomainError {
  return new DomainError('application.assurance', 403, need === 'in_person' ? 'app.error.assurance.in_person' : 'app.error.assurance.registry', {}, [], {
    requiredAssurance: need,
    currentAssurance: have,
    counter: hall ? { name: hall.name, address: hall.address, hours: hall.hours } : null,
  });
}

/** The same refusal with the request's links to raise the level (the service knows no addresses). */
export function withRaiseLinks(error: unknown, request: FastifyRequest, backTo: string): unknown {
  if (!(error instanceof DomainError) || error.code !== 'application.assurance') return error;
  const base = request.basePath;
  const online = error.extensions.requiredAssurance === 'registry';
  return new DomainError(error.code, error.status, error.messageKey, error.vars, [], {
    ...error.extensions,
    links: {
      ...(online ? { registryCheck: `${base}/api/v1/me/assurance/registry-check` } : {}),
      verificationPage: `${base}/akun/verifikasi?next=${encodeURIComponent(backTo)}`,
    },
  });
}

