// Who may use the catalogue's admin routes and pages (platform/auth/policy.ts): registered when
// module.ts loads; a route names one in `config: { policy }`. The public pages and API use 'public'.
import { registerPolicies, type Rule } from '../../platform/auth/policy.js';

const POLICIES = {
  /** Create, edit, publish and revise an agency's services; open drafts for comment and read them; import/export. */
  'catalog.manage': { roles: ['agency_admin', 'tenant_admin'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type CatalogPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends CatalogPolicies {}
}
