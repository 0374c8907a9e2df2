// A citizen's consents: the grants they gave applications (stored by the provider, oidc_payloads),
// listed on their privacy page and withdrawn there — which destroys the grant and every code and
// token issued under it, in one statement. Giving and withdrawing are audited (pseudonymous refs).
import { withTenant } from '../../db/index.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { findClientById } from './clients.js';
import { deletePayloadsOfGrant, selectGrantsOfAccount } from './store.js';

export interface Consent {
  grantId: string;
  clientId: string;
  /** The application's name; undefined when it is no longer registered. */
  clientName: string | undefined;
  scopes: string[];
}

function citizenOf(ctx: TenantContext): string {
  if (ctx.actor.kind !== 'citizen') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  return ctx.actor.id;
}

const accountOf = (ctx: TenantContext) => `${ctx.tenant.id}.${citizenOf(ctx)}`;

export async function listMyConsents(ctx: TenantContext): Promise<Consent[]> {
  const grants = await selectGrantsOfAccount(ctx.db, accountOf(ctx), ctx.now());
  return Promise.all(
    grants.map(async ({ id, payload }) => {
      const clientId = String(payload.clientId ?? '');
      const openid = (payload.openid ?? {}) as { scope?: string };
      const client = await findClientById(ctx.db, clientId);
      return { grantId: id, clientId, clientName: client?.tenantId === ctx.tenant.id ? client.name : undefined, scopes: (openid.scope ?? '').split(' ').filter(Boolean) };
    }),
  );
}

/** Withdraws one of the acting citizen's consents; someone else's (or an unknown one) is 404. */
export async function withdrawConsent(ctx: TenantContext, input: { grantId: string }): Promise<void> {
  const mine = (await listMyConsents(ctx)).find((c) => c.grantId === input.grantId);
  if (!mine) throw new DomainError('not_found', 404, 'error.not_found');
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await deletePayloadsOfGrant(trx, input.grantId);
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'oidc.consent_withdrawn',
      subject: `oidc_client:${mine.clientId}`,
      data: { scopes: mine.scopes },
    });
  });
}

/** Records that the acting citizen allowed an application these scopes (the grant itself is the provider's). */
export async function recordConsent(ctx: TenantContext, input: { clientId: string; scopes: string[] }): Promise<void> {
  await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'oidc.consent_given', subject: `oidc_client:${input.clientId}`, data: { scopes: input.scopes } }),
  );
}
