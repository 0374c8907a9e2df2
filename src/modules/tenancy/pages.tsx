// Public pages of tenancy: without a tenant, the chooser of governments; a tenant's home page: what
// the modules offer everyone (their 'tenant-home' entries in web/navigation.ts: searching the
// catalogue, filing and following reports, …) and the tenant's agencies, each with what the modules
// offer for it (its services). This module knows none of them: they registered their entries.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tenantContextOf } from '../../platform/http/request-context.js';
import type { TenantInfo, TenantLookup } from '../../platform/http/tenant.js';
import { t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { entryHref, type NavEntry, visibleEntries } from '../../web/navigation.js';
import { sendChooser, tenantName as nameOf } from './choose-page.js';
import { homeRegionOf } from './home-region.js';
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

/**
 * A regency's or city's province, a province's regencies and cities (those on this installation), and
 * the way to the chooser (with the person's home region, which it highlights).
 */
function Hierarchy({ request, tenant, all, home }: { request: FastifyRequest; tenant: TenantInfo; all: TenantInfo[]; home: string | undefined }) {
  const lang = request.lang;
  const parent = tenant.parentId ? all.find((x) => x.id === tenant.parentId) : undefined;
  const children = all.filter((x) => x.parentId === tenant.id);
  const href = (x: TenantInfo) => `/t/${x.slug}/`;
  return (
    <nav class="tenant-hierarchy" aria-label={t(lang, 'tenant.home.choose')}>
      {parent ? (
        <p id="tenant-parent">
          {t(lang, 'tenant.home.province', { province: '' })}
          <a href={href(parent)}>{nameOf(lang, parent)}</a>
        </p>
      ) : null}
      {children.length > 0 ? (
        <>
          <p id="tenant-children-title">{t(lang, 'tenant.home.regencies', { province: nameOf(lang, tenant) })}</p>
          <ul id="tenant-children" aria-labelledby="tenant-children-title">
            {children.map((c) => (
              <li key={c.slug}>
                <a href={href(c)}>{nameOf(lang, c)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href={home ? `/?wilayah=${encodeURIComponent(home)}` : '/'}>{t(lang, 'tenant.home.choose')}</a>
      </p>
    </nav>
  );
}

export function registerTenancyPages(app: FastifyInstance, deps: { tenants: TenantLookup }) {
  app.get('/', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    if (!request.tenant) return sendChooser(request, reply, await deps.tenants.all());
    const { db, tenant } = tenantContextOf(request);
    const [agencies, all] = await Promise.all([listAgencies(db, tenant), deps.tenants.all()]);
    const tenantName = nameOf(lang, tenant);
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
          <Hierarchy request={request} tenant={tenant} all={all} home={await homeRegionOf(request)} />
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
