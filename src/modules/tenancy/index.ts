// Tenancy owns tenants (a pemda or ministry: slug, Kemendagri region code, time zone, host names) and
// their agencies (OPD / units). Other modules get the tenant from the request (platform/http/tenant)
// and list agencies through here; only store.ts touches the tables.
import './strings.js';
export { DEMO_TENANTS, seedDemoTenantAreas, seedDemoTenants } from './seed.js';
export {
  type Agency,
  countTenants,
  createAgency,
  createTenant,
  getTenantArea,
  getTenantAreaBounds,
  listAgencies,
  listAgenciesWithNext,
  listTenants,
  type NewAgency,
  type NewTenant,
  setTenantArea,
  setTenantParent,
  type Tenant,
  TenantDirectory,
} from './service.js';
export { registerHomeRegionSource } from './home-region.js';
export { tenancyModule } from './module.js';
