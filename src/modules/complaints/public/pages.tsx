// The public's and the reporter's pages (no JavaScript needed, mobile first): the list of published
// reports, the map (a Leaflet island over the list), the report page, "Laporan saya", and tracking by
// the secret code — the code is posted, never put in a URL, and carried to the tracked report's page
// in a sealed cookie (POST/redirect/GET).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../platform/errors.js';
import { readFromReplica, tenantContextOf } from '../../../platform/http/request-context.js';
import { t } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, handleForm } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import type { AgencyCache } from '../context.js';
import { ReporterForms } from '../handling/forms.js';
import '../policies.js';
import { renderReportPage } from '../report-page.js';
import type { SealedCookie } from '../sealed-cookie.js';
import { ComplaintDetail, ComplaintList, type MapTiles, Notice, sendPrivatePage } from '../ui.js';
import { sendAttachment } from './routes.js';
import { getTrackedAttachment, getTrackedPhoto, listMyComplaints, listPublicComplaints, MAP_MAX_FEATURES, trackComplaint } from './service.js';

export interface PublicPageDeps {
  agencies: AgencyCache;
  map: MapTiles;
  /** The secret code being followed, from the tracking form to the tracked report's page. */
  tracking: SealedCookie<{ code: string }>;
}

const TRACKED = '/pengaduan/lacak/laporan';

/** The tracking form; after a wrong code, its message beside the field (404). */
function TrackForm({ request, errors }: { request: FastifyRequest; errors?: FieldError[] }) {
  const lang = request.lang;
  return (
    <>
      <h1>{t(lang, 'cp.track.title')}</h1>
      <ErrorSummary lang={lang} errors={errors} />
      <Form request={request} action={`${request.basePath}/pengaduan/lacak`}>
        <Field name="code" label={t(lang, 'cp.track.code')} hint={t(lang, 'cp.track.hint')} lang={lang} errors={errors} autocomplete="off" />
        <button type="submit">{t(lang, 'cp.track.button')}</button>
      </Form>
    </>
  );
}

/**
 * The report followed by its secret code, with the reporter's forms (which post the code again); a
 * notice after the reporter acted (`ok`), or their refused action's errors.
 */
export async function renderTrackedReport(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: PublicPageDeps,
  code: string,
  options: { errors?: FieldError[]; status?: number } = {},
) {
  const lang = request.lang;
  const ctx = { ...tenantContextOf(request), agencies: deps.agencies };
  const c = await trackComplaint(ctx, { code });
  const ok = (request.query as Record<string, string | undefined>).ok;
  return sendPrivatePage(
    reply,
    {
      request,
      title: t(lang, 'cp.track.title'),
      children: (
        <>
          {ok ? <Notice text={t(lang, 'cp.rate.thanks')} /> : null}
          <ComplaintDetail request={request} c={c} timeZone={ctx.tenant.timeZone} code={code} photosPublic={c.photosPublic} />
          <ReporterForms request={request} complaint={c} code={code} errors={options.errors} />
        </>
      ),
    },
    options.status ?? 200,
  );
}

/** The next page of the public list (the map's list continues there too). */
function MoreLink({ request, cursor }: { request: FastifyRequest; cursor?: string | null }) {
  if (!cursor) return null;
  return (
    <p>
      <a href={`${request.basePath}/pengaduan?cursor=${encodeURIComponent(cursor)}`}>{t(request.lang, 'cp.list.more')}</a>
    </p>
  );
}

export function registerPublicPages(app: FastifyInstance, deps: PublicPageDeps) {
  const hidden = { hide: true };
  const config = { policy: 'complaints.view' } as const;
  const viewContext = (request: FastifyRequest) => ({ ...tenantContextOf(request), agencies: deps.agencies });

  app.get<{ Querystring: { cursor?: string } }>('/pengaduan', { schema: hidden, config }, async (request, reply) => {
    const lang = request.lang;
    const ctx = viewContext(request);
    // Published reports tolerate the read replica's bounded staleness (docs/operations.md).
    const page = await readFromReplica(request, ctx, (replica) => listPublicComplaints(replica, { limit: 20, cursor: request.query.cursor }));
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.list.title'),
      children: (
        <>
          <h1>{t(lang, 'cp.list.title')}</h1>
          <p class="lead">{t(lang, 'cp.list.intro')}</p>
          <p>
            <a class="button" href={`${request.basePath}/pengaduan/baru`}>
              {t(lang, 'cp.submit.title')}
            </a>{' '}
            <a href={`${request.basePath}/pengaduan/lacak`}>{t(lang, 'cp.track.title')}</a> <a href={`${request.basePath}/pengaduan/peta`}>{t(lang, 'cp.map.link')}</a>
          </p>
          <ComplaintList lang={lang} items={page.items} base={request.basePath} timeZone={ctx.tenant.timeZone} />
          <MoreLink request={request} cursor={page.nextCursor} />
        </>
      ),
    });
  });

  // The public map: a list that works without JavaScript, plus a Leaflet island (static/build/complaints-map.js)
  // that reads the GeoJSON endpoint. Tiles come from MAP_TILE_URL (its origin is in the CSP img-src).
  app.get('/pengaduan/peta', { schema: hidden, config }, async (request, reply) => {
    const lang = request.lang;
    const ctx = viewContext(request);
    const page = await readFromReplica(request, ctx, (replica) => listPublicComplaints(replica, { limit: 50 }));
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.map.title'),
      children: (
        <>
          <link rel="stylesheet" href="/static/build/complaints-map.css" />
          <h1>{t(lang, 'cp.map.title')}</h1>
          <p class="lead">{t(lang, 'cp.map.intro')}</p>
          <div
            id="complaints-map"
            class="complaint-map"
            role="region"
            aria-label={t(lang, 'cp.map.label')}
            data-geojson={`${request.basePath}/api/v1/complaints/geojson?lang=${lang}`}
            data-base={request.basePath}
            data-tiles={deps.map.tileUrl}
            data-attribution={deps.map.attribution}
            data-max={String(MAP_MAX_FEATURES)}
          />
          <h2>{t(lang, 'cp.map.list')}</h2>
          <ComplaintList lang={lang} items={page.items} base={request.basePath} timeZone={ctx.tenant.timeZone} />
          <MoreLink request={request} cursor={page.nextCursor} />
          <script type="module" src="/static/build/complaints-map.js" />
        </>
      ),
    });
  });

  app.get('/pengaduan/lacak', { schema: hidden, config }, async (request, reply) =>
    sendPage(reply, { request, title: t(request.lang, 'cp.track.title'), children: <TrackForm request={request} /> }),
  );

  app.post(
    '/pengaduan/lacak',
    { schema: hidden, config },
    handleForm({
      act: async (request, values, reply) => {
        const code = values.code ?? '';
        await trackComplaint(viewContext(request), { code });
        deps.tracking.set(request, reply, { code });
        return `${request.basePath}${TRACKED}`;
      },
      // A wrong code is the field's error (whatever the service called it).
      show: (request, reply, _values, errors, status) =>
        sendPage(reply, { request, title: t(request.lang, 'cp.track.title'), children: <TrackForm request={request} errors={errors.map((e) => ({ ...e, field: '/code' }))} /> }, status),
    }),
  );

  // The report followed by the code in the sealed cookie; without one (expired, another browser), the form.
  app.get(TRACKED, { schema: hidden, config }, async (request, reply) => {
    const tracked = deps.tracking.read(request);
    if (!tracked) return reply.redirect(`${request.basePath}/pengaduan/lacak`, 303);
    return renderTrackedReport(request, reply, deps, tracked.code);
  });

  // A file of an answer for the reporter with the secret code: the code in the POST body, never the URL.
  app.post<{ Params: { id: string }; Body: { code?: string } }>('/pengaduan/lacak/lampiran/:id', { schema: hidden, config }, async (request, reply) => {
    const file = await getTrackedAttachment(viewContext(request), { code: String(request.body?.code ?? ''), attachmentId: request.params.id });
    return sendAttachment(reply, file, 'no-store');
  });

  // A photo of the tracked report for the reporter with the secret code (an anonymous or confidential
  // report's photos are never public): the code in the POST body, never the URL.
  app.post<{ Params: { idx: string }; Body: { code?: string } }>('/pengaduan/lacak/foto/:idx', { schema: hidden, config }, async (request, reply) => {
    const idx = Number(request.params.idx);
    const photo = await getTrackedPhoto(viewContext(request), { code: String(request.body?.code ?? ''), idx: Number.isInteger(idx) && idx >= 0 && idx < 100 ? idx : -1 });
    return reply.type(photo.mime).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(photo.data);
  });

  app.get('/pengaduan/saya', { schema: hidden, config: { policy: 'complaints.mine' } }, async (request, reply) => {
    const ctx = viewContext(request);
    const items = await listMyComplaints(ctx);
    return sendPage(reply, {
      request,
      title: t(request.lang, 'cp.mine.title'),
      children: (
        <>
          <h1>{t(request.lang, 'cp.mine.title')}</h1>
          <ComplaintList lang={request.lang} items={items} base={request.basePath} timeZone={ctx.tenant.timeZone} />
        </>
      ),
    });
  });

  app.get<{ Params: { ref: string } }>('/pengaduan/:ref', { schema: hidden, config }, async (request, reply) => renderReportPage(request, reply, deps, request.params.ref));
}
