// Routing's pages for the coordinator and the tenant administrator (policy complaints.routing): the
// routing model (the model in use, the training examples, every retraining run, "retrain now") at
// /petugas/pengaduan/model-rute, and the agency service areas at /petugas/pengaduan/wilayah-layanan —
// the list, a form to add one (GeoJSON pasted from geojson.io, or drawn on the map island), the same
// form to edit one, delete after a confirmation page. Saving, editing or deleting drops this
// process's cached areas at once; other processes see the change at their next routing refresh (30 s).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import { AreaField } from '../../../web/area-field.js';
import { Csrf, ErrorSummary, Field, type FormValues, handleForm, Select } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { listCategories } from '../categories.js';
import type { AgencyCache } from '../context.js';
import '../policies.js';
import { CategorySelect, type MapTiles, Notice } from '../ui.js';
import type { RetrainOutcome } from './classifier/retrain.js';
import type { RoutingDeps } from './routes.js';
import { deleteServiceArea, getServiceArea, listServiceAreas, saveServiceArea, type ServiceAreaInput, type ServiceAreaListItem, updateServiceArea } from './service.js';
import { getRoutingModelStatus, requestRetraining, type RetrainRun } from './training.js';

const MODEL_PAGE = '/petugas/pengaduan/model-rute';
const AREAS_PAGE = '/petugas/pengaduan/wilayah-layanan';
const hidden = { hide: true };
const config = { policy: 'complaints.routing' } as const;

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

function when(lang: Lang, iso: string, timeZone: string) {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function RunRow({ run, lang, timeZone }: { run: RetrainRun; lang: Lang; timeZone: string }) {
  return (
    <tr>
      <td>{when(lang, run.finishedAt, timeZone)}</td>
      <td>{t(lang, `cp.routing.trigger.${run.trigger}`)}</td>
      <td>
        {run.baseExamples} + {run.tenantExamples}
      </td>
      <td>
        {pct(run.before.category)} / {pct(run.before.tenantCategory)}
      </td>
      <td>
        {pct(run.after.category)} / {pct(run.after.tenantCategory)}
      </td>
      <td>{run.swapped ? t(lang, 'cp.routing.swapped', { version: run.modelVersion ?? 0 }) : t(lang, 'cp.routing.kept', { reason: t(lang, `cp.routing.reason.${run.reason as RetrainOutcome['reason']}`) })}</td>
    </tr>
  );
}

function areaRow(request: FastifyRequest, a: ServiceAreaListItem) {
  const lang = request.lang;
  return (
    <tr key={a.id}>
      <td>{a.name}</td>
      <td>{a.agency?.name ?? '—'}</td>
      <td>{a.categoryCode ? (a.categoryName ?? a.categoryCode) : t(lang, 'cp.areas.all_categories')}</td>
      <td>{t(lang, 'cp.areas.size', { polygons: a.polygons, vertices: a.vertices })}</td>
      <td>
        <a href={`${request.basePath}${AREAS_PAGE}/${a.id}/ubah`}>{t(lang, 'cp.areas.edit')}</a> · <a href={`${request.basePath}${AREAS_PAGE}/${a.id}/hapus`}>{t(lang, 'cp.areas.delete')}</a>
      </td>
    </tr>
  );
}

interface AreaFormData {
  agencies: readonly { code: string; name: string }[];
  categories: Awaited<ReturnType<typeof listCategories>>;
  map: MapTiles;
}

/** The add and the edit form: its messages beside the fields, what was typed kept. */
function AreaForm(props: { request: FastifyRequest; form: { action: string; labelledBy: string; button: string; areaId?: string }; values: FormValues; errors?: FieldError[]; data: AreaFormData }) {
  const { request, form, values, errors, data } = props;
  const lang = request.lang;
  return (
    <>
      <ErrorSummary lang={lang} errors={errors} />
      {/* Named by its heading (a landmark); the kit's Form takes no label. */}
      <form method="post" action={form.action} aria-labelledby={form.labelledBy} novalidate>
        <Csrf request={request} />
        <Field name="name" label={t(lang, 'cp.areas.field.name')} hint={t(lang, 'cp.areas.hint.name')} lang={lang} errors={errors} value={values.name} />
        <Select name="agencyCode" label={t(lang, 'cp.areas.field.agency')} lang={lang} errors={errors} value={values.agencyCode} options={data.agencies.map((a) => ({ value: a.code, label: a.name }))} />
        <CategorySelect
          lang={lang}
          errors={errors}
          value={values.categoryCode}
          categories={data.categories}
          label={t(lang, 'cp.areas.field.category')}
          hint={t(lang, 'cp.areas.hint.category')}
          emptyLabel={t(lang, 'cp.areas.all_categories')}
        />
        {/* The boundary: a text field the map island draws into (no JavaScript: paste GeoJSON). */}
        <AreaField
          lang={lang}
          text={{ label: t(lang, 'cp.areas.field.area'), hint: t(lang, 'cp.areas.hint.area'), mapLabel: t(lang, 'cp.areas.map.label'), mapHelp: t(lang, 'cp.areas.map.help'), mapCount: t(lang, 'cp.areas.map.count') }}
          value={values.area}
          errors={errors}
          tiles={data.map}
          contextUrl={`${request.basePath}/api/v1/complaints/service-areas`}
          areaId={form.areaId}
        />
        <button type="submit">{form.button}</button>
      </form>
    </>
  );
}

const AREA_NOTICES: ReadonlyMap<string, MessageKey> = new Map([
  ['saved', 'cp.areas.saved'],
  ['updated', 'cp.areas.updated'],
  ['deleted', 'cp.areas.deleted'],
]);

const toInput = (values: FormValues): ServiceAreaInput => ({
  name: values.name ?? '',
  agencyCode: values.agencyCode ?? '',
  categoryCode: values.categoryCode || undefined,
  area: values.area ?? '',
});

export function registerRoutingPages(app: FastifyInstance, deps: RoutingDeps & { agencies: AgencyCache; map: MapTiles }) {
  const routingContext = (request: FastifyRequest) => ({ ...tenantContextOf(request), routing: deps.routing });

  app.get(MODEL_PAGE, { schema: hidden, config }, async (request, reply) => {
    const ctx = tenantContextOf(request);
    const lang = request.lang;
    const status = await getRoutingModelStatus(ctx, deps.retrain);
    const m = status.model;
    const flash = (request.query as Record<string, string | undefined>).retrain;
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.routing.title'),
      children: (
        <>
          <h1>{t(lang, 'cp.routing.title')}</h1>
          {flash === 'queued' || flash === 'already' ? <Notice text={t(lang, flash === 'queued' ? 'cp.routing.retrain.queued' : 'cp.routing.retrain.already')} /> : null}
          <p>{t(lang, 'cp.routing.intro', { min: status.minCorrections })}</p>
          <p>
            <a href={`${request.basePath}${AREAS_PAGE}`}>{t(lang, 'cp.areas.title')}</a>
          </p>
          <p>
            {m
              ? t(lang, 'cp.routing.model.own', {
                  version: m.version,
                  at: when(lang, m.trainedAt, ctx.tenant.timeZone),
                  examples: m.tenantExamples,
                  category: pct(m.categoryAccuracy),
                  agency: pct(m.agencyAccuracy),
                })
              : t(lang, 'cp.routing.model.base')}
          </p>
          <p>{t(lang, 'cp.routing.examples', { total: status.examples.total, corrections: status.examples.corrections, fresh: status.examples.newCorrections })}</p>
          <form method="post" action={`${request.basePath}${MODEL_PAGE}/latih-ulang`} class="action-form">
            <Csrf request={request} />
            <p class="hint" id="h-retrain">
              {status.retrainPending ? t(lang, 'cp.routing.retrain.pending') : t(lang, 'cp.routing.retrain.hint')}
            </p>
            <button type="submit" aria-describedby="h-retrain" disabled={status.retrainPending}>
              {t(lang, 'cp.routing.retrain.button')}
            </button>
          </form>
          <h2>{t(lang, 'cp.routing.runs')}</h2>
          {status.runs.length === 0 ? (
            <p>{t(lang, 'cp.routing.runs.none')}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(lang, 'cp.routing.col.when')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.trigger')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.examples')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.before')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.after')}</th>
                    <th scope="col">{t(lang, 'cp.routing.col.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {status.runs.map((run) => (
                    <RunRow key={run.id} run={run} lang={lang} timeZone={ctx.tenant.timeZone} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ),
    });
  });

  app.post(`${MODEL_PAGE}/latih-ulang`, { schema: hidden, config }, async (request, reply) => {
    const { queued } = await requestRetraining(tenantContextOf(request));
    return reply.redirect(`${request.basePath}${MODEL_PAGE}?retrain=${queued ? 'queued' : 'already'}`, 303);
  });

  async function formData(request: FastifyRequest): Promise<AreaFormData> {
    const ctx = tenantContextOf(request);
    const [agencies, categories] = await Promise.all([deps.agencies.list(ctx, ctx.tenant.id), listCategories(ctx)]);
    return { agencies, categories, map: deps.map };
  }

  /** The list and the form to add one; after a refused form, its messages and what was typed (status 4xx). */
  async function showAreas(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const [areas, data] = await Promise.all([listServiceAreas(tenantContextOf(request)), formData(request)]);
    const ok = AREA_NOTICES.get((request.query as Record<string, string | undefined>).ok ?? '');
    const page = (
      <>
        <h1>{t(lang, 'cp.areas.title')}</h1>
        {ok ? <Notice text={t(lang, ok)} /> : null}
        <p>{t(lang, 'cp.areas.intro')}</p>
        <p>
          <a href={`${request.basePath}${MODEL_PAGE}`}>{t(lang, 'cp.routing.link')}</a>
        </p>
        {areas.length === 0 ? (
          <p>{t(lang, 'cp.areas.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'cp.areas.col.name')}</th>
                  <th scope="col">{t(lang, 'cp.areas.col.agency')}</th>
                  <th scope="col">{t(lang, 'cp.areas.col.category')}</th>
                  <th scope="col">{t(lang, 'cp.areas.col.size')}</th>
                  <th scope="col">{t(lang, 'cp.areas.col.actions')}</th>
                </tr>
              </thead>
              <tbody>{areas.map((a) => areaRow(request, a))}</tbody>
            </table>
          </div>
        )}
        <h2 id="add-h">{t(lang, 'cp.areas.add')}</h2>
        <AreaForm request={request} form={{ action: `${request.basePath}${AREAS_PAGE}`, labelledBy: 'add-h', button: t(lang, 'cp.areas.button') }} values={values} errors={errors} data={data} />
      </>
    );
    return sendPage(reply, { request, title: t(lang, 'cp.areas.title'), children: page }, status);
  }

  /** The edit form, filled with the area as saved (its boundary as indented GeoJSON), or as typed after a refusal. */
  async function showEdit(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, typed?: FormValues, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const [area, data] = await Promise.all([getServiceArea(tenantContextOf(request), { id: request.params.id }), formData(request)]);
    const values = typed ?? { name: area.name, agencyCode: area.agency?.code ?? '', categoryCode: area.categoryCode ?? '', area: JSON.stringify(area.area, null, 2) };
    const title = t(lang, 'cp.areas.edit.title', { name: area.name });
    const page = (
      <>
        <h1 id="edit-h">{title}</h1>
        <p>{t(lang, 'cp.areas.edit.intro')}</p>
        <AreaForm
          request={request}
          form={{ action: `${request.basePath}${AREAS_PAGE}/${area.id}/ubah`, labelledBy: 'edit-h', button: t(lang, 'cp.areas.edit.button'), areaId: area.id }}
          values={values}
          errors={errors}
          data={data}
        />
        <p>
          <a href={`${request.basePath}${AREAS_PAGE}`}>{t(lang, 'cp.areas.cancel')}</a>
        </p>
      </>
    );
    return sendPage(reply, { request, title, children: page }, status);
  }

  app.get(AREAS_PAGE, { schema: hidden, config }, async (request, reply) => showAreas(request, reply));

  app.post(
    AREAS_PAGE,
    { schema: hidden, config },
    handleForm({
      act: async (request, values) => {
        await saveServiceArea(routingContext(request), toInput(values));
        return `${request.basePath}${AREAS_PAGE}?ok=saved`;
      },
      show: (request, reply, values, errors, status) => showAreas(request, reply, values, errors, status),
    }),
  );

  app.get<{ Params: { id: string } }>(`${AREAS_PAGE}/:id/ubah`, { schema: hidden, config }, async (request, reply) => showEdit(request, reply));

  app.post<{ Params: { id: string } }>(
    `${AREAS_PAGE}/:id/ubah`,
    { schema: hidden, config },
    handleForm({
      act: async (request, values) => {
        await updateServiceArea(routingContext(request), { id: (request.params as { id: string }).id, ...toInput(values) });
        return `${request.basePath}${AREAS_PAGE}?ok=updated`;
      },
      show: (request, reply, values, errors, status) => showEdit(request as FastifyRequest<{ Params: { id: string } }>, reply, values, errors, status),
      isFormError: (error) => error.status !== 404,
    }),
  );

  app.get<{ Params: { id: string } }>(`${AREAS_PAGE}/:id/hapus`, { schema: hidden, config }, async (request, reply) => {
    const lang = request.lang;
    const area = await getServiceArea(tenantContextOf(request), { id: request.params.id });
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.areas.delete.title', { name: area.name }),
      children: (
        <>
          <h1>{t(lang, 'cp.areas.delete.title', { name: area.name })}</h1>
          <p class="warning">{t(lang, 'cp.areas.delete.warning', { agency: area.agency?.name ?? '—' })}</p>
          <form method="post" action={`${request.basePath}${AREAS_PAGE}/${area.id}/hapus`}>
            <Csrf request={request} />
            <button type="submit">{t(lang, 'cp.areas.delete.button')}</button> <a href={`${request.basePath}${AREAS_PAGE}`}>{t(lang, 'cp.areas.cancel')}</a>
          </form>
        </>
      ),
    });
  });

  app.post<{ Params: { id: string } }>(`${AREAS_PAGE}/:id/hapus`, { schema: hidden, config }, async (request, reply) => {
    await deleteServiceArea(routingContext(request), { id: request.params.id });
    return reply.redirect(`${request.basePath}${AREAS_PAGE}?ok=deleted`, 303);
  });
}
