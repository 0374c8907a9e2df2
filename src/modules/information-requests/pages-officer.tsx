// The PPID's and the superior's pages (no JavaScript needed): the queue with deadlines and overdue
// requests first (/petugas/informasi-publik), a paper request's record (…/baru), one request with the
// extension and decision forms (…/<id>) and, for the atasan PPID, the objection's answer; the
// consequence tests (…/uji-konsekuensi); the objections queue (…/keberatan); the year's figures
// (…/statistik). Every POST → 303 back to the page, or the page again with the errors beside the fields.
// Answer files are uploaded one at a time on the request's page (a multipart POST) before the decision
// names those it delivers; after a grant, the copy's handover is recorded there.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Fragment } from 'preact';
import { can } from '../../platform/auth/index.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../platform/module.js';
import { discardReceivedFiles, type FileStore, receiveFile } from '../../platform/files/index.js';
import { readMultipartForm } from '../../platform/http/multipart.js';
import { Checkboxes, ErrorSummary, Field, Form, type FormValues, formErrors, handleForm, Radios, Select, TextArea } from '../../web/form.js';
import { ANSWER_FILE_RULES, COPY_METHODS, GRANTS, recordAnswerFile, recordCopyHandover } from './answers.js';
import { answerFilePath } from './pages-answer.js';
import { sendPage } from '../../web/layout.js';
import { localDate } from '../../platform/calendar/index.js';
import { formatDay, RequestFacts, statusOf } from './pages-ui.js';
import { DECISIONS, DELIVERIES, EXEMPTION_GROUNDS, MAX_EXTENSION_DAYS, ZONE_OFFSETS } from './rules.js';
import {
  answerObjection,
  createConsequenceTest,
  createInformationRequest,
  decideInformationRequest,
  extendInformationRequest,
  getInformationRequest,
  getInformationRequestStatistics,
  listConsequenceTests,
  listInformationRequests,
  listObjections,
  type QueueItem,
} from './service.js';
import './strings.js';

const hide = { hide: true } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new DomainError('information.not_found', 404, 'ppid.error.not_found');
type IdParams = { Params: { id: string } };
const BASE = '/petugas/informasi-publik';

function QueueTable({ lang, basePath, items, id }: { lang: Lang; basePath: string; items: QueueItem[]; id: string }) {
  return (
    <div class="table-scroll">
      <table id={id}>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'ppid.f.number')}</th>
            <th scope="col">{t(lang, 'ppid.f.information')}</th>
            <th scope="col">{t(lang, 'ppid.f.received')}</th>
            <th scope="col">{t(lang, 'ppid.f.due')}</th>
            <th scope="col">{t(lang, 'ppid.f.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <a href={`${basePath}${BASE}/${r.id}`}>{r.number}</a>
              </th>
              <td>
                {r.requesterName}: {r.information.slice(0, 100)}
              </td>
              <td>{formatDay(lang, r.receivedOn)}</td>
              <td>
                {formatDay(lang, r.dueOn)}
                {r.extended ? ` (${t(lang, 'ppid.queue.extended')})` : ''}
              </td>
              <td>{r.overdue && !r.decision ? <strong class="overdue">{statusOf(lang, r)}</strong> : statusOf(lang, r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The decision's refusals of answer files (400 unknown, 409 not clean) are the form's to show. */
const isFormError = (error: DomainError) => error.status === 400 || error.code.startsWith('information.answer_file_');
/** `answerFileIds` may be sent once or repeated (one checkbox each). */
const idsOf = (body: unknown): string[] => {
  const raw = (body as Record<string, unknown> | undefined)?.answerFileIds;
  return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && UUID.test(v));
};

export function registerOfficerPages(app: FastifyInstance, rt: ModuleRuntime, store: FileStore) {
  const informationContext = (request: FastifyRequest) => ({ ...tenantContextOf(request), publicBaseUrl: rt.config.publicBaseUrl });

  app.get(BASE, { schema: hide, config: { policy: 'information.handle' } }, async (request, reply) => {
    const lang = request.lang;
    const queue = await listInformationRequests(tenantContextOf(request));
    const title = t(lang, 'ppid.queue.title');
    const base = `${request.basePath}${BASE}`;
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <ul class="actions">
            <li>
              <a href={`${base}/baru`}>{t(lang, 'ppid.paper.title')}</a>
            </li>
            <li>
              <a href={`${base}/uji-konsekuensi`}>{t(lang, 'ppid.ct.title')}</a>
            </li>
            <li>
              <a href={`${base}/statistik`}>{t(lang, 'ppid.stats.title')}</a>
            </li>
          </ul>
          <h2>{t(lang, 'ppid.queue.open')}</h2>
          {queue.open.length === 0 ? <p>{t(lang, 'ppid.queue.none')}</p> : <QueueTable lang={lang} basePath={request.basePath} items={queue.open} id="queue-open" />}
          <h2>{t(lang, 'ppid.queue.decided')}</h2>
          {queue.decided.length === 0 ? <p>{t(lang, 'ppid.queue.none')}</p> : <QueueTable lang={lang} basePath={request.basePath} items={queue.decided} id="queue-decided" />}
        </>
      ),
    });
  });

  async function showPaper(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const title = t(lang, 'ppid.paper.title');
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <ErrorSummary lang={lang} errors={errors} />
            <Form request={request} action={`${request.basePath}${BASE}/baru`}>
              <Field name="requesterName" label={t(lang, 'ppid.paper.name')} lang={lang} errors={errors} maxLength={200} value={values.requesterName} />
              <Field name="requesterContact" label={t(lang, 'ppid.paper.contact')} lang={lang} errors={errors} required={false} maxLength={254} value={values.requesterContact} />
              <Radios name="requesterKind" lang={lang} errors={errors} legend={t(lang, 'ppid.form.kind')} value={values.requesterKind ?? 'person'} options={[{ value: 'person', label: t(lang, 'ppid.kind.person') }, { value: 'legal_entity', label: t(lang, 'ppid.kind.legal_entity') }]} />
              <Field name="entityName" pointer="/entity/name" label={t(lang, 'ppid.form.entity_name')} hint={t(lang, 'ppid.form.entity_only')} lang={lang} errors={errors} required={false} maxLength={300} value={values.entityName} />
              <TextArea name="information" label={t(lang, 'ppid.form.information')} lang={lang} errors={errors} rows={4} maxLength={4000} value={values.information} />
              <TextArea name="purpose" label={t(lang, 'ppid.form.purpose')} lang={lang} errors={errors} rows={3} maxLength={2000} value={values.purpose} />
              <Radios name="delivery" lang={lang} errors={errors} legend={t(lang, 'ppid.form.delivery')} value={values.delivery ?? 'copy'} options={DELIVERIES.map((d) => ({ value: d, label: t(lang, `ppid.delivery.${d}`) }))} />
              <Field name="receivedOn" label={t(lang, 'ppid.paper.received_on')} hint={t(lang, 'ppid.paper.received_hint')} type="date" lang={lang} errors={errors} pointer="/receivedAt" value={values.receivedOn} />
              <button class="button" type="submit">
                {t(lang, 'ppid.paper.submit')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get(`${BASE}/baru`, { schema: hide, config: { policy: 'information.handle' } }, async (request, reply) => showPaper(request, reply));
  app.post(
    `${BASE}/baru`,
    { schema: hide, config: { policy: 'information.handle' } },
    handleForm<FormValues>({
      async act(request, values) {
        const ctx = tenantContextOf(request);
        const legal = values.requesterKind === 'legal_entity';
        // A date typed on the form is the receipt's day, from its local midnight (counting begins the next working day).
        const day = /^\d{4}-\d{2}-\d{2}$/.test(values.receivedOn ?? '') ? values.receivedOn! : undefined;
        const receivedAt = day ? `${day}T00:00:00${ZONE_OFFSETS[ctx.tenant.timeZone] ?? '+07:00'}` : undefined;
        const created = await createInformationRequest(ctx, {
          requesterKind: legal ? 'legal_entity' : 'person',
          entity: legal ? { name: values.entityName ?? '' } : undefined,
          information: values.information ?? '',
          purpose: values.purpose ?? '',
          delivery: (DELIVERIES as readonly string[]).includes(values.delivery ?? '') ? (values.delivery as 'copy') : 'copy',
          requesterName: values.requesterName ?? '',
          requesterContact: values.requesterContact,
          receivedAt,
        });
        return `${request.basePath}${BASE}/${created.id}`;
      },
      show: showPaper,
      isFormError: (error) => error.status === 400,
    }),
  );

  async function showRequest(request: FastifyRequest<IdParams>, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    if (!UUID.test(request.params.id)) throw notFound();
    const ctx = tenantContextOf(request);
    const r = await getInformationRequest(ctx, { id: request.params.id });
    const handler = can(request.principal, 'information.handle');
    const superior = can(request.principal, 'information.superior');
    const tests = handler && !r.decision ? await listConsequenceTests(ctx) : [];
    const action = (path: string) => `${request.basePath}${BASE}/${r.id}/${path}`;
    const title = t(lang, 'ppid.receipt.title', { number: r.number });
    // A refused file of the decision is shown beside the files' checkboxes.
    errors = errors?.map((e) => (e.field.startsWith('/answerFileIds/') ? { ...e, field: '/answerFileIds' } : e));
    const uploadError = errors?.find((e) => e.field === ANSWER_FILE_RULES.field);
    const undelivered = r.answerFiles.filter((f) => !f.delivered);
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <ErrorSummary lang={lang} errors={errors} ids={{ [ANSWER_FILE_RULES.field]: 'f-answerFile' }} />
            <RequestFacts lang={lang} timeZone={ctx.tenant.timeZone} request={r} officer fileHref={(fileId) => `${request.basePath}${answerFilePath(r.id, fileId)}`} />
            {handler && !r.decision ? (
              <section aria-labelledby="upload-title">
                <h2 id="upload-title">{t(lang, 'ppid.files.upload_title')}</h2>
                <Form request={request} action={action('berkas')} multipart>
                  <div class={`field${uploadError ? ' has-error' : ''}`}>
                    <label for="f-answerFile">{t(lang, 'ppid.files.upload_label')}</label>
                    <p class="hint" id="f-answerFile-hint">
                      {t(lang, 'ppid.files.upload_hint')}
                    </p>
                    {uploadError ? (
                      <p class="field-error" id="f-answerFile-error">
                        {uploadError.message}
                      </p>
                    ) : null}
                    <input type="file" id="f-answerFile" name="answerFile" accept=".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,.odt,.ods" aria-describedby={uploadError ? 'f-answerFile-hint f-answerFile-error' : 'f-answerFile-hint'} />
                  </div>
                  <button class="button secondary" type="submit">
                    {t(lang, 'ppid.files.upload_submit')}
                  </button>
                </Form>
              </section>
            ) : null}
            {handler && r.decision && GRANTS.includes(r.decision.kind) && !r.copy ? (
              <section aria-labelledby="copy-form-title">
                <h2 id="copy-form-title">{t(lang, 'ppid.copy.form_title')}</h2>
                <Form request={request} action={action('salinan')}>
                  <Field name="handedOverOn" type="date" label={t(lang, 'ppid.copy.day')} lang={lang} errors={errors} value={values.handedOverOn} />
                  <Radios name="method" lang={lang} errors={errors} legend={t(lang, 'ppid.copy.method')} value={values.method} options={COPY_METHODS.map((m) => ({ value: m, label: t(lang, `ppid.copy.method.${m}`) }))} />
                  <button class="button secondary" type="submit">
                    {t(lang, 'ppid.copy.submit')}
                  </button>
                </Form>
              </section>
            ) : null}
            {handler && !r.decision && !r.extension && !r.overdue ? (
              <section aria-labelledby="extend-title">
                <h2 id="extend-title">{t(lang, 'ppid.extend.title')}</h2>
                <p>{t(lang, 'ppid.extend.intro', { max: MAX_EXTENSION_DAYS })}</p>
                <Form request={request} action={action('perpanjang')}>
                  <Select name="days" label={t(lang, 'ppid.extend.days')} lang={lang} errors={errors} value={values.days ?? String(MAX_EXTENSION_DAYS)} options={Array.from({ length: MAX_EXTENSION_DAYS }, (_, i) => ({ value: String(i + 1), label: t(lang, 'ppid.extend.days_n', { days: i + 1 }) }))} />
                  <TextArea name="reason" label={t(lang, 'ppid.extend.reason')} lang={lang} errors={errors} rows={3} maxLength={2000} value={values.reason} />
                  <button class="button secondary" type="submit">
                    {t(lang, 'ppid.extend.submit')}
                  </button>
                </Form>
              </section>
            ) : null}
            {handler && !r.decision ? (
              <section aria-labelledby="decide-title">
                <h2 id="decide-title">{t(lang, 'ppid.decide.title')}</h2>
                <Form request={request} action={action('putuskan')}>
                  <Radios name="decision" lang={lang} errors={errors} legend={t(lang, 'ppid.decide.decision')} value={values.decision} options={DECISIONS.map((d) => ({ value: d, label: t(lang, `ppid.decision.${d}`) }))} />
                  <TextArea name="answer" label={t(lang, 'ppid.decide.answer')} hint={t(lang, 'ppid.decide.answer_hint')} lang={lang} errors={errors} rows={5} maxLength={8000} value={values.answer} />
                  <TextArea name="redaction" label={t(lang, 'ppid.f.redaction')} hint={t(lang, 'ppid.decide.redaction_hint')} lang={lang} errors={errors} required={false} rows={3} maxLength={2000} value={values.redaction} />
                  <Field name="holder" label={t(lang, 'ppid.f.holder')} hint={t(lang, 'ppid.decide.holder_hint')} lang={lang} errors={errors} required={false} maxLength={300} value={values.holder} />
                  {undelivered.length > 0 ? (
                    <Checkboxes
                      name="answerFileIds"
                      legend={t(lang, 'ppid.decide.files')}
                      hint={t(lang, 'ppid.decide.files_hint')}
                      lang={lang}
                      errors={errors}
                      required={false}
                      values={values.answerFileIds ? values.answerFileIds.split(',') : []}
                      options={undelivered.map((f) => ({ value: f.id, label: `${f.name} (${t(lang, `ppid.files.state.${f.state}`)})` }))}
                    />
                  ) : null}
                  <Select
                    name="consequenceTestId"
                    label={t(lang, 'ppid.decide.consequence_test')}
                    hint={t(lang, 'ppid.decide.consequence_test_hint')}
                    lang={lang}
                    errors={errors}
                    required={false}
                    value={values.consequenceTestId}
                    emptyLabel={t(lang, 'ppid.decide.no_test')}
                    options={tests.map((c) => ({ value: c.id, label: `${c.document} — ${t(lang, 'ppid.ct.ground', { letter: c.legalGround })}` }))}
                  />
                  <p>
                    <a href={`${request.basePath}${BASE}/uji-konsekuensi`}>{t(lang, 'ppid.ct.new')}</a>
                  </p>
                  <button class="button" type="submit">
                    {t(lang, 'ppid.decide.submit')}
                  </button>
                </Form>
              </section>
            ) : null}
            {superior && r.objection && !r.objection.answer ? (
              <section aria-labelledby="answer-title">
                <h2 id="answer-title">{t(lang, 'ppid.answer.title')}</h2>
                <Form request={request} action={action('keberatan/jawab')}>
                  <Radios name="upheld" lang={lang} errors={errors} legend={t(lang, 'ppid.answer.outcome')} value={values.upheld} options={[{ value: 'yes', label: t(lang, 'ppid.objection.upheld') }, { value: 'no', label: t(lang, 'ppid.objection.rejected') }]} />
                  <TextArea name="answer" label={t(lang, 'ppid.answer.text')} lang={lang} errors={errors} rows={5} maxLength={8000} value={values.answer} />
                  <button class="button" type="submit">
                    {t(lang, 'ppid.answer.submit')}
                  </button>
                </Form>
              </section>
            ) : null}
            <p>
              <a href={`${request.basePath}${superior && !handler ? `${BASE}/keberatan` : BASE}`}>{t(lang, 'ppid.queue.back')}</a>
            </p>
          </>
        ),
      },
      status,
    );
  }

  app.get<IdParams>(`${BASE}/:id`, { schema: hide, config: { policy: 'information.officer_view' } }, async (request, reply) => showRequest(request, reply));

  const post = (path: string, policy: 'information.handle' | 'information.superior', act: (request: FastifyRequest<IdParams>, values: FormValues) => Promise<unknown>) =>
    app.post<IdParams>(
      `${BASE}/:id/${path}`,
      { schema: hide, config: { policy } },
      handleForm<FormValues>({
        async act(request, values) {
          const { id } = request.params as { id: string };
          if (!UUID.test(id)) throw notFound();
          await act(request as FastifyRequest<IdParams>, values);
          return `${request.basePath}${BASE}/${id}`;
        },
        show: (request, reply, values, errors, status) => showRequest(request as FastifyRequest<IdParams>, reply, values, errors, status),
        isFormError,
      }),
    );
  post('perpanjang', 'information.handle', (request, values) => extendInformationRequest(informationContext(request), { id: request.params.id, days: Number(values.days), reason: values.reason ?? '' }));
  post('putuskan', 'information.handle', (request, values) => {
    const answerFileIds = idsOf(request.body);
    values.answerFileIds = answerFileIds.join(',');
    return decideInformationRequest(informationContext(request), {
      id: request.params.id,
      decision: (values.decision ?? '') as 'granted_full',
      answer: values.answer ?? '',
      redaction: values.redaction,
      holder: values.holder,
      consequenceTestId: values.consequenceTestId && UUID.test(values.consequenceTestId) ? values.consequenceTestId : undefined,
      answerFileIds,
    });
  });
  post('salinan', 'information.handle', (request, values) => recordCopyHandover(tenantContextOf(request), { id: request.params.id, handedOverOn: values.handedOverOn ?? '', method: values.method ?? '' }));

  // An answer file: one multipart POST, streamed into quarantine; back to the page, or the page with the refusal beside the file input.
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ANSWER_FILE_RULES.maxBytes + 1, files: 1, fields: 5, fieldSize: 1024 } });
    scope.post<IdParams>(`${BASE}/:id/berkas`, { schema: hide, config: { policy: 'information.handle' } }, async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound();
      const ctx = tenantContextOf(request);
      let uploaded = false;
      try {
        await readMultipartForm(request, {
          onFile: async ({ field, filename, stream }) => {
            if (field !== 'answerFile' || uploaded) {
              stream.resume();
              return true;
            }
            const file = await receiveFile(store, ctx.tenant.id, { stream, filename }, ANSWER_FILE_RULES);
            if (!file) return true;
            try {
              await recordAnswerFile(ctx, { id: request.params.id, file });
            } catch (error) {
              await discardReceivedFiles(store, [file]);
              throw error;
            }
            uploaded = true;
            return true;
          },
        });
        if (!uploaded) throw new DomainError('information.invalid', 400, 'ppid.error.invalid', {}, [{ field: ANSWER_FILE_RULES.field, code: 'required', messageKey: 'ppid.error.answer_file_required' }]);
        return reply.redirect(`${request.basePath}${BASE}/${request.params.id}#answer-files`, 303);
      } catch (error) {
        const errors = formErrors(request.lang, error);
        if (!errors || !(error instanceof DomainError) || error.status >= 500 || error.status === 404) throw error;
        return showRequest(request, reply, {}, errors.map((e) => (e.field === '/' ? { ...e, field: ANSWER_FILE_RULES.field } : e)), error.status);
      }
    });
  });
  post('keberatan/jawab', 'information.superior', (request, values) => {
    if (values.upheld !== 'yes' && values.upheld !== 'no') throw new DomainError('information.invalid', 400, 'ppid.error.invalid', {}, [{ field: '/upheld', code: 'required', messageKey: 'ppid.error.upheld' }]);
    return answerObjection(informationContext(request), { id: request.params.id, upheld: values.upheld === 'yes', answer: values.answer ?? '' });
  });

  async function showTests(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const tests = await listConsequenceTests(tenantContextOf(request));
    const title = t(lang, 'ppid.ct.title');
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>{t(lang, 'ppid.ct.intro')}</p>
            <ErrorSummary lang={lang} errors={errors} />
            <Form request={request} action={`${request.basePath}${BASE}/uji-konsekuensi`}>
              <Field name="document" label={t(lang, 'ppid.ct.document')} lang={lang} errors={errors} maxLength={500} value={values.document} />
              <TextArea name="exemptPart" label={t(lang, 'ppid.ct.exempt_part')} lang={lang} errors={errors} rows={3} maxLength={2000} value={values.exemptPart} />
              <Select name="legalGround" label={t(lang, 'ppid.ct.legal_ground')} lang={lang} errors={errors} value={values.legalGround} emptyLabel={t(lang, 'ppid.object.choose')} options={EXEMPTION_GROUNDS.map((g) => ({ value: g, label: t(lang, `ppid.exemption.${g}`) }))} />
              <TextArea name="reasoning" label={t(lang, 'ppid.ct.reasoning')} hint={t(lang, 'ppid.ct.reasoning_hint')} lang={lang} errors={errors} rows={5} maxLength={4000} value={values.reasoning} />
              <button class="button" type="submit">
                {t(lang, 'ppid.ct.submit')}
              </button>
            </Form>
            <h2>{t(lang, 'ppid.ct.list')}</h2>
            <ul id="consequence-tests">
              {tests.map((c) => (
                <li key={c.id}>
                  <strong>{c.document}</strong> — {t(lang, 'ppid.ct.ground', { letter: c.legalGround })}: {c.exemptPart}
                </li>
              ))}
            </ul>
            <p>
              <a href={`${request.basePath}${BASE}`}>{t(lang, 'ppid.queue.back')}</a>
            </p>
          </>
        ),
      },
      status,
    );
  }
  app.get(`${BASE}/uji-konsekuensi`, { schema: hide, config: { policy: 'information.handle' } }, async (request, reply) => showTests(request, reply));
  app.post(
    `${BASE}/uji-konsekuensi`,
    { schema: hide, config: { policy: 'information.handle' } },
    handleForm<FormValues>({
      async act(request, values) {
        await createConsequenceTest(tenantContextOf(request), { document: values.document ?? '', exemptPart: values.exemptPart ?? '', legalGround: values.legalGround ?? '', reasoning: values.reasoning ?? '' });
        return `${request.basePath}${BASE}/uji-konsekuensi`;
      },
      show: showTests,
      isFormError: (error) => error.status === 400,
    }),
  );

  app.get(`${BASE}/keberatan`, { schema: hide, config: { policy: 'information.superior' } }, async (request, reply) => {
    const lang = request.lang;
    const items = await listObjections(tenantContextOf(request));
    const title = t(lang, 'ppid.objections.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          {items.length === 0 ? (
            <p>{t(lang, 'ppid.queue.none')}</p>
          ) : (
            <div class="table-scroll">
              <table id="objections">
                <thead>
                  <tr>
                    <th scope="col">{t(lang, 'ppid.f.number')}</th>
                    <th scope="col">{t(lang, 'ppid.object.ground')}</th>
                    <th scope="col">{t(lang, 'ppid.f.due')}</th>
                    <th scope="col">{t(lang, 'ppid.f.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((o) => (
                    <tr key={o.requestId}>
                      <th scope="row">
                        <a href={`${request.basePath}${BASE}/${o.requestId}`}>{o.number}</a>
                      </th>
                      <td>{t(lang, `ppid.ground.${o.ground}`)}</td>
                      <td>{formatDay(lang, o.dueOn)}</td>
                      <td>{t(lang, o.answered ? 'ppid.objections.answered' : o.overdue ? 'ppid.status.overdue' : 'ppid.status.open')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ),
    });
  });

  app.get(`${BASE}/statistik`, { schema: hide, config: { policy: 'information.officer_view' } }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const thisYear = Number(localDate(ctx.now().getTime(), ctx.tenant.timeZone).slice(0, 4));
    const years = [0, 1, 2, 3, 4].map((n) => thisYear - n);
    const asked = Number((request.query as { tahun?: string }).tahun);
    const year = years.includes(asked) ? asked : thisYear;
    const s = await getInformationRequestStatistics(ctx, { year });
    const title = t(lang, 'ppid.stats.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <form method="get" action={`${request.basePath}${BASE}/statistik`} class="filters">
            <Select name="tahun" label={t(lang, 'ppid.stats.year')} lang={lang} value={String(year)} options={years.map((y) => ({ value: String(y), label: String(y) }))} />
            <button class="button secondary" type="submit">
              {t(lang, 'ppid.stats.show')}
            </button>
          </form>
          <dl class="facts" id="stats">
            <dt>{t(lang, 'ppid.stats.requests')}</dt>
            <dd id="stats-requests">{s.requests}</dd>
            <dt>{t(lang, 'ppid.stats.paper')}</dt>
            <dd>{s.paper}</dd>
            <dt>{t(lang, 'ppid.stats.entities')}</dt>
            <dd>{s.legalEntities}</dd>
            <dt>{t(lang, 'ppid.stats.extended')}</dt>
            <dd>{s.extended}</dd>
            <dt>{t(lang, 'ppid.stats.open')}</dt>
            <dd>{s.open}</dd>
            {DECISIONS.map((d) => (
              <Fragment key={d}>
                <dt>{t(lang, `ppid.decision.${d}`)}</dt>
                <dd>{s.decisions[d] ?? 0}</dd>
              </Fragment>
            ))}
            <dt>{t(lang, 'ppid.stats.average')}</dt>
            <dd id="stats-average">{s.averageWorkingDays === null ? '—' : t(lang, 'ppid.stats.days', { days: s.averageWorkingDays.toFixed(2) })}</dd>
            <dt>{t(lang, 'ppid.stats.objections')}</dt>
            <dd id="stats-objections">{s.objections}</dd>
            <dt>{t(lang, 'ppid.stats.objections_answered')}</dt>
            <dd>{s.objectionsAnswered}</dd>
            <dt>{t(lang, 'ppid.stats.objections_upheld')}</dt>
            <dd>{s.objectionsUpheld}</dd>
          </dl>
        </>
      ),
    });
  });
}

