// Levels of assurance are the person's (issue 17): each raise — a registry match, a counter check — is
// recorded with the tenant that raised it and when, in the raise's own transaction; the citizen reads
// the history on their account page, and a tenant's officers see the level and which tenant raised
// it, nothing of that tenant's cases. A citizen below a service's level raises it here online (the
// tenant's population registry, checked with the NIK, name and birth date already on the account) or
// at a counter (assisted/).
import { withTenant } from '../../../db/index.js';
import { type Assurance, meetsAssurance } from '../../../platform/auth/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { listTenants } from '../../tenancy/index.js';
import { actingCitizen, loadProfile } from '../citizens/service.js';
import { updateAssurance } from '../citizens/store.js';
import { type RegistryAnswer, registryFor } from '../registry/registry.js';
import { type RaiseMethod, recordAssuranceRaise } from './raises.js';
import { type AssuranceRaiseRow, selectAssuranceRaises } from './store.js';
import './strings.js';

export interface AssuranceRaise extends AssuranceRaiseRow {
  /** The raising tenant's name, in both languages (English may be missing). */
  tenantName: { id: string; en: string | null };
}

async function withTenantNames(ctx: Pick<TenantContext, 'db'>, rows: AssuranceRaiseRow[]): Promise<AssuranceRaise[]> {
  if (rows.length === 0) return [];
  const tenants = new Map((await listTenants(ctx.db)).map((t) => [t.id, t]));
  return rows.map((r) => ({ ...r, tenantName: { id: tenants.get(r.tenantId)?.name ?? '', en: tenants.get(r.tenantId)?.nameEn ?? null } }));
}

export interface MyAssurance {
  level: Assurance;
  /** Latest first. */
  raises: AssuranceRaise[];
  /** Whether this tenant checks a population registry (the online way to 'registry'). */
  registryOnline: boolean;
}

/** The acting citizen's level, its history, and whether the online registry check is offered here. */
export async function getMyAssurance(ctx: TenantContext): Promise<MyAssurance> {
  const citizenId = actingCitizen(ctx);
  const tenantId = ctx.tenant.id;
  const profile = await withTenant(ctx.db, tenantId, (trx) => loadProfile(trx, tenantId, citizenId));
  if (!profile) throw new DomainError('not_found', 404, 'error.not_found');
  const raises = await withTenantNames(ctx, await selectAssuranceRaises(ctx.db, citizenId));
  const registry = await registryFor({ db: ctx.db, pseudonymize: ctx.audit.pseudonymize }, tenantId);
  return { level: profile.assurance, raises, registryOnline: registry !== undefined };
}

/** What an officer of a tenant sees of a citizen's level: the level and who raised it, when. */
export interface AssuranceForOfficer {
  level: Assurance;
  /** The latest raise (undefined: never raised, or raised before the history was kept). */
  latest?: { tenantName: { id: string; en: string | null }; byThisTenant: boolean; method: RaiseMethod; raisedAt: Date };
}

export async function describeAssuranceForOfficer(ctx: TenantContext, input: { citizenId: string; level: Assurance }): Promise<AssuranceForOfficer> {
  const [latest] = await withTenantNames(ctx, (await selectAssuranceRaises(ctx.db, input.citizenId)).slice(0, 1));
  if (!latest) return { level: input.level };
  return {
    level: input.level,
    latest: { tenantName: latest.tenantName, byThisTenant: latest.tenantId === ctx.tenant.id, method: latest.method, raisedAt: latest.raisedAt },
  };
}

export type RegistryCheckResult = RegistryAnswer | 'already';

/**
 * The citizen asks this tenant's population registry to confirm the NIK, name and birth date already
 * on their account (none of it is typed here, so the check cannot probe someone else's NIK). A match
 * raises an 'unverified' account to 'registry', with its history row and audit event, in one
 * transaction; any other answer changes nothing and is audited as a check. Already at 'registry' or
 * above: nothing to do ('already'). 409 `assurance.no_registry` when the tenant checks no registry.
 */
export async function checkMyRegistry(ctx: TenantContext): Promise<{ result: RegistryCheckResult; level: Assurance }> {
  const citizenId = actingCitizen(ctx);
  const tenantId = ctx.tenant.id;
  const profile = await withTenant(ctx.db, tenantId, (trx) => loadProfile(trx, tenantId, citizenId));
  if (!profile || profile.status !== 'active') throw new DomainError('not_found', 404, 'error.not_found');
  if (meetsAssurance(profile.assurance, 'registry')) return { result: 'already', level: profile.assurance };
  const registry = await registryFor({ db: ctx.db, pseudonymize: ctx.audit.pseudonymize }, tenantId);
  if (!registry) throw new DomainError('assurance.no_registry', 409, 'error.assurance.no_registry');
  // Outside any transaction: an HTTP registry may take seconds, and no connection waits for it.
  const answer = await registry.check(tenantId, { nik: profile.nik, name: profile.name, birthDate: profile.birthDate });
  return withTenant(ctx.db, tenantId, async (trx) => {
    if (answer === 'match') {
      await updateAssurance(trx, tenantId, citizenId, 'registry');
      await recordAssuranceRaise(trx, ctx, { citizenId, level: 'registry', method: 'registry' });
    }
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: answer === 'match' ? 'citizen.assurance_raised' : 'citizen.registry_checked',
      subject: `citizen:${citizenId}`,
      data: answer === 'match' ? { level: 'registry', method: 'registry' } : { registry: answer },
    });
    return { result: answer, level: answer === 'match' ? ('registry' as const) : profile.assurance };
  });
}
