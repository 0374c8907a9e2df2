// Which publishers' datasets the asking officer keeps: the route's policy lets agency and tenant
// administrators in; their grants decide the agency. The tenant's own (automatic) datasets are kept
// by a tenant-wide grant only. Everyone else keeps none.
import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/index.js';
import type { CanManage } from './service.js';

export function manageOf(request: FastifyRequest): CanManage {
  const principal = request.principal;
  return (agencyId) => {
    if (principal.kind !== 'officer') return false;
    if (agencyId !== null) return can(principal, 'open_data.manage', { agencyId });
    return principal.grants.some((g) => g.agencyId === null && (g.role === 'tenant_admin' || g.role === 'agency_admin'));
  };
}
