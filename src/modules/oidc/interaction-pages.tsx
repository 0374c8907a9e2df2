// The steps of an authorization request that need the citizen, under the client's tenant
// (/t/<slug>/oidc/interaksi/<uid>): a signed-out citizen is first sent to that tenant's sign-in (the
// identity page hook, back here after), then
//  - login: the Gerbang session becomes the provider's login, at the citizen's level of assurance —
//    or, when `acr_values` asks for more, the step-up page says how to raise it;
//  - consent: the application, its tenant, its logo and exactly what it will receive; allow or deny.
// Server-rendered forms (CSRF-protected), no JavaScript. The provider binds the steps to the browser
// that started the request (its interaction cookies).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { type Assurance, meetsAssurance, requirePrincipal } from '../../platform/auth/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type MessageKey, t } from '../../platform/i18n/index.js';
import { Form } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { recordConsent } from './consents.js';
import { allowFormActionTo } from './csp.js';
import { CLIENT_SCOPES } from './clients.js';
import type { ProviderHolder } from './mount.js';
import { accountIdOf, INTERACTION_PATH, requestedAssurance, tenantIdOfClient } from './provider.js';
import './strings.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;
type ProviderClient = NonNullable<Awaited<ReturnType<Provider['Client']['find']>>>;

const UID = /^[A-Za-z0-9_-]{10,64}$/;

function gone(request: FastifyRequest, reply: FastifyReply) {
  const title = t(request.lang, 'oidc.interaction.gone_title');
  return sendPage(reply, { request, title, children: (<><h1>{title}</h1><p>{t(request.lang, 'oidc.interaction.gone')}</p></>) }, 404);
}

/** The interaction of this browser for `uid`, and its client — only when the client is of the request's tenant. */
async function load(provider: Provider, request: FastifyRequest, reply: FastifyReply, uid: string): Promise<{ interaction: Interaction; client: ProviderClient } | undefined> {
  if (!UID.test(uid)) return undefined;
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(request.raw, reply.raw);
  } catch {
    return undefined; // no interaction cookie, or it expired
  }
  if (interaction.uid !== uid) return undefined;
  const client = await provider.Client.find(String(interaction.params.client_id));
  if (!client || tenantIdOfClient(client) !== request.tenant?.id) return undefined;
  return { interaction, client };
}

/** Hands the result to the provider, which answers with the redirect back into the flow. */
async function finish(provider: Provider, request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>) {
  reply.hijack();
  await provider.interactionFinished(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
}

const scopesOf = (interaction: Interaction) => String(interaction.params.scope ?? '').split(' ').filter((s) => (CLIENT_SCOPES as readonly string[]).includes(s));

const tenantName = (lang: string, tenant: { name: string; nameEn: string | null }) => (lang === 'en' && tenant.nameEn ? tenant.nameEn : tenant.name);

function appName(client: ProviderClient): string {
  return client.clientName ?? client.clientId;
}

function consentPage(request: FastifyRequest, reply: FastifyReply, uid: string, interaction: Interaction, client: ProviderClient) {
  const lang = request.lang;
  const app = appName(client);
  const tenant = request.tenant!;
  const title = t(lang, 'oidc.consent.title', { app });
  const action = `${request.basePath}${INTERACTION_PATH}/${uid}`;
  allowFormActionTo(reply.raw, [interaction.params.redirect_uri]);
  return sendPage(reply.header('cache-control', 'no-store'), {
    request,
    title,
    children: (
      <>
        {client.logoUri ? <img class="app-logo" src={client.logoUri} alt={t(lang, 'oidc.consent.logo_alt', { app })} width={64} height={64} /> : null}
        <h1>{title}</h1>
        <p class="lead">{t(lang, 'oidc.consent.lead', { app, tenant: tenantName(lang, tenant) })}</p>
        <h2>{t(lang, 'oidc.consent.receives')}</h2>
        <ul>
          {scopesOf(interaction).map((s) => (
            <li key={s}>{t(lang, `oidc.scope.${s}` as MessageKey)}</li>
          ))}
        </ul>
        <p>{t(lang, 'oidc.consent.withdraw_hint')}</p>
        <Form request={request} action={action} class="actions">
          <button class="button" type="submit" name="decision" value="allow">
            {t(lang, 'oidc.consent.allow')}
          </button>{' '}
          <button class="button secondary" type="submit" name="decision" value="deny">
            {t(lang, 'oidc.consent.deny')}
          </button>
        </Form>
      </>
    ),
  });
}

function stepUpPage(request: FastifyRequest, reply: FastifyReply, interaction: Interaction, client: ProviderClient, have: Assurance, need: Assurance) {
  const uid = interaction.uid;
  allowFormActionTo(reply.raw, [interaction.params.redirect_uri]);
  const lang = request.lang;
  const app = appName(client);
  const tenant = request.tenant!;
  const title = t(lang, 'oidc.stepup.title');
  return sendPage(
    reply,
    {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p class="lead">{t(lang, 'oidc.stepup.lead', { app, need: t(lang, `oidc.level.${need}`), have: t(lang, `oidc.level.${have}`) })}</p>
          <p>{need === 'in_person' ? t(lang, 'oidc.stepup.how_in_person', { tenant: tenantName(lang, tenant) }) : t(lang, 'oidc.stepup.how_registry')}</p>
          <Form request={request} action={`${request.basePath}${INTERACTION_PATH}/${uid}`}>
            <button class="button secondary" type="submit" name="decision" value="stepup_cancel">
              {t(lang, 'oidc.stepup.back')}
            </button>
          </Form>
        </>
      ),
    },
    403,
  );
}

export function registerInteractionPages(app: FastifyInstance, holder: ProviderHolder): void {
  const cfg = { schema: { hide: true }, config: { policy: 'oidc.citizen' as const } };

  /** The signed-in citizen, the provider and this browser's interaction `uid` with its client; undefined if gone. */
  const begin = async (request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) => {
    const citizen = requirePrincipal(request, 'citizen');
    const provider = await holder.current();
    const found = await load(provider, request, reply, request.params.uid);
    return found ? { citizen, provider, ...found } : undefined;
  };

  app.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, cfg, async (request, reply) => {
    const step = await begin(request, reply);
    if (!step) return gone(request, reply);
    const { citizen, provider, interaction, client } = step;
    if (interaction.prompt.name === 'login') {
      const need = requestedAssurance(interaction.params.acr_values);
      if (need && !meetsAssurance(citizen.assurance, need)) return stepUpPage(request, reply, interaction, client, citizen.assurance, need);
      return finish(provider, request, reply, { login: { accountId: accountIdOf(citizen.tenantId, citizen.id), acr: citizen.assurance, amr: ['pwd'], remember: false } });
    }
    return consentPage(request, reply, interaction.uid, interaction, client);
  });

  app.post<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, cfg, async (request, reply) => {
    const step = await begin(request, reply);
    if (!step) return gone(request, reply);
    const { citizen, provider, interaction, client } = step;
    const decision = (request.body as Record<string, unknown> | undefined)?.decision;
    if (decision === 'stepup_cancel') {
      return finish(provider, request, reply, { error: 'unmet_authentication_requirements', error_description: 'the level of assurance asked for is above the citizen’s' });
    }
    if (decision !== 'allow' || interaction.prompt.name !== 'consent' || interaction.session?.accountId !== accountIdOf(citizen.tenantId, citizen.id)) {
      return finish(provider, request, reply, { error: 'access_denied', error_description: 'the citizen did not allow the application' });
    }
    const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    const grant = interaction.grantId ? await provider.Grant.find(interaction.grantId) : new provider.Grant({ accountId: interaction.session.accountId, clientId: client.clientId });
    if (!grant) return gone(request, reply);
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    const grantId = await grant.save();
    await recordConsent(tenantContextOf(request), { clientId: client.clientId, scopes: scopesOf(interaction) });
    return finish(provider, request, reply, { consent: { grantId } });
  });
}
