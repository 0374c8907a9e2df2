// SQL for officers' credentials (the 0007 columns of `officers`) and invitations (officer_invitations).
import type { Db, Tx } from '../../../db/index.js';

export interface OfficerSecurityRow {
  id: string;
  name: string;
  email: string;
  status: 'invited' | 'active' | 'disabled';
  lang: 'id' | 'en';
  passwordHash: string | null;
  totpSecret: string | null;
  totpLastStep: number | null;
  totpEnrolledAt: Date | null;
  recoveryCodeHashes: string[];
}

const securityColumns = [
  'id',
  'name',
  'email',
  'status',
  'lang',
  'password_hash as passwordHash',
  'totp_secret as totpSecret',
  'totp_last_step as totpLastStep',
  'totp_enrolled_at as totpEnrolledAt',
  'recovery_code_hashes as recoveryCodeHashes',
] as const;

export function selectOfficerByEmail(trx: Tx, tenantId: string, email: string): Promise<OfficerSecurityRow | undefined> {
  return trx
    .selectFrom('officers')
    .select(securityColumns)
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export function selectOfficerSecurity(trx: Tx, tenantId: string, id: string): Promise<OfficerSecurityRow | undefined> {
  return trx.selectFrom('officers').select(securityColumns).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateOfficerSecurity(
  trx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<{ status: 'active'; passwordHash: string; totpSecret: string | null; totpLastStep: number | null; totpEnrolledAt: Date | null; recoveryCodeHashes: string[] }>,
): Promise<void> {
  await trx
    .updateTable('officers')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      ...(patch.totpSecret !== undefined ? { totp_secret: patch.totpSecret } : {}),
      ...(patch.totpLastStep !== undefined ? { totp_last_step: patch.totpLastStep } : {}),
      ...(patch.totpEnrolledAt !== undefined ? { totp_enrolled_at: patch.totpEnrolledAt } : {}),
      ...(patch.recoveryCodeHashes !== undefined ? { recovery_code_hashes: patch.recoveryCodeHashes } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function insertInvitation(
  trx: Tx,
  tenantId: string,
  row: { id: string; officerId: string; tokenHash: string; expiresAt: Date; createdBy: string | null; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('officer_invitations')
    .values({
      tenant_id: tenantId,
      id: row.id,
      officer_id: row.officerId,
      token_hash: row.tokenHash,
      expires_at: row.expiresAt,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute();
}

export function selectInvitationForUpdate(
  trx: Tx,
  tenantId: string,
  tokenHash: string,
): Promise<{ id: string; officerId: string; expiresAt: Date; acceptedAt: Date | null } | undefined> {
  return trx
    .selectFrom('officer_invitations')
    .select(['id', 'officer_id as officerId', 'expires_at as expiresAt', 'accepted_at as acceptedAt'])
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markInvitationAccepted(trx: Tx, tenantId: string, id: string, at: Date): Promise<void> {
  await trx.updateTable('officer_invitations').set({ accepted_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Development CLI only (owner connection, all tenants): the TOTP secrets of officers with this e-mail. */
export function selectTotpSecretsByEmail(owner: Db, email: string): Promise<{ tenantId: string; totpSecret: string | null; totpLastStep: number | null }[]> {
  return owner
    .selectFrom('officers')
    .select(['tenant_id as tenantId', 'totp_secret as totpSecret', 'totp_last_step as totpLastStep'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .execute();
}

/** Active officers holding `role` for one of `agencyIds` or tenant-wide (agency null), for notices. */
export function selectOfficersWithRole(trx: Tx, tenantId: string, role: string, agencyIds: readonly string[]) {
  return trx
    .selectFrom('officer_roles as r')
    .innerJoin('officers as o', (join) => join.onRef('o.tenant_id', '=', 'r.tenant_id').onRef('o.id', '=', 'r.officer_id'))
    .select(['o.id', 'o.email', 'o.lang'])
    .distinct()
    .where('r.tenant_id', '=', tenantId)
    .where('r.role', '=', role)
    .where('o.status', '=', 'active')
    .where((eb) => (agencyIds.length > 0 ? eb.or([eb('r.agency_id', 'is', null), eb('r.agency_id', 'in', agencyIds)]) : eb('r.agency_id', 'is', null)))
    .execute();
}
