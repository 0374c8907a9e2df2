// The public list of information (no JavaScript needed): /dip shows the tenant's items in force by
// class (a GET form filters by agency and class; each class pages on with its cursor), /dip/<id> one
// item with its documents, and /dip/<id>/dokumen/<file>/unduh the download (exempt items' documents
// are refused but to the PPID keeping them).
import type { FastifyInstance } from 'fastify';
import { parseCursor } from '../../platform/cursor.js';
import { DomainError } from '../../platform/errors.js';
import { type FileStore, sendFileDownload } from '../../platform/files/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { Select } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { listAgencies } from '../tenancy/index.js';
import { manageOf } from './access.js';
import type { InformationClass } from '../../db/schema-information-list.js';
import { CLASSES, getInformation, type InformationItem, listInformation, listInformationByClass, openInformationDocument } from './service.js';
import { agencyName, DocumentList, formatInstant, ItemFacts, UpdateFlag } from './view.js';
import './strings.js';

const hide = { hide: true } as const;
const pub = { policy: 'information_list.public' } as const;
/** Items shown per class on the overview; a class on its own pages on with its cursor. */
const PER_CLASS = 50;

/** An agency code the tenant does not have (a stale or mistyped address) shows the whole list. */
function unknownAgencyAsAll(error: unknown): undefined {
  if (error instanceof DomainError && error.code === 'information_list.unknown_agency') return undefined;
  throw error;
}

export function registerInformationPages(app: FastifyInstance, store: FileStore) {
  app.get('/dip', { schema: hide, config: pub }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const q = request.query as Record<string, string | undefined>;
    const only = CLASSES.find((c) => c === q.kelas);
    // A cursor that is not one the list gave is ignored here (the first page), as a typo in the address would be.
    const cursor = only && q.setelah && parseCursor(q.setelah) ? q.setelah : undefined;
    // The overview reads every class in one go (with the agencies); a class on its own pages on.
    const overview = only ? undefined : await listInformationByClass(ctx, { agency: q.instansi || undefined, perClass: PER_CLASS }).catch(unknownAgencyAsAll);
    const agencies = overview?.agencies ?? (await listAgencies(ctx.db, ctx.tenant));
    const agency = agencies.find((a) => a.code === q.instansi)?.code;
    const groups = only
      ? [{ cls: only, ...(await listInformation(ctx, { class: only, agency, cursor, limit: PER_CLASS })) }]
      : Object.entries((overview ?? (await listInformationByClass(ctx, { perClass: PER_CLASS }))).classes).map(([cls, page]) => ({ cls: cls as InformationClass, ...page }));
    const base = `${request.basePath}/dip`;
    const query = (extra: Record<string, string | undefined>) => {
      const params = new URLSearchParams(Object.entries({ instansi: agency, ...extra }).filter((e): e is [string, string] => e[1] !== undefined));
      return params.size > 0 ? `${base}?${params}` : base;
    };
    const title = t(lang, 'dip.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'dip.intro')}</p>
          <form method="get" action={base} class="filters">
            <h2>{t(lang, 'dip.filter')}</h2>
            <Select name="instansi" label={t(lang, 'dip.filter.agency')} lang={lang} value={agency ?? ''} emptyLabel={t(lang, 'dip.filter.all_agencies')} options={agencies.map((a) => ({ value: a.code, label: (lang === 'en' && a.nameEn) || a.name }))} />
            <Select name="kelas" label={t(lang, 'dip.field.class')} lang={lang} value={only ?? ''} emptyLabel={t(lang, 'dip.filter.all_classes')} options={CLASSES.map((c) => ({ value: c, label: t(lang, `dip.class.${c}`) }))} />
            <button class="button secondary" type="submit">
              {t(lang, 'dip.filter.show')}
            </button>
          </form>
          {groups.map((g) => (
            <section key={g.cls} aria-labelledby={`dip-${g.cls}`} id={`kelas-${g.cls}`}>
              <h2 id={`dip-${g.cls}`}>{t(lang, `dip.class.${g.cls}`)}</h2>
              <p class="hint">{t(lang, `dip.class_hint.${g.cls}`)}</p>
              {g.items.length === 0 ? (
                <p>{t(lang, 'dip.none')}</p>
              ) : (
                <ul class="card-list">
                  {g.items.map((item) => (
                    <ItemCard key={item.id} item={item} href={`${base}/${item.id}`} />
                  ))}
                </ul>
              )}
              {g.nextCursor ? (
                <p>
                  <a href={query({ kelas: g.cls, setelah: g.nextCursor })}>
                    {t(lang, 'dip.more')}: {t(lang, `dip.class.${g.cls}`)}
                  </a>
                </p>
              ) : null}
            </section>
          ))}
          <p class="meta">{t(lang, 'dip.request_hint')}</p>
        </>
      ),
    });

    function ItemCard({ item, href }: { item: InformationItem; href: string }) {
      return (
        <li class={`card${item.overdue ? ' overdue' : ''}`}>
          <h3>
            <a href={href}>{item.title}</a>
          </h3>
          <p>
            {agencyName(item, lang)} · {t(lang, 'dip.field.lastUpdated')}: {formatInstant(lang, ctx.tenant.timeZone, item.lastUpdatedAt)}
          </p>
          <UpdateFlag item={item} lang={lang} />
        </li>
      );
    }
  });

  app.get<{ Params: { id: string } }>('/dip/:id', { schema: hide, config: pub }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const item = await getInformation(ctx, { id: request.params.id, manage: manageOf(request) });
    const base = `${request.basePath}/dip`;
    return sendPage(reply, {
      request,
      title: item.title,
      children: (
        <>
          <p class="breadcrumb">
            <a href={base}>{t(lang, 'dip.back')}</a>
          </p>
          <h1>{item.title}</h1>
          {/* Only those who keep a retired item see it (the public gets a 404): it says so. */}
          {item.retired ? <p class="flag flag-warning">{t(lang, 'dip.manage.retired', { day: formatInstant(lang, ctx.tenant.timeZone, item.retired.at), reason: item.retired.reason })}</p> : <UpdateFlag item={item} lang={lang} />}
          <p>{item.summary}</p>
          <ItemFacts item={item} lang={lang} timeZone={ctx.tenant.timeZone} />
          <h2>{t(lang, 'dip.field.documents')}</h2>
          <DocumentList item={item} lang={lang} hrefOf={(fileId) => `${base}/${item.id}/dokumen/${fileId}/unduh`} />
          {manageOf(request)(item.agency.id) ? (
            <p>
              <a href={`${request.basePath}/petugas/dip/${item.id}`}>{t(lang, 'dip.manage.open')}</a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  app.get<{ Params: { id: string; fileId: string } }>('/dip/:id/dokumen/:fileId/unduh', { schema: hide, config: pub }, async (request, reply) => {
    const opened = await openInformationDocument(tenantContextOf(request), { ...request.params, store, manage: manageOf(request) });
    return sendFileDownload(reply, opened, { cacheControl: 'private, max-age=300' });
  });
}
