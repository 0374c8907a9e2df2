// Public pages of the catalogue (mobile first, no JavaScript needed): the catalogue home, browsing
// by agency, category and life event, search, a service's standard (delivery components first, the
// management components on a second tab reached by a plain link), and commenting on a draft.
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { readFromReplica, tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, handleForm, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { listAgencies } from '../tenancy/index.js';
import {
  CATEGORIES,
  type Category,
  DELIVERY_COMPONENTS,
  LIFE_EVENTS,
  type LifeEvent,
  LIST_COMPONENTS,
  lines,
  MANAGEMENT_COMPONENTS,
  pick,
  type ServiceDefinition,
} from './model.js';
import { servicePath } from './routes.js';
import { addComment, getDraftForComment, getServiceByCode, listServices, type PublicService, searchServices } from './service.js';
import './strings.js';
import { type ServicePageAction, servicePageActions } from './service-page-actions.js';

const publicPolicy: FastifyContextConfig = { policy: 'public' };

export function formatFee(lang: Lang, fee: number | null): string {
  if (!fee) return t(lang, 'catalog.fee.free');
  return t(lang, 'catalog.fee.amount', { amount: fee.toLocaleString(lang === 'en' ? 'en-US' : 'id-ID') });
}

const rp = (lang: Lang, n: number) => n.toLocaleString(lang === 'en' ? 'en-US' : 'id-ID');

/** The fee as the standard states it: one amount, a price per unit ("Rp10.000 per m²"), or a table of amounts. */
function FeeFigure({ lang, def }: { lang: Lang; def: ServiceDefinition }) {
  const rule = def.feeRule;
  if (!rule || rule.kind === 'fixed') return <p class="figure">{formatFee(lang, def.fee)}</p>;
  if (rule.kind === 'per_unit') {
    return (
      <>
        <p class="figure">
          {t(lang, 'catalog.fee.per_unit', { price: rp(lang, rule.unitPrice), unit: pick(rule.unit, lang) })}
          {rule.minimum ? `, ${t(lang, 'catalog.fee.minimum', { amount: rp(lang, rule.minimum) })}` : ''}
        </p>
        <p class="meta">{t(lang, 'catalog.fee.by_unit_hint')}</p>
      </>
    );
  }
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t(lang, 'catalog.fee.table_choice')}</th>
          <th scope="col">{t(lang, 'catalog.fee.table_amount')}</th>
        </tr>
      </thead>
      <tbody>
        {rule.rows.map((row) => (
          <tr key={row.value}>
            <td>{pick(row.label, lang)}</td>
            <td>{formatFee(lang, row.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "3 hari kerja" / "1 working day", "3 working days": Indonesian has no plural, English does. */
export function workingDays(lang: Lang, days: number): string {
  return t(lang, days === 1 ? 'catalog.days.one' : 'catalog.days', { days });
}

function serviceCount(lang: Lang, count: number): string {
  return t(lang, count === 1 ? 'catalog.services.count.one' : 'catalog.services.count', { count });
}

function formatDate(lang: Lang, date: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

function ServiceList({ request, items, ordered }: { request: FastifyRequest; items: PublicService[]; ordered?: boolean }) {
  const lang = request.lang;
  if (items.length === 0) return <p>{t(lang, 'catalog.services.none')}</p>;
  const cards = items.map((s) => (
    <li class="card" key={s.id}>
      <h3>
        <a href={`${request.basePath}${servicePath(s)}`}>{pick(s.name, lang)}</a>
      </h3>
      <p>{pick(s.summary, lang)}</p>
      <p class="meta">
        {lang === 'en' && s.agency.nameEn ? s.agency.nameEn : s.agency.name} · {workingDays(lang, s.completionDays ?? 0)} ·{' '}
        {formatFee(lang, s.fee)}
      </p>
    </li>
  ));
  return ordered ? <ol class="card-list steps">{cards}</ol> : <ul class="card-list">{cards}</ul>;
}

function SearchForm({ request, q }: { request: FastifyRequest; q?: string }) {
  const lang = request.lang;
  return (
    <form class="search" method="get" action={`${request.basePath}/layanan/cari`} role="search">
      <label for="q">{t(lang, 'site.search.label')}</label>
      <div class="search-row">
        <input id="q" name="q" type="search" value={q ?? ''} maxLength={200} autoComplete="off" />
        <button type="submit">{t(lang, 'site.search.button')}</button>
      </div>
    </form>
  );
}

function Component({ lang, def, keyName }: { lang: Lang; def: ServiceDefinition; keyName: (typeof DELIVERY_COMPONENTS)[number] | (typeof MANAGEMENT_COMPONENTS)[number] }) {
  const title = t(lang, `catalog.comp.${keyName}`);
  const text = pick(def.components[keyName], lang);
  let body;
  if (keyName === 'persyaratan') {
    body = (
      <ul class="checklist">
        {lines(text).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    );
  } else if (keyName === 'prosedur') {
    body = (
      <ol class="procedure">
        {lines(text).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ol>
    );
  } else if (LIST_COMPONENTS.includes(keyName)) {
    body = (
      <ul>
        {lines(text).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    );
  } else if (keyName === 'jangka_waktu') {
    body = (
      <>
        <p class="figure">{workingDays(lang, def.completionDays ?? 0)}</p>
        {text ? <p>{text}</p> : null}
      </>
    );
  } else if (keyName === 'biaya') {
    body = (
      <>
        <FeeFigure lang={lang} def={def} />
        {text ? <p>{text}</p> : null}
      </>
    );
  } else {
    body = <p>{text}</p>;
  }
  return (
    <section class="component" id={`komponen-${keyName}`}>
      <h3>{title}</h3>
      {body}
    </section>
  );
}

function Standard({ request, def, tab, tabBase }: { request: FastifyRequest; def: ServiceDefinition; tab: 'pelayanan' | 'pengelolaan'; tabBase: string }) {
  const lang = request.lang;
  const keys = tab === 'pelayanan' ? DELIVERY_COMPONENTS : MANAGEMENT_COMPONENTS;
  return (
    <>
      <nav class="tabs" aria-label={t(lang, 'catalog.tabs')}>
        <a href={tabBase} aria-current={tab === 'pelayanan' ? 'page' : undefined}>
          {t(lang, 'catalog.tab.delivery')}
        </a>
        <a href={`${tabBase}?tab=pengelolaan`} aria-current={tab === 'pengelolaan' ? 'page' : undefined}>
          {t(lang, 'catalog.tab.management')}
        </a>
      </nav>
      <h2>{tab === 'pelayanan' ? t(lang, 'catalog.tab.delivery') : t(lang, 'catalog.tab.management')}</h2>
      {keys.map((k) => (
        <Component lang={lang} def={def} keyName={k} key={k} />
      ))}
    </>
  );
}

function Channels({ request, s, actions }: { request: FastifyRequest; s: ServiceDefinition; actions: ServicePageAction[] }) {
  const lang = request.lang;
  return (
    <section class="channels">
      <h2>{t(lang, 'catalog.channels')}</h2>
      <p>{t(lang, `catalog.channel.${s.channel}`)}</p>
      {/* What other modules offer for this service (applications: apply online); otherwise how to apply. */}
      {actions.length > 0 ? (
        actions.map((a) => (
          <p key={a.href}>
            <a class="button" href={a.href}>
              {a.label}
            </a>
            {a.hint ? <span class="hint"> {a.hint}</span> : null}
          </p>
        ))
      ) : (
        <p>{t(lang, 'catalog.apply_how')}</p>
      )}
      {s.hall && s.channel !== 'online' ? (
        <dl>
          <dt>{s.hall.name}</dt>
          <dd>
            {t(lang, 'catalog.hall.address')}: {s.hall.address}
          </dd>
          <dd>
            {t(lang, 'catalog.hall.hours')}: {s.hall.hours}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}

const agencyName = (lang: Lang, a: { name: string; nameEn: string | null }) => (lang === 'en' && a.nameEn ? a.nameEn : a.name);

export function registerCatalogPages(app: FastifyInstance) {
  const notFound = () => new DomainError('catalog.service_not_found', 404, 'error.catalog.service_not_found');

  app.get('/layanan', { config: publicPolicy, schema: { hide: true } }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const [services, agencies] = await readFromReplica(request, ctx, (replica) => Promise.all([listServices(replica), listAgencies(replica.db, replica.tenant)]));
    const count = (f: (s: PublicService) => boolean) => services.filter(f).length;
    const base = `${request.basePath}/layanan`;
    return sendPage(reply, {
      request,
      title: t(lang, 'site.catalog'),
      children: (
        <>
          <h1>{t(lang, 'site.catalog')}</h1>
          <p class="lead">{t(lang, 'catalog.intro')}</p>
          <SearchForm request={request} />
          <h2>{t(lang, 'catalog.browse.life_event')}</h2>
          <ul class="link-list">
            {LIFE_EVENTS.filter((e) => count((s) => s.lifeEvents.some((le) => le.event === e)) > 0).map((e) => (
              <li key={e}>
                <a href={`${base}/peristiwa/${e}`}>{t(lang, `catalog.event.${e}`)}</a>
              </li>
            ))}
          </ul>
          <h2>{t(lang, 'catalog.browse.category')}</h2>
          <ul class="link-list">
            {CATEGORIES.filter((c) => count((s) => s.category === c) > 0).map((c) => (
              <li key={c}>
                <a href={`${base}/kategori/${c}`}>{t(lang, `catalog.cat.${c}`)}</a>{' '}
                <span class="meta">({serviceCount(lang, count((s) => s.category === c))})</span>
              </li>
            ))}
          </ul>
          <h2>{t(lang, 'catalog.browse.agency')}</h2>
          <ul class="link-list">
            {agencies
              .filter((a) => count((s) => s.agency.id === a.id) > 0)
              .map((a) => (
                <li key={a.code}>
                  <a href={`${base}/instansi/${a.code}`}>{agencyName(lang, a)}</a>{' '}
                  <span class="meta">({serviceCount(lang, count((s) => s.agency.id === a.id))})</span>
                </li>
              ))}
          </ul>
          <p>
            <a href={`${request.basePath}/api/v1/open-data/services.json`}>{t(lang, 'catalog.open_data')}</a> ·{' '}
            <a href={`${request.basePath}/api/v1/open-data/services.csv`}>CSV</a>
          </p>
        </>
      ),
    });
  });

  app.get<{ Querystring: { q?: string } }>(
    '/layanan/cari',
    { config: publicPolicy, schema: { hide: true, querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 } } } } },
    async (request, reply) => {
      const lang = request.lang;
      const q = (request.query.q ?? '').trim();
      const hits = q === '' ? [] : await readFromReplica(request, tenantContextOf(request), (ctx) => searchServices(ctx, q, 20));
      const title = q === '' ? t(lang, 'site.search.label') : t(lang, hits.length === 1 ? 'catalog.search.results.one' : 'catalog.search.results', { count: hits.length, q });
      return sendPage(reply, {
        request,
        title,
        children: (
          <>
            <h1>{t(lang, 'site.search.label')}</h1>
            <SearchForm request={request} q={q} />
            {q === '' ? (
              <p>{t(lang, 'catalog.search.empty')}</p>
            ) : hits.length === 0 ? (
              <p>{t(lang, 'catalog.search.none', { q })}</p>
            ) : (
              <>
                <p class="meta" role="status">
                  {t(lang, hits.length === 1 ? 'catalog.search.results.one' : 'catalog.search.results', { count: hits.length, q })}
                </p>
                <ServiceList request={request} items={hits.map((h) => h.service)} ordered />
              </>
            )}
          </>
        ),
      });
    },
  );

  const browse = (title: (lang: Lang) => string, items: PublicService[], request: FastifyRequest, reply: FastifyReply, intro?: string, ordered = false) =>
    sendPage(reply, {
      request,
      title: title(request.lang),
      children: (
        <>
          <p class="breadcrumb">
            <a href={`${request.basePath}/layanan`}>{t(request.lang, 'site.catalog')}</a>
          </p>
          <h1>{title(request.lang)}</h1>
          {intro ? <p class="lead">{intro}</p> : null}
          <ServiceList request={request} items={items} ordered={ordered} />
        </>
      ),
    });

  app.get<{ Params: { agency: string } }>('/layanan/instansi/:agency', { config: publicPolicy, schema: { hide: true } }, async (request, reply) => {
    const ctx = tenantContextOf(request);
    const agency = (await listAgencies(ctx.db, ctx.tenant)).find((a) => a.code === request.params.agency);
    if (!agency) throw notFound();
    const items = await listServices(ctx, { agencyCode: agency.code });
    return browse((lang) => agencyName(lang, agency), items, request, reply, agency.description ?? undefined);
  });

  app.get<{ Params: { category: string } }>('/layanan/kategori/:category', { config: publicPolicy, schema: { hide: true } }, async (request, reply) => {
    const category = request.params.category as Category;
    if (!CATEGORIES.includes(category)) throw notFound();
    const items = await listServices(tenantContextOf(request), { category });
    return browse((lang) => t(lang, `catalog.cat.${category}`), items, request, reply);
  });

  app.get<{ Params: { event: string } }>('/layanan/peristiwa/:event', { config: publicPolicy, schema: { hide: true } }, async (request, reply) => {
    const event = request.params.event as LifeEvent;
    if (!LIFE_EVENTS.includes(event)) throw notFound();
    const items = await listServices(tenantContextOf(request), { lifeEvent: event });
    return browse((lang) => t(lang, `catalog.event.${event}`), items, request, reply, t(request.lang, 'catalog.life_event.intro'), true);
  });

  app.get<{ Params: { agency: string; code: string }; Querystring: { tab?: string } }>(
    '/layanan/:agency/:code',
    { config: publicPolicy, schema: { hide: true } },
    async (request, reply) => {
      const lang = request.lang;
      const s = await getServiceByCode(tenantContextOf(request), request.params.agency, request.params.code);
      const tab = request.query.tab === 'pengelolaan' ? 'pengelolaan' : 'pelayanan';
      const path = `${request.basePath}${servicePath(s)}`;
      const actions = await servicePageActions(request, s);
      return sendPage(reply, {
        request,
        title: pick(s.name, lang),
        children: (
          <>
            <p class="breadcrumb">
              <a href={`${request.basePath}/layanan`}>{t(lang, 'site.catalog')}</a> ›{' '}
              <a href={`${request.basePath}/layanan/instansi/${s.agency.code}`}>{agencyName(lang, s.agency)}</a>
            </p>
            <h1>{pick(s.name, lang)}</h1>
            <p class="lead">{pick(s.summary, lang)}</p>
            <ul class="service-facts">
              <li>
                <strong>{t(lang, 'catalog.comp.jangka_waktu')}:</strong> {workingDays(lang, s.completionDays ?? 0)}
              </li>
              <li>
                <strong>{t(lang, 'catalog.comp.biaya')}:</strong> {formatFee(lang, s.fee)}
              </li>
              <li>
                <strong>{t(lang, 'catalog.assurance')}:</strong> {t(lang, `catalog.assurance.${s.minAssurance}`)}
              </li>
            </ul>
            <Standard request={request} def={s} tab={tab} tabBase={path} />
            <Channels request={request} s={s} actions={actions} />
            <footer class="standard-meta meta">
              {s.sk ? <p>{t(lang, 'catalog.sk', { number: s.sk.number, date: formatDate(lang, s.sk.date) })}</p> : null}
              {s.reviewDate ? <p>{t(lang, 'catalog.review_date', { date: formatDate(lang, s.reviewDate) })}</p> : null}
              <p>{t(lang, 'catalog.version', { version: s.version, date: formatDate(lang, s.effectiveFrom) })}</p>
            </footer>
          </>
        ),
      });
    },
  );

  // A draft open for public comment (UU 25/2009 Pasal 20): the draft standard and a comment form.
  const draftPage = async (request: FastifyRequest, reply: FastifyReply, state: { errors?: FieldError[]; values?: FormValues; thanks?: boolean }, status = 200) => {
    const lang = request.lang;
    const row = await getDraftForComment(tenantContextOf(request), (request.params as { id: string }).id);
    return sendPage(
      reply,
      {
        request,
        title: t(lang, 'catalog.draft.title', { name: pick(row.draft.name, lang) }),
        children: (
          <>
            <h1>{t(lang, 'catalog.draft.title', { name: pick(row.draft.name, lang) })}</h1>
            <p class="lead">{t(lang, 'catalog.draft.intro')}</p>
            {state.thanks ? (
              <p class="notice" role="status">
                {t(lang, 'catalog.comment.thanks')}
              </p>
            ) : null}
            <ErrorSummary lang={lang} errors={state.errors} />
            <Form request={request} action={`${request.basePath}/layanan/draf/${row.id}`} class="stack">
              <Field name="authorName" label={t(lang, 'catalog.comment.name')} lang={lang} errors={state.errors} value={state.values?.authorName} maxLength={120} required={false} />
              <TextArea name="body" label={t(lang, 'catalog.comment.body')} lang={lang} errors={state.errors} value={state.values?.body} maxLength={4000} />
              <button type="submit">{t(lang, 'catalog.comment.submit')}</button>
            </Form>
            {DELIVERY_COMPONENTS.concat(MANAGEMENT_COMPONENTS as never).map((k) => (
              <Component lang={lang} def={row.draft} keyName={k} key={k} />
            ))}
          </>
        ),
      },
      status,
    );
  };

  app.get<{ Params: { id: string }; Querystring: { terkirim?: string } }>(
    '/layanan/draf/:id',
    { config: publicPolicy, schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } },
    (request, reply) => draftPage(request, reply, { thanks: request.query.terkirim === '1' }),
  );

  app.post<{ Params: { id: string } }>(
    '/layanan/draf/:id',
    { config: publicPolicy, schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } },
    handleForm({
      act: async (request, values) => {
        const { id } = request.params as { id: string };
        await addComment(tenantContextOf(request), id, { authorName: values.authorName ?? '', body: values.body ?? '' });
        return `${request.basePath}/layanan/draf/${id}?terkirim=1`;
      },
      show: (request, reply, values, errors, status) => draftPage(request, reply, { errors, values }, status),
    }),
  );
}
