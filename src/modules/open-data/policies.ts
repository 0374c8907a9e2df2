// Who may call what in the open-data module (the one policy table: platform/auth/policy.ts).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** The portal, the downloads, the CKAN API and the DCAT catalogue: open data is for anyone. */
  'open_data.public': { anonymous: true },
  /**
   * Keeping datasets: an agency's administrator for its agency's datasets, the tenant's administrator
   * for all. The agency is checked per dataset (access.ts).
   */
  'open_data.manage': { roles: ['agency_admin', 'tenant_admin'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type OpenDataPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends OpenDataPolicies {}
}
