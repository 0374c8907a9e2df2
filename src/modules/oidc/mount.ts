// oidc-provider is a Koa application; Fastify hands it the raw request of every path under /oidc
// (the interaction pages aside, which are Gerbang pages). The body is left unread for it: the
// wildcard route lives in its own scope whose only content-type parser consumes nothing. Headers
// the platform set before (security headers, request id) are copied to the raw response first.
//
// The provider is built on the signing keys of the moment and rebuilt when another process (or
// `gerbang oidc rotate-keys`) changed the key set: checked at most once a minute of the app's clock.
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import { ensureSigningKey } from './keys.js';
import { createProvider, OIDC_PATH, type OidcDeps, signingKeySealKey } from './provider.js';
import { selectKeySetVersion } from './store.js';

const RECHECK_KEYS_MS = 60_000;

export interface ProviderHolder {
  current(): Promise<Provider>;
}

export function createProviderHolder(deps: OidcDeps): ProviderHolder {
  let built: Promise<{ provider: Provider; version: string }> | undefined;
  let checkedAt = 0;
  const build = async () => {
    await ensureSigningKey(deps.db, signingKeySealKey(deps.appSecret), deps.now());
    const version = await selectKeySetVersion(deps.db, deps.now());
    return { provider: await createProvider(deps), version };
  };
  return {
    async current() {
      const now = deps.now().getTime();
      if (built && now - checkedAt > RECHECK_KEYS_MS) {
        checkedAt = now;
        const [version, current] = await Promise.all([selectKeySetVersion(deps.db, deps.now()), built]);
        if (version !== current.version) built = undefined;
      }
      if (!built) {
        checkedAt = now;
        built = build();
        built.catch(() => (built = undefined));
      }
      return (await built).provider;
    },
  };
}

type KoaCallback = ReturnType<Provider['callback']>;
const callbacks = new WeakMap<Provider, KoaCallback>();

export function mountProvider(app: FastifyInstance, holder: ProviderHolder): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: `${OIDC_PATH}/*`,
      schema: { hide: true },
      // The provider checks its own callers (client authentication, PKCE, its own anti-forgery tokens).
      config: { policy: 'public', csrf: false },
      handler: async (request, reply) => {
        const provider = await holder.current();
        let callback = callbacks.get(provider);
        if (!callback) callbacks.set(provider, (callback = provider.callback()));
        const raw = request.raw;
        raw.gerbangRequest = request;
        // The provider finds its mount path from originalUrl minus url (as behind Express or middie).
        const path = request.url; // without a /t/<slug> prefix
        (raw as typeof raw & { originalUrl: string }).originalUrl = path;
        raw.url = path.slice(OIDC_PATH.length) || '/';
        for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
        reply.hijack();
        await callback(raw, reply.raw);
      },
    });
  });
}
