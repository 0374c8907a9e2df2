// The requester's pages (no JavaScript needed): the request form (/informasi-publik/permohonan, one
// multipart POST: a legal entity's identity document streams into quarantine with the form, and is
// kept by its id when the form comes back with an error), the receipt and status page of a request
// (/informasi-publik/permohonan/<id>: number, deadline, the decision, and the objection form while
// the law allows one), and the objection POST.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { discardReceivedFiles, type FileStore, receiveFile } from '../../platform/files/index.js';
import { readMultipartForm } from '../../platform/http/multipart.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, formErrors, handleForm, Radios, Select, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { answerFilePath } from './pages-answer.js';
import { formatDay, RequestFacts, statusOf } from './pages-ui.js';
import { DELIVERIES } from './rules.js';
import { createInformationRequest, ENTITY_DOCUMENT_RULES, fileObjection, getInformationRequest, listMyInformationRequests, recordEntityDocument } from './service.js';
import './strings.js';

const hide = { hide: true } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new DomainError('information.not_found', 404, 'ppid.error.not_found');
type IdParams = { Params: { id: string } };
const PAGE = '/informasi-publik/permohonan';

export function registerCitizenPages(app: FastifyInstance, store: FileStore) {
  async function showForm(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const mine = await listMyInformationRequests(ctx);
    const title = t(lang, 'ppid.form.title');
    const documentError = errors?.find((e) => e.field === ENTITY_DOCUMENT_RULES.field);
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>{t(lang, 'ppid.form.intro')}</p>
            <ErrorSummary lang={lang} errors={errors} ids={{ [ENTITY_DOCUMENT_RULES.field]: 'f-entityDocument' }} />
            <Form request={request} action={`${request.basePath}${PAGE}`} multipart>
              <Radios
                name="requesterKind"
                lang={lang}
                errors={errors}
                legend={t(lang, 'ppid.form.kind')}
                value={values.requesterKind ?? 'person'}
                options={[
                  { value: 'person', label: t(lang, 'ppid.kind.person') },
                  { value: 'legal_entity', label: t(lang, 'ppid.kind.legal_entity'), hint: t(lang, 'ppid.kind.legal_entity_hint') },
                ]}
              />
              <Field name="entityName" pointer="/entity/name" label={t(lang, 'ppid.form.entity_name')} hint={t(lang, 'ppid.form.entity_only')} lang={lang} errors={errors} required={false} maxLength={300} value={values.entityName} />
              {values.entityDocumentFileId ? <input type="hidden" name="entityDocumentFileId" value={values.entityDocumentFileId} /> : null}
              <div class={`field${documentError ? ' has-error' : ''}`}>
                <label for="f-entityDocument">
                  {t(lang, 'ppid.form.entity_document')} ({t(lang, 'form.optional')})
                </label>
                <p class="hint" id="f-entityDocument-hint">
                  {values.entityDocumentFileId ? t(lang, 'ppid.form.entity_document_kept') : t(lang, 'ppid.form.entity_document_hint')}
                </p>
                {documentError ? (
                  <p class="field-error" id="f-entityDocument-error">
                    {documentError.message}
                  </p>
                ) : null}
                <input type="file" id="f-entityDocument" name="entityDocument" accept=".pdf,.jpg,.jpeg,.png" aria-describedby={documentError ? 'f-entityDocument-hint f-entityDocument-error' : 'f-entityDocument-hint'} />
              </div>
              <TextArea name="information" label={t(lang, 'ppid.form.information')} hint={t(lang, 'ppid.form.information_hint')} lang={lang} errors={errors} rows={5} maxLength={4000} value={values.information} />
              <TextArea name="purpose" label={t(lang, 'ppid.form.purpose')} lang={lang} errors={errors} rows={3} maxLength={2000} value={values.purpose} />
              <Radios name="delivery" lang={lang} errors={errors} legend={t(lang, 'ppid.form.delivery')} value={values.delivery ?? 'email'} options={DELIVERIES.map((d) => ({ value: d, label: t(lang, `ppid.delivery.${d}`) }))} />
              <button class="button" type="submit">
                {t(lang, 'ppid.form.submit')}
              </button>
            </Form>
            {mine.length > 0 ? (
              <section aria-labelledby="mine-title">
                <h2 id="mine-title">{t(lang, 'ppid.mine.title')}</h2>
                <ul id="my-requests">
                  {mine.map((r) => (
                    <li key={r.id}>
                      <a href={`${request.basePath}${PAGE}/${r.id}`}>{r.number}</a> — {r.information.slice(0, 80)} ({statusOf(lang, { decision: r.decision, overdue: false })})
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        ),
      },
      status,
    );
  }

  app.get(PAGE, { schema: hide, config: { policy: 'information.request' } }, async (request, reply) => showForm(request, reply));

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ENTITY_DOCUMENT_RULES.maxBytes + 1, files: 1, fields: 20, fieldSize: 16 * 1024 } });
    scope.post(PAGE, { schema: hide, config: { policy: 'information.request' } }, async (request, reply) => {
      const ctx = tenantContextOf(request);
      const values: Record<string, string> = {};
      try {
        await readMultipartForm(request, {
          values,
          onFile: async ({ field, filename, stream }) => {
            if (field !== 'entityDocument') {
              stream.resume();
              return true;
            }
            const file = await receiveFile(store, ctx.tenant.id, { stream, filename }, ENTITY_DOCUMENT_RULES);
            if (!file) return true;
            try {
              values.entityDocumentFileId = (await recordEntityDocument(ctx, file)).fileId;
            } catch (error) {
              await discardReceivedFiles(store, [file]);
              throw error;
            }
            return true;
          },
        });
        const legal = values.requesterKind === 'legal_entity';
        const documentFileId = values.entityDocumentFileId && UUID.test(values.entityDocumentFileId) ? values.entityDocumentFileId : undefined;
        const created = await createInformationRequest(ctx, {
          requesterKind: legal ? 'legal_entity' : 'person',
          entity: legal ? { name: values.entityName ?? '', ...(documentFileId ? { documentFileId } : {}) } : undefined,
          information: values.information ?? '',
          purpose: values.purpose ?? '',
          delivery: (DELIVERIES as readonly string[]).includes(values.delivery ?? '') ? (values.delivery as 'view') : 'email',
        });
        return reply.redirect(`${request.basePath}${PAGE}/${created.id}`, 303);
      } catch (error) {
        const errors = formErrors(request.lang, error);
        if (!errors || !(error instanceof DomainError) || error.status >= 500) throw error;
        return showForm(request, reply, values, errors, error.status);
      }
    });
  });

  async function showRequest(request: FastifyRequest<IdParams>, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    if (!UUID.test(request.params.id)) throw notFound();
    const ctx = tenantContextOf(request);
    const r = await getInformationRequest(ctx, { id: request.params.id });
    const title = t(lang, 'ppid.receipt.title', { number: r.number });
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            {r.decision ? null : (
              <p class="notice" role="status" id="receipt">
                {t(lang, 'ppid.receipt.intro', { number: r.number, date: formatDay(lang, r.dueOn) })}
              </p>
            )}
            <RequestFacts lang={lang} timeZone={ctx.tenant.timeZone} request={r} fileHref={(fileId) => `${request.basePath}${answerFilePath(r.id, fileId)}`} />
            {r.objectionWindow && r.objectionWindow.grounds.length > 0 ? (
              <section aria-labelledby="object-title">
                <h2 id="object-title">{t(lang, 'ppid.object.title')}</h2>
                <p>{t(lang, 'ppid.object.intro', { date: formatDay(lang, r.objectionWindow.until) })}</p>
                <ErrorSummary lang={lang} errors={errors} />
                <Form request={request} action={`${request.basePath}${PAGE}/${r.id}/keberatan`}>
                  <Select name="ground" label={t(lang, 'ppid.object.ground')} lang={lang} errors={errors} value={values.ground} emptyLabel={t(lang, 'ppid.object.choose')} options={r.objectionWindow.grounds.map((g) => ({ value: g, label: t(lang, `ppid.ground.${g}`) }))} />
                  <TextArea name="reason" label={t(lang, 'ppid.object.reason')} lang={lang} errors={errors} rows={4} maxLength={4000} value={values.reason} />
                  <button class="button" type="submit">
                    {t(lang, 'ppid.object.submit')}
                  </button>
                </Form>
              </section>
            ) : null}
            <p>
              <a href={`${request.basePath}${PAGE}`}>{t(lang, 'ppid.mine.back')}</a>
            </p>
          </>
        ),
      },
      status,
    );
  }

  app.get<IdParams>(`${PAGE}/:id`, { schema: hide, config: { policy: 'information.view' } }, async (request, reply) => {
    // The PPID or the superior following a requester's link: the same request on their own page.
    if (request.principal.kind === 'officer' && UUID.test(request.params.id)) return reply.redirect(`${request.basePath}/petugas/informasi-publik/${request.params.id}`, 303);
    if (request.principal.kind !== 'citizen') throw notFound();
    return showRequest(request, reply);
  });

  app.post<IdParams>(
    `${PAGE}/:id/keberatan`,
    { schema: hide, config: { policy: 'information.object' } },
    handleForm<FormValues>({
      async act(request, values) {
        const { id } = request.params as { id: string };
        if (!UUID.test(id)) throw notFound();
        await fileObjection(tenantContextOf(request), { id, ground: (values.ground ?? '') as 'a', reason: values.reason ?? '' });
        return `${request.basePath}${PAGE}/${id}#objection`;
      },
      show: (request, reply, values, errors, status) => showRequest(request as FastifyRequest<IdParams>, reply, values, errors, status),
      isFormError: (error) => error.status === 400,
    }),
  );
}
