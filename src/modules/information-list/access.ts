// Who keeps which agency's items, from the request's principal: the route's policy lets PPID and
// administrators in; their grants decide the agency (an agency's PPID keeps its agency's items, a
// tenant-wide grant keeps all). Everyone else keeps none.
import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/index.js';
import type { CanManage } from './service.js';

export function manageOf(request: FastifyRequest): CanManage {
  return (agencyId) => request.principal.kind === 'officer' && can(request.principal, 'information_list.manage', { agencyId });
}
