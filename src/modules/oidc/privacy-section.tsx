// The citizen's consents on their privacy page (identity's /akun/privasi, as a registered section):
// each application they allowed, what it receives, and "withdraw" (a POST here, back to the page).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type MessageKey, t } from '../../platform/i18n/index.js';
import { Form } from '../../web/form.js';
import { registerPrivacySection } from '../identity/index.js';
import { listMyConsents, withdrawConsent } from './consents.js';
import './strings.js';

const WITHDRAW_PATH = '/akun/privasi/aplikasi/cabut';

async function consentsSection(request: FastifyRequest) {
  const lang = request.lang;
  const consents = await listMyConsents(tenantContextOf(request));
  return (
    <section aria-labelledby="oidc-consents">
      <h2 id="oidc-consents">{t(lang, 'oidc.privacy.title')}</h2>
      {consents.length === 0 ? (
        <p>{t(lang, 'oidc.privacy.none')}</p>
      ) : (
        <ul class="card-list">
          {consents.map((c) => (
            <li class="card" key={c.grantId}>
              <h3>{c.clientName ?? t(lang, 'oidc.privacy.unknown_app')}</h3>
              <p>{t(lang, 'oidc.privacy.receives', { what: c.scopes.map((s) => t(lang, `oidc.scope.${s}` as MessageKey)).join('; ') })}</p>
              <Form request={request} action={`${request.basePath}${WITHDRAW_PATH}`}>
                <input type="hidden" name="grant" value={c.grantId} />
                <button class="button secondary" type="submit">
                  {t(lang, 'oidc.privacy.withdraw')}
                  <span class="visually-hidden"> {c.clientName ?? ''}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function registerConsentPages(app: FastifyInstance): void {
  registerPrivacySection('oidc', consentsSection);
  app.post(WITHDRAW_PATH, { schema: { hide: true }, config: { policy: 'oidc.citizen' } }, async (request, reply) => {
    const grant = (request.body as Record<string, unknown> | undefined)?.grant;
    if (typeof grant !== 'string' || grant.length > 100) return reply.redirect(`${request.basePath}/akun/privasi`, 303);
    await withdrawConsent(tenantContextOf(request), { grantId: grant });
    return reply.redirect(`${request.basePath}/akun/privasi#oidc-consents`, 303);
  });
}
