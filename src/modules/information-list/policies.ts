// Who may call what in the information-list module (the one policy table: platform/auth/policy.ts).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** The public list and its items: public information is for anyone (UU 14/2008 Pasal 2). */
  'information_list.public': { anonymous: true },
  /**
   * Keeping the list: the PPID (an agency's PPID pelaksana for its agency's items, a tenant-wide grant
   * — the PPID utama — for all) and the tenant's administrator. The agency is checked per item.
   */
  'information_list.manage': { roles: ['ppid', 'tenant_admin'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type InformationListPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends InformationListPolicies {}
}
