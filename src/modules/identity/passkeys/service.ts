// Passkeys (WebAuthn, verified by @simplewebauthn/server): citizens and officers add them on their
// security page; a citizen signs in with one (the same session as a password sign-in, audited and
// throttled alike); for an officer, after the password, one is the second factor instead of TOTP.
//
// Every ceremony is two calls: options (a random challenge stored server-side for CHALLENGE_TTL_MS,
// bound to the relying party the request came through and to the person when there is one), then
// the browser's answer, verified against that challenge, origin and RP ID. The challenge is taken
// out in a transaction of its own before anything is verified, so it is single use whether the answer
// is good or not. A citizen's passkeys are the person's, like the account (issue 17, migration 0066):
// listed, removed and signed in with from any tenant on the same relying party. An officer's are their
// tenant's: another tenant's credential is not found (row-level security).
import { createHash, randomUUID } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { openInstallationScope, type Tx, withInstallationScope, withTenant } from '../../../db/index.js';
import type { TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { readThrottle, recordOutcome, verdictOf } from '../guards/throttle.js';
import { INSTALLATION_KEYS, type SignInFrom, signInWithThrottle, ThrottledError, throttleKeysFor } from '../citizens/service.js';
import { insertCitizenLink } from '../store.js';
import type { NewSession } from '../sessions.js';
import type { RelyingParty } from './relying-party.js';
import {
  ANY_TENANT,
  type ChallengeRow,
  deleteOwnerPasskey,
  insertChallenge,
  insertPasskey,
  type Owner,
  type PasskeyRow,
  selectAccountLabel,
  selectCitizenActive,
  selectCitizenPasskeyByCredentialForUpdate,
  selectOwnerPasskeys,
  selectPasskeyByCredentialForUpdate,
  selectSessionStart,
  takeChallenge,
  updatePasskeyUse,
} from './store.js';
import './strings.js';

/**
 * @simplewebauthn/server, loaded at the first ceremony: with the certificate libraries it pulls in
 * (@peculiar/x509, asn1-*) it was the largest dependency loaded at every start (≈ 0.15 s of CPU on
 * a quiet machine, issue 16), for what few requests use.
 */
const webauthn = () => import('@simplewebauthn/server');

/** How long a ceremony may take: the browser's own timeout, plus the time to post the answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Adding or removing a passkey needs a sign-in this recent (a stolen session alone cannot add one). */
export const FRESH_SIGN_IN_MINUTES = 15;

/** The person's own session, as the request edge knows it. */
export interface OwnSession {
  id: string;
  /** Set when an officer acts for the citizen at a counter: such a session manages no passkeys. */
  assistedBy?: string | null;
}

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface Ceremony<O> {
  challengeId: string;
  options: O;
}

const challengeError = () => new DomainError('passkey.challenge', 400, 'error.identity.passkey_challenge');
const invalidPasskey = (status: 400 | 401) => new DomainError('passkey.invalid', status, 'error.identity.passkey_invalid');

function ownerOf(ctx: TenantContext): Owner {
  if (ctx.actor.kind !== 'citizen' && ctx.actor.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  return { kind: ctx.actor.kind, id: ctx.actor.id };
}

/**
 * A transaction over the owner's passkeys and sessions: a citizen's from every tenant (installation
 * scope; every query names the person), an officer's in their tenant. `scope` is what the store takes.
 */
function withOwnerScope<T>(ctx: TenantContext, owner: Owner, fn: (trx: Tx, scope: string | typeof ANY_TENANT) => Promise<T>): Promise<T> {
  return owner.kind === 'citizen'
    ? withInstallationScope(ctx.db, ctx.tenant.id, (trx) => fn(trx, ANY_TENANT))
    : withTenant(ctx.db, ctx.tenant.id, (trx) => fn(trx, ctx.tenant.id));
}

/**
 * The person's WebAuthn user handle: stable (an authenticator replaces its credential for the same
 * person instead of adding a second) and opaque (a keyed hash, not the account id).
 */
function userHandle(ctx: TenantContext, owner: Owner): Uint8Array<ArrayBuffer> {
  // A citizen's under the installation's key (one person on every tenant), an officer's under the tenant's.
  const key = owner.kind === 'citizen' ? INSTALLATION_KEYS : ctx.tenant.id;
  return new Uint8Array(createHash('sha256').update(ctx.audit.pseudonymize(key, `passkey-user:${owner.kind}:${owner.id}`)).digest());
}

/**
 * The session's start when it began less than FRESH_SIGN_IN_MINUTES ago (with whether the second factor
 * was given then), else undefined: the one rule for acts a stolen session alone must not do (adding a
 * passkey, signing a document). A session with the second factor is opened when it is given.
 */
export async function freshSignIn(trx: Tx, now: Date, scope: string | typeof ANY_TENANT, sessionId: string): Promise<{ secondFactor: boolean } | undefined> {
  const row = await selectSessionStart(trx, scope, sessionId);
  return row && now.getTime() - row.createdAt.getTime() <= FRESH_SIGN_IN_MINUTES * 60_000 ? row : undefined;
}

/** Refuses a session that is assisted, not signed in recently, or (officers) without its second factor. */
async function requireFreshSession(trx: Tx, ctx: TenantContext, owner: Owner, session: OwnSession, scope: string | typeof ANY_TENANT): Promise<void> {
  if (session.assistedBy) throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  // A citizen's session may have begun at another tenant (one sign-in for the installation).
  const fresh = await freshSignIn(trx, ctx.now(), scope, session.id);
  if (!fresh || (owner.kind === 'officer' && !fresh.secondFactor)) throw new DomainError('passkey.reauthenticate', 403, 'error.identity.passkey_reauth');
}

async function openChallenge(ctx: TenantContext, trx: Tx, row: Omit<ChallengeRow, 'expiresAt'>): Promise<string> {
  const id = randomUUID();
  const now = ctx.now();
  await insertChallenge(trx, ctx.tenant.id, id, { ...row, createdAt: now, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) });
  return id;
}

/**
 * Takes the challenge out (committed at once: single use whatever follows) and checks that it is the
 * expected ceremony, for this person, through the same relying party, and not expired.
 */
async function useChallenge(ctx: TenantContext, id: string, expect: { purpose: ChallengeRow['purpose']; subject: Owner | { kind: 'citizen'; id: null }; rp: RelyingParty }): Promise<ChallengeRow> {
  const row = /^[0-9a-f-]{36}$/.test(id) ? await withTenant(ctx.db, ctx.tenant.id, (trx) => takeChallenge(trx, ctx.tenant.id, id)) : undefined;
  const valid =
    row &&
    row.purpose === expect.purpose &&
    row.subjectKind === expect.subject.kind &&
    row.subjectId === expect.subject.id &&
    row.rpId === expect.rp.rpId &&
    row.origin === expect.rp.origin &&
    row.expiresAt.getTime() > ctx.now().getTime();
  if (!valid) throw challengeError();
  return row;
}

const transportsOf = (row: PasskeyRow) => row.transports as AuthenticatorTransportFuture[];

export async function listMyPasskeys(ctx: TenantContext): Promise<PasskeySummary[]> {
  const owner = ownerOf(ctx);
  const rows = await withOwnerScope(ctx, owner, (trx, scope) => selectOwnerPasskeys(trx, scope, owner));
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt }));
}

/** Whether the acting person may add or remove passkeys now (the page offers the form, or says to sign in again). */
export async function canChangePasskeys(ctx: TenantContext, session: OwnSession): Promise<boolean> {
  const owner = ownerOf(ctx);
  return withOwnerScope(ctx, owner, (trx, scope) => requireFreshSession(trx, ctx, owner, session, scope)).then(
    () => true,
    (error: unknown) => {
      if (error instanceof DomainError && error.code === 'passkey.reauthenticate') return false;
      throw error;
    },
  );
}

/** Starts adding a passkey to the acting person's account. */
export async function startPasskeyRegistration(ctx: TenantContext, input: { rp: RelyingParty; session: OwnSession }): Promise<Ceremony<PublicKeyCredentialCreationOptionsJSON>> {
  const owner = ownerOf(ctx);
  const tenantId = ctx.tenant.id;
  return withOwnerScope(ctx, owner, async (trx, scope) => {
    await requireFreshSession(trx, ctx, owner, input.session, scope);
    const existing = await selectOwnerPasskeys(trx, scope, owner);
    const label = (await selectAccountLabel(trx, tenantId, owner)) ?? owner.id;
    const options = await (await webauthn()).generateRegistrationOptions({
      rpName: `Gerbang ${ctx.tenant.name}`,
      rpID: input.rp.rpId,
      userName: label,
      userDisplayName: label,
      userID: userHandle(ctx, owner),
      attestationType: 'none',
      timeout: CHALLENGE_TTL_MS - 30_000,
      excludeCredentials: existing.filter((p) => p.rpId === input.rp.rpId).map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
      // Citizens sign in with the passkey alone, so the browser must find it without a user name.
      authenticatorSelection: { residentKey: owner.kind === 'citizen' ? 'required' : 'preferred', userVerification: 'preferred' },
    });
    const challengeId = await openChallenge(ctx, trx, { purpose: 'register', subjectKind: owner.kind, subjectId: owner.id, challenge: options.challenge, rpId: input.rp.rpId, origin: input.rp.origin });
    return { challengeId, options };
  });
}

/** Verifies the browser's new credential and saves it under the name the person gave. */
export async function finishPasskeyRegistration(
  ctx: TenantContext,
  input: { rp: RelyingParty; session: OwnSession; challengeId: string; name: string; response: RegistrationResponseJSON },
): Promise<PasskeySummary> {
  const owner = ownerOf(ctx);
  const tenantId = ctx.tenant.id;
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 1 || name.length > 60) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/name', code: 'passkey.name', messageKey: 'error.identity.passkey_name' }]);
  }
  await withOwnerScope(ctx, owner, (trx, scope) => requireFreshSession(trx, ctx, owner, input.session, scope));
  const challenge = await useChallenge(ctx, input.challengeId, { purpose: 'register', subject: owner, rp: input.rp });
  const verified = await (await webauthn()).verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge.challenge,
    expectedOrigin: input.rp.origin,
    expectedRPID: input.rp.rpId,
    requireUserVerification: false,
  }).catch(() => undefined);
  if (!verified?.verified) throw invalidPasskey(400);
  const info = verified.registrationInfo;
  const id = randomUUID();
  const now = ctx.now();
  try {
    await withOwnerScope(ctx, owner, async (trx) => {
      // Made here: the row keeps this tenant (a citizen's link to it exists — they act on its pages).
      await insertPasskey(trx, tenantId, owner, {
        id,
        credentialId: info.credential.id,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
        rpId: input.rp.rpId,
        multiDevice: info.credentialDeviceType === 'multiDevice',
        backedUp: info.credentialBackedUp,
        name,
        createdAt: now,
      });
      await ctx.audit.append(trx, { tenantId, actor: `${owner.kind}:${owner.id}`, action: 'passkey.added', subject: `${owner.kind}:${owner.id}`, data: { passkey: id, rpId: input.rp.rpId } });
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new DomainError('passkey.taken', 409, 'error.identity.passkey_taken');
    throw error;
  }
  return { id, name, createdAt: now, lastUsedAt: null };
}

/** Removes one of the acting person's passkeys (someone else's is not found: 404). */
export async function removeMyPasskey(ctx: TenantContext, input: { id: string; session: OwnSession }): Promise<void> {
  const owner = ownerOf(ctx);
  const tenantId = ctx.tenant.id;
  await withOwnerScope(ctx, owner, async (trx, scope) => {
    await requireFreshSession(trx, ctx, owner, input.session, scope);
    const name = /^[0-9a-f-]{36}$/.test(input.id) ? await deleteOwnerPasskey(trx, scope, owner, input.id) : undefined;
    if (name === undefined) throw new DomainError('not_found', 404, 'error.not_found');
    await ctx.audit.append(trx, { tenantId, actor: `${owner.kind}:${owner.id}`, action: 'passkey.removed', subject: `${owner.kind}:${owner.id}`, data: { passkey: input.id } });
  });
}

// ---- using a passkey ----

/**
 * Checks an assertion against the stored credential: the signature over the challenge, origin and RP
 * ID, user verification when asked, and a signature counter that only goes up (a cloned
 * authenticator shows as a counter going back). Returns the new counter, or undefined when refused.
 */
async function checkAssertion(passkey: PasskeyRow | undefined, challenge: ChallengeRow, rp: RelyingParty, response: AuthenticationResponseJSON, requireUserVerification: boolean): Promise<number | undefined> {
  if (!passkey || passkey.rpId !== rp.rpId) return undefined;
  const result = await (await webauthn()).verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpId,
    credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: transportsOf(passkey) },
    requireUserVerification,
  }).catch(() => undefined);
  return result?.verified ? result.authenticationInfo.newCounter : undefined;
}

/** Starts a citizen's passkey sign-in: the browser offers the passkeys it holds for this address. */
export async function startPasskeySignIn(ctx: TenantContext, input: { rp: RelyingParty }): Promise<Ceremony<PublicKeyCredentialRequestOptionsJSON>> {
  const options = await (await webauthn()).generateAuthenticationOptions({ rpID: input.rp.rpId, userVerification: 'required', timeout: CHALLENGE_TTL_MS - 30_000 });
  const challengeId = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    openChallenge(ctx, trx, { purpose: 'sign_in', subjectKind: 'citizen', subjectId: null, challenge: options.challenge, rpId: input.rp.rpId, origin: input.rp.origin }),
  );
  return { challengeId, options };
}

/**
 * A citizen's sign-in with a passkey: the same flow as a password's (signInWithThrottle: throttle per
 * credential and per address, one commit with the audit event and the rotated session); 401
 * `passkey.invalid` for an unknown credential, an officer's, a bad signature or a counter going back.
 * The passkey may have been made at another tenant of the installation on the same relying party.
 */
export async function signInWithPasskey(
  ctx: TenantContext,
  input: { rp: RelyingParty; challengeId: string; response: AuthenticationResponseJSON } & SignInFrom,
): Promise<{ id: string; session: NewSession }> {
  const tenantId = ctx.tenant.id;
  const challenge = await useChallenge(ctx, input.challengeId, { purpose: 'sign_in', subject: { kind: 'citizen', id: null }, rp: input.rp });
  const credentialId = String(input.response.id);
  let newCounter = 0;
  let session: NewSession | undefined;
  try {
    const passkey = await signInWithThrottle(ctx, throttleKeysFor(ctx.audit.pseudonymize(tenantId, `passkey:${credentialId}`), input.address), {
      find: async (trx) => {
        // The person's passkey, made at whichever tenant: one account for the installation.
        await openInstallationScope(trx);
        const found = await selectCitizenPasskeyByCredentialForUpdate(trx, tenantId, credentialId);
        return found?.citizenId && (await selectCitizenActive(trx, tenantId, found.citizenId)) ? found : undefined;
      },
      check: async (found) => {
        const counter = await checkAssertion(found, challenge, input.rp, input.response, true);
        newCounter = counter ?? 0;
        return counter !== undefined;
      },
      succeed: async (trx, found) => {
        const citizenId = found.citizenId!;
        await openInstallationScope(trx);
        await updatePasskeyUse(trx, ANY_TENANT, found.id, { counter: newCounter, at: ctx.now() });
        // The person now uses this tenant too (as a password sign-in here records).
        await insertCitizenLink(trx, tenantId, citizenId, ctx.now());
        await ctx.audit.append(trx, { tenantId, actor: `citizen:${citizenId}`, action: 'citizen.signed_in', subject: `citizen:${citizenId}`, data: { method: 'passkey', passkey: found.id } });
        session = await input.open(trx, { kind: 'citizen', id: citizenId });
      },
    });
    return { id: passkey.citizenId!, session: session! };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'auth.invalid_credentials') throw invalidPasskey(401);
    throw error;
  }
}

/** Starts the officer's passkey second factor: only their own passkeys for this address are asked for. */
export async function startPasskeySecondFactor(ctx: TenantContext, input: { rp: RelyingParty }): Promise<Ceremony<PublicKeyCredentialRequestOptionsJSON>> {
  const owner = ownerOf(ctx);
  if (owner.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, async (trx) => {
    const mine = (await selectOwnerPasskeys(trx, tenantId, owner)).filter((p) => p.rpId === input.rp.rpId);
    if (mine.length === 0) throw new DomainError('passkey.none', 409, 'error.identity.passkey_none');
    const options = await (await webauthn()).generateAuthenticationOptions({
      rpID: input.rp.rpId,
      allowCredentials: mine.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
      userVerification: 'preferred',
      timeout: CHALLENGE_TTL_MS - 30_000,
    });
    const challengeId = await openChallenge(ctx, trx, { purpose: 'second_factor', subjectKind: 'officer', subjectId: owner.id, challenge: options.challenge, rpId: input.rp.rpId, origin: input.rp.origin });
    return { challengeId, options };
  });
}

/**
 * The officer's second step with a passkey instead of a TOTP code: as verifySecondFactor — the same
 * throttle key, one transaction with the outcome, the audit event and the rotated session (now with
 * the second factor). The credential must be this officer's.
 */
export async function verifyPasskeySecondFactor(
  ctx: TenantContext,
  input: { rp: RelyingParty; challengeId: string; response: AuthenticationResponseJSON } & SignInFrom,
): Promise<{ session: NewSession }> {
  const owner = ownerOf(ctx);
  if (owner.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  const tenantId = ctx.tenant.id;
  const now = ctx.now();
  const challenge = await useChallenge(ctx, input.challengeId, { purpose: 'second_factor', subject: owner, rp: input.rp });
  const keys = throttleKeysFor(`officer-2fa:${owner.id}`, input.address);
  const session = await withTenant(ctx.db, tenantId, async (trx) => {
    const snapshot = await readThrottle(trx, tenantId, keys);
    const verdict = verdictOf(snapshot, now);
    if (!verdict.allowed) throw new ThrottledError(verdict.retryAfterSeconds);
    const found = await selectPasskeyByCredentialForUpdate(trx, tenantId, String(input.response.id));
    const counter = await checkAssertion(found?.officerId === owner.id ? found : undefined, challenge, input.rp, input.response, false);
    await recordOutcome(trx, tenantId, snapshot, counter !== undefined, now);
    if (counter === undefined || !found) return undefined;
    await updatePasskeyUse(trx, tenantId, found.id, { counter, at: now });
    await ctx.audit.append(trx, { tenantId, actor: `officer:${owner.id}`, action: 'officer.signed_in', subject: `officer:${owner.id}`, data: { method: 'passkey', passkey: found.id } });
    return input.open(trx, { kind: 'officer', id: owner.id, secondFactor: true });
  });
  if (!session) throw invalidPasskey(400);
  return { session };
}
