// Tenant administration (role tenant_admin): agencies, officers' role grants, disabling an officer.
// Inviting is officers/service.ts (inviteOfficer); API keys are api-keys/service.ts. Every change and
// its audit event are one transaction.
import { withTenant } from '../../../db/index.js';
import { isRole, type Role, TENANT_WIDE_ROLES } from '../../../platform/auth/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { type Agency, createAgency, listAgencies } from '../../tenancy/index.js';
import { revokeSubjectSessions } from '../store.js';
import {
  deleteGrant,
  insertGrant,
  type OfficerListRow,
  revokeAssistedSessionsOf,
  selectOfficerForUpdate,
  selectOfficerNames,
  selectOfficersWithGrants,
  updateOfficerStatus,
} from './store.js';
import '../strings.js';

export type { OfficerListRow };

const invalid = (field: string, messageKey: 'identity.invite.role' | 'identity.invite.agency' | 'identity.admin.agency_code' | 'identity.admin.agency_name') =>
  new DomainError('validation', 400, 'error.validation', {}, [{ field, code: 'invalid', messageKey }]);

export function listOfficers(ctx: TenantContext): Promise<OfficerListRow[]> {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, (trx) => selectOfficersWithGrants(trx, tenantId));
}

/**
 * The names of a few officers (those a page shows: who holds a step), by id — one small query, where
 * the whole list with every grant (`listOfficers`) cost each work-queue page view.
 */
export async function officerNames(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const tenantId = ctx.tenant.id;
  const rows = await withTenant(ctx.db, tenantId, (trx) => selectOfficerNames(trx, tenantId, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const AGENCY_CODE = /^[a-z][a-z0-9-]{1,39}$/;

/** Creates an agency (tenancy's createAgency writes the row and its audit event in one transaction). */
export async function createAgencyAsAdmin(ctx: TenantContext, input: { code: string; name: string; nameEn?: string }): Promise<void> {
  const code = input.code.trim().toLowerCase();
  const name = input.name.trim();
  if (!AGENCY_CODE.test(code)) throw invalid('/code', 'identity.admin.agency_code');
  if (name.length < 3 || name.length > 200) throw invalid('/name', 'identity.admin.agency_name');
  const created = await createAgency(ctx, { code, name, nameEn: input.nameEn?.trim() || undefined });
  if (!created) {
    throw new DomainError('agency.code_taken', 409, 'error.identity.agency_exists', {}, [{ field: '/code', code: 'taken', messageKey: 'error.identity.agency_exists' }]);
  }
}

async function resolveGrant(ctx: TenantContext, role: string, agency: string | null | undefined): Promise<{ role: Role; agencyId: string | null }> {
  if (!isRole(role)) throw invalid('/role', 'identity.invite.role');
  if (TENANT_WIDE_ROLES.has(role)) return { role, agencyId: null };
  if (!agency) throw invalid('/agency', 'identity.invite.agency');
  const found = (await listAgencies(ctx.db, ctx.tenant)).find((a: Agency) => a.code === agency || a.id === agency);
  if (!found) throw invalid('/agency', 'identity.invite.agency');
  return { role, agencyId: found.id };
}

/** Grants a role (per agency, or tenant-wide for the tenant-wide roles). The officer's sessions pick it up on their next request. */
export async function grantRole(ctx: TenantContext, input: { officerId: string; role: string; agency?: string | null }): Promise<void> {
  const tenantId = ctx.tenant.id;
  const { officerId } = input;
  const grant = await resolveGrant(ctx, input.role, input.agency);
  await withTenant(ctx.db, tenantId, async (trx) => {
    const officer = await selectOfficerForUpdate(trx, tenantId, officerId);
    if (!officer) throw new DomainError('not_found', 404, 'error.not_found');
    if (!(await insertGrant(trx, tenantId, officerId, grant.role, grant.agencyId, ctx.now()))) return;
    await ctx.audit.append(trx, { tenantId, actor: actorRef(ctx.actor), action: 'officer.role_granted', subject: `officer:${officerId}`, data: { role: grant.role, agency: grant.agencyId } });
  });
}

export async function revokeRole(ctx: TenantContext, input: { officerId: string; role: string; agencyId: string | null }): Promise<void> {
  const tenantId = ctx.tenant.id;
  const { officerId } = input;
  await withTenant(ctx.db, tenantId, async (trx) => {
    const officer = await selectOfficerForUpdate(trx, tenantId, officerId);
    if (!officer) throw new DomainError('not_found', 404, 'error.not_found');
    if ((await deleteGrant(trx, tenantId, officerId, input.role, input.agencyId)) === 0) throw new DomainError('not_found', 404, 'error.not_found');
    await ctx.audit.append(trx, { tenantId, actor: actorRef(ctx.actor), action: 'officer.role_revoked', subject: `officer:${officerId}`, data: { role: input.role, agency: input.agencyId } });
  });
}

/**
 * Disables an officer: status 'disabled' (no principal any more), every session of theirs ends, and
 * so do the sessions they opened acting for citizens. An administrator cannot disable themself.
 */
export async function disableOfficer(ctx: TenantContext, input: { officerId: string }): Promise<void> {
  const tenantId = ctx.tenant.id;
  const { officerId } = input;
  if (ctx.actor.kind === 'officer' && ctx.actor.id === officerId) throw new DomainError('officer.self_disable', 409, 'error.identity.self_disable');
  const now = ctx.now();
  await withTenant(ctx.db, tenantId, async (trx) => {
    const officer = await selectOfficerForUpdate(trx, tenantId, officerId);
    if (!officer) throw new DomainError('not_found', 404, 'error.not_found');
    if (officer.status === 'disabled') return;
    await updateOfficerStatus(trx, tenantId, officerId, 'disabled');
    await revokeSubjectSessions(trx, tenantId, { kind: 'officer', id: officerId }, now);
    await revokeAssistedSessionsOf(trx, tenantId, officerId, now);
    await ctx.audit.append(trx, { tenantId, actor: actorRef(ctx.actor), action: 'officer.disabled', subject: `officer:${officerId}`, data: {} });
  });
}
