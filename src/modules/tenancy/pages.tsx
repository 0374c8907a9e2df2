// Public pages of tenancy: the tenant's home page (its agencies) and, without a tenant, the chooser.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/index.js';
import { t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import type { TenantLookup } from '../../platform/http/tenant.js';
import { listAgencies } from './service.js';
import './strings.js';

export function registerTenancyPages(app: FastifyInstance, deps: { db: Db; tenants: TenantLookup }) {
  app.get('/', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    const tenant = request.tenant;
    if (!tenant) {
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
                    {item.regionCode ? ` · ${item.regionCode}` : ''}
                  </p>
                </li>
              ))}
            </ul>
          </>
        ),
      });
    }
    const agencies = await listAgencies(deps.db, tenant);
    const tenantName = lang === 'en' && tenant.nameEn ? tenant.nameEn : tenant.name;
    return sendPage(reply, {
      request,
      title: t(lang, 'home.title', { tenant: tenantName }),
      children: (
        <>
          <h1>{t(lang, 'home.title', { tenant: tenantName })}</h1>
          <p class="lead">{t(lang, 'home.intro')}</p>
          {/* The catalogue's search (a plain GET form, so this module needs nothing from catalog). */}
          <form class="search" method="get" action={`${request.basePath}/layanan/cari`} role="search">
            <label for="q">{t(lang, 'catalog.search.label')}</label>
            <div class="search-row">
              <input id="q" name="q" type="search" maxLength={200} autoComplete="off" />
              <button type="submit">{t(lang, 'catalog.search.button')}</button>
            </div>
          </form>
          <p>
            <a href={`${request.basePath}/layanan`}>{t(lang, 'catalog.title')}</a>
          </p>
          <h2>{t(lang, 'home.agencies')}</h2>
          <p class="meta">{t(lang, 'home.agencies.count', { count: agencies.length })}</p>
          {agencies.length === 0 ? (
            <p>{t(lang, 'home.no_agencies')}</p>
          ) : (
            <ul class="card-list">
              {agencies.map((agency) => (
                <li class="card" key={agency.code}>
                  <h3>{lang === 'en' && agency.nameEn ? agency.nameEn : agency.name}</h3>
                  {agency.description ? (
                    <p>{lang === 'en' && agency.descriptionEn ? agency.descriptionEn : agency.description}</p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    });
  });
}
