// The PPID's pages (no JavaScript needed): /petugas/dip lists the items of the agencies they keep with
// each one's status (overdue berkala items flagged), /petugas/dip/baru adds one, /petugas/dip/<id>
// edits it, attaches documents (multipart), marks it updated and retires it, and shows its history.
// Every form posts and redirects (POST/redirect/GET); a refused form comes back with the errors.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { DomainError } from '../../platform/errors.js';
import { discardReceivedFiles, type FileStore, formatLimit } from '../../platform/files/index.js';
import { parseCursor } from '../../platform/cursor.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, handleForm, Radios, Select, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { TableScroll } from '../../web/table.js';
import { type Agency, listAgencies } from '../tenancy/index.js';
import { manageOf } from './access.js';
import {
  attachInformationDocuments,
  CLASSES,
  createInformation,
  getInformation,
  getInformationHistory,
  type HistoryEntry,
  type InformationItem,
  type ItemInput,
  listInformation,
  markInformationUpdated,
  retireInformation,
  saveInformation,
  TEXT_LIMITS,
} from './service.js';
import { DOCUMENT_RULES, MULTIPART_LIMITS, receiveDocuments } from './uploads.js';
import { agencyName, DocumentList, formatDay, formatInstant, ItemFacts, UpdateFlag } from './view.js';
import './strings.js';

const hide = { hide: true } as const;
const manage = { policy: 'information_list.manage' } as const;
export const MANAGE_PATH = '/petugas/dip';
type IdParams = { Params: { id: string } };

const forbidden = () => new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
/** The refusals a form shows beside its fields; the others (403, 404) go to the error page. */
const isFormError = (error: DomainError) => [400, 409, 413, 415].includes(error.status);

const itemInput = (values: FormValues): ItemInput => ({
  agency: values.agency ?? '',
  class: values.class ?? '',
  title: values.title ?? '',
  summary: values.summary ?? '',
  official: values.official ?? '',
  periodFormat: values.periodFormat ?? '',
  retention: values.retention ?? '',
  legalGround: values.legalGround ?? null,
});

const valuesOf = (item: InformationItem): FormValues => ({
  agency: item.agency.code,
  class: item.class,
  title: item.title,
  summary: item.summary,
  official: item.official,
  periodFormat: item.periodFormat,
  retention: item.retention,
  legalGround: item.legalGround ?? '',
  version: String(item.version),
});

/** The item's fields, as the new-item and the edit forms ask for them. */
function ItemFields({ lang, values, errors, agencies }: { lang: Lang; values: FormValues; errors?: FieldError[]; agencies: readonly Agency[] }) {
  return (
    <>
      <Select name="agency" label={t(lang, 'dip.field.agency')} lang={lang} errors={errors} value={values.agency} options={agencies.map((a) => ({ value: a.code, label: (lang === 'en' && a.nameEn) || a.name }))} />
      <Radios name="class" legend={t(lang, 'dip.field.class')} lang={lang} errors={errors} value={values.class} options={CLASSES.map((c) => ({ value: c, label: t(lang, `dip.class.${c}`), hint: t(lang, `dip.class_hint.${c}`) }))} />
      <Field name="title" label={t(lang, 'dip.field.title')} lang={lang} errors={errors} value={values.title} maxLength={TEXT_LIMITS.title} />
      <TextArea name="summary" label={t(lang, 'dip.field.summary')} lang={lang} errors={errors} value={values.summary} rows={4} maxLength={TEXT_LIMITS.summary} />
      <Field name="official" label={t(lang, 'dip.field.official')} hint={t(lang, 'dip.hint.official')} lang={lang} errors={errors} value={values.official} maxLength={TEXT_LIMITS.official} />
      <Field name="periodFormat" label={t(lang, 'dip.field.periodFormat')} hint={t(lang, 'dip.hint.periodFormat')} lang={lang} errors={errors} value={values.periodFormat} maxLength={TEXT_LIMITS.periodFormat} />
      <Field name="retention" label={t(lang, 'dip.field.retention')} hint={t(lang, 'dip.hint.retention')} lang={lang} errors={errors} value={values.retention} maxLength={TEXT_LIMITS.retention} />
      <TextArea name="legalGround" label={t(lang, 'dip.field.legalGround')} hint={t(lang, 'dip.hint.legalGround')} required={false} lang={lang} errors={errors} value={values.legalGround} rows={3} maxLength={TEXT_LIMITS.legalGround} />
    </>
  );
}

const labelsOf = (lang: Lang) => Object.fromEntries(['agency', 'class', 'title', 'summary', 'official', 'periodFormat', 'retention', 'legalGround'].map((k) => [k, t(lang, `dip.field.${k}` as 'dip.field.title')]));

async function keptAgencies(request: FastifyRequest): Promise<Agency[]> {
  const ctx = tenantContextOf(request);
  const keeps = manageOf(request);
  return (await listAgencies(ctx.db, ctx.tenant)).filter((a) => keeps(a.id));
}

function HistoryList({ entries, lang, timeZone }: { entries: readonly HistoryEntry[]; lang: Lang; timeZone: string }) {
  return (
    <ol class="timeline" id="dip-history" reversed>
      {entries.map((h) => (
        <li key={h.version}>
          <strong>{t(lang, `dip.history.${h.action}`)}</strong> · {formatInstant(lang, timeZone, h.at)} · {t(lang, 'dip.history.version', { version: h.version })} ·{' '}
          {t(lang, h.actor.startsWith('officer:') ? 'dip.history.by_officer' : 'dip.history.by_system')}
          {h.action === 'document_attached' ? <span class="meta"> — {((h.detail.documents as { name: string }[] | undefined) ?? []).map((d) => d.name).join(', ')}</span> : null}
          {h.action === 'retired' ? <span class="meta"> — {String(h.detail.reason ?? '')}</span> : null}
          {h.action === 'edited' ? <span class="meta"> — {Object.keys(h.detail).map((k) => (k === 'agency_id' ? t(lang, 'dip.field.agency') : t(lang, `dip.field.${k === 'period_format' ? 'periodFormat' : k === 'legal_ground' ? 'legalGround' : k}` as 'dip.field.title'))).join(', ')}</span> : null}
        </li>
      ))}
    </ol>
  );
}

export async function registerManagePages(app: FastifyInstance, store: FileStore) {
  app.get(MANAGE_PATH, { schema: hide, config: manage }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const q = request.query as Record<string, string | undefined>;
    const cursor = q.setelah && parseCursor(q.setelah) ? q.setelah : undefined;
    const page = await listInformation(ctx, { manage: manageOf(request), cursor, limit: 50 });
    const base = `${request.basePath}${MANAGE_PATH}`;
    const title = t(lang, 'dip.manage.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'dip.manage.intro')}</p>
          <p>
            <a class="button" href={`${base}/baru`}>
              {t(lang, 'dip.manage.new')}
            </a>{' '}
            <a href={`${request.basePath}/dip`}>{t(lang, 'dip.manage.public_page')}</a>
          </p>
          {page.items.length === 0 ? (
            <p>{t(lang, 'dip.manage.none')}</p>
          ) : (
            <TableScroll labelledBy="dip-manage-caption">
              <table class="data-table">
                <caption id="dip-manage-caption" class="visually-hidden">
                  {title}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t(lang, 'dip.field.title')}</th>
                    <th scope="col">{t(lang, 'dip.field.agency')}</th>
                    <th scope="col">{t(lang, 'dip.field.class')}</th>
                    <th scope="col">{t(lang, 'dip.field.lastUpdated')}</th>
                    <th scope="col">{t(lang, 'dip.manage.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((item) => (
                    <tr key={item.id} data-overdue={item.overdue ? 'true' : undefined}>
                      <th scope="row">
                        <a href={`${base}/${item.id}`}>{item.title}</a>
                      </th>
                      <td>{agencyName(item, lang)}</td>
                      <td>{t(lang, `dip.class.${item.class}`)}</td>
                      <td>{formatInstant(lang, ctx.tenant.timeZone, item.lastUpdatedAt)}</td>
                      <td>
                        {item.retired ? (
                          t(lang, 'dip.manage.retired_short')
                        ) : item.overdue ? (
                          <span class="badge deadline-overdue">{t(lang, 'dip.overdue', { day: formatDay(lang, item.updateDueDay!) })}</span>
                        ) : (
                          t(lang, 'dip.manage.on_time')
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {page.nextCursor ? (
            <p>
              <a href={`${base}?setelah=${encodeURIComponent(page.nextCursor)}`}>{t(lang, 'dip.more')}</a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  async function showNew(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const agencies = await keptAgencies(request);
    const title = t(lang, 'dip.manage.new');
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <p class="breadcrumb">
              <a href={`${request.basePath}${MANAGE_PATH}`}>{t(lang, 'dip.manage.title')}</a>
            </p>
            <h1>{title}</h1>
            <ErrorSummary lang={lang} errors={errors} labels={labelsOf(lang)} />
            <Form request={request} action={`${request.basePath}${MANAGE_PATH}/baru`} class="form">
              <ItemFields lang={lang} values={values} errors={errors} agencies={agencies} />
              <button class="button" type="submit">
                {t(lang, 'dip.manage.create')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get(`${MANAGE_PATH}/baru`, { schema: hide, config: manage }, async (request, reply) => showNew(request, reply));
  app.post(
    `${MANAGE_PATH}/baru`,
    { schema: hide, config: manage },
    handleForm<FormValues>({
      async act(request, values) {
        const item = await createInformation(tenantContextOf(request), { ...itemInput(values), manage: manageOf(request) });
        return `${request.basePath}${MANAGE_PATH}/${item.id}?tersimpan=1`;
      },
      show: (request, reply, values, errors, status) => showNew(request, reply, values, errors, status),
      isFormError,
    }),
  );

  async function showItem(request: FastifyRequest<IdParams>, reply: FastifyReply, values?: FormValues, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const keeps = manageOf(request);
    const item = await getInformation(ctx, { id: request.params.id, manage: keeps });
    if (!keeps(item.agency.id)) throw forbidden();
    const [history, agencies] = await Promise.all([getInformationHistory(ctx, { id: item.id, manage: keeps }), keptAgencies(request)]);
    const here = `${request.basePath}${MANAGE_PATH}/${item.id}`;
    const saved = (request.query as { tersimpan?: string }).tersimpan === '1' && !errors;
    return sendPage(
      reply,
      {
        request,
        title: item.title,
        children: (
          <>
            <p class="breadcrumb">
              <a href={`${request.basePath}${MANAGE_PATH}`}>{t(lang, 'dip.manage.title')}</a>
            </p>
            <h1>{item.title}</h1>
            {saved ? (
              <p class="notice" role="status" id="dip-saved">
                {t(lang, 'dip.manage.done')}
              </p>
            ) : null}
            <ErrorSummary lang={lang} errors={errors} labels={{ ...labelsOf(lang), reason: t(lang, 'dip.manage.retire_reason'), file: t(lang, 'dip.manage.attach_file') }} />
            {item.retired ? <p class="flag flag-warning" id="dip-retired">{t(lang, 'dip.manage.retired', { day: formatInstant(lang, ctx.tenant.timeZone, item.retired.at), reason: item.retired.reason })}</p> : <UpdateFlag item={item} lang={lang} />}
            <p>{item.summary}</p>
            <ItemFacts item={item} lang={lang} timeZone={ctx.tenant.timeZone} />
            <h2>{t(lang, 'dip.field.documents')}</h2>
            <DocumentList item={item} lang={lang} hrefOf={(fileId) => `${request.basePath}/dip/${item.id}/dokumen/${fileId}/unduh`} />
            {item.retired ? null : (
              <>
                <section class="action-form" aria-labelledby="dip-attach">
                  <h2 id="dip-attach">{t(lang, 'dip.manage.attach')}</h2>
                  <Form request={request} action={`${here}/dokumen`} multipart class="form">
                    <FileField lang={lang} errors={errors} />
                    <button class="button" type="submit">
                      {t(lang, 'dip.manage.attach_button')}
                    </button>
                  </Form>
                </section>
                <section class="action-form" aria-labelledby="dip-mark">
                  <h2 id="dip-mark">{t(lang, 'dip.manage.mark_updated')}</h2>
                  <p class="hint">{t(lang, 'dip.manage.mark_updated_hint')}</p>
                  <Form request={request} action={`${here}/diperbarui`}>
                    <button class="button secondary" type="submit">
                      {t(lang, 'dip.manage.mark_updated')}
                    </button>
                  </Form>
                </section>
                <section class="action-form" aria-labelledby="dip-edit">
                  <h2 id="dip-edit">{t(lang, 'dip.manage.edit')}</h2>
                  <p class="hint">{t(lang, 'dip.manage.edit_hint')}</p>
                  <Form request={request} action={here} class="form">
                    <input type="hidden" name="version" value={values?.version ?? String(item.version)} />
                    <ItemFields lang={lang} values={values ?? valuesOf(item)} errors={errors} agencies={agencies} />
                    <button class="button" type="submit">
                      {t(lang, 'dip.manage.save')}
                    </button>
                  </Form>
                </section>
                <section class="action-form" aria-labelledby="dip-retire">
                  <h2 id="dip-retire">{t(lang, 'dip.manage.retire')}</h2>
                  <Form request={request} action={`${here}/cabut`} class="form">
                    <TextArea name="reason" label={t(lang, 'dip.manage.retire_reason')} lang={lang} errors={errors} value={values?.reason ?? ''} rows={3} maxLength={TEXT_LIMITS.reason} />
                    <button class="button secondary" type="submit">
                      {t(lang, 'dip.manage.retire_button')}
                    </button>
                  </Form>
                </section>
              </>
            )}
            <h2>{t(lang, 'dip.manage.history')}</h2>
            <HistoryList entries={history} lang={lang} timeZone={ctx.tenant.timeZone} />
            <p>
              <a href={`${request.basePath}/dip/${item.id}`}>{t(lang, 'dip.manage.public_page')}</a>
            </p>
          </>
        ),
      },
      status,
    );
  }

  const itemForm = (act: (request: FastifyRequest<IdParams>, values: FormValues) => Promise<unknown>) =>
    handleForm<FormValues>({
      async act(request, values) {
        const r = request as FastifyRequest<IdParams>;
        await act(r, values);
        return `${request.basePath}${MANAGE_PATH}/${r.params.id}?tersimpan=1`;
      },
      show: (request, reply, values, errors, status) => showItem(request as FastifyRequest<IdParams>, reply, values, errors, status),
      isFormError,
    });

  app.get<IdParams>(`${MANAGE_PATH}/:id`, { schema: hide, config: manage }, async (request, reply) => showItem(request, reply));
  app.post<IdParams>(
    `${MANAGE_PATH}/:id`,
    { schema: hide, config: manage },
    itemForm((request, values) => {
      const expectedVersion = Number(values.version);
      return saveInformation(tenantContextOf(request), { ...itemInput(values), id: request.params.id, expectedVersion: Number.isSafeInteger(expectedVersion) ? expectedVersion : 0, manage: manageOf(request) });
    }),
  );
  app.post<IdParams>(`${MANAGE_PATH}/:id/diperbarui`, { schema: hide, config: manage }, itemForm((request) => markInformationUpdated(tenantContextOf(request), { id: request.params.id, manage: manageOf(request) })));
  app.post<IdParams>(`${MANAGE_PATH}/:id/cabut`, { schema: hide, config: manage }, itemForm((request, values) => retireInformation(tenantContextOf(request), { id: request.params.id, reason: values.reason ?? '', manage: manageOf(request) })));

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: MULTIPART_LIMITS });
    scope.post<IdParams>(
      `${MANAGE_PATH}/:id/dokumen`,
      { schema: hide, config: manage },
      itemForm(async (request) => {
        const ctx = tenantContextOf(request);
        const { files } = await receiveDocuments(request, store, ctx.tenant.id);
        await attachInformationDocuments(ctx, { id: request.params.id, files, manage: manageOf(request) }).catch(async (error: unknown) => {
          await discardReceivedFiles(store, files);
          throw error;
        });
      }),
    );
  });
}

/** The document input (the form kit has none: a file is not kept when a form comes back). */
function FileField({ lang, errors }: { lang: Lang; errors?: readonly FieldError[] }) {
  const error = errors?.find((e) => e.field === DOCUMENT_RULES.field);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for="f-file">{t(lang, 'dip.manage.attach_file')}</label>
      <p class="hint" id="h-file">
        {t(lang, 'dip.manage.attach_hint', { limit: formatLimit(DOCUMENT_RULES.maxBytes) })}
      </p>
      {error ? (
        <p class="field-error" id="e-file">
          {error.message}
        </p>
      ) : null}
      <input
        id="f-file"
        name="file"
        type="file"
        multiple
        accept=".pdf,.docx,.xlsx,.odt,.ods,application/pdf"
        aria-describedby={error ? 'h-file e-file' : 'h-file'}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}
