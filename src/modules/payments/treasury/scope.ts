// Which agencies' money a person sees in the treasury: a grant for one agency shows that agency's, a
// tenant-wide grant (tenant_admin, auditor, a treasurer of the whole tenant) shows all — read from the
// grants that open the policy, the same rule `can` applies to one resource.
import type { FastifyRequest } from 'fastify';
import { type PolicyKey, policyRule } from '../../../platform/auth/index.js';
import type { AgencyScope } from './store.js';

export function agencyScopeOf(request: FastifyRequest, policy: PolicyKey): AgencyScope {
  const principal = request.principal;
  if (principal.kind === 'api_key') return principal.agencyId === null ? null : [principal.agencyId];
  if (principal.kind !== 'officer') return [];
  const roles: readonly string[] = policyRule(policy).roles ?? [];
  const grants = principal.grants.filter((g) => roles.includes(g.role));
  return grants.some((g) => g.agencyId === null) ? null : [...new Set(grants.map((g) => g.agencyId!))];
}
