// Who is asking, as the complaint services need to know it: an officer's complaint grants (the
// coordinator acts tenant-wide, a handler for the agencies of their grants), a citizen, or the public.
// Computed from the request's principal by routes and pages; the services check it against the
// report's agency and the workflow's table.
import { can, type Principal } from '../../platform/auth/index.js';
import { authForbidden } from './errors.js';
import './policies.js';
import type { OfficerRole } from './workflow.js';

/** What an officer may do, computed by the caller from the principal's grants. */
export interface OfficerAccess {
  officerId: string;
  /** complaint_coordinator (tenant-wide): verify, reject, dispatch, transfer, close, merge, reveal. */
  coordinator: boolean;
  /** Agencies whose complaints this officer handles (complaint_handler grants); 'all' for tenant-wide. */
  agencies: readonly string[] | 'all';
}

export type Viewer = { kind: 'officer'; access: OfficerAccess } | { kind: 'citizen'; id: string } | { kind: 'public' };

/** What an officer may do with complaints, from their grants; undefined for anyone else. */
export function officerAccess(principal: Principal): OfficerAccess | undefined {
  if (principal.kind !== 'officer') return undefined;
  const coordinator = can(principal, 'complaints.coordinate');
  const handled = principal.grants.filter((g) => g.role === 'complaint_handler');
  if (!coordinator && handled.length === 0) return undefined;
  return {
    officerId: principal.id,
    coordinator,
    agencies: coordinator || handled.some((g) => g.agencyId === null) ? 'all' : handled.map((g) => g.agencyId!),
  };
}

/** The officer's complaint access, or 403 for anyone without a complaint role. */
export function requireOfficerAccess(principal: Principal): OfficerAccess {
  const access = officerAccess(principal);
  if (!access) throw authForbidden();
  return access;
}

export function viewerOf(principal: Principal): Viewer {
  const access = officerAccess(principal);
  if (access) return { kind: 'officer', access };
  if (principal.kind === 'citizen') return { kind: 'citizen', id: principal.id };
  return { kind: 'public' };
}

/** May this officer handle a report held by this agency (null: not dispatched yet)? */
export function mayHandle(access: OfficerAccess, agencyId: string | null): boolean {
  return access.coordinator || access.agencies === 'all' || (agencyId !== null && access.agencies.includes(agencyId));
}

/** The role the workflow's table knows the officer by. */
export function roleOf(access: OfficerAccess): OfficerRole {
  return access.coordinator ? 'coordinator' : 'handler';
}

/** The officer's reference in timelines, dispositions and the audit log. */
export function officerRef(access: OfficerAccess): string {
  return `officer:${access.officerId}`;
}
