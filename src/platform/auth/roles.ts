// Officer roles, per agency unless the grant is tenant-wide (agencyId null). Glossary: DOMAIN.md.
export const ROLES = [
  'tenant_admin',
  'agency_admin',
  'verifier',
  'approver',
  'signer',
  'treasurer',
  'complaint_handler', // admin penghubung (per agency)
  'complaint_coordinator', // admin koordinator (tenant-wide)
  'ppid', // PPID: answers public-information requests (UU 14/2008)
  'ppid_superior', // atasan PPID: answers objections to the PPID (tenant-wide)
  'auditor', // read-only, tenant-wide
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that only make sense for the whole tenant: their grants carry agencyId null. */
export const TENANT_WIDE_ROLES: ReadonlySet<Role> = new Set(['tenant_admin', 'complaint_coordinator', 'ppid_superior', 'auditor']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface RoleGrant {
  role: Role;
  /** null: every agency of the tenant. */
  agencyId: string | null;
}

/** Levels of identity assurance, lowest first (issue: identity). */
export const ASSURANCE_LEVELS = ['unverified', 'registry', 'in_person'] as const;
export type Assurance = (typeof ASSURANCE_LEVELS)[number];

export function meetsAssurance(have: Assurance, need: Assurance): boolean {
  return ASSURANCE_LEVELS.indexOf(have) >= ASSURANCE_LEVELS.indexOf(need);
}
