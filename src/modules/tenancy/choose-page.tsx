// The portal root without a tenant: "Pilih pemerintah daerah / Choose your government". Provinces with
// the regencies and cities they named (tenants.parent_id), then the governments whose province is not
// on the installation; a GET search by region name (works without JavaScript, can be bookmarked); and
// the person's home region — from the signed-in citizen's profile (the source identity registers) or
// `?wilayah=<code>` (links from a tenant's pages carry it) — highlights their government.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TenantInfo } from '../../platform/http/tenant.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { regionName } from '../../platform/regions/index.js';
import { sendPage } from '../../web/layout.js';
import { homeRegionOf } from './home-region.js';
import './strings.js';

export const tenantName = (lang: Lang, tenant: Pick<TenantInfo, 'name' | 'nameEn'>) => (lang === 'en' && tenant.nameEn ? tenant.nameEn : tenant.name);

/** The tenant whose region holds `home` most closely (a city over its province), if any. */
export function tenantOfRegion<T extends Pick<TenantInfo, 'regionCode'>>(tenants: T[], home: string | undefined): T | undefined {
  if (!home) return undefined;
  const holds = (t: T) => t.regionCode !== null && (home === t.regionCode || home.startsWith(`${t.regionCode}.`));
  return tenants.filter(holds).sort((a, b) => b.regionCode!.length - a.regionCode!.length)[0];
}

const folded = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function matches(tenant: TenantInfo, q: string): boolean {
  const region = tenant.regionCode ? regionName(tenant.regionCode, '') : '';
  return [tenant.name, tenant.nameEn ?? '', region].some((text) => folded(text).includes(q));
}

function TenantLink({ request, tenant, home }: { request: FastifyRequest; tenant: TenantInfo; home?: TenantInfo }) {
  const yours = home?.id === tenant.id;
  return (
    <>
      <a href={`/t/${tenant.slug}/`} aria-current={yours ? 'true' : undefined}>
        {tenantName(request.lang, tenant)}
      </a>
      {yours ? <strong>{` ${t(request.lang, 'tenant.choose.yours_mark')}`}</strong> : null}
    </>
  );
}

function TenantMeta({ lang, tenant }: { lang: Lang; tenant: TenantInfo }) {
  return (
    <p class="meta">
      {t(lang, `tenant.kind.${tenant.kind}`)}
      {tenant.regionCode ? ` · ${regionName(tenant.regionCode)}` : ''}
    </p>
  );
}

function TenantCards({ request, tenants, home }: { request: FastifyRequest; tenants: TenantInfo[]; home?: TenantInfo }) {
  return (
    <ul class="card-list">
      {tenants.map((x) => (
        <li class="card" key={x.slug}>
          <TenantLink request={request} tenant={x} home={home} />
          <TenantMeta lang={request.lang} tenant={x} />
        </li>
      ))}
    </ul>
  );
}

export async function sendChooser(request: FastifyRequest, reply: FastifyReply, all: TenantInfo[]) {
  const lang = request.lang;
  const raw = (request.query as { q?: unknown } | undefined)?.q;
  const q = typeof raw === 'string' ? raw.trim().slice(0, 100) : '';
  const needle = folded(q);
  const home = tenantOfRegion(all, await homeRegionOf(request, request.tenant?.id ?? all[0]?.id));
  const byId = new Map(all.map((x) => [x.id, x]));
  const childrenOf = (p: TenantInfo) => all.filter((x) => x.parentId === p.id);
  const provinces = all.filter((x) => x.kind === 'province');
  // A province shows when it or one of its regencies matches; a matching province shows them all.
  const groups = provinces
    .map((p) => ({ province: p, children: needle === '' || matches(p, needle) ? childrenOf(p) : childrenOf(p).filter((c) => matches(c, needle)) }))
    .filter((g) => needle === '' || matches(g.province, needle) || g.children.length > 0);
  const others = all.filter((x) => x.kind !== 'province' && !(x.parentId && byId.get(x.parentId)?.kind === 'province') && (needle === '' || matches(x, needle)));
  const title = t(lang, 'home.tenants');
  return sendPage(reply, {
    request,
    title,
    children: (
      <>
        <h1>{title}</h1>
        <p class="lead">{t(lang, 'home.tenants.intro')}</p>
        <form class="search" method="get" action="/" role="search">
          <label for="tenant-q">{t(lang, 'tenant.choose.search')}</label>
          <p class="hint" id="tenant-q-hint">
            {t(lang, 'tenant.choose.search_hint')}
          </p>
          <div class="search-row">
            <input id="tenant-q" name="q" type="search" maxLength={100} value={q} aria-describedby="tenant-q-hint" autoComplete="off" />
            <button type="submit">{t(lang, 'tenant.choose.search_button')}</button>
          </div>
        </form>
        {home ? (
          <p class="notice" id="tenant-yours">
            {t(lang, 'tenant.choose.yours')}: <a href={`/t/${home.slug}/`}>{tenantName(lang, home)}</a>
          </p>
        ) : null}
        {q !== '' && groups.length === 0 && others.length === 0 ? (
          <p role="status">
            {t(lang, 'tenant.choose.none', { q })} <a href="/">{t(lang, 'tenant.choose.all')}</a>
          </p>
        ) : null}
        {groups.map(({ province, children }) => (
          <section class="card" key={province.slug} aria-labelledby={`tenant-${province.slug}`}>
            <h2 id={`tenant-${province.slug}`}>
              <TenantLink request={request} tenant={province} home={home} />
            </h2>
            <TenantMeta lang={lang} tenant={province} />
            {children.length > 0 ? (
              <>
                <h3>{t(lang, 'tenant.choose.regencies')}</h3>
                <TenantCards request={request} tenants={children} home={home} />
              </>
            ) : null}
          </section>
        ))}
        {others.length > 0 ? (
          <section aria-labelledby="tenant-others">
            <h2 id="tenant-others">{t(lang, 'tenant.choose.others')}</h2>
            <TenantCards request={request} tenants={others} home={home} />
          </section>
        ) : null}
      </>
    ),
  });
}
