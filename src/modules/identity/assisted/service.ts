// Assisted digital at a counter (the pages; the JSON API is citizens/routes.ts): find a citizen by
// the NIK on their KTP-el (a recorded read of their personal data), act for them with their consent
// recorded (who, when, the statement, the purpose) in a citizen session marked assistedBy, end it,
// and confirm a counter registration with the code the citizen received plus an in-person check.
// The citizen sees every assistance on their privacy page.
import { createHash, randomUUID } from 'node:crypto';
import { withInstallationScope, withTenant } from '../../../db/index.js';
import type { Assurance } from '../../../platform/auth/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { actingCitizen, actingOfficer, nikKey, verifyCitizenContact, verifyCitizenInPerson } from '../citizens/service.js';
import { selectAccount, selectAccountByKey } from '../citizens/store.js';
import { maskNik, parseNik } from '../nik.js';
import { readCitizenPersonalData } from '../personal-data/service.js';
import { createSession, type NewSession, revokeSession } from '../sessions.js';
import { insertCitizenLink } from '../store.js';
import {
  type AssistedSessionRow,
  insertAssistedSession,
  selectAssistedRegistration,
  selectAssistedSessions,
  updateAssistedSessionEnded,
} from './store.js';
import '../strings.js';
import { type AssuranceForOfficer, describeAssuranceForOfficer } from '../assurance/service.js';

export type { AssistedSessionRow };

function fieldInvalid(field: string, code: string, messageKey: MessageKey): DomainError {
  return new DomainError('validation', 400, 'error.validation', {}, [{ field: `/${field}`, code, messageKey }]);
}

/** Trimmed text of min..max characters, or a field error. */
function textOrThrow(value: string | undefined, field: string, min: number, max: number, messageKey: MessageKey): string {
  const v = (value ?? '').trim();
  if (v.length < min || v.length > max) throw fieldInvalid(field, field, messageKey);
  return v;
}

export const checkPurpose = (purpose: string | undefined) => textOrThrow(purpose, 'purpose', 3, 500, 'error.identity.purpose_required');
export const checkConsent = (consent: string | undefined) => textOrThrow(consent, 'consent', 10, 1000, 'identity.assist.consent');

export interface CitizenAtCounter {
  id: string;
  name: string;
  maskedNik: string;
  assurance: Assurance;
  /** Who raised the level and when (any tenant's name; none of its case data). */
  raised?: AssuranceForOfficer['latest'];
}

/**
 * The active citizen whose NIK the officer typed (from the KTP-el shown at the counter). Reading the
 * name is a read of personal data, recorded with the purpose the officer gave.
 */
export async function findCitizenByNik(ctx: TenantContext, input: { nik: string; purpose: string }): Promise<CitizenAtCounter> {
  const tenantId = ctx.tenant.id;
  actingOfficer(ctx);
  const parsed = parseNik(input.nik, ctx.now());
  if (!parsed.ok) throw fieldInvalid('nik', parsed.code, `identity.${parsed.code}` as MessageKey);
  const purpose = checkPurpose(input.purpose);
  // The account is the installation's; the person at this tenant's counter with their KTP-el is now
  // someone this tenant serves (the link lets its officers read them, through the access log).
  const account = await withInstallationScope(ctx.db, tenantId, async (trx) => {
    const found = await selectAccountByKey(trx, tenantId, nikKey(ctx, parsed.nik));
    if (found?.status === 'active') await insertCitizenLink(trx, tenantId, found.id, ctx.now());
    return found;
  });
  if (!account || account.status !== 'active') throw fieldInvalid('nik', 'not_found', 'identity.counter.not_found');
  const data = await readCitizenPersonalData(ctx, { citizenId: account.id, purpose, fields: ['name'] });
  const { latest } = await describeAssuranceForOfficer(ctx, { citizenId: account.id, level: account.assurance });
  return { id: account.id, name: data.name ?? account.name, maskedNik: maskNik(parsed.nik), assurance: account.assurance, raised: latest };
}

/**
 * Starts acting for the citizen: creates the citizen session marked assistedBy (the caller sets its
 * cookie) and records the consent, with its audit event, in one transaction. The statement is kept
 * for the citizen to see; the audit chain holds only its hash (it may name the person).
 */
export async function beginAssistance(ctx: TenantContext, input: { citizenId: string; purpose: string; consent: string }): Promise<NewSession> {
  const tenantId = ctx.tenant.id;
  const officerId = actingOfficer(ctx);
  const purpose = checkPurpose(input.purpose);
  const consent = checkConsent(input.consent);
  const now = ctx.now();
  const session = await createSession(ctx.db, tenantId, { kind: 'citizen', id: input.citizenId, assistedBy: officerId }, now);
  try {
    await withTenant(ctx.db, tenantId, async (trx) => {
      const account = await selectAccount(trx, tenantId, input.citizenId);
      if (!account || account.status !== 'active') throw new DomainError('not_found', 404, 'error.not_found');
      const id = randomUUID();
      await insertAssistedSession(trx, tenantId, { id, citizenId: input.citizenId, officerId, sessionId: session.id, purpose, consent, startedAt: now });
      await ctx.audit.append(trx, {
        tenantId,
        actor: actorRef(ctx.actor),
        action: 'citizen.assisted_session_started',
        subject: `citizen:${input.citizenId}`,
        data: { assistance: `assisted_session:${id}`, consentSha256: createHash('sha256').update(consent).digest('hex') },
      });
    });
  } catch (error) {
    await revokeSession(ctx.db, tenantId, session.id, now);
    throw error;
  }
  return session;
}

/** Ends the assistance carried by this session (if any) and the session itself. */
export async function endAssistance(ctx: TenantContext, input: { sessionId: string; officerId: string | null }): Promise<void> {
  const tenantId = ctx.tenant.id;
  const { sessionId, officerId } = input;
  const now = ctx.now();
  await withTenant(ctx.db, tenantId, async (trx) => {
    const ended = await updateAssistedSessionEnded(trx, tenantId, sessionId, now);
    if (ended) {
      await ctx.audit.append(trx, {
        tenantId,
        actor: officerId ? `officer:${officerId}` : actorRef(ctx.actor),
        action: 'citizen.assisted_session_ended',
        subject: `citizen:${ended.citizenId}`,
        data: { assistance: `assisted_session:${ended.id}` },
      });
    }
  });
  await revokeSession(ctx.db, tenantId, sessionId, now);
}

/** The citizen's name for the "acting for" banner (the officer already read it, recorded, to start). */
export async function assistedCitizenName(ctx: TenantContext, input: { citizenId: string }): Promise<string> {
  const tenantId = ctx.tenant.id;
  const { citizenId } = input;
  const account = await withTenant(ctx.db, tenantId, (trx) => selectAccount(trx, tenantId, citizenId));
  return account?.name ?? '';
}

/**
 * Completes a counter registration: the code the citizen received (by e-mail or SMS) confirms the
 * contact, then the documents the officer checked make the account 'in_person'. The evidence is
 * checked first, so a bad one does not use up the code.
 */
export async function confirmCounterRegistration(ctx: TenantContext, input: { citizenId: string; code: string; evidence: string }): Promise<{ assurance: Assurance }> {
  actingOfficer(ctx);
  const evidence = textOrThrow(input.evidence, 'evidence', 10, 1000, 'identity.counter.evidence_required');
  await verifyCitizenContact(ctx, { citizenId: input.citizenId, code: input.code });
  return verifyCitizenInPerson(ctx, { citizenId: input.citizenId, evidence });
}

export interface MyAssistance {
  registration: { officerName: string | null; consent: string | null; at: Date } | null;
  sessions: AssistedSessionRow[];
}

/** What officers did for the acting citizen at a counter: the registration (if assisted) and each session. */
export async function listMyAssistance(ctx: TenantContext): Promise<MyAssistance> {
  const tenantId = ctx.tenant.id;
  const citizenId = actingCitizen(ctx);
  return withTenant(ctx.db, tenantId, async (trx) => {
    const registration = await selectAssistedRegistration(trx, tenantId, citizenId);
    return {
      registration: registration ? { officerName: registration.officerName, consent: registration.consent, at: registration.at } : null,
      sessions: await selectAssistedSessions(trx, tenantId, citizenId),
    };
  });
}
