// The page frame every citizen and officer page shares: tenant-branded header with the navigation the
// modules registered (web/navigation.ts), language switch, skip link, footer, favicon. Server-rendered
// with Preact (escaping by default); works without JavaScript.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { type Lang, t } from '../platform/i18n/index.js';
import { fromRoot } from '../platform/paths.js';
import { Csrf } from './form.js';
import { entryHref, visibleEntries } from './navigation.js';

const STATIC_DIR = fromRoot('src', 'web', 'static');

declare module 'fastify' {
  interface FastifyRequest {
    /** A notice a module puts above every page's content for this request (e.g. "acting on behalf of …"). */
    pageBanner?: ComponentChildren;
  }
}

export async function registerStatic(app: FastifyInstance) {
  await app.register(fastifyStatic, {
    root: STATIC_DIR,
    prefix: '/static/',
    maxAge: '1d',
    decorateReply: false,
  });
  // Browsers and crawlers ask for /favicon.ico whatever the page links to: the same small SVG.
  app.get('/favicon.ico', { schema: { hide: true }, config: { policy: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect('/static/favicon.svg', 301),
  );
  // Each tenant's brand colour as a tiny stylesheet (inline styles are refused by our CSP).
  app.get('/theme.css', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300');
    return `:root{--brand:${request.tenant?.brandColor ?? '#0b5394'}}`;
  });
}

/** The current URL with `lang` set, keeping the other query parameters. */
function languageSwitchHref(request: FastifyRequest, lang: Lang): string {
  const url = new URL(request.url, 'http://x');
  url.searchParams.set('lang', lang);
  return `${request.basePath}${url.pathname}${url.search}`;
}

/** The header's entries: sign in and register, or the person's own pages and "Keluar". */
function HeaderNavigation({ request }: { request: FastifyRequest }) {
  const lang = request.lang;
  const entries = visibleEntries(request, 'header');
  if (entries.length === 0) return null;
  return (
    <nav class="header-links" aria-label={t(lang, 'site.account')}>
      {entries.map((e) => {
        if (e.method === 'post') {
          return (
            <form method="post" action={entryHref(request, e)} class="inline-form" key={e.path}>
              <Csrf request={request} />
              {/* No explicit type (a button in a form submits anyway): scripts and tests that press a
                  page's own `button[type=submit]` must not find the header's "Keluar" first. */}
              <button class="link-button">
                {t(lang, e.label)}
              </button>
            </form>
          );
        }
        const count = request.navigationCounts?.get(e.path) ?? 0;
        return (
          <a href={entryHref(request, e)} key={e.path}>
            {count > 0 && e.countLabel ? t(lang, e.countLabel, { count }) : t(lang, e.label)}
          </a>
        );
      })}
    </nav>
  );
}

export interface PageProps {
  request: FastifyRequest;
  title: string;
  children: ComponentChildren;
  /** Reload the page after this many seconds (a queue's place, without JavaScript). */
  refreshSeconds?: number;
}

function Layout({ request, title, children, refreshSeconds }: PageProps) {
  const lang = request.lang;
  const other: Lang = lang === 'id' ? 'en' : 'id';
  const tenant = request.tenant;
  const base = request.basePath;
  const tenantName = tenant
    ? lang === 'en' && tenant.nameEn
      ? tenant.nameEn
      : tenant.name
    : t(lang, 'site.tagline');
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {refreshSeconds ? <meta http-equiv="refresh" content={String(refreshSeconds)} /> : null}
        <title>{`${title} — ${tenant ? tenantName : t(lang, 'site.name')}`}</title>
        <link rel="stylesheet" href="/static/styles.css" />
        <link rel="stylesheet" href={`${base}/theme.css`} />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t(lang, 'site.skip')}
        </a>
        <header class="site-header">
          <div class="container">
            <a class="brand" href={`${base}/`}>
              {t(lang, 'site.name')}
              <small>{tenantName}</small>
            </a>
            <HeaderNavigation request={request} />
            <nav class="lang-switch" aria-label={t(lang, 'site.language')}>
              <a href={languageSwitchHref(request, other)} hreflang={other} lang={other}>
                {t(lang, 'site.switch_language')}
              </a>
            </nav>
          </div>
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {request.pageBanner}
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t(lang, 'site.footer.about')}</p>
            <ul>
              <li>
                <a href="/.well-known/audit-checkpoints">{t(lang, 'site.footer.audit')}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(props: PageProps): string {
  return `<!doctype html>${renderToString(<Layout {...props} />)}`;
}

export function sendPage(reply: FastifyReply, props: PageProps, status = 200) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(renderPage(props));
}

export function renderErrorPage(
  request: FastifyRequest,
  status: number,
  title: string,
  detail?: string,
): string {
  const lang = request.lang;
  return renderPage({
    request,
    title,
    children: (
      <>
        <h1>{status === 404 ? t(lang, 'page.not_found.title') : title}</h1>
        <p>{status === 404 ? t(lang, 'page.not_found.body') : (detail ?? title)}</p>
        <p>
          <a href={`${request.basePath}/`}>{t(lang, 'site.home')}</a>
        </p>
      </>
    ),
  });
}
