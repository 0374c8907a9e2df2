// The example client application, in development only (not registered in production: the routes do
// not exist there, as /dev/mailbox): /dev/oidc-client plays another government application that
// signs citizens in through Gerbang with openid-client — PKCE, state, nonce, the ID token checked
// against the JWKS — and shows the claims it received. The demo seed registers it for the demo
// tenant (Makassar) with a secret derived from APP_SECRET, so nothing is written down anywhere.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CustomFetch } from 'openid-client';
import type { Config } from '../../config.js';
import type { ServiceContext } from '../../platform/context.js';
import { contextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { deriveKey } from '../../platform/secrets.js';
import { sendPage } from '../../web/layout.js';
import { listTenants } from '../tenancy/index.js';
import { listClients, registerClient } from './clients.js';
import { OIDC_PATH } from './provider.js';
import './strings.js';

export const DEV_CLIENT_PATH = '/dev/oidc-client';
const DEMO_TENANT = 'makassar';
const DEMO_CLIENT_NAME = 'Contoh Aplikasi Pemerintah (pengembangan)';
const FLOW_COOKIE = 'gerbang_dev_oidc';

const devClientSecret = (appSecret: Buffer) => `gbs_${deriveKey(appSecret, 'oidc-dev-client').toString('base64url')}`;
const callbackUrl = (publicBaseUrl: string) => `${publicBaseUrl.replace(/\/$/, '')}${DEV_CLIENT_PATH}/callback`;

/** Registers the example client for the demo tenant once (the demo seed; never in production). */
export async function seedDemoOidcClient(system: ServiceContext, opts: { publicBaseUrl: string; appSecret: Buffer }): Promise<boolean> {
  const tenant = (await listTenants(system.db)).find((x) => x.slug === DEMO_TENANT);
  if (!tenant) return false;
  const ctx = { ...system, tenant };
  if ((await listClients(ctx)).some((c) => c.name === DEMO_CLIENT_NAME)) return false;
  await registerClient(
    ctx,
    {
      name: DEMO_CLIENT_NAME,
      redirectUris: [callbackUrl(opts.publicBaseUrl)],
      postLogoutRedirectUris: [`${opts.publicBaseUrl.replace(/\/$/, '')}${DEV_CLIENT_PATH}`],
      scopes: ['openid', 'profile', 'email', 'phone', 'address'],
    },
    { secret: devClientSecret(opts.appSecret) },
  );
  return true;
}

export function registerDevClientPages(app: FastifyInstance, deps: { config: Pick<Config, 'env' | 'publicBaseUrl'>; appSecret: Buffer; fetch?: typeof fetch }): void {
  if (deps.config.env === 'production') return;
  const cfg = { schema: { hide: true }, config: { policy: 'oidc.dev_client' as const } };
  const issuer = new URL(`${deps.config.publicBaseUrl.replace(/\/$/, '')}${OIDC_PATH}`);

  // openid-client is a development dependency: loaded only here, only outside production.
  const configuration = async (request: FastifyRequest) => {
    const oc = await import('openid-client');
    const ctx = contextOf(request);
    const tenant = (await listTenants(ctx.db)).find((x) => x.slug === DEMO_TENANT);
    const client = tenant ? (await listClients({ ...ctx, tenant })).find((c) => c.name === DEMO_CLIENT_NAME && c.status === 'active') : undefined;
    if (!client) return undefined;
    const config = await oc.discovery(issuer, client.id, {}, oc.ClientSecretBasic(devClientSecret(deps.appSecret)), {
      execute: issuer.protocol === 'http:' ? [oc.allowInsecureRequests, oc.enableNonRepudiationChecks] : [oc.enableNonRepudiationChecks],
      ...(deps.fetch ? { [oc.customFetch]: deps.fetch as unknown as CustomFetch } : {}),
    });
    return { oc, config };
  };

  const page = (request: FastifyRequest, reply: FastifyReply, body: preact.ComponentChildren, status = 200) => {
    const title = t(request.lang, 'oidc.dev.title');
    return sendPage(reply.header('cache-control', 'no-store'), { request, title, children: (<><h1>{title}</h1><p class="lead">{t(request.lang, 'oidc.dev.lead')}</p>{body}</>) }, status);
  };

  app.get(DEV_CLIENT_PATH, cfg, async (request, reply) =>
    page(
      request,
      reply,
      <p>
        <a class="button" href={`${DEV_CLIENT_PATH}/masuk`}>
          {t(request.lang, 'oidc.dev.signin')}
        </a>
      </p>,
    ),
  );

  app.get(`${DEV_CLIENT_PATH}/masuk`, cfg, async (request, reply) => {
    const rp = await configuration(request);
    if (!rp) return page(request, reply, <p>{t(request.lang, 'oidc.dev.not_registered')}</p>, 404);
    const flow = { verifier: rp.oc.randomPKCECodeVerifier(), state: rp.oc.randomState(), nonce: rp.oc.randomNonce() };
    const url = rp.oc.buildAuthorizationUrl(rp.config, {
      redirect_uri: callbackUrl(deps.config.publicBaseUrl),
      scope: 'openid profile email phone address',
      code_challenge: await rp.oc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
      acr_values: 'unverified',
    });
    reply.setCookie(FLOW_COOKIE, JSON.stringify(flow), { path: DEV_CLIENT_PATH, httpOnly: true, sameSite: 'lax', maxAge: 600 });
    return reply.redirect(url.href, 303);
  });

  app.get(`${DEV_CLIENT_PATH}/callback`, cfg, async (request, reply) => {
    const rp = await configuration(request);
    if (!rp) return page(request, reply, <p>{t(request.lang, 'oidc.dev.not_registered')}</p>, 404);
    const flow = JSON.parse(request.cookies[FLOW_COOKIE] ?? '{}') as { verifier?: string; state?: string; nonce?: string };
    reply.clearCookie(FLOW_COOKIE, { path: DEV_CLIENT_PATH });
    try {
      const current = new URL(request.url, deps.config.publicBaseUrl);
      const tokens = await rp.oc.authorizationCodeGrant(rp.config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
      const idToken = tokens.claims()!;
      const userinfo = await rp.oc.fetchUserInfo(rp.config, tokens.access_token, idToken.sub);
      return page(
        request,
        reply,
        <>
          <h2>{t(request.lang, 'oidc.dev.claims')}</h2>
          <pre class="claims">{JSON.stringify({ id_token: idToken, userinfo }, null, 2)}</pre>
          <p>
            <a href={rp.oc.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${deps.config.publicBaseUrl.replace(/\/$/, '')}${DEV_CLIENT_PATH}` }).href}>
              {t(request.lang, 'oidc.logout.yes')}
            </a>
          </p>
        </>,
      );
    } catch (error) {
      const reason = (error as { error?: string; message?: string }).error ?? (error as Error).message;
      return page(request, reply, <p role="alert">{t(request.lang, 'oidc.dev.failed', { reason })}</p>, 400);
    }
  });
}
