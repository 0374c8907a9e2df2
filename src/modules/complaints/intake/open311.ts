// Open311 GeoReport v2's POST requests as an adapter onto the intake contract: the standard's fields
// (service_code, lat/long, address_string, first_name…, attribute[…]) are translated onto a report
// and submitted through the same service call as the API and the form. What only Open311 asks is
// checked here: the agency system's api_key, a known service, one location. The routes (public/open311.ts)
// answer in the standard's format and name the fields as the client sent them (OPEN311_FIELD).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import { withTenant } from '../../../db/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { listCategories } from '../categories.js';
import { open311Error } from '../errors.js';
import { Kind, Latitude, LIMITS, Longitude, Privacy, type SubmitResult } from './contract.js';
import { type IntakeContext, submitComplaint } from './service.js';
import * as store from './store.js';

export const JurisdictionId = Type.String({ maxLength: 63, description: 'The government (tenant slug); not needed under /t/<slug>/ or on a tenant host name' });

export const Open311PostBody = Type.Object({
  jurisdiction_id: Type.Optional(JurisdictionId),
  api_key: Type.Optional(Type.String({ maxLength: 200, description: 'Issued by the government’s complaint coordinator (403 without it)' })),
  service_code: Type.String({ maxLength: LIMITS.categoryCode, description: 'From GET services' }),
  lat: Type.Optional(Latitude),
  long: Type.Optional(Longitude),
  address_string: Type.Optional(Type.String({ maxLength: LIMITS.address })),
  address_id: Type.Optional(Type.String({ maxLength: LIMITS.address })),
  email: Type.Optional(Type.String({ maxLength: LIMITS.email })),
  first_name: Type.Optional(Type.String({ maxLength: LIMITS.name })),
  last_name: Type.Optional(Type.String({ maxLength: LIMITS.name })),
  phone: Type.Optional(Type.String({ maxLength: LIMITS.phone })),
  description: Type.String({ maxLength: LIMITS.description }),
  'attribute[kind]': Type.Optional(Kind),
  'attribute[privacy]': Type.Optional(Privacy),
  'attribute[title]': Type.Optional(Type.String({ maxLength: LIMITS.title })),
});
export type Open311PostBodyT = Static<typeof Open311PostBody>;

/** Where the service's field errors (the contract's names) are in an Open311 POST. */
export const OPEN311_FIELD: ReadonlyMap<string, string> = new Map([
  ['/title', 'attribute[title]'],
  ['/description', 'description'],
  ['/latitude', 'lat'],
  ['/longitude', 'long'],
  ['/address', 'address_string'],
  ['/categoryCode', 'service_code'],
  ['/reporter/email', 'email'],
  ['/reporter/phone', 'phone'],
  ['/reporter/name', 'first_name'],
]);

/** A title where the client sent none: the start of the description. */
const TITLE_FROM_DESCRIPTION = 80;

/**
 * An Open311 POST: the api_key (403), the service (404), one location and the name's length (400),
 * then the report as the intake contract has it, submitted by `system:open311`.
 */
export async function submitOpen311Request(ctx: IntakeContext, body: Open311PostBodyT): Promise<SubmitResult> {
  if (!(await verifyOpen311Key(ctx, body.api_key))) throw open311Error(403, 'error.open311.api_key');
  if (!(await listCategories(ctx)).some((c) => c.code === body.service_code)) throw open311Error(404, 'error.open311.service_unknown', { code: body.service_code });
  if ((body.lat === undefined || body.long === undefined) && !body.address_string && !body.address_id) throw open311Error(400, 'error.open311.location_required');
  const name = [body.first_name, body.last_name].filter(Boolean).join(' ') || undefined;
  if (name && name.length > LIMITS.name) throw open311Error(400, 'error.open311.name_too_long', { limit: LIMITS.name });
  const description = body.description.trim();
  return submitComplaint(
    { ...ctx, actor: { kind: 'system', id: 'open311' } },
    {
      kind: body['attribute[kind]'] ?? 'pengaduan',
      privacy: body['attribute[privacy]'] ?? 'public',
      title: body['attribute[title]']?.trim() || description.slice(0, TITLE_FROM_DESCRIPTION),
      description,
      categoryCode: body.service_code,
      latitude: body.lat,
      longitude: body.long,
      address: body.address_string || body.address_id || undefined,
      reporter: { name, email: body.email, phone: body.phone },
    },
  );
}

// ---- api_keys: what an agency system submits with ----

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new Open311 api_key for the tenant: returned once, stored as a SHA-256. */
export async function createOpen311Key(ctx: TenantContext, input: { label: string; key?: string }) {
  const id = randomUUID();
  const key = input.key ?? `o311_${randomBytes(24).toString('base64url')}`;
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await store.insertApiKey(trx, { tenantId: ctx.tenant.id, id, keyHash: hashApiKey(key), label: input.label });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'open311.key_created', subject: `open311_key:${id}` });
  });
  return { id, key };
}

export async function verifyOpen311Key(ctx: Pick<TenantContext, 'db' | 'tenant'>, key: string | undefined) {
  if (!key) return undefined;
  return withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectApiKey(trx, ctx.tenant.id, hashApiKey(key)));
}
