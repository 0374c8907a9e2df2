// Citizens: registration (NIK checked, one account per NIK on the installation, contact confirmed by
// a one-time code sent in the same transaction), levels of assurance, sign-in by password or one-time
// code with uniform answers and throttling, and the profile entered once. The account is the
// installation's (migration 0057): finding a person by what they type runs in the installation scope,
// and the tenant where it happens is linked to them (`citizen_tenants`).
import { createHash, randomUUID } from 'node:crypto';
import { openInstallationScope, type Tx, withInstallationScope, withTenant } from '../../../db/index.js';
import type { Assurance } from '../../../platform/auth/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../../platform/errors.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { normalizeEmail, normalizeIndonesianMobile, notifyFromTemplate } from '../../notifications/index.js';
import { CODE_TTL_MINUTES, checkCode, issueCode } from '../guards/codes.js';
import { readThrottle, recordOutcome, type ThrottleKeys, verdictOf } from '../guards/throttle.js';
import { nikMatches, parseNik } from '../nik.js';
import { checkPassword, hashPassword, type PasswordProblem, verifyAgainstDummy, verifyPassword } from '../password.js';
import { registryFor } from '../registry/registry.js';
import { recordAssuranceRaise } from '../assurance/raises.js';
import type { SessionOpener } from '../session-start.js';
import type { NewSession } from '../sessions.js';
import { insertCitizenLink } from '../store.js';
import { findRegion } from '../../../platform/regions/index.js';
import {
  type CitizenAccountRow,
  insertCitizenAccount,
  type ProfileRow,
  selectAccount,
  selectAccountByKey,
  selectAccountWithProfile,
  selectAccountsWithProfiles,
  selectAccountsWithProfilesWithNext,
  selectProfile,
  selectTakenKeys,
  updateAccountVerified,
  updateAssurance,
  updateProfileRow,
} from './store.js';
import '../strings.js';

export interface Registration {
  nik: string;
  name: string;
  birthDate: string;
  sex: 'L' | 'P';
  phone: string;
  email: string;
  password: string;
  regionCode: string;
  /** Where the confirmation code goes; default e-mail. */
  channel?: 'email' | 'sms';
  lang?: 'id' | 'en';
}

export interface AssistedBy {
  officerId: string;
  /** What the citizen agreed to, as recorded at the counter. */
  consent: string;
}

export interface RegisteredCitizen {
  id: string;
  status: 'pending';
  verification: { channel: 'email' | 'sms'; expiresAt: Date };
}

const VERIFY_PURPOSE = 'verify_contact';
const LOGIN_PURPOSE = 'login';

const PASSWORD_MESSAGES: Record<PasswordProblem, MessageKey> = {
  too_short: 'identity.password.too_short',
  too_long: 'identity.password.too_long',
  common: 'identity.password.common',
  personal: 'identity.password.personal',
};

function fieldError(field: string, code: string, messageKey: MessageKey, vars?: Record<string, string | number>): PendingFieldError {
  return { field, code, messageKey, vars };
}

function invalid(errors: PendingFieldError[]): DomainError {
  return new DomainError('validation', 400, 'error.validation', {}, errors);
}

const sexOf = (sex: 'L' | 'P') => (sex === 'L' ? 'male' : 'female');

/** Checks everything that needs no database; returns the normalised values. */
export function checkRegistration(input: Registration, now: Date) {
  const errors: PendingFieldError[] = [];
  const parsed = parseNik(input.nik, now);
  if (!parsed.ok) errors.push(fieldError('/nik', parsed.code, `identity.${parsed.code}` as MessageKey));
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 100) errors.push(fieldError('/name', 'name', 'identity.name'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate)) errors.push(fieldError('/birthDate', 'format', 'identity.birth_date.format'));
  else if (parsed.ok && !nikMatches(parsed, { birthDate: input.birthDate, sex: sexOf(input.sex) })) {
    // One message for both: a form must not reveal which of the two differs.
    errors.push(fieldError('/birthDate', 'nik_mismatch', 'identity.nik_mismatch'));
  }
  const email = normalizeEmail(input.email);
  if (!email) errors.push(fieldError('/email', 'email', 'notification.reason.email'));
  const phone = normalizeIndonesianMobile(input.phone);
  if (!phone) errors.push(fieldError('/phone', 'phone', 'notification.reason.phone'));
  const region = findRegion(input.regionCode);
  if (!region || region.level !== 'village') errors.push(fieldError('/regionCode', 'region', 'identity.region'));
  const problem = checkPassword(input.password, {
    secondFactor: false,
    personal: [parsed.ok ? parsed.nik : undefined, phone?.slice(3), email, name.split(' ')[0]],
  });
  if (problem) errors.push(fieldError('/password', `password.${problem}`, PASSWORD_MESSAGES[problem], { min: 12 }));
  if (errors.length > 0 || !parsed.ok || !email || !phone) throw invalid(errors);
  return { nik: parsed.nik, name, email: email.toLowerCase(), phone, birthDate: input.birthDate, sex: input.sex, regionCode: input.regionCode };
}

/**
 * The pseudonym scope of citizens' look-up keys: one for the installation (an account is found from
 * any tenant), where other pseudonyms are per tenant. Accounts from before migration 0057 are rekeyed
 * into it at start-up (`rekeyCitizenLookups`).
 */
export const INSTALLATION_KEYS = 'installation';

type KeyMaker = { audit: Pick<TenantContext['audit'], 'pseudonymize'> };

/** The look-up key of a NIK (normalised, 16 digits). */
export const nikKey = (ctx: KeyMaker, nik: string) => ctx.audit.pseudonymize(INSTALLATION_KEYS, nik);

export function lookupKeys(ctx: KeyMaker, values: { nik: string; email: string; phone: string }) {
  return {
    nikHash: nikKey(ctx, values.nik),
    emailHash: ctx.audit.pseudonymize(INSTALLATION_KEYS, values.email),
    phoneHash: ctx.audit.pseudonymize(INSTALLATION_KEYS, values.phone),
  };
}

/** The officer acting, or 403: counter work is an officer's. */
export function actingOfficer(ctx: TenantContext): string {
  if (ctx.actor.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  return ctx.actor.id;
}

/** The citizen acting (their own account, data and requests), or 403. */
export function actingCitizen(ctx: TenantContext): string {
  if (ctx.actor.kind !== 'citizen') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  return ctx.actor.id;
}

/**
 * Registers a citizen (status pending) and sends the confirmation code, all in one transaction with
 * its audit event. Refuses with field errors (400) for bad input and 409 when the NIK, e-mail or phone
 * already has an account on the installation — registered here or at another government: the person
 * signs in (or recovers access) instead; nothing is saved then.
 */
export async function registerCitizen(ctx: TenantContext, input: Registration & { assisted?: AssistedBy }): Promise<RegisteredCitizen> {
  const { tenant } = ctx;
  const now = ctx.now();
  const v = checkRegistration(input, now);
  const assisted = input.assisted ? { ...input.assisted, consent: consentOrThrow(input.assisted.consent) } : undefined;
  const passwordHash = await hashPassword(input.password);
  const keys = lookupKeys(ctx, v);
  const id = randomUUID();
  const channel = input.channel ?? 'email';
  const lang = input.lang ?? ctx.lang;
  try {
    return await withInstallationScope(ctx.db, tenant.id, async (trx) => {
      const taken = await selectTakenKeys(trx, tenant.id, keys);
      if (taken.nik || taken.email || taken.phone) throw takenError(taken);
      await insertCitizenAccount(
        trx,
        tenant.id,
        {
          id,
          name: v.name,
          lang,
          status: 'pending',
          ...keys,
          passwordHash,
          assistedBy: assisted?.officerId ?? null,
          assistedConsent: assisted?.consent ?? null,
          createdAt: now,
        },
        { nik: v.nik, birthDate: v.birthDate, sex: v.sex, email: v.email, phone: v.phone, regionCode: v.regionCode, address: null, kkNumber: null, channels: [channel] },
      );
      const code = await issueCode(trx, tenant.id, `citizen:${id}`, VERIFY_PURPOSE, now);
      if (!code) throw new Error('a new account cannot have reached the code limit');
      await notifyFromTemplate({ db: trx, audit: ctx.audit, actor: ctx.actor }, tenant.id, {
        event: 'otp',
        channel,
        to: channel === 'email' ? v.email : v.phone,
        lang,
        vars: { code: code.code, minutes: CODE_TTL_MINUTES },
        urgent: true,
        timeZone: tenant.timeZone,
      });
      await ctx.audit.append(trx, {
        tenantId: tenant.id,
        actor: actorRef(ctx.actor),
        action: 'citizen.registered',
        subject: `citizen:${id}`,
        data: { nik: keys.nikHash, region: v.regionCode, channel, assisted: Boolean(assisted), ...(assisted ? { assistedBy: `officer:${assisted.officerId}` } : {}) },
      });
      return { id, status: 'pending' as const, verification: { channel, expiresAt: code.expiresAt } };
    });
  } catch (error) {
    // Two registrations racing for the same NIK: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw takenError({ nik: true, email: false, phone: false });
    throw error;
  }
}

function takenError(taken: { nik: boolean; email: boolean; phone: boolean }): DomainError {
  const errors: PendingFieldError[] = [];
  if (taken.nik) errors.push(fieldError('/nik', 'taken', 'identity.nik_taken'));
  if (taken.email) errors.push(fieldError('/email', 'taken', 'identity.email_taken'));
  if (taken.phone) errors.push(fieldError('/phone', 'taken', 'identity.phone_taken'));
  // The next step when the person already has an account (registered here or at another government).
  const next = taken.nik ? { next: { signIn: '/api/v1/auth/login', recover: '/api/v1/auth/login-code' } } : {};
  return new DomainError('citizen.already_registered', 409, 'error.identity.already_registered', {}, errors, next);
}

const CODE_ERRORS: Record<string, [string, MessageKey]> = {
  wrong: ['code.wrong', 'error.identity.code_wrong'],
  expired: ['code.expired', 'error.identity.code_expired'],
  used: ['code.used', 'error.identity.code_used'],
  locked: ['code.locked', 'error.identity.code_locked'],
  none: ['code.wrong', 'error.identity.code_wrong'],
};

function codeError(result: string): DomainError {
  const [code, key] = CODE_ERRORS[result] ?? CODE_ERRORS.wrong!;
  return new DomainError(code, 400, key, {}, [{ field: '/code', code, messageKey: key }]);
}

/**
 * Confirms a pending registration with its code, then checks the population registry when the tenant
 * uses one: a match makes the account 'registry'-verified; otherwise it stays 'unverified' (belum
 * terverifikasi) with limited rights. Returns the account for the session to create.
 */
export async function verifyCitizenContact(ctx: TenantContext, input: { citizenId: string; code: string }): Promise<{ id: string; assurance: Assurance }> {
  const tenantId = ctx.tenant.id;
  const { citizenId, code } = input;
  const now = ctx.now();
  const account = await withTenant(ctx.db, tenantId, (trx) => selectAccount(trx, tenantId, citizenId));
  if (!account) throw codeError('none');
  if (account.status !== 'pending') throw codeError('used');
  const result = await checkCode(ctx.db, tenantId, `citizen:${citizenId}`, VERIFY_PURPOSE, code, now);
  if (result !== 'ok') throw codeError(result);
  const profile = (await withTenant(ctx.db, tenantId, (trx) => selectProfile(trx, tenantId, citizenId)))!;
  const registry = await registryFor({ db: ctx.db, pseudonymize: ctx.audit.pseudonymize }, tenantId);
  const answer = registry ? await registry.check(tenantId, { nik: profile.nik, name: account.name, birthDate: profile.birthDate }) : null;
  const assurance: Assurance = answer === 'match' ? 'registry' : 'unverified';
  await withTenant(ctx.db, tenantId, async (trx) => {
    await updateAccountVerified(trx, tenantId, citizenId, { assurance, at: now, registryResult: answer });
    if (assurance === 'registry') await recordAssuranceRaise(trx, ctx, { citizenId, level: 'registry', method: 'registry' });
    await ctx.audit.append(trx, {
      tenantId,
      actor: `citizen:${citizenId}`,
      action: 'citizen.contact_verified',
      subject: `citizen:${citizenId}`,
      data: { assurance, registry: answer ?? 'none' },
    });
  });
  return { id: citizenId, assurance };
}

/** The pseudonymous look-up key of whatever a person types to sign in: NIK, e-mail or phone. */
export function identifierKey(ctx: TenantContext, identifier: string): string {
  const raw = identifier.trim();
  const nik = raw.replace(/[\s.-]/g, '');
  let value = raw.toLowerCase();
  if (/^\d{16}$/.test(nik)) value = nik;
  else if (raw.includes('@')) value = (normalizeEmail(raw) ?? raw).toLowerCase();
  else value = normalizeIndonesianMobile(raw) ?? value;
  return ctx.audit.pseudonymize(INSTALLATION_KEYS, value);
}

/** Whether an account (in any state) answers to this NIK, e-mail or phone. For seeds and imports. */
export async function citizenAccountExists(ctx: TenantContext, identifier: string): Promise<boolean> {
  const tenantId = ctx.tenant.id;
  const key = identifierKey(ctx, identifier);
  return withInstallationScope(ctx.db, tenantId, async (trx) => (await selectAccountByKey(trx, tenantId, key)) !== undefined);
}

/** The id of the account that answers to this NIK, e-mail or phone, or undefined. For seeds (e.g. demo applications). */
export async function findCitizenId(ctx: TenantContext, input: { identifier: string }): Promise<string | undefined> {
  const tenantId = ctx.tenant.id;
  const key = identifierKey(ctx, input.identifier);
  return withInstallationScope(ctx.db, tenantId, async (trx) => (await selectAccountByKey(trx, tenantId, key))?.id);
}

export function throttleKeysFor(key: string, address: string): ThrottleKeys {
  return { account: `account:${key}`, address: `address:${address}` };
}

/** Same status and body whether the account is missing, pending, locked or the password wrong. */
export const invalidCredentials = () => new DomainError('auth.invalid_credentials', 401, 'error.identity.invalid_credentials');

export class ThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('auth.throttled', 429, 'error.identity.throttled', { seconds: retryAfterSeconds });
  }
}

export interface SignedInCitizen {
  id: string;
  assurance: Assurance;
  /** The new session (rotated in the sign-in's transaction); the caller sets its cookie. */
  session: NewSession;
}

/**
 * The sign-in flow shared by password and one-time code (and, through `signInWithThrottle`, the
 * officers' password step): one read transaction (throttle state and account together), the check
 * outside any transaction (argon2 on the thread pool: no connection held while hashing), then one
 * write transaction with everything the outcome changes — throttle bookkeeping, and on success the
 * audit event and the rotated session. One commit per sign-in, failed or not; a failure commits
 * its throttle count before the uniform 401 is thrown.
 */
export async function signInWithThrottle<A>(
  ctx: TenantContext,
  keys: ThrottleKeys,
  steps: {
    find: (trx: Tx) => Promise<A | undefined>;
    check: (account: A | undefined) => Promise<boolean>;
    succeed: (trx: Tx, account: A) => Promise<void>;
  },
): Promise<A> {
  const tenantId = ctx.tenant.id;
  const now = ctx.now();
  const { snapshot, account } = await withTenant(ctx.db, tenantId, async (trx) => ({
    snapshot: await readThrottle(trx, tenantId, keys),
    account: await steps.find(trx),
  }));
  const verdict = verdictOf(snapshot, now);
  if (!verdict.allowed) throw new ThrottledError(verdict.retryAfterSeconds);
  const ok = (await steps.check(account)) && account !== undefined;
  // All-or-nothing and safe to lose in a database crash (the person signs in again), so it does
  // not wait for the disk: this VM's WAL flushes stall for 200–1,000 ms now and then (decision 0018).
  await withTenant(
    ctx.db,
    tenantId,
    async (trx) => {
      await recordOutcome(trx, tenantId, snapshot, ok, now);
      if (ok) await steps.succeed(trx, account);
    },
    { asyncCommit: true },
  );
  if (!ok) throw invalidCredentials();
  return account;
}

/** Where a sign-in comes from and how its session starts (the request edge gives both). */
export interface SignInFrom {
  /** The client address, throttled besides the account. */
  address: string;
  open: SessionOpener;
}

async function guardedSignIn(
  ctx: TenantContext,
  identifier: string,
  from: SignInFrom,
  check: (account: CitizenAccountRow | undefined) => Promise<boolean>,
  method: 'password' | 'code',
): Promise<SignedInCitizen> {
  const tenantId = ctx.tenant.id;
  const key = identifierKey(ctx, identifier);
  let session: NewSession | undefined;
  const account = await signInWithThrottle(ctx, throttleKeysFor(key, from.address), {
    find: async (trx) => {
      await openInstallationScope(trx);
      const found = await selectAccountByKey(trx, tenantId, key);
      return found?.status === 'active' ? found : undefined;
    },
    check,
    succeed: async (trx, a) => {
      await ctx.audit.append(trx, { tenantId, actor: `citizen:${a.id}`, action: 'citizen.signed_in', subject: `citizen:${a.id}`, data: { method } });
      await insertCitizenLink(trx, tenantId, a.id, ctx.now());
      session = await from.open(trx, { kind: 'citizen', id: a.id });
    },
  });
  return { id: account.id, assurance: account.assurance, session: session! };
}

/** Sign-in with NIK, e-mail or phone and password. 401 (uniform) or 429 (throttled). */
export function signInCitizen(ctx: TenantContext, input: { identifier: string; password: string } & SignInFrom) {
  return guardedSignIn(
    ctx,
    input.identifier,
    input,
    // No account (or no password): a dummy verification, so the answer takes as long.
    async (account) => (account?.passwordHash ? verifyPassword(account.passwordHash, input.password) : verifyAgainstDummy(input.password)),
    'password',
  );
}

/**
 * Sends a sign-in code to an active account's preferred channel. Answers the same whether or not the
 * identifier names an account (the caller always replies 202).
 */
export async function requestSignInCode(ctx: TenantContext, input: { identifier: string }): Promise<void> {
  const { tenant } = ctx;
  const now = ctx.now();
  const key = identifierKey(ctx, input.identifier);
  await withInstallationScope(ctx.db, tenant.id, async (trx) => {
    const account = await selectAccountByKey(trx, tenant.id, key);
    if (account?.status !== 'active') return;
    const profile = await selectProfile(trx, tenant.id, account.id);
    if (!profile) return;
    const code = await issueCode(trx, tenant.id, `citizen:${account.id}`, LOGIN_PURPOSE, now);
    if (!code) return;
    const channel = profile.channels.includes('sms') && !profile.channels.includes('email') ? 'sms' : 'email';
    await notifyFromTemplate({ db: trx, audit: ctx.audit, actor: ctx.actor }, tenant.id, {
      event: 'otp',
      channel,
      to: channel === 'email' ? profile.email : profile.phone,
      lang: account.lang,
      vars: { code: code.code, minutes: CODE_TTL_MINUTES },
      urgent: true,
      timeZone: tenant.timeZone,
    });
  }).catch((error: unknown) => {
    // A recipient over its message limit must look like any other request.
    if ((error as { code?: string }).code !== 'notification.recipient_rate_limited') throw error;
  });
}

export function signInCitizenWithCode(ctx: TenantContext, input: { identifier: string; code: string } & SignInFrom) {
  return guardedSignIn(
    ctx,
    input.identifier,
    input,
    async (account) => (account ? (await checkCode(ctx.db, ctx.tenant.id, `citizen:${account.id}`, LOGIN_PURPOSE, input.code, ctx.now())) === 'ok' : false),
    'code',
  );
}

// ---- profile ----

export interface Profile {
  id: string;
  name: string;
  status: string;
  assurance: Assurance;
  lang: 'id' | 'en';
  assisted: boolean;
  nik: string;
  birthDate: string;
  sex: 'L' | 'P';
  email: string;
  phone: string;
  regionCode: string;
  address: string | null;
  kkNumber: string | null;
  channels: string[];
  createdAt: Date;
  updatedAt: Date;
}

function toProfile(account: CitizenAccountRow, profile: ProfileRow): Profile {
  return {
    id: account.id,
    name: account.name,
    status: account.status,
    assurance: account.assurance,
    lang: account.lang,
    assisted: account.assistedBy !== null,
    ...profile,
    createdAt: account.createdAt,
  };
}

/** The acting citizen's own profile, full values (the owner may see their own NIK and phone). */
export async function getOwnProfile(ctx: TenantContext): Promise<Profile> {
  const tenantId = ctx.tenant.id;
  const citizenId = actingCitizen(ctx);
  return withTenant(ctx.db, tenantId, async (trx) => {
    const account = await selectAccount(trx, tenantId, citizenId);
    const profile = await selectProfile(trx, tenantId, citizenId);
    if (!account || !profile) throw new DomainError('not_found', 404, 'error.not_found');
    return toProfile(account, profile);
  });
}

/** Internal read for the access-logged functions of personal-data/ (never call it from a route). */
export async function loadProfile(trx: Tx, tenantId: string, citizenId: string): Promise<Profile | undefined> {
  const found = await selectAccountWithProfile(trx, tenantId, citizenId);
  return found ? toProfile(found.account, found.profile) : undefined;
}

/** Internal read of several profiles (one statement), for the access-logged functions of personal-data/. */
export async function loadProfiles(trx: Tx, citizenIds: readonly string[]): Promise<Map<string, Profile>> {
  return toProfiles(await selectAccountsWithProfiles(trx, citizenIds));
}

/** loadProfiles read with the transaction's next statement (readWithNext): make that statement before awaiting. */
export async function loadProfilesWithNext(trx: Tx, citizenIds: readonly string[]): Promise<Map<string, Profile>> {
  return toProfiles(await selectAccountsWithProfilesWithNext(trx, citizenIds));
}

const toProfiles = (found: Awaited<ReturnType<typeof selectAccountsWithProfiles>>) => new Map([...found].map(([id, f]) => [id, toProfile(f.account, f.profile)]));

export interface ProfileUpdate {
  address?: string | null;
  kkNumber?: string | null;
  channels?: ('email' | 'sms' | 'whatsapp')[];
  regionCode?: string;
  lang?: 'id' | 'en';
}

export async function updateOwnProfile(ctx: TenantContext, input: ProfileUpdate): Promise<Profile> {
  const tenantId = ctx.tenant.id;
  const citizenId = actingCitizen(ctx);
  const errors: PendingFieldError[] = [];
  const kk = input.kkNumber === undefined ? undefined : input.kkNumber === null || input.kkNumber.trim() === '' ? null : input.kkNumber.replace(/[\s.-]/g, '');
  if (kk && !/^\d{16}$/.test(kk)) errors.push(fieldError('/kkNumber', 'kk', 'identity.kk'));
  if (input.regionCode !== undefined) {
    const region = findRegion(input.regionCode);
    if (!region || region.level !== 'village') errors.push(fieldError('/regionCode', 'region', 'identity.region'));
  }
  if (input.channels !== undefined && input.channels.length === 0) errors.push(fieldError('/channels', 'channels', 'identity.channels'));
  const address = input.address === undefined ? undefined : input.address?.trim() || null;
  if (address && address.length > 500) errors.push(fieldError('/address', 'maxLength', 'field.maxLength', { limit: 500 }));
  if (errors.length > 0) throw invalid(errors);
  const now = ctx.now();
  return withTenant(ctx.db, tenantId, async (trx) => {
    const current = await loadProfile(trx, tenantId, citizenId);
    if (!current) throw new DomainError('not_found', 404, 'error.not_found');
    const next = {
      address: address === undefined ? current.address : address,
      kkNumber: kk === undefined ? current.kkNumber : kk,
      channels: input.channels ? [...new Set(input.channels)] : current.channels,
      regionCode: input.regionCode ?? current.regionCode,
      at: now,
    };
    await updateProfileRow(trx, tenantId, citizenId, next, input.lang ?? current.lang);
    const changed = (['address', 'kkNumber', 'channels', 'regionCode'] as const).filter((f) => JSON.stringify(next[f]) !== JSON.stringify(current[f]));
    if (input.lang && input.lang !== current.lang) changed.push('lang' as never);
    await ctx.audit.append(trx, { tenantId, actor: actorRef(ctx.actor), action: 'citizen.profile_updated', subject: `citizen:${citizenId}`, data: { fields: changed } });
    return (await loadProfile(trx, tenantId, citizenId))!;
  });
}

/**
 * A ready, confirmed account (demo seed; idempotent: when the NIK already has an account — seeded for
 * another tenant — that account is linked to this tenant and nothing else changes). Goes through the
 * same checks as registration. Returns false when it already existed.
 */
export async function createConfirmedCitizen(ctx: TenantContext, input: Registration & { assurance: Assurance }): Promise<boolean> {
  const tenantId = ctx.tenant.id;
  const now = ctx.now();
  const v = checkRegistration(input, now);
  const keys = lookupKeys(ctx, v);
  const passwordHash = await hashPassword(input.password);
  return withInstallationScope(ctx.db, tenantId, async (trx) => {
    const taken = await selectTakenKeys(trx, tenantId, keys);
    if (taken.nik || taken.email || taken.phone) {
      const existing = taken.nik ? await selectAccountByKey(trx, tenantId, keys.nikHash) : undefined;
      if (existing) await insertCitizenLink(trx, tenantId, existing.id, now);
      return false;
    }
    const id = randomUUID();
    await insertCitizenAccount(
      trx,
      tenantId,
      { id, name: v.name, lang: 'id', status: 'pending', ...keys, passwordHash, assistedBy: null, assistedConsent: null, createdAt: now },
      { nik: v.nik, birthDate: v.birthDate, sex: v.sex, email: v.email, phone: v.phone, regionCode: v.regionCode, address: null, kkNumber: null, channels: ['email'] },
    );
    await updateAccountVerified(trx, tenantId, id, { assurance: input.assurance, at: now, registryResult: input.assurance === 'registry' ? 'match' : null });
    if (input.assurance !== 'unverified') await recordAssuranceRaise(trx, ctx, { citizenId: id, level: input.assurance, method: input.assurance === 'registry' ? 'registry' : 'counter' });
    await ctx.audit.append(trx, { tenantId, actor: actorRef(ctx.actor), action: 'citizen.seeded', subject: `citizen:${id}`, data: { nik: keys.nikHash } });
    return true;
  });
}

// ---- assisted digital (an officer at a counter) ----

function consentOrThrow(consent: string): string {
  const c = consent?.trim() ?? '';
  if (c.length < 10 || c.length > 1000) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/consent', code: 'consent', messageKey: 'identity.assist.consent' }]);
  }
  return c;
}

/**
 * An officer verifies a citizen in person (documents seen at the counter): assurance becomes
 * 'in_person'. Recorded with the officer and what was checked.
 */
export async function verifyCitizenInPerson(ctx: TenantContext, input: { citizenId: string; evidence: string }): Promise<{ assurance: Assurance }> {
  const tenantId = ctx.tenant.id;
  const { citizenId } = input;
  const what = consentOrThrow(input.evidence);
  const officerId = actingOfficer(ctx);
  return withTenant(ctx.db, tenantId, async (trx) => {
    const account = await selectAccount(trx, tenantId, citizenId);
    if (!account || account.status === 'erased') throw new DomainError('not_found', 404, 'error.not_found');
    await updateAssurance(trx, tenantId, citizenId, 'in_person');
    await recordAssuranceRaise(trx, ctx, { citizenId, level: 'in_person', method: 'counter', officerId });
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'citizen.verified_in_person',
      subject: `citizen:${citizenId}`,
      data: { evidenceLength: what.length },
    });
    return { assurance: 'in_person' as const };
  });
}

/**
 * The officer acts for the citizen (assisted digital): the caller starts a citizen session marked
 * assistedBy = the officer. The citizen's consent is recorded in the audit chain (as its length and a
 * hash: it may name the person) and the session carries the mark, so everything done is attributable.
 */
export async function startAssistedSession(ctx: TenantContext, input: { citizenId: string; consent: string }): Promise<{ citizenId: string; officerId: string }> {
  const tenantId = ctx.tenant.id;
  const { citizenId } = input;
  const text = consentOrThrow(input.consent);
  const officerId = actingOfficer(ctx);
  await withTenant(ctx.db, tenantId, async (trx) => {
    const account = await selectAccount(trx, tenantId, citizenId);
    if (!account || account.status !== 'active') throw new DomainError('not_found', 404, 'error.not_found');
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'citizen.assisted_session_started',
      subject: `citizen:${citizenId}`,
      data: { consentSha256: createHash('sha256').update(text).digest('hex') },
    });
  });
  return { citizenId, officerId };
}
