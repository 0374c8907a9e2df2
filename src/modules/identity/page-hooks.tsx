// Page-level behaviour of the identity module:
//  - a signed-out visitor opening a page that needs sign-in (a browser GET asking for HTML) is sent
//    to the right sign-in page with a same-site return address, instead of a 401 page; API requests
//    (and anything not asking for HTML) keep the 401 problem+json;
//  - /bantuan-petugas ends an assisted session (the banner that links to it: assisted/pages.tsx).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPolicyKey, policyRule, requirePrincipal, type Rule } from '../../platform/auth/index.js';
import { sendPage } from '../../web/layout.js';
import { endAssistance } from './assisted/service.js';
import { type IdentityDeps, identityContext } from './deps.js';
import { Csrf, tt } from './pages-ui.js';
import { clearSessionCookie } from './sessions.js';
import './strings.js';

export function registerPageHooks(app: FastifyInstance, deps: IdentityDeps): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || request.principal?.kind !== 'anonymous' || !request.tenant) return;
    if (request.routeOptions.schema?.hide !== true) return;
    const policy = request.routeOptions.config?.policy;
    if (!isPolicyKey(policy)) return;
    const rule: Rule = policyRule(policy);
    if (rule.anonymous) return;
    const accept = String(request.headers.accept ?? '');
    if (!accept.includes('text/html')) return;
    const path = request.url; // already without the /t/<slug> prefix
    if (path.startsWith('/api/')) return;
    const officerOnly = !rule.citizen && (rule.officer || rule.roles);
    const signIn = officerOnly || path.startsWith('/petugas') ? '/petugas/masuk' : '/masuk';
    const next = `${request.basePath}${path}`;
    return reply.code(303).header('location', `${request.basePath}${signIn}?next=${encodeURIComponent(next)}`).send();
  });

  app.get('/bantuan-petugas', { schema: { hide: true }, config: { policy: 'identity.assist_stop' } }, async (request, reply) => {
    requirePrincipal(request, 'citizen');
    return sendPage(reply, {
      request,
      title: tt(request, 'identity.assist.stop_title'),
      children: (
        <>
          <h1>{tt(request, 'identity.assist.stop_title')}</h1>
          <p>{tt(request, 'identity.assist.stop_lead')}</p>
          <form method="post" action={`${request.basePath}/bantuan-petugas`}>
            <Csrf request={request} />
            <button class="button" type="submit">
              {tt(request, 'identity.assist.stop_submit')}
            </button>
          </form>
        </>
      ),
    });
  });

  app.post('/bantuan-petugas', { schema: { hide: true }, config: { policy: 'identity.assist_stop' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'citizen');
    await endAssistance(identityContext(deps, request), p.tenantId, p.sessionId, p.assistedBy);
    clearSessionCookie(reply, { secure: deps.secureCookies });
    return reply.code(303).header('location', `${request.basePath}/petugas/masuk`).send();
  });
}
