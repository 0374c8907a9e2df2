// Surveys at the counter (issue 21): the officer who served a visitor at a service hall prints a
// one-time code on their receipt; the visitor answers on the hall's kiosk page (/kiosk-survei) with it,
// without an account. A code is the tenant's (another tenant's kiosk does not know it), names the
// service received, answers once and expires after KIOSK_CODE_DAYS. Issuing it counts the visitor as
// a service user of the day (the next period's Krejcie–Morgan population).
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import { actorRef } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { newTrackingNumber, normalizeTrackingNumber } from '../../platform/tracking-number.js';
import { listServices, type PublicService } from '../catalog/index.js';
import { checkResponse, type ResponseInput } from './answers.js';
import { dayIn } from './periods.js';
import { invalidResponse } from './service.js';
import { addResponses, insertKioskCode, markKioskCodeAnswered, type NewResponse, selectKioskCode } from './store.js';
import './strings.js';

/** How long a printed code can be used (our rule: a visitor may answer at home within the week). */
export const KIOSK_CODE_DAYS = 7;
const PREFIX = 'SKM';

export interface KioskCode {
  code: string;
  service: { code: string; name: { id: string; en?: string }; agency: { code: string; name: string } };
  issuedAt: string;
  expiresAt: string;
}

const unknownCode = () => new DomainError('surveys.kiosk_unknown', 404, 'svy.error.kiosk_unknown');

/** The published service a code is issued for (404 unknown), for the route to authorise its agency. */
export async function findKioskService(ctx: TenantContext, serviceId: string): Promise<PublicService> {
  const service = (await listServices(ctx)).find((s) => s.id === serviceId);
  if (!service) throw new DomainError('surveys.unknown_service', 404, 'svy.error.unknown_service');
  return service;
}

/** A new code for a visitor served at the counter; audited, and the visitor counted as served. */
export async function issueKioskCode(ctx: TenantContext, service: PublicService): Promise<KioskCode> {
  if (ctx.actor.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  const officerId = ctx.actor.id;
  const at = ctx.now();
  const expires = new Date(at.getTime() + KIOSK_CODE_DAYS * 86_400_000);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    // 30⁷ codes: a collision is rare; a retry takes a new one.
    for (;;) {
      const code = newTrackingNumber(PREFIX);
      const row = { tenant_id: ctx.tenant.id, code, agency_id: service.agency.id, service_id: service.id, issued_by: officerId, issued_at: at, expires_at: expires };
      if (!(await insertKioskCode(trx, row, dayIn(ctx.tenant.timeZone, at)))) continue;
      await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'survey.kiosk_code_issued', subject: `service:${service.id}`, at });
      return { code, service: describe(service), issuedAt: at.toISOString(), expiresAt: expires.toISOString() };
    }
  });
}

function describe(service: PublicService): KioskCode['service'] {
  return { code: service.code, name: service.name, agency: { code: service.agency.code, name: service.agency.name } };
}

/**
 * A code typed at the kiosk, checked: unknown (or mistyped, or another tenant's) 404, answered 409,
 * expired 410. Returns what the questionnaire shows.
 */
export async function checkKioskCode(ctx: TenantContext, typed: string): Promise<KioskCode> {
  const code = normalizeTrackingNumber(PREFIX, typed);
  if (!code) throw unknownCode();
  const services = await listServices(ctx);
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectKioskCode(trx, ctx.tenant.id, code));
  return usable(ctx, row, services);
}

function usable(ctx: TenantContext, row: Awaited<ReturnType<typeof selectKioskCode>>, services: readonly PublicService[]): KioskCode {
  if (!row) throw unknownCode();
  if (row.answered_at) throw new DomainError('surveys.kiosk_answered', 409, 'svy.error.kiosk_answered');
  if (new Date(row.expires_at).getTime() <= ctx.now().getTime()) throw new DomainError('surveys.kiosk_expired', 410, 'svy.error.kiosk_expired');
  const service = services.find((s) => s.id === row.service_id);
  if (!service) throw unknownCode();
  return { code: row.code, service: describe(service), issuedAt: new Date(row.issued_at).toISOString(), expiresAt: new Date(row.expires_at).toISOString() };
}

/** The visitor's answers for a code: complete (400), once (409), before it expires (410); anonymous. */
export async function submitKioskResponse(ctx: TenantContext, input: ResponseInput & { code: string }): Promise<{ id: string; submittedAt: string }> {
  const code = normalizeTrackingNumber(PREFIX, input.code);
  if (!code) throw unknownCode();
  const checked = checkResponse(input);
  if ('errors' in checked) throw invalidResponse(checked.errors);
  const services = await listServices(ctx);
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    // Locked: two kiosks sending the same code at once answer once.
    const row = await selectKioskCode(trx, ctx.tenant.id, code, true);
    usable(ctx, row, services);
    const response: NewResponse = {
      tenant_id: ctx.tenant.id,
      id: randomUUID(),
      channel: 'kiosk',
      kiosk_code: code,
      agency_id: row!.agency_id,
      service_id: row!.service_id,
      submitted_at: at,
      day: dayIn(ctx.tenant.timeZone, at),
      ...checked.ok.answers,
      ...checked.ok.demographics,
      suggestion: checked.ok.suggestion,
      created_at: at,
    };
    if (!(await addResponses(trx, ctx.tenant.id, [response]))) throw new DomainError('surveys.kiosk_answered', 409, 'svy.error.kiosk_answered');
    await markKioskCodeAnswered(trx, ctx.tenant.id, code, at);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'survey.kiosk_response_submitted', subject: `service:${row!.service_id}`, at });
    return { id: response.id, submittedAt: at.toISOString() };
  });
}

/** A code as issued (answered or not), for the counter's slip page; the route authorises its agency. */
export async function getIssuedKioskCode(ctx: TenantContext, typed: string): Promise<KioskCode & { agencyId: string }> {
  const code = normalizeTrackingNumber(PREFIX, typed);
  if (!code) throw unknownCode();
  const services = await listServices(ctx);
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectKioskCode(trx, ctx.tenant.id, code));
  const service = row && services.find((s) => s.id === row.service_id);
  if (!row || !service) throw unknownCode();
  return { code: row.code, service: describe(service), issuedAt: new Date(row.issued_at).toISOString(), expiresAt: new Date(row.expires_at).toISOString(), agencyId: row.agency_id };
}
