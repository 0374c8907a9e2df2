// Agency service areas as the coordinator and the tenant administrator manage them (policy
// complaints.routing, like the routing model page): the list, a form to add one (GeoJSON pasted from
// geojson.io), the same form to edit one, delete after a confirmation page. JSON at
// /api/v1/complaints/service-areas, a page at /petugas/pengaduan/wilayah-layanan. Saving, editing or
// deleting drops this process's cached areas at once;
// other processes see the change at their next routing refresh (routing.ts, 30 s).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { requireTenant } from '../../platform/http/tenant.js';
import { t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { CategorySelect, ErrorSummary, Field, fieldErr, mapTiles, problemOf, type Values } from './pages.js';
import { type ComplaintRouteDeps, contextFor } from './routes.js';
import { listCategories, type MapTiles } from './service.js';
import { deleteServiceArea, listServiceAreas, saveServiceArea, type ServiceAreaInput, type ServiceAreaListItem, updateServiceArea } from './service-areas.js';
import { DomainError } from '../../platform/errors.js';

const PAGE = '/petugas/pengaduan/wilayah-layanan';
const policy = { policy: 'complaints.routing' } as const;

const Geometry = Type.Object(
  { type: Type.String({ maxLength: 40 }) },
  {
    additionalProperties: true,
    description: 'GeoJSON Polygon or MultiPolygon ([longitude, latitude]), or a Feature / FeatureCollection of them (as geojson.io saves it)',
  },
);
const AreaItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  agency: Type.Union([Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }), Type.Null()]),
  categoryCode: Type.Union([Type.String(), Type.Null()], { description: 'null: every category' }),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  polygons: Type.Integer(),
  vertices: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  area: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }),
});
const CreateBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    agency: Type.String({ maxLength: 64, description: 'Agency code or id' }),
    categoryCode: Type.Optional(Type.String({ maxLength: 63, description: 'Omit for every category' })),
    area: Geometry,
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

function areaRow(request: FastifyRequest, a: ServiceAreaListItem) {
  const lang = request.lang;
  return (
    <tr key={a.id}>
      <td>{a.name}</td>
      <td>{a.agency?.name ?? '—'}</td>
      <td>{a.categoryCode ? (a.categoryName ?? a.categoryCode) : t(lang, 'cp.areas.all_categories')}</td>
      <td>{t(lang, 'cp.areas.size', { polygons: a.polygons, vertices: a.vertices })}</td>
      <td>
        <a href={`${request.basePath}${PAGE}/${a.id}/ubah`}>{t(lang, 'cp.areas.edit')}</a> · <a href={`${request.basePath}${PAGE}/${a.id}/hapus`}>{t(lang, 'cp.areas.delete')}</a>
      </td>
    </tr>
  );
}

type Agencies = readonly { code: string; name: string }[];
type Categories = Awaited<ReturnType<typeof listCategories>>;

/** The add and the edit form: its messages beside the fields, what was typed kept. */
function areaForm(
  request: FastifyRequest,
  form: { action: string; labelledBy: string; button: string; areaId?: string },
  values: Values,
  errors: FieldError[],
  agencies: Agencies,
  categories: Categories,
  map: MapTiles,
) {
  const lang = request.lang;
  const agencyErr = fieldErr(errors, 'agencyCode');
  const areaErr = fieldErr(errors, 'area');
  return (
    <>
      <ErrorSummary lang={lang} errors={errors} />
      <form method="post" action={form.action} aria-labelledby={form.labelledBy} novalidate>
        <input type="hidden" name="_csrf" value={request.csrfToken()} />
        <Field name="name" label={t(lang, 'cp.areas.field.name')} hint={t(lang, 'cp.areas.hint.name')} lang={lang} errors={errors} values={values} required />
        <div class={`field${agencyErr ? ' has-error' : ''}`}>
          <label for="f-agencyCode">{t(lang, 'cp.areas.field.agency')}</label>
          {agencyErr}
          <select id="f-agencyCode" name="agencyCode" required aria-invalid={agencyErr ? 'true' : undefined} aria-describedby={agencyErr ? 'e-agencyCode' : undefined}>
            {agencies.map((a) => (
              <option value={a.code} selected={values.agencyCode === a.code} key={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <CategorySelect
          lang={lang}
          errors={errors}
          values={values}
          categories={categories}
          label={t(lang, 'cp.areas.field.category')}
          hint={t(lang, 'cp.areas.hint.category')}
          emptyLabel={t(lang, 'cp.areas.all_categories')}
        />
        <div class={`field${areaErr ? ' has-error' : ''}`}>
          <label for="f-area">{t(lang, 'cp.areas.field.area')}</label>
          <p class="hint" id="h-area">
            {t(lang, 'cp.areas.hint.area')}
          </p>
          {areaErr}
          <textarea
            id="f-area"
            name="area"
            rows={10}
            spellcheck={false}
            required
            aria-describedby={areaErr ? 'h-area e-area' : 'h-area'}
            aria-invalid={areaErr ? 'true' : undefined}
          >
            {values.area ?? ''}
          </textarea>
          <link rel="stylesheet" href="/static/build/service-area-editor.css" />
          <div
            id="area-map"
            class="area-map"
            role="region"
            aria-label={t(lang, 'cp.areas.map.label')}
            data-tiles={map.tileUrl}
            data-attribution={map.attribution}
            data-lang={lang}
            data-areas={`${request.basePath}/api/v1/complaints/service-areas`}
            data-area-id={form.areaId}
            data-status="area-map-status"
            data-msg-count={t(lang, 'cp.areas.map.count')}
          />
          <p class="hint area-map-help">{t(lang, 'cp.areas.map.help')}</p>
          <p class="area-map-help" id="area-map-status" role="status" aria-live="polite" />
          <script type="module" src="/static/build/service-area-editor.js" />
        </div>
        <button type="submit">{form.button}</button>
      </form>
    </>
  );
}

export function registerServiceAreaAdmin(app: FastifyInstance, deps: ComplaintRouteDeps) {
  const tags = ['complaints'];

  app.get(
    '/api/v1/complaints/service-areas',
    {
      config: policy,
      schema: {
        tags,
        operationId: 'listServiceAreas',
        summary: 'Wilayah layanan instansi / Agency service areas (in the order routing tries them)',
        response: { 200: Type.Object({ items: Type.Array(AreaItem) }) },
      },
    },
    async (request) => ({ items: await listServiceAreas(contextFor(request, deps), requireTenant(request)) }),
  );

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/complaints/service-areas',
    {
      config: policy,
      schema: {
        tags,
        operationId: 'createServiceArea',
        summary: 'Tambah wilayah layanan / Add an agency service area',
        description: 'A report whose point lies inside goes to the agency (for the category, or for every category). Audited.',
        body: CreateBody,
        response: { 201: AreaItem },
      },
    },
    async (request, reply) => {
      const tenant = requireTenant(request);
      const ctx = contextFor(request, deps);
      const b = request.body;
      const id = await saveServiceArea(ctx, tenant, { name: b.name, agencyCode: b.agency, categoryCode: b.categoryCode, area: b.area });
      const created = (await listServiceAreas(ctx, tenant)).find((a) => a.id === id)!;
      return reply.code(201).send(created);
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof CreateBody> }>(
    '/api/v1/complaints/service-areas/:id',
    {
      config: policy,
      schema: {
        tags,
        operationId: 'updateServiceArea',
        summary: 'Ubah wilayah layanan / Replace an agency service area (name, agency, category, boundary)',
        description: 'Keeps the id and the place in the order routing tries areas. Audited; the same checks as adding one.',
        params: IdParams,
        body: CreateBody,
        response: { 200: AreaItem },
      },
    },
    async (request) => {
      const tenant = requireTenant(request);
      const ctx = contextFor(request, deps);
      const b = request.body;
      await updateServiceArea(ctx, tenant, request.params.id, { name: b.name, agencyCode: b.agency, categoryCode: b.categoryCode, area: b.area });
      return (await listServiceAreas(ctx, tenant)).find((a) => a.id === request.params.id)!;
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/complaints/service-areas/:id',
    {
      config: policy,
      schema: {
        tags,
        operationId: 'deleteServiceArea',
        summary: 'Hapus wilayah layanan / Delete an agency service area (audited)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteServiceArea(contextFor(request, deps), requireTenant(request), request.params.id);
      return reply.code(204).send();
    },
  );

  /** The list and the form to add one; after a refused form, its messages and what was typed (status 4xx). */
  async function showPage(request: FastifyRequest, reply: FastifyReply, values: Values = {}, errors: FieldError[] = [], status = 200) {
    const tenant = requireTenant(request);
    const lang = request.lang;
    const ctx = contextFor(request, deps);
    const [areas, agencies, categories] = await Promise.all([listServiceAreas(ctx, tenant), ctx.deps.agencies.list(ctx, tenant.id), listCategories(deps, tenant)]);
    const ok = (request.query as Record<string, string | undefined>).ok;
    return sendPage(
      reply,
      {
        request,
        title: t(lang, 'cp.areas.title'),
        children: (
          <>
            <h1>{t(lang, 'cp.areas.title')}</h1>
            {ok === 'saved' || ok === 'updated' || ok === 'deleted' ? (
              <p class="panel success" role="status">
                {t(lang, ok === 'saved' ? 'cp.areas.saved' : ok === 'updated' ? 'cp.areas.updated' : 'cp.areas.deleted')}
              </p>
            ) : null}
            <p>{t(lang, 'cp.areas.intro')}</p>
            <p>
              <a href={`${request.basePath}/petugas/pengaduan/model-rute`}>{t(lang, 'cp.routing.link')}</a>
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
            {areaForm(request, { action: `${request.basePath}${PAGE}`, labelledBy: 'add-h', button: t(lang, 'cp.areas.button') }, values, errors, agencies, categories, mapTiles(deps))}
          </>
        ),
      },
      status,
    );
  }

  app.get(PAGE, { schema: { hide: true }, config: policy }, async (request, reply) => showPage(request, reply));

  /**
   * A posted add or edit form: `save` with the service's input, then to the list with `ok`; refused
   * input: the form again (`again`), each message beside its field, the typed text kept.
   */
  async function fromForm(
    request: FastifyRequest,
    reply: FastifyReply,
    save: (input: ServiceAreaInput) => Promise<unknown>,
    again: (values: Values, errors: FieldError[], status: number) => Promise<unknown>,
    ok: 'saved' | 'updated',
  ) {
    const { _csrf: _token, ...values } = (request.body ?? {}) as Values;
    try {
      await save({ name: values.name ?? '', agencyCode: values.agencyCode ?? '', categoryCode: values.categoryCode || undefined, area: values.area ?? '' });
    } catch (error) {
      const errors = problemOf(error, request.lang);
      if (!errors || !(error instanceof DomainError)) throw error;
      return again(values, errors, error.status);
    }
    return reply.redirect(`${request.basePath}${PAGE}?ok=${ok}`, 303);
  }

  app.post<{ Body: Record<string, string> }>(PAGE, { schema: { hide: true }, config: policy }, async (request, reply) =>
    fromForm(
      request,
      reply,
      (input) => saveServiceArea(contextFor(request, deps), requireTenant(request), input),
      (values, errors, status) => showPage(request, reply, values, errors, status),
      'saved',
    ),
  );

  /** The edit form, filled with the area as saved (its boundary as indented GeoJSON), or as typed after a refusal. */
  async function showEditPage(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, typed?: Values, errors: FieldError[] = [], status = 200) {
    const tenant = requireTenant(request);
    const lang = request.lang;
    const ctx = contextFor(request, deps);
    const [areas, agencies, categories] = await Promise.all([listServiceAreas(ctx, tenant), ctx.deps.agencies.list(ctx, tenant.id), listCategories(deps, tenant)]);
    const area = areas.find((a) => a.id === request.params.id);
    if (!area) throw new DomainError('complaint.service_area_not_found', 404, 'error.complaint.service_area_not_found');
    const values: Values = typed ?? { name: area.name, agencyCode: area.agency?.code ?? '', categoryCode: area.categoryCode ?? '', area: JSON.stringify(area.area, null, 2) };
    const title = t(lang, 'cp.areas.edit.title', { name: area.name });
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1 id="edit-h">{title}</h1>
            <p>{t(lang, 'cp.areas.edit.intro')}</p>
            {areaForm(request, { action: `${request.basePath}${PAGE}/${area.id}/ubah`, labelledBy: 'edit-h', button: t(lang, 'cp.areas.edit.button'), areaId: area.id }, values, errors, agencies, categories, mapTiles(deps))}
            <p>
              <a href={`${request.basePath}${PAGE}`}>{t(lang, 'cp.areas.cancel')}</a>
            </p>
          </>
        ),
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>(`${PAGE}/:id/ubah`, { schema: { hide: true }, config: policy }, async (request, reply) => showEditPage(request, reply));

  app.post<{ Params: { id: string }; Body: Record<string, string> }>(`${PAGE}/:id/ubah`, { schema: { hide: true }, config: policy }, async (request, reply) =>
    fromForm(
      request,
      reply,
      (input) => updateServiceArea(contextFor(request, deps), requireTenant(request), request.params.id, input),
      (values, errors, status) => showEditPage(request, reply, values, errors, status),
      'updated',
    ),
  );

  app.get<{ Params: { id: string } }>(`${PAGE}/:id/hapus`, { schema: { hide: true }, config: policy }, async (request, reply) => {
    const lang = request.lang;
    const area = (await listServiceAreas(contextFor(request, deps), requireTenant(request))).find((a) => a.id === request.params.id);
    if (!area) throw new DomainError('complaint.service_area_not_found', 404, 'error.complaint.service_area_not_found');
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.areas.delete.title', { name: area.name }),
      children: (
        <>
          <h1>{t(lang, 'cp.areas.delete.title', { name: area.name })}</h1>
          <p class="warning">{t(lang, 'cp.areas.delete.warning', { agency: area.agency?.name ?? '—' })}</p>
          <form method="post" action={`${request.basePath}${PAGE}/${area.id}/hapus`}>
            <input type="hidden" name="_csrf" value={request.csrfToken()} />
            <button type="submit">{t(lang, 'cp.areas.delete.button')}</button>{' '}
            <a href={`${request.basePath}${PAGE}`}>{t(lang, 'cp.areas.cancel')}</a>
          </form>
        </>
      ),
    });
  });

  app.post<{ Params: { id: string } }>(`${PAGE}/:id/hapus`, { schema: { hide: true }, config: policy }, async (request, reply) => {
    await deleteServiceArea(contextFor(request, deps), requireTenant(request), request.params.id);
    return reply.redirect(`${request.basePath}${PAGE}?ok=deleted`, 303);
  });
}
