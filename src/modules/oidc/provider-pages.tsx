// The provider's own pages (an error it cannot send back to the application, the RP-initiated
// sign-out question and its end), rendered in Gerbang's layout and the request's language: the
// Fastify request that handed the call to the provider rides on the raw request (mount.ts).
import type { KoaContextWithOIDC } from 'oidc-provider';
import { t } from '../../platform/i18n/index.js';
import { renderPage } from '../../web/layout.js';
import { allowFormActionTo } from './csp.js';
import './strings.js';

function send(ctx: KoaContextWithOIDC, title: string, body: preact.ComponentChildren, status?: number): void {
  const request = ctx.req.gerbangRequest;
  ctx.type = 'html';
  if (status) ctx.status = status;
  ctx.set('cache-control', 'no-store');
  ctx.body = request ? renderPage({ request, title, children: body }) : `<!doctype html><title>${title}</title><h1>${title}</h1>`;
}

const langOf = (ctx: KoaContextWithOIDC) => ctx.req.gerbangRequest?.lang ?? 'id';

/** An error the provider cannot redirect to the application (unknown client, unregistered redirect URI, …). */
export async function renderProviderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  const lang = langOf(ctx);
  const title = t(lang, 'oidc.error.title');
  const message =
    out.error === 'invalid_client' ? t(lang, 'oidc.error.invalid_client') : out.error === 'invalid_redirect_uri' ? t(lang, 'oidc.error.invalid_redirect_uri') : t(lang, 'oidc.error.generic');
  send(
    ctx,
    title,
    <>
      <h1>{title}</h1>
      <p>{message}</p>
      {out.error_description ? (
        <details>
          <summary>{t(lang, 'oidc.error.technical')}</summary>
          <p>
            <code>{out.error}</code>: {out.error_description}
          </p>
        </details>
      ) : null}
    </>,
  );
}

/** "Sign out of Gerbang?": the provider's form (with its own anti-forgery token) and two buttons. */
export async function renderLogoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const lang = langOf(ctx);
  const title = t(lang, 'oidc.logout.title');
  // The form's answer redirects to the application's post-logout address.
  allowFormActionTo(ctx.res, [ctx.oidc.params?.post_logout_redirect_uri]);
  send(
    ctx,
    title,
    <>
      <h1>{title}</h1>
      <p>{t(lang, 'oidc.logout.lead')}</p>
      <div dangerouslySetInnerHTML={{ __html: form }} />
      <p class="actions">
        <button class="button" type="submit" form="op.logoutForm" name="logout" value="yes">
          {t(lang, 'oidc.logout.yes')}
        </button>{' '}
        <button class="button secondary" type="submit" form="op.logoutForm">
          {t(lang, 'oidc.logout.no')}
        </button>
      </p>
    </>,
  );
}

export async function renderLogoutDone(ctx: KoaContextWithOIDC): Promise<void> {
  const lang = langOf(ctx);
  const title = t(lang, 'oidc.logout.done_title');
  send(
    ctx,
    title,
    <>
      <h1>{title}</h1>
      <p>{t(lang, 'oidc.logout.done')}</p>
    </>,
  );
}
