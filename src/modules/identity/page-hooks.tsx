// Page-level behaviour of the identity module:
//  - a signed-out visitor opening a page that needs sign-in (a browser GET asking for HTML) is sent
//    to the right sign-in page with a same-site return address, instead of a 401 page; API requests
//    (and anything not asking for HTML) keep the 401 problem+json;
//  - /bantuan-petugas ends an assisted session (the banner that links to it: assisted/pages.tsx).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPolicyKey, policyRule, requirePrincipal, type Rule } from '../../platform/auth/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { Form } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { endAssistance } from './assisted/service.js';
import type { IdentityDeps } from './deps.js';
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
    const title = t(request.lang, 'identity.assist.stop_title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(request.lang, 'identity.assist.stop_lead')}</p>
          <Form request={request} action={`${request.basePath}/bantuan-petugas`}>
            <button class="button" type="submit">
              {t(request.lang, 'identity.assist.stop_submit')}
            </button>
          </Form>
        </>
      ),
    });
  });

  app.post('/bantuan-petugas', { schema: { hide: true }, config: { policy: 'identity.assist_stop' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'citizen');
    await endAssistance(tenantContextOf(request), { sessionId: p.sessionId, officerId: p.assistedBy });
    clearSessionCookie(reply, deps.sessionCookies);
    return reply.redirect(`${request.basePath}/petugas/masuk`, 303);
  });
}
