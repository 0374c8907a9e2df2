// Public pages of tenancy: without a tenant, the chooser of governments; a tenant's home page: what
// the modules offer everyone (their 'tenant-home' entries in web/navigation.ts: searching the
// catalogue, filing and following reports, …) and the tenant's agencies, each with what the modules
// offer for it (its services). This module knows none of them: they registered their entries.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tenantContextOf } from '../../platform/http/request-context.js';
import type { TenantLookup } from '../../platform/http/tenant.js';
import { t } from '../../platform/i18n/index.js';
import { regionName } from '../../platform/regions/index.js';
import { sendPage } from '../../web/layout.js';
import { entryHref, type NavEntry, visibleEntries } from '../../web/navigation.js';
import { listAgencies } from './service.js';
import './strings.js';

/** A search form another module offers (GET, so it works without JavaScript and can be bookmarked). */
function SearchEntry({ request, entry }: { request: FastifyRequest; entry: NavEntry & { search: NonNullable<NavEntry['search']> } }) {
  const id = `search-${entry.search.name}`;
  return (
    <form class="search" method="get" action={entryHref(request, entry)} role="search">
      <label for={id}>{t(request.lang, entry.label)}</label>
      <div class="search-row">
        <input id={id} name={entry.search.name} type="search" maxLength={200} autoComplete="off" />
        <button type="submit">{t(request.lang, entry.search.button)}</button>
      </div>
    </form>
  );
}

export function registerTenancyPages(app: FastifyInstance, deps: { tenants: TenantLookup }) {
  app.get('/', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    if (!request.tenant) {
      const tenants = await deps.tenants.all();
      return sendPage(reply, {
        request,
        title: t(lang, 'home.tenants'),
        children: (
          <>
            <h1>{t(lang, 'home.tenants')}</h1>
            <p class="lead">{t(lang, 'home.tenants.intro')}</p>
            <ul class="card-list">
              {tenants.map((item) => (
                <li class="card" key={item.slug}>
                  <h2>
                    <a href={`/t/${item.slug}/`}>{lang === 'en' && item.nameEn ? item.nameEn : item.name}</a>
                  </h2>
                  <p class="meta">
                    {t(lang, `tenant.kind.${item.kind}`)}
                    {item.regionCode ? ` · ${regionName(item.regionCode)}` : ''}
                  </p>
                </li>
              ))}
            </ul>
          </>
        ),
      });
    }
    const { db, tenant } = tenantContextOf(request);
    const agencies = await listAgencies(db, tenant);
    const tenantName = lang === 'en' && tenant.nameEn ? tenant.nameEn : tenant.name;
    const offered = visibleEntries(request, 'tenant-home');
    const searches = offered.filter((e): e is NavEntry & { search: NonNullable<NavEntry['search']> } => e.search !== undefined);
    const links = offered.filter((e) => !e.search);
    const perAgency = visibleEntries(request, 'agency');
    return sendPage(reply, {
      request,
      title: t(lang, 'home.title', { tenant: tenantName }),
      children: (
        <>
          <h1>{t(lang, 'home.title', { tenant: tenantName })}</h1>
          <p class="lead">{t(lang, 'home.intro')}</p>
          {searches.map((e) => (
            <SearchEntry request={request} entry={e} key={e.path} />
          ))}
          {links.length > 0 && (
            <ul class="entry-list" id="home-entries">
              {links.map((e) => (
                <li key={e.path}>
                  <a href={entryHref(request, e)}>{t(lang, e.label)}</a>
                  {e.hint ? <p class="hint">{t(lang, e.hint)}</p> : null}
                </li>
              ))}
            </ul>
          )}
          <h2>{t(lang, 'home.agencies')}</h2>
          <p class="meta">{t(lang, agencies.length === 1 ? 'home.agencies.count.one' : 'home.agencies.count', { count: agencies.length })}</p>
          {agencies.length === 0 ? (
            <p>{t(lang, 'home.no_agencies')}</p>
          ) : (
            <ul class="card-list">
              {agencies.map((agency) => {
                const name = lang === 'en' && agency.nameEn ? agency.nameEn : agency.name;
                return (
                  <li class="card" key={agency.code}>
                    <h3>{name}</h3>
                    {agency.description ? <p>{lang === 'en' && agency.descriptionEn ? agency.descriptionEn : agency.description}</p> : null}
                    {perAgency.map((e) => (
                      <p key={e.path}>
                        <a href={entryHref(request, e, agency.code)}>{t(lang, e.label, { agency: name })}</a>
                      </p>
                    ))}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      ),
    });
  });
}
