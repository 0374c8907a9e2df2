// The public portal (no JavaScript needed): /data lists the tenant's published datasets with a search
// box and a publisher filter (a GET form, paged with ?halaman=), /data/<name> one dataset with its
// metadata, its two resources and every earlier version, /data/<name>/unduh/<csv|json>[?versi=N] the
// download, and /catalog.jsonld the DCAT-AP catalogue.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { attachmentDisposition } from '../../platform/files/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { findRegion, REGION_ATTRIBUTION } from '../../platform/regions/index.js';
import { Field, Select } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { manageOf } from './access.js';
import { buildCatalog } from './dcat.js';
import { LICENSE_INFO } from './licenses.js';
import { type Dataset, getDataset, listDatasets, listOrganizations, openVersion } from './service.js';
import './strings.js';

const hide = { hide: true } as const;
const pub = { policy: 'open_data.public' } as const;
const PER_PAGE = 20;
/** The catalogue lists at most this many datasets (a tenant publishes tens, not thousands). */
const CATALOG_MAX = 1000;

const formatDate = (lang: Lang, at: Date, timeZone: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);
const formatDay = (lang: Lang, day: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
const formatBytes = (lang: Lang, n: number) => `${(n / 1024).toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 })} KB`;

export function siteOf(publicBaseUrl: string, request: FastifyRequest): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/t/${tenantContextOf(request).tenant.slug}`;
}

export function DatasetFacts({ d, lang }: { d: Dataset; lang: Lang }) {
  const license = LICENSE_INFO[d.licenseId];
  return (
    <dl class="facts">
      <dt>{t(lang, 'od.field.publisher')}</dt>
      <dd>{(lang === 'en' && d.publisher.titleEn) || d.publisher.title}</dd>
      <dt>{t(lang, 'od.field.license')}</dt>
      <dd>
        <a href={license.url}>{license.title}</a>
        {license.attribution ? <p class="meta">{license.attribution}</p> : null}
      </dd>
      <dt>{t(lang, 'od.field.frequency')}</dt>
      <dd>{t(lang, `od.frequency.${d.frequency}` as 'od.frequency.DAILY')}</dd>
      <dt>{t(lang, 'od.field.temporal')}</dt>
      <dd>{d.temporal.start || d.temporal.end ? `${d.temporal.start ? formatDay(lang, d.temporal.start) : '…'} – ${d.temporal.end ? formatDay(lang, d.temporal.end) : '…'}` : t(lang, 'od.unknown')}</dd>
      <dt>{t(lang, 'od.field.spatial')}</dt>
      <dd>{d.spatialCode ? `${findRegion(d.spatialCode)?.name ?? d.spatialCode} (${t(lang, 'od.region_code')} ${d.spatialCode})` : t(lang, 'od.unknown')}</dd>
      <dt>{t(lang, 'od.field.keywords')}</dt>
      <dd>{d.keywords.length > 0 ? d.keywords.join(', ') : t(lang, 'od.unknown')}</dd>
      <dt>{t(lang, 'od.field.source')}</dt>
      <dd>{t(lang, d.source === 'auto' ? 'od.source.auto' : 'od.source.upload')}</dd>
      <dt>{t(lang, 'od.field.columns')}</dt>
      <dd>{d.columns.map((c) => `${c.name} (${t(lang, `od.type.${c.type}` as 'od.type.text')})`).join(', ')}</dd>
    </dl>
  );
}

export function registerOpenDataPages(app: FastifyInstance, publicBaseUrl: string) {
  app.get('/data', { schema: hide, config: pub }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const q = request.query as Record<string, string | undefined>;
    const words = (q.q ?? '').trim().slice(0, 200);
    const organizations = await listOrganizations(ctx);
    const publisher = organizations.find((o) => o.name === q.penerbit)?.name;
    const page = Math.max(1, Math.min(1000, Number.parseInt(q.halaman ?? '1', 10) || 1));
    const { count, datasets } = await listDatasets(ctx, {
      words: words.split(/\s+/).filter((w) => w !== ''),
      ...(publisher ? { organizations: [publisher] } : {}),
      sort: 'title',
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    });
    const base = `${request.basePath}/data`;
    const pageLink = (n: number) => `${base}?${new URLSearchParams({ ...(words ? { q: words } : {}), ...(publisher ? { penerbit: publisher } : {}), halaman: String(n) })}`;
    const title = t(lang, 'od.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'od.intro')}</p>
          <form method="get" action={base} class="filters" role="search">
            <Field name="q" type="search" label={t(lang, 'od.search')} lang={lang} value={words} maxLength={200} required={false} />
            <Select
              name="penerbit"
              label={t(lang, 'od.field.publisher')}
              lang={lang}
              value={publisher ?? ''}
              emptyLabel={t(lang, 'od.all_publishers')}
              options={organizations.filter((o) => o.datasets > 0 || o.name === publisher).map((o) => ({ value: o.name, label: `${(lang === 'en' && o.titleEn) || o.title} (${o.datasets})` }))}
            />
            <button class="button secondary" type="submit">
              {t(lang, 'od.search.submit')}
            </button>
          </form>
          <p role="status">{t(lang, 'od.count', { count })}</p>
          {datasets.length === 0 ? (
            <p>{t(lang, 'od.none')}</p>
          ) : (
            <ul class="card-list">
              {datasets.map((d) => (
                <li class="card" key={d.id}>
                  <h2>
                    <a href={`${base}/${d.name}`}>{d.title}</a>
                  </h2>
                  <p>{d.description.length > 200 ? `${d.description.slice(0, 200)}…` : d.description}</p>
                  <p class="meta">
                    {(lang === 'en' && d.publisher.titleEn) || d.publisher.title} · {LICENSE_INFO[d.licenseId].title} · {t(lang, 'od.updated')}: {formatDate(lang, d.modifiedAt, ctx.tenant.timeZone)}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <nav aria-label={t(lang, 'od.pages')}>
            {page > 1 ? <a href={pageLink(page - 1)}>{t(lang, 'od.previous')}</a> : null} {page * PER_PAGE < count ? <a href={pageLink(page + 1)}>{t(lang, 'od.next')}</a> : null}
          </nav>
          <h2>{t(lang, 'od.machine')}</h2>
          <p>{t(lang, 'od.machine_hint')}</p>
          <ul>
            <li>
              <a href={`${request.basePath}/api/3/action/package_list`}>CKAN Action API</a>
            </li>
            <li>
              <a href={`${request.basePath}/catalog.jsonld`}>DCAT-AP 3.0 (JSON-LD)</a>
            </li>
          </ul>
        </>
      ),
    });
  });

  app.get<{ Params: { name: string } }>('/data/:name', { schema: hide, config: pub }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const d = await getDataset(ctx, { idOrName: request.params.name, manage: manageOf(request) });
    const base = `${request.basePath}/data/${d.name}`;
    const latest = d.versions[0];
    return sendPage(reply, {
      request,
      title: d.title,
      children: (
        <>
          <p class="breadcrumb">
            <a href={`${request.basePath}/data`}>{t(lang, 'od.back')}</a>
          </p>
          <h1>{d.title}</h1>
          <p>{d.description}</p>
          <DatasetFacts d={d} lang={lang} />
          <h2>{t(lang, 'od.resources')}</h2>
          {latest ? (
            <ul>
              <li>
                <a href={`${base}/unduh/csv`} download>
                  {t(lang, 'od.download', { format: 'CSV', version: latest.version })}
                </a>{' '}
                ({formatBytes(lang, latest.bytes)}, {t(lang, 'od.rows', { count: latest.rows })})
              </li>
              <li>
                <a href={`${base}/unduh/json`} download>
                  {t(lang, 'od.download', { format: 'JSON', version: latest.version })}
                </a>
              </li>
            </ul>
          ) : (
            <p>{t(lang, 'od.unpublished')}</p>
          )}
          {latest && latest.suppressedCells > 0 ? <p class="notice">{t(lang, 'od.suppressed', { count: latest.suppressedCells })}</p> : null}
          <h2>{t(lang, 'od.versions')}</h2>
          {d.versions.length === 0 ? (
            <p>{t(lang, 'od.unpublished')}</p>
          ) : (
            <table>
              <caption class="visually-hidden">{t(lang, 'od.versions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'od.version')}</th>
                  <th scope="col">{t(lang, 'od.published_at')}</th>
                  <th scope="col">{t(lang, 'od.rows_heading')}</th>
                  <th scope="col">{t(lang, 'od.files')}</th>
                </tr>
              </thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.version}>
                    <td>{v.version}</td>
                    <td>{formatDate(lang, v.createdAt, ctx.tenant.timeZone)}</td>
                    <td>{v.rows}</td>
                    <td>
                      <a href={`${base}/unduh/csv?versi=${v.version}`} aria-label={t(lang, 'od.download', { format: 'CSV', version: v.version })}>
                        CSV
                      </a>{' '}
                      <a href={`${base}/unduh/json?versi=${v.version}`} aria-label={t(lang, 'od.download', { format: 'JSON', version: v.version })}>
                        JSON
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.spatialCode || d.columns.some((c) => c.type === 'region') ? <p class="meta">{REGION_ATTRIBUTION}</p> : null}
          {manageOf(request)(d.source === 'upload' ? d.publisher.id : null) && d.source === 'upload' ? (
            <p>
              <a href={`${request.basePath}/kelola/data/${d.id}`}>{t(lang, 'od.manage.open')}</a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  app.get<{ Params: { name: string; format: string } }>('/data/:name/unduh/:format', { schema: hide, config: pub }, async (request, reply) => {
    const format = request.params.format;
    const versi = (request.query as Record<string, string | undefined>).versi;
    const version = versi !== undefined && /^\d{1,9}$/.test(versi) ? Number(versi) : undefined;
    if ((format !== 'csv' && format !== 'json') || (versi !== undefined && version === undefined)) return reply.callNotFound();
    const file = await openVersion(tenantContextOf(request), { idOrName: request.params.name, format, ...(version ? { version } : {}) });
    return reply
      .type(file.contentType)
      .header('content-disposition', attachmentDisposition(file.filename))
      .header('x-content-type-options', 'nosniff')
      .header('access-control-allow-origin', '*')
      .header('cache-control', version ? 'public, max-age=86400' : 'public, max-age=300')
      .send(file.body);
  });

  app.get('/catalog.jsonld', { schema: hide, config: pub }, async (request, reply) => {
    const ctx = tenantContextOf(request);
    const { datasets } = await listDatasets(ctx, { sort: 'name', limit: CATALOG_MAX, offset: 0 });
    return reply
      .type('application/ld+json; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=300')
      .send(JSON.stringify(buildCatalog(ctx, siteOf(publicBaseUrl, request), datasets)));
  });
}
