// Officers: a tenant administrator invites them (expiring link, roles per agency); at first sign-in
// they enrol TOTP (mandatory) and receive recovery codes; every sign-in is password, then TOTP or a
// recovery code. A session only carries the officer's grants after the second factor (sessions.ts).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../../db/index.js';
import { isRole, type Role, type RoleGrant, TENANT_WIDE_ROLES } from '../../../platform/auth/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import { normalizeEmail, queueNotification } from '../../notifications/index.js';
import { listAgencies } from '../../tenancy/index.js';
import { readThrottle, recordOutcome, verdictOf } from '../guards/throttle.js';
import {
  createRecoveryCodes,
  createTotpSecret,
  hashRecoveryCode,
  matchRecoveryCode,
  totpUri,
  verifyTotp,
} from '../guards/totp.js';
import { checkPassword, hashPassword, verifyAgainstDummy, verifyPassword } from '../password.js';
import { insertOfficer, selectActiveOfficerGrants } from '../store.js';
import { actingOfficer, type SignInFrom, signInWithThrottle, ThrottledError, throttleKeysFor } from '../citizens/service.js';
import type { NewSession } from '../sessions.js';
import {
  insertInvitation,
  markInvitationAccepted,
  selectInvitationForUpdate,
  selectOfficerByEmail,
  selectOfficerSecurity,
  updateOfficerSecurity,
  selectOfficersWithRole,
} from './store.js';
import '../strings.js';

export const INVITATION_TTL_HOURS = 72;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface Invitation {
  name: string;
  email: string;
  lang?: 'id' | 'en';
  /** agency: an agency code of the tenant; omitted for tenant-wide roles. */
  grants: { role: Role; agency?: string | null }[];
}

function invalidInvite(field: string, key: 'identity.invite.email' | 'identity.invite.role' | 'identity.invite.agency' | 'identity.name') {
  return new DomainError('validation', 400, 'error.validation', {}, [{ field, code: 'invalid', messageKey: key }]);
}

/**
 * Creates the officer (status invited) with their grants and e-mails an invitation link valid for
 * INVITATION_TTL_HOURS — one transaction with the audit event. Returns the officer id and, for
 * development and tests only, the link (production callers must not show it).
 */
export async function inviteOfficer(
  ctx: TenantContext,
  input: Invitation & {
    /** The installation's public address: the link in the e-mail starts with it. */
    baseUrl: string;
  },
): Promise<{ officerId: string; expiresAt: Date; link: string }> {
  const { tenant } = ctx;
  const email = normalizeEmail(input.email)?.toLowerCase();
  if (!email) throw invalidInvite('/email', 'identity.invite.email');
  const name = input.name.trim();
  if (name.length < 2 || name.length > 100) throw invalidInvite('/name', 'identity.name');
  const agencies = await listAgencies(ctx.db, tenant);
  const grants: RoleGrant[] = [];
  for (const [i, g] of input.grants.entries()) {
    if (!isRole(g.role)) throw invalidInvite(`/grants/${i}/role`, 'identity.invite.role');
    if (TENANT_WIDE_ROLES.has(g.role) || !g.agency) {
      if (!TENANT_WIDE_ROLES.has(g.role) && !g.agency) throw invalidInvite(`/grants/${i}/agency`, 'identity.invite.agency');
      grants.push({ role: g.role, agencyId: null });
    } else {
      const agency = agencies.find((a) => a.code === g.agency || a.id === g.agency);
      if (!agency) throw invalidInvite(`/grants/${i}/agency`, 'identity.invite.agency');
      grants.push({ role: g.role, agencyId: agency.id });
    }
  }
  if (grants.length === 0) throw invalidInvite('/grants', 'identity.invite.role');
  const now = ctx.now();
  const officerId = randomUUID();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_HOURS * 3600_000);
  const link = `${input.baseUrl}/t/${tenant.slug}/petugas/undangan?token=${token}`;
  const lang = input.lang ?? 'id';
  try {
    await withTenant(ctx.db, tenant.id, async (trx) => {
      await insertOfficer(trx, tenant.id, { id: officerId, name, email, status: 'invited', lang }, grants);
      await insertInvitation(trx, tenant.id, {
        id: randomUUID(),
        officerId,
        tokenHash: sha256(token),
        expiresAt,
        createdBy: ctx.actor.kind === 'officer' ? ctx.actor.id : null,
        createdAt: now,
      });
      await queueNotification({ db: trx, audit: ctx.audit, actor: ctx.actor }, tenant.id, {
        channel: 'email',
        to: email,
        kind: 'officer.invitation',
        lang,
        subject: t(lang, 'identity.invite.subject'),
        text: t(lang, 'identity.invite.text', { name, link, hours: INVITATION_TTL_HOURS }),
        urgent: true,
      });
      await ctx.audit.append(trx, {
        tenantId: tenant.id,
        actor: actorRef(ctx.actor),
        action: 'officer.invited',
        subject: `officer:${officerId}`,
        data: { email: ctx.audit.pseudonymize(tenant.id, email), grants: grants.map((g) => ({ role: g.role, agency: g.agencyId })) },
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new DomainError('officer.email_taken', 409, 'error.identity.officer_exists', {}, [
        { field: '/email', code: 'taken', messageKey: 'error.identity.officer_exists' },
      ]);
    }
    throw error;
  }
  return { officerId, expiresAt, link };
}

/** Sets the password from an invitation link; the officer then signs in and enrols TOTP. */
export async function acceptInvitation(ctx: TenantContext, input: { token: string; password: string }): Promise<{ officerId: string }> {
  const tenantId = ctx.tenant.id;
  const problem = checkPassword(input.password, { secondFactor: true });
  if (problem) {
    throw new DomainError('validation', 400, 'error.validation', {}, [
      { field: '/password', code: `password.${problem}`, messageKey: `identity.password.${problem}`, vars: { min: 8 } },
    ]);
  }
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  return withTenant(ctx.db, tenantId, async (trx) => {
    const invitation = await selectInvitationForUpdate(trx, tenantId, sha256(input.token ?? ''));
    if (!invitation) throw new DomainError('invitation.invalid', 400, 'error.identity.invitation_invalid');
    if (invitation.acceptedAt) throw new DomainError('invitation.used', 400, 'error.identity.invitation_used');
    if (invitation.expiresAt.getTime() <= now.getTime()) throw new DomainError('invitation.expired', 400, 'error.identity.invitation_expired');
    await markInvitationAccepted(trx, tenantId, invitation.id, now);
    await updateOfficerSecurity(trx, tenantId, invitation.officerId, { status: 'active', passwordHash });
    await ctx.audit.append(trx, {
      tenantId,
      actor: `officer:${invitation.officerId}`,
      action: 'officer.invitation_accepted',
      subject: `officer:${invitation.officerId}`,
      data: {},
    });
    return { officerId: invitation.officerId };
  });
}

export interface OfficerFirstFactor {
  officerId: string;
  /** What the officer must do next in this session. */
  next: 'totp' | 'totp_enrol';
}

/** Password step of an officer's sign-in (uniform 401, throttled like citizens; one commit, as citizens'). */
export async function signInOfficer(ctx: TenantContext, input: { email: string; password: string } & SignInFrom): Promise<OfficerFirstFactor & { session: NewSession }> {
  const tenantId = ctx.tenant.id;
  const email = (normalizeEmail(input.email) ?? input.email.trim()).toLowerCase();
  const keys = throttleKeysFor(ctx.audit.pseudonymize(tenantId, `officer:${email}`), input.address);
  let session: NewSession | undefined;
  const officer = await signInWithThrottle(ctx, keys, {
    find: async (trx) => {
      const found = await selectOfficerByEmail(trx, tenantId, email);
      return found?.status === 'active' && found.passwordHash ? found : undefined;
    },
    check: async (o) => (o ? verifyPassword(o.passwordHash!, input.password) : verifyAgainstDummy(input.password)),
    succeed: async (trx, o) => {
      await ctx.audit.append(trx, { tenantId, actor: `officer:${o.id}`, action: 'officer.password_checked', subject: `officer:${o.id}`, data: {} });
      // Not yet the second factor: this session carries no grants (sessions.ts).
      session = await input.open(trx, { kind: 'officer', id: o.id, secondFactor: false });
    },
  });
  return { officerId: officer.id, next: officer.totpEnrolledAt ? 'totp' : 'totp_enrol', session: session! };
}

/** Starts (or restarts) the acting officer's TOTP enrolment: a new secret, not active until confirmed with a code. */
export async function startTotpEnrolment(ctx: TenantContext): Promise<{ secret: string; uri: string }> {
  const { tenant } = ctx;
  const officerId = actingOfficer(ctx);
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const officer = await selectOfficerSecurity(trx, tenant.id, officerId);
    if (!officer) throw new DomainError('not_found', 404, 'error.not_found');
    if (officer.totpEnrolledAt) throw new DomainError('totp.already_enrolled', 409, 'error.identity.totp_enrolled');
    const secret = officer.totpSecret ?? (await createTotpSecret());
    if (!officer.totpSecret) await updateOfficerSecurity(trx, tenant.id, officerId, { totpSecret: secret });
    return { secret, uri: await totpUri(secret, `Gerbang ${tenant.name}`, officer.email) };
  });
}

const totpWrong = () =>
  new DomainError('totp.invalid', 400, 'error.identity.totp_invalid', {}, [{ field: '/code', code: 'totp', messageKey: 'error.identity.totp_invalid' }]);

/** Confirms the acting officer's enrolment with a first code; returns the recovery codes (shown once). */
export async function confirmTotpEnrolment(ctx: TenantContext, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
  const tenantId = ctx.tenant.id;
  const officerId = actingOfficer(ctx);
  const { code } = input;
  const now = ctx.now();
  return withTenant(ctx.db, tenantId, async (trx) => {
    const officer = await selectOfficerSecurity(trx, tenantId, officerId);
    if (!officer?.totpSecret) throw new DomainError('totp.not_started', 409, 'error.identity.totp_not_started');
    if (officer.totpEnrolledAt) throw new DomainError('totp.already_enrolled', 409, 'error.identity.totp_enrolled');
    const step = await verifyTotp(officer.totpSecret, code, now, null);
    if (step === undefined) throw totpWrong();
    const recoveryCodes = createRecoveryCodes();
    await updateOfficerSecurity(trx, tenantId, officerId, {
      totpLastStep: step,
      totpEnrolledAt: now,
      recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
    });
    await ctx.audit.append(trx, { tenantId, actor: `officer:${officerId}`, action: 'officer.totp_enrolled', subject: `officer:${officerId}`, data: {} });
    return { recoveryCodes };
  });
}

/**
 * Second step of sign-in: a TOTP code (each accepted once) or a recovery code (then used up). Wrong
 * answers count against the same throttle as passwords. One transaction: throttle check, the code
 * (officer row locked: a code cannot be replayed concurrently), throttle bookkeeping, and on success
 * the audit event and the rotated session (now with the second factor); a failure commits its count
 * before the error is thrown.
 */
export async function verifySecondFactor(ctx: TenantContext, input: { code?: string; recoveryCode?: string } & SignInFrom): Promise<{ session: NewSession }> {
  const tenantId = ctx.tenant.id;
  const officerId = actingOfficer(ctx);
  const now = ctx.now();
  const keys = throttleKeysFor(`officer-2fa:${officerId}`, input.address);
  const session = await withTenant(ctx.db, tenantId, async (trx) => {
    const snapshot = await readThrottle(trx, tenantId, keys);
    const verdict = verdictOf(snapshot, now);
    if (!verdict.allowed) throw new ThrottledError(verdict.retryAfterSeconds);
    const ok = await checkSecondFactor(trx, tenantId, officerId, input, now);
    await recordOutcome(trx, tenantId, snapshot, ok, now);
    if (!ok) return undefined;
    await ctx.audit.append(trx, {
      tenantId,
      actor: `officer:${officerId}`,
      action: 'officer.signed_in',
      subject: `officer:${officerId}`,
      data: { method: input.code ? 'totp' : 'recovery_code' },
    });
    return input.open(trx, { kind: 'officer', id: officerId, secondFactor: true });
  });
  if (!session) throw totpWrong();
  return { session };
}

/** Checks (and uses up) a TOTP or recovery code; the officer's row stays locked until commit. */
async function checkSecondFactor(trx: Tx, tenantId: string, officerId: string, input: { code?: string; recoveryCode?: string }, now: Date): Promise<boolean> {
  const officer = await selectOfficerSecurity(trx, tenantId, officerId);
  if (!officer?.totpSecret || !officer.totpEnrolledAt) return false;
  if (input.code) {
    const step = await verifyTotp(officer.totpSecret, input.code, now, officer.totpLastStep);
    if (step === undefined) return false;
    await updateOfficerSecurity(trx, tenantId, officerId, { totpLastStep: step });
    return true;
  }
  if (input.recoveryCode) {
    const index = matchRecoveryCode(officer.recoveryCodeHashes, input.recoveryCode);
    if (index < 0) return false;
    await updateOfficerSecurity(trx, tenantId, officerId, { recoveryCodeHashes: officer.recoveryCodeHashes.filter((_, i) => i !== index) });
    return true;
  }
  return false;
}

/** Whether the acting officer has enrolled TOTP (pages decide between the enrolment and the code step). */
export async function officerSecondFactorState(ctx: TenantContext): Promise<'enrolled' | 'not_enrolled'> {
  const tenantId = ctx.tenant.id;
  const officerId = actingOfficer(ctx);
  const officer = await withTenant(ctx.db, tenantId, (trx) => selectOfficerSecurity(trx, tenantId, officerId));
  return officer?.totpEnrolledAt ? 'enrolled' : 'not_enrolled';
}

/** The id of the tenant's officer with this e-mail address, if any (seeds act as the officers they made). */
export async function findOfficerId(ctx: TenantContext, input: { email: string }): Promise<string | undefined> {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, async (trx) => (await selectOfficerByEmail(trx, tenantId, input.email.toLowerCase()))?.id);
}

/**
 * An active officer with a password and an enrolled TOTP secret (demo seed, development only;
 * idempotent by e-mail). Returns false when the officer already existed.
 */
export async function createReadyOfficer(ctx: TenantContext, input: { name: string; email: string; password: string; grants: RoleGrant[] }): Promise<boolean> {
  const tenantId = ctx.tenant.id;
  const now = ctx.now();
  const email = input.email.toLowerCase();
  return withTenant(ctx.db, tenantId, async (trx) => {
    if (await selectOfficerByEmail(trx, tenantId, email)) return false;
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    await insertOfficer(trx, tenantId, { id, name: input.name, email, status: 'active' }, input.grants);
    await updateOfficerSecurity(trx, tenantId, id, {
      passwordHash,
      totpSecret: await createTotpSecret(),
      totpEnrolledAt: now,
      recoveryCodeHashes: createRecoveryCodes().map(hashRecoveryCode),
    });
    await ctx.audit.append(trx, { tenantId, actor: actorRef(ctx.actor), action: 'officer.seeded', subject: `officer:${id}`, data: { roles: input.grants.map((g) => g.role) } });
    return true;
  });
}

/**
 * The role grants of an active officer of the tenant, or undefined when there is none (or they are
 * disabled): other modules check that an officer they hand work to holds the role (applications'
 * assignment of a step).
 */
export function getActiveOfficerGrants(ctx: Pick<TenantContext, 'db' | 'tenant'>, input: { officerId: string }): Promise<RoleGrant[] | undefined> {
  return selectActiveOfficerGrants(ctx.db, ctx.tenant.id, input.officerId);
}

/**
 * The active officers who hold `role` for one of these agencies or tenant-wide — whom another
 * module notifies of work (complaints: a dispatched or overdue report). In the caller's transaction.
 */
export function officersWithRole(trx: Tx, tenantId: string, role: Role, agencyIds: readonly string[] = []) {
  return selectOfficersWithRole(trx, tenantId, role, agencyIds);
}
