// SQL for tenant administration: officers with their role grants, granting/revoking, disabling.
import type { Tx } from '../../../db/index.js';

export interface OfficerListRow {
  id: string;
  name: string;
  email: string;
  status: 'invited' | 'active' | 'disabled';
  createdAt: Date;
  grants: { role: string; agencyId: string | null }[];
}

export async function selectOfficersWithGrants(trx: Tx, tenantId: string): Promise<OfficerListRow[]> {
  const officers = await trx
    .selectFrom('officers')
    .select(['id', 'name', 'email', 'status', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .limit(1000)
    .execute();
  const roles = await trx.selectFrom('officer_roles').select(['officer_id as officerId', 'role', 'agency_id as agencyId']).where('tenant_id', '=', tenantId).execute();
  return officers.map((o) => ({ ...o, grants: roles.filter((r) => r.officerId === o.id).map((r) => ({ role: r.role, agencyId: r.agencyId })) }));
}

/** The names of these officers of the tenant (unknown ids are left out). */
export function selectOfficerNames(trx: Tx, tenantId: string, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return trx.selectFrom('officers').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
}

export function selectOfficerForUpdate(trx: Tx, tenantId: string, id: string): Promise<{ id: string; status: 'invited' | 'active' | 'disabled' } | undefined> {
  return trx.selectFrom('officers').select(['id', 'status']).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Returns false when the officer already holds that grant. */
export async function insertGrant(trx: Tx, tenantId: string, officerId: string, role: string, agencyId: string | null, at: Date): Promise<boolean> {
  const existing = await trx
    .selectFrom('officer_roles')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('officer_id', '=', officerId)
    .where('role', '=', role)
    .where((eb) => (agencyId === null ? eb('agency_id', 'is', null) : eb('agency_id', '=', agencyId)))
    .executeTakeFirst();
  if (existing) return false;
  await trx.insertInto('officer_roles').values({ tenant_id: tenantId, officer_id: officerId, role, agency_id: agencyId, granted_at: at }).execute();
  return true;
}

export async function deleteGrant(trx: Tx, tenantId: string, officerId: string, role: string, agencyId: string | null): Promise<number> {
  const r = await trx
    .deleteFrom('officer_roles')
    .where('tenant_id', '=', tenantId)
    .where('officer_id', '=', officerId)
    .where('role', '=', role)
    .where((eb) => (agencyId === null ? eb('agency_id', 'is', null) : eb('agency_id', '=', agencyId)))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function updateOfficerStatus(trx: Tx, tenantId: string, id: string, status: 'disabled' | 'active'): Promise<void> {
  await trx.updateTable('officers').set({ status }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Ends the sessions an officer started while acting for citizens at a counter. */
export async function revokeAssistedSessionsOf(trx: Tx, tenantId: string, officerId: string, now: Date): Promise<void> {
  await trx.updateTable('sessions').set({ revoked_at: now }).where('tenant_id', '=', tenantId).where('assisted_by', '=', officerId).where('revoked_at', 'is', null).execute();
}
