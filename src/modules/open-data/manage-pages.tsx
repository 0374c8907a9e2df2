// The agencies' pages (no JavaScript needed): /kelola/data lists the datasets an administrator keeps
// (unpublished ones too), /kelola/data/baru describes a new one (metadata and declared columns),
// /kelola/data/<id> edits its metadata and takes a CSV upload, which becomes the next version once it
// is clean — a file with problems comes back with every bad line listed and nothing saved.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { readMultipartForm } from '../../platform/http/multipart.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, handleForm, Select, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { listAgencies } from '../tenancy/index.js';
import { manageOf } from './access.js';
import { DatasetFacts } from './pages.js';
import { createDataset, type Dataset, FREQUENCIES, getDataset, LICENSES, listDatasets, publishUpload, saveDataset, TEXT_LIMITS } from './service.js';
import { COLUMN_TYPES, MAX_UPLOAD_BYTES } from './table.js';
import './strings.js';

const hide = { hide: true } as const;
const manage = { policy: 'open_data.manage' } as const;
export const MANAGE_PATH = '/kelola/data';
type IdParams = { Params: { id: string } };

const isFormError = (error: DomainError) => [400, 409, 413].includes(error.status);
const uploadError = (messageKey: 'od.error.upload_missing' | 'od.error.upload_too_large') => new DomainError('open_data.upload', 400, messageKey, {}, [{ field: '/file', code: 'file', messageKey }]);

function MetadataFields({ lang, values, errors, isNew, agencies }: { lang: Lang; values: FormValues; errors: FieldError[]; isNew: boolean; agencies: { code: string; name: string }[] }) {
  return (
    <>
      {isNew ? (
        <>
          <Select name="agency" label={t(lang, 'od.field.publisher')} lang={lang} errors={errors} value={values.agency ?? ''} options={agencies.map((a) => ({ value: a.code, label: a.name }))} />
          <Field name="name" label={t(lang, 'od.field.name')} hint={t(lang, 'od.hint.name')} lang={lang} errors={errors} value={values.name ?? ''} maxLength={100} />
        </>
      ) : null}
      <Field name="title" label={t(lang, 'od.field.title')} lang={lang} errors={errors} value={values.title ?? ''} maxLength={TEXT_LIMITS.title} />
      <TextArea name="description" label={t(lang, 'od.field.description')} lang={lang} errors={errors} value={values.description ?? ''} maxLength={TEXT_LIMITS.description} />
      <Select name="licenseId" label={t(lang, 'od.field.license')} hint={t(lang, 'od.hint.license')} lang={lang} errors={errors} value={values.licenseId ?? 'CC-BY-4.0'} options={LICENSES.map((l) => ({ value: l, label: t(lang, `od.license.${l}`) }))} />
      <Select name="frequency" label={t(lang, 'od.field.frequency')} lang={lang} errors={errors} value={values.frequency ?? 'ANNUAL'} options={FREQUENCIES.map((f) => ({ value: f, label: t(lang, `od.frequency.${f}`) }))} />
      <Field name="temporalStart" type="date" label={t(lang, 'od.field.temporal_start')} lang={lang} errors={errors} value={values.temporalStart ?? ''} required={false} />
      <Field name="temporalEnd" type="date" label={t(lang, 'od.field.temporal_end')} lang={lang} errors={errors} value={values.temporalEnd ?? ''} required={false} />
      <Field name="spatialCode" label={t(lang, 'od.field.spatial')} hint={t(lang, 'od.hint.spatial')} lang={lang} errors={errors} value={values.spatialCode ?? ''} required={false} maxLength={13} />
      <Field name="keywords" label={t(lang, 'od.field.keywords')} hint={t(lang, 'od.hint.keywords')} lang={lang} errors={errors} value={values.keywords ?? ''} required={false} maxLength={TEXT_LIMITS.keywords} />
      {isNew ? <TextArea name="columns" label={t(lang, 'od.field.columns')} hint={t(lang, 'od.hint.columns', { types: COLUMN_TYPES.join(', ') })} lang={lang} errors={errors} value={values.columns ?? ''} rows={4} /> : null}
    </>
  );
}

/** The metadata fields of a posted form (both forms have them). */
const metadataOf = (v: FormValues) => ({
  title: v.title ?? '',
  description: v.description ?? '',
  licenseId: v.licenseId ?? '',
  frequency: v.frequency ?? '',
  temporalStart: v.temporalStart ?? null,
  temporalEnd: v.temporalEnd ?? null,
  spatialCode: v.spatialCode ?? null,
  keywords: v.keywords ?? '',
});

const valuesOf = (d: Dataset): FormValues => ({
  title: d.title,
  description: d.description,
  licenseId: d.licenseId,
  frequency: d.frequency,
  temporalStart: d.temporal.start ?? '',
  temporalEnd: d.temporal.end ?? '',
  spatialCode: d.spatialCode ?? '',
  keywords: d.keywords.join(', '),
});

export async function registerManagePages(app: FastifyInstance) {
  app.get(MANAGE_PATH, { schema: hide, config: manage }, async (request, reply) => {
    const lang = request.lang;
    const { datasets } = await listDatasets(tenantContextOf(request), { manage: manageOf(request), sort: 'title', limit: 500, offset: 0 });
    const title = t(lang, 'od.manage.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'od.manage.lead')}</p>
          <p>
            <a class="button" href={`${request.basePath}${MANAGE_PATH}/baru`}>
              {t(lang, 'od.manage.new')}
            </a>
          </p>
          {datasets.length === 0 ? (
            <p>{t(lang, 'od.none')}</p>
          ) : (
            <ul class="card-list">
              {datasets.map((d) => (
                <li class="card" key={d.id}>
                  <h2>{d.source === 'upload' ? <a href={`${request.basePath}${MANAGE_PATH}/${d.id}`}>{d.title}</a> : <a href={`${request.basePath}/data/${d.name}`}>{d.title}</a>}</h2>
                  <p class="meta">
                    {d.publisher.title} · {d.versions[0] ? t(lang, 'od.manage.versions', { count: d.versions.length }) : t(lang, 'od.unpublished')} · {t(lang, d.source === 'auto' ? 'od.source.auto' : 'od.source.upload')}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    });
  });

  async function showNew(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors: FieldError[] = [], status = 200) {
    const lang = request.lang;
    const manageable = manageOf(request);
    const agencies = (await listAgencies(tenantContextOf(request).db, tenantContextOf(request).tenant)).filter((a) => manageable(a.id));
    const title = t(lang, 'od.manage.new');
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <p class="breadcrumb">
              <a href={`${request.basePath}${MANAGE_PATH}`}>{t(lang, 'od.manage.back')}</a>
            </p>
            <h1>{title}</h1>
            <ErrorSummary lang={lang} errors={errors} />
            <Form request={request} action={`${request.basePath}${MANAGE_PATH}/baru`}>
              <MetadataFields lang={lang} values={values} errors={errors} isNew agencies={agencies} />
              <button class="button" type="submit">
                {t(lang, 'od.manage.create')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get(`${MANAGE_PATH}/baru`, { schema: hide, config: manage }, (request, reply) => showNew(request, reply));
  app.post(
    `${MANAGE_PATH}/baru`,
    { schema: hide, config: manage },
    handleForm<FormValues>({
      async act(request, v) {
        const d = await createDataset(tenantContextOf(request), { ...metadataOf(v), agency: v.agency ?? '', name: v.name ?? '', columns: v.columns ?? '', manage: manageOf(request) });
        return `${request.basePath}${MANAGE_PATH}/${d.id}?dibuat=1`;
      },
      show: (request, reply, values, errors, status) => showNew(request, reply, values, errors, status),
      isFormError,
    }),
  );

  async function showDataset(request: FastifyRequest<IdParams>, reply: FastifyReply, form: { values?: FormValues; errors?: FieldError[]; which?: 'meta' | 'upload' } = {}, status = 200) {
    const lang = request.lang;
    const d = await getDataset(tenantContextOf(request), { idOrName: request.params.id, manage: manageOf(request) });
    if (d.source !== 'upload' || !manageOf(request)(d.publisher.id)) throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
    const query = request.query as Record<string, string | undefined>;
    const errors = form.errors ?? [];
    const metaErrors = form.which === 'meta' ? errors : [];
    const uploadErrors = form.which === 'upload' ? errors.filter((e) => !e.field.startsWith('/csv/')) : [];
    const lineErrors = form.which === 'upload' ? errors.filter((e) => e.field.startsWith('/csv/')) : [];
    const base = `${request.basePath}${MANAGE_PATH}/${d.id}`;
    return sendPage(
      reply,
      {
        request,
        title: d.title,
        children: (
          <>
            <p class="breadcrumb">
              <a href={`${request.basePath}${MANAGE_PATH}`}>{t(lang, 'od.manage.back')}</a>
            </p>
            <h1>{d.title}</h1>
            {query.versi && errors.length === 0 ? (
              <p class="notice" role="status" id="upload-done">
                {t(lang, 'od.manage.published', { version: query.versi })}
              </p>
            ) : null}
            {query.tersimpan && errors.length === 0 ? (
              <p class="notice" role="status">
                {t(lang, 'od.manage.saved')}
              </p>
            ) : null}
            <DatasetFacts d={d} lang={lang} />
            <p>{d.versions[0] ? <a href={`${request.basePath}/data/${d.name}`}>{t(lang, 'od.manage.public_page', { count: d.versions.length })}</a> : t(lang, 'od.unpublished')}</p>

            <h2 id="unggah">{t(lang, 'od.manage.upload')}</h2>
            <p>{t(lang, 'od.manage.upload_lead', { columns: d.columns.map((c) => c.name).join(',') })}</p>
            <ErrorSummary lang={lang} errors={uploadErrors} />
            {lineErrors.length > 0 ? (
              <div class="error-summary" role="alert" aria-labelledby="upload-lines-title" id="upload-lines">
                <h3 id="upload-lines-title">{t(lang, 'od.manage.lines', { count: lineErrors.length })}</h3>
                <ul>
                  {lineErrors.map((e, i) => (
                    <li key={i}>{e.message}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <Form request={request} action={`${base}/unggah`} multipart>
              <Field name="file" type="file" label={t(lang, 'od.field.file')} hint={t(lang, 'od.hint.file', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 })} lang={lang} errors={uploadErrors} />
              <button class="button" type="submit">
                {t(lang, 'od.manage.upload_submit')}
              </button>
            </Form>

            <h2>{t(lang, 'od.manage.metadata')}</h2>
            <ErrorSummary lang={lang} errors={metaErrors} />
            <Form request={request} action={base}>
              <MetadataFields lang={lang} values={form.which === 'meta' ? (form.values ?? {}) : valuesOf(d)} errors={metaErrors} isNew={false} agencies={[]} />
              <button class="button secondary" type="submit">
                {t(lang, 'od.manage.save')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get<IdParams>(`${MANAGE_PATH}/:id`, { schema: hide, config: manage }, (request, reply) => showDataset(request, reply));
  app.post<IdParams>(
    `${MANAGE_PATH}/:id`,
    { schema: hide, config: manage },
    handleForm<FormValues>({
      async act(request, v) {
        const id = (request.params as { id: string }).id;
        await saveDataset(tenantContextOf(request), { ...metadataOf(v), id, manage: manageOf(request) });
        return `${request.basePath}${MANAGE_PATH}/${id}?tersimpan=1`;
      },
      show: (request, reply, values, errors, status) => showDataset(request as FastifyRequest<IdParams>, reply, { values, errors, which: 'meta' }, status),
      isFormError,
    }),
  );

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });
    scope.post<IdParams>(
      `${MANAGE_PATH}/:id/unggah`,
      { schema: hide, config: manage },
      handleForm<FormValues>({
        read: () => ({}),
        async act(request, values) {
          const id = (request.params as { id: string }).id;
          const form = await readMultipartForm(request, { values: values as Record<string, string>, fileTooLarge: () => uploadError('od.error.upload_too_large') });
          const file = form.files.find((f) => f.field === 'file');
          if (!file) throw uploadError('od.error.upload_missing');
          const { version } = await publishUpload(tenantContextOf(request), { id, data: file.data, manage: manageOf(request) });
          return `${request.basePath}${MANAGE_PATH}/${id}?versi=${version}`;
        },
        show: (request, reply, values, errors, status) => showDataset(request as FastifyRequest<IdParams>, reply, { values, errors, which: 'upload' }, status),
        isFormError,
      }),
    );
  });
}
