// What the payments services take first: the tenant's context with what their side effects need — the
// audit log (with pseudonyms: an application's services are called with this context too), the public
// address links point to, and the tenant's gateway for its settings.
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../../db/index.js';
import type { AuditAppender, TenantContext } from '../../../platform/context.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import type { TenantInfo } from '../../../platform/http/tenant.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import type { PaymentGateway } from '../gateway.js';
import { gatewayFor } from '../gateways/index.js';
import type { PaymentSettings } from '../settings.js';

export interface PaymentContext extends TenantContext {
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  publicBaseUrl: string;
  /** The tenant's gateway for its settings (gateways/index.ts). */
  gateway(settings: PaymentSettings): PaymentGateway;
}

/** What payments' work outside a request needs of the runtime (hooks, jobs). */
export type PaymentJobDeps = Pick<ModuleRuntime, 'config' | 'db' | 'audit' | 'appSecret' | 'now'>;

/** The request's context for the payments services. */
export function paymentContext(request: FastifyRequest, rt: ModuleRuntime): PaymentContext {
  const ctx = tenantContextOf(request);
  return { ...ctx, audit: rt.audit, publicBaseUrl: rt.config.publicBaseUrl, gateway: (settings) => gatewayFor(rt, ctx.tenant, settings) };
}

/** The context of work no request asked for (a hook, a job), as the payments module's system actor. */
export function systemPaymentContext(rt: PaymentJobDeps, db: Db | Tx, tenant: TenantInfo, now: () => Date): PaymentContext {
  return {
    db,
    audit: rt.audit,
    actor: { kind: 'system', id: 'payments' },
    lang: 'id',
    now,
    tenant,
    publicBaseUrl: rt.config.publicBaseUrl,
    gateway: (settings) => gatewayFor(rt, tenant, settings),
  };
}
