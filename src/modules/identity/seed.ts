// Development demo accounts, through the services: two confirmed citizens, each one account of the
// installation registered with one demo tenant (also in that tenant's built-in population registry,
// with a few synthetic residents) and usable on both; per demo tenant one officer per role
// (per-agency roles at the licensing agency) plus a complaint handler for every other agency, TOTP
// enrolled (`gerbang dev totp <e-mail>` prints the current code). Idempotent. Never in production
// (main.ts seeds only when SEED_DEMO is on, which production refuses).
import { ROLES, type Role, type RoleGrant, TENANT_WIDE_ROLES } from '../../platform/auth/index.js';
import { listAgencies, listTenants } from '../tenancy/index.js';
import { citizenAccountExists, createConfirmedCitizen } from './citizens/service.js';
import type { ServiceContext } from '../../platform/context.js';
import { createReadyOfficer } from './officers/service.js';
import { importResidentsCsv, saveRegistrySettings } from './registry/registry.js';

export const DEMO_PASSWORD = 'gerbang demo 2026';

interface DemoCitizen {
  nik: string;
  name: string;
  birthDate: string;
  sex: 'L' | 'P';
  phone: string;
  regionCode: string;
}

/** Synthetic people (NIKs valid by the rules, not real persons). */
const DEMO_CITIZENS: Record<string, DemoCitizen> = {
  makassar: { nik: '7371014101900001', name: 'Siti Aminah', birthDate: '1990-01-01', sex: 'P', phone: '081234500001', regionCode: '73.71.01.1001' },
  jateng: { nik: '3374011708850001', name: 'Budi Santoso', birthDate: '1985-08-17', sex: 'L', phone: '081234500002', regionCode: '33.74.01.1001' },
};

export interface DemoAccount {
  tenant: string;
  kind: 'citizen' | 'officer';
  login: string;
  roles: Role[];
}

export function demoCitizenEmail(slug: string) {
  return `warga@${slug}.demo.gerbang.id`;
}

export function demoOfficerEmail(slug: string, role: Role) {
  return `${role.replace(/_/g, '-')}@${slug}.demo.gerbang.id`;
}

/** The complaint handler of one agency (the one of demoOfficerEmail handles the default agency). */
export function demoHandlerEmail(slug: string, agencyCode: string) {
  return `complaint-handler-${agencyCode.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@${slug}.demo.gerbang.id`;
}

export async function seedDemoIdentity(system: ServiceContext): Promise<{ created: number; accounts: DemoAccount[] }> {
  let created = 0;
  const accounts: DemoAccount[] = [];
  for (const tenant of await listTenants(system.db)) {
    const ctx = { ...system, tenant };
    const citizen = DEMO_CITIZENS[tenant.slug];
    if (!citizen) continue;
    const email = demoCitizenEmail(tenant.slug);
    // Seeded once: a later start finds the demo citizen and leaves the registry, its settings (which
    // an administrator may have changed) and the account alone — and loads no region data, hashes no
    // password.
    if (!(await citizenAccountExists(ctx, email))) {
      // The built-in registry with the demo citizen and a few more synthetic residents.
      const residents = [
        'nik,nama,tanggal_lahir',
        `${citizen.nik},${citizen.name},${citizen.birthDate}`,
        `${citizen.nik.slice(0, 6)}150592000${tenant.slug === 'jateng' ? 3 : 2},Rahmat Hidayat,1992-05-15`,
        `${citizen.nik.slice(0, 6)}630798000${tenant.slug === 'jateng' ? 5 : 4},Dewi Lestari,1998-07-23`,
      ].join('\n');
      await importResidentsCsv(ctx, { csv: residents });
      await saveRegistrySettings(ctx.db, tenant.id, { registry: 'builtin', registryUrl: null, registryKey: null }, ctx.now());
      if (await createConfirmedCitizen(ctx, { ...citizen, email, password: DEMO_PASSWORD, assurance: 'registry' })) created++;
    }
    accounts.push({ tenant: tenant.slug, kind: 'citizen', login: email, roles: [] });
    const agencies = await listAgencies(ctx.db, tenant);
    const agency = agencies.find((a) => a.code === 'dpmptsp') ?? agencies[0];
    for (const role of ROLES) {
      const grants: RoleGrant[] = [{ role, agencyId: TENANT_WIDE_ROLES.has(role) ? null : (agency?.id ?? null) }];
      const officerEmail = demoOfficerEmail(tenant.slug, role);
      if (await createReadyOfficer(ctx, { name: `Demo ${role}`, email: officerEmail, password: DEMO_PASSWORD, grants })) created++;
      accounts.push({ tenant: tenant.slug, kind: 'officer', login: officerEmail, roles: [role] });
    }
    // A complaint handler for every other agency too: the coordinator may dispatch a report to any of
    // them, and each category's flow must be finishable by someone of the agency it goes to.
    for (const other of agencies.filter((a) => a.id !== agency?.id)) {
      const officerEmail = demoHandlerEmail(tenant.slug, other.code);
      const grants: RoleGrant[] = [{ role: 'complaint_handler', agencyId: other.id }];
      if (await createReadyOfficer(ctx, { name: `Demo complaint_handler ${other.code}`, email: officerEmail, password: DEMO_PASSWORD, grants })) created++;
      accounts.push({ tenant: tenant.slug, kind: 'officer', login: officerEmail, roles: ['complaint_handler'] });
    }
  }
  return { created, accounts };
}
