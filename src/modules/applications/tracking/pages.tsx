// The applicant's pages (no JavaScript needed): "Permohonan saya" (each application's status, the step
// it is at, the expected date and what the applicant must do; drafts to continue), one application
// (the time against the standard, what to do now, the answers, the timeline, messages, withdrawing,
// a self-declaration), answering a revision request with the corrected form, and the public tracking
// page (tracking number + birth date, no account).
import { createHmac, timingSafeEqual } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import type { FileStore } from '../../../platform/files/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { deriveKey } from '../../../platform/secrets.js';
import { ErrorSummary, Field, Form, formErrors, formValues, TextArea } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { getService } from '../../catalog/index.js';
import { applicantOf, applicationContext } from '../context.js';
import type { Answers } from '../forms/answers.js';
import type { FormDefinition } from '../forms/definition.js';
import { type ApplicationDetail, getApplication, listMyApplications, sendMessage } from '../handling/service.js';
import { applicantLinksOf } from '../hooks.js';
import { groupVisible, GroupInputs, inputLabels, pageErrors } from '../intake/form-fields.js';
import { listMyDrafts, recordApplicantEvent, submitRevision, withdrawApplication } from '../intake/service.js';
import { applyPage, commandOf, type Posted, withFiles } from '../intake/posted-answers.js';
import { receivePageForm, UPLOAD_LIMITS } from '../intake/uploads.js';
import { AllAnswers, fmtDate, fmtDateTime, Messages, name, TimeFacts, Timeline } from '../pages-ui.js';
import { frozenVersion } from '../setup/service.js';
import '../strings.js';
import { trackApplication } from './service.js';

type IdParams = { Params: { id: string } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hide = { hide: true } as const;
const applyPolicy = { policy: 'applications.apply' } as const;
const notFound = () => new DomainError('application.not_found', 404, 'app.error.not_found');

export function registerApplicantPages(app: FastifyInstance, rt: ModuleRuntime, files: FileStore) {
  const ctxOf = (request: FastifyRequest) => applicationContext(request, rt);
  const zoneOf = (request: FastifyRequest) => request.tenant?.timeZone ?? 'Asia/Jakarta';
  // The revision page carries the answers being corrected between its round trips (adding an item,
  // uploading): sealed, so a page cannot send back file references that were never its own.
  const sealKey = deriveKey(rt.appSecret, 'applications.revision-answers');
  const seal = (applicationId: string, json: string) => createHmac('sha256', sealKey).update(`${applicationId}\u0000${json}`).digest('base64url');
  const sealed = (applicationId: string, json: string, mac: string) => {
    const want = Buffer.from(seal(applicationId, json));
    const got = Buffer.from(mac);
    return want.length === got.length && timingSafeEqual(want, got);
  };

  // ---- "Permohonan saya" ----
  app.get<{ Querystring: { tersimpan?: string; sebelum?: string } }>('/permohonan', { schema: hide, config: applyPolicy }, async (request, reply) => {
    const lang = request.lang;
    const ctx = ctxOf(request);
    const applicant = applicantOf(request);
    const cursor = typeof request.query.sebelum === 'string' ? request.query.sebelum : undefined;
    const [list, drafts] = await Promise.all([listMyApplications(ctx, { applicant, ...(cursor ? { cursor } : {}) }), listMyDrafts(ctx, { applicant })]);
    const draftNames = await Promise.all(drafts.map(async (d) => ({ ...d, name: await getService(ctx, d.serviceId).then((s) => s.name, () => undefined) })));
    const title = t(lang, 'app.page.mine.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          {request.query.tersimpan ? (
            <p class="notice" role="status">
              {t(lang, 'app.page.mine.saved')}
            </p>
          ) : null}
          {draftNames.some((d) => d.name) ? (
            <section>
              <h2>{t(lang, 'app.page.mine.drafts')}</h2>
              <ul class="card-list">
                {draftNames
                  .filter((d) => d.name)
                  .map((d) => (
                    <li class="card" key={d.serviceId}>
                      <h3>
                        <a href={`${request.basePath}/permohonan/ajukan/${d.serviceId}`}>{name(d.name!, lang)}</a>
                      </h3>
                      <p class="meta">{t(lang, 'app.page.mine.draft_meta', { date: fmtDateTime(d.updatedAt, lang, zoneOf(request)), expires: fmtDateTime(d.expiresAt, lang, zoneOf(request)) })}</p>
                    </li>
                  ))}
              </ul>
            </section>
          ) : null}
          <h2>{t(lang, 'app.page.mine.submitted')}</h2>
          {list.items.length === 0 ? (
            <p>
              {t(lang, 'app.page.mine.empty')} <a href={`${request.basePath}/layanan`}>{t(lang, 'app.page.back_catalog')}</a>
            </p>
          ) : (
            <ul class="card-list" id="my-applications">
              {list.items.map((a) => (
                <li class="card" key={a.id}>
                  <h3>
                    <a href={`${request.basePath}/permohonan/${a.id}`}>{name(a.service.name, lang)}</a>
                  </h3>
                  <p class="meta">
                    {a.trackingNumber} · {t(lang, 'app.page.submitted_on', { date: fmtDateTime(a.submittedAt, lang, zoneOf(request)) })}
                    {a.assisted ? ` · ${t(lang, 'app.page.badge.assisted')}` : ''}
                  </p>
                  <p>
                    <strong>{a.statusText}</strong>
                  </p>
                  {a.status !== 'closed' ? <p class="meta">{t(lang, 'app.page.mine.due', { date: fmtDate(a.serviceDueDate, lang), days: a.remainingDays })}</p> : null}
                  {a.applicantTodo ? <p class="warning">{t(lang, `app.page.todo.${a.applicantTodo}`)}</p> : null}
                </li>
              ))}
            </ul>
          )}
          {list.nextCursor ? (
            <p>
              <a href={`${request.basePath}/permohonan?sebelum=${encodeURIComponent(list.nextCursor)}`}>{t(lang, 'app.page.more')}</a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  // ---- one application ----
  async function load(request: FastifyRequest, id: string): Promise<{ detail: ApplicationDetail; form: FormDefinition; steps: Map<string, string> }> {
    if (!UUID.test(id)) throw notFound();
    const ctx = ctxOf(request);
    const detail = await getApplication(ctx, { viewer: { kind: 'applicant', applicant: applicantOf(request) }, applicationId: id });
    const frozen = (await frozenVersion(ctx, detail.service.versionId))!;
    const steps = new Map(frozen.workflow.steps.map((s) => [s.id, s.name[request.lang]]));
    return { detail, form: frozen.form, steps };
  }

  async function showApplication(request: FastifyRequest, reply: FastifyReply, id: string, failed?: { form: string; values: Posted; errors: FieldError[]; status: number }) {
    const lang = request.lang;
    const { detail: a, form, steps } = await load(request, id);
    const zone = zoneOf(request);
    const here = `${request.basePath}/permohonan/${a.id}`;
    const title = name(a.service.name, lang);
    const errorsOf = (formName: string) => (failed?.form === formName ? failed.errors : undefined);
    const mayWithdraw = a.actions.some((x) => x.type === 'withdrawn');
    const submitted = (request.query as { terkirim?: string }).terkirim === '1';
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            {submitted ? (
              <div class="notice submitted" role="status" id="submitted">
                <h2>{t(lang, 'app.page.submitted.title')}</h2>
                <p>{t(lang, 'app.page.submitted.number')}</p>
                <p class="big-code" id="tracking-number">
                  {a.trackingNumber}
                </p>
                <p>{t(lang, 'app.page.submitted.next', { date: fmtDate(a.time.serviceDue?.dueDate ?? null, lang) })}</p>
              </div>
            ) : null}
            <p class="meta">
              {t(lang, 'app.page.tracking_number')}: <strong>{a.trackingNumber}</strong> · {a.service.agency.name}
            </p>
            <h1>{title}</h1>
            <p class="lead" id="status">
              {a.statusText}
            </p>
            {a.assistedBy ? <p class="meta">{t(lang, 'app.page.assisted_note')}</p> : null}
            <TimeFacts lang={lang} time={a.time} dueDate={a.time.serviceDue?.dueDate ?? null} />
            {a.applicantTodo === 'revise' && a.revision ? (
              <section class="warning" id="todo">
                <h2>{t(lang, 'app.page.todo.revise')}</h2>
                <p class="message-body">{a.revision.message}</p>
                <p>
                  <a class="button" href={`${here}/perbaikan`}>
                    {t(lang, 'app.page.revision.start')}
                  </a>
                </p>
              </section>
            ) : null}
            {a.applicantTodo === 'declare' ? (
              <section class="warning" id="todo">
                <h2>{t(lang, 'app.page.todo.declare')}</h2>
                <ErrorSummary lang={lang} errors={errorsOf('declare')} />
                <Form request={request} action={`${here}/pernyataan`}>
                  <input type="hidden" name="expectedVersion" value={String(a.version)} />
                  <TextArea name="statement" label={t(lang, 'app.page.declare.label')} lang={lang} errors={errorsOf('declare')} value={failed?.form === 'declare' ? failed.values.statement : t(lang, 'app.page.declare.text')} rows={4} />
                  <button class="button" type="submit">
                    {t(lang, 'app.page.declare.submit')}
                  </button>
                </Form>
              </section>
            ) : null}
            {a.applicantTodo === 'pay' ? (
              <p class="warning" id="todo">
                {t(lang, 'app.page.todo.pay')} <a href={`${request.basePath}/tagihan/permohonan/${a.id}`}>{t(lang, 'app.page.todo.pay_link')}</a>
              </p>
            ) : null}
            {applicantLinksOf(a).map((link) => (
              <p class="notice" key={link.path}>
                <a href={`${request.basePath}${link.path}`}>{t(lang, link.label)}</a>
              </p>
            ))}
            <h2>{t(lang, 'app.page.timeline')}</h2>
            <Timeline lang={lang} events={a.timeline} timeZone={zone} viewer="applicant" steps={steps} />
            <h2 id="messages">{t(lang, 'app.page.messages')}</h2>
            <Messages lang={lang} messages={a.messages} timeZone={zone} viewer="applicant" />
            {a.status !== 'closed' ? (
              <Form request={request} action={`${here}/pesan`}>
                <ErrorSummary lang={lang} errors={errorsOf('message')} />
                <TextArea name="body" label={t(lang, 'app.page.message.label')} lang={lang} errors={errorsOf('message')} value={failed?.form === 'message' ? failed.values.body : ''} rows={3} maxLength={4000} />
                <button class="button secondary" type="submit">
                  {t(lang, 'app.page.message.send')}
                </button>
              </Form>
            ) : null}
            <h2>{t(lang, 'app.page.answers')}</h2>
            <AllAnswers form={form} answers={a.answers} lang={lang} />
            {mayWithdraw ? (
              <section>
                <h2>{t(lang, 'app.page.withdraw.title')}</h2>
                <p>{t(lang, 'app.page.withdraw.lead')}</p>
                <Form request={request} action={`${here}/cabut`}>
                  <ErrorSummary lang={lang} errors={errorsOf('withdraw')} />
                  <input type="hidden" name="expectedVersion" value={String(a.version)} />
                  <TextArea name="reason" label={t(lang, 'app.page.withdraw.reason')} lang={lang} errors={errorsOf('withdraw')} required={false} rows={2} maxLength={2000} value={failed?.form === 'withdraw' ? failed.values.reason : ''} />
                  <button class="button warning-button" type="submit">
                    {t(lang, 'app.page.withdraw.submit')}
                  </button>
                </Form>
              </section>
            ) : null}
            <p>
              <a href={`${request.basePath}/permohonan`}>{t(lang, 'app.page.mine.title')}</a>
            </p>
          </>
        ),
      },
      failed?.status ?? 200,
    );
  }

  app.get<IdParams>('/permohonan/:id', { schema: hide, config: applyPolicy }, async (request, reply) => showApplication(request, reply, request.params.id));

  /** A form on the application's page: act, then back to the page; a refusal shows the page with the errors. */
  const onPage = (formName: string, act: (request: FastifyRequest<IdParams>, values: Posted) => Promise<string | void>) => async (request: FastifyRequest<IdParams>, reply: FastifyReply) => {
    if (!UUID.test(request.params.id)) throw notFound();
    const values = formValues(request.body);
    try {
      const anchor = await act(request, values);
      return reply.redirect(`${request.basePath}/permohonan/${request.params.id}${anchor ?? ''}`, 303);
    } catch (error) {
      const errors = formErrors(request.lang, error);
      if (!errors) throw error;
      // A stale version is not the citizen's mistake: show where it stands now.
      return showApplication(request, reply, request.params.id, { form: formName, values, errors: errors.map((e) => (e.field === '/body' || e.field === '/statement' || e.field === '/reason' ? e : { ...e, field: '/' })), status: (error as DomainError).status });
    }
  };
  const version = (v: Posted) => (/^\d{1,9}$/.test(v.expectedVersion ?? '') ? Number(v.expectedVersion) : -1);

  app.post<IdParams>(
    '/permohonan/:id/pesan',
    { schema: hide, config: applyPolicy },
    onPage('message', async (request, v) => {
      await sendMessage(ctxOf(request), { viewer: { kind: 'applicant', applicant: applicantOf(request) }, applicationId: request.params.id, body: v.body ?? '' });
      return '#messages';
    }),
  );
  app.post<IdParams>(
    '/permohonan/:id/cabut',
    { schema: hide, config: applyPolicy },
    onPage('withdraw', async (request, v) => {
      await withdrawApplication(ctxOf(request), { applicant: applicantOf(request), applicationId: request.params.id, expectedVersion: version(v), ...(v.reason?.trim() ? { reason: v.reason } : {}) });
    }),
  );
  app.post<IdParams>(
    '/permohonan/:id/pernyataan',
    { schema: hide, config: applyPolicy },
    onPage('declare', async (request, v) => {
      await recordApplicantEvent(ctxOf(request), { applicant: applicantOf(request), applicationId: request.params.id, expectedVersion: version(v), event: 'self_declared', statement: v.statement ?? '' });
    }),
  );

  // ---- answering a revision request: the whole form again, with the answers given ----
  async function showRevision(request: FastifyRequest, reply: FastifyReply, id: string, answers?: Answers, errors: FieldError[] = [], status = 200) {
    const lang = request.lang;
    const { detail: a, form } = await load(request, id);
    if (a.applicantTodo !== 'revise' || !a.revision) return reply.redirect(`${request.basePath}/permohonan/${a.id}`, 303);
    const shown = answers ?? a.answers;
    const groups = form.groups.filter((g) => groupVisible(g, shown));
    const labels = Object.assign({}, ...groups.map((g) => inputLabels(g, shown, lang))) as Record<string, string>;
    const title = t(lang, 'app.page.revision.title');
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <p class="meta">
              {name(a.service.name, lang)} · {a.trackingNumber}
            </p>
            <h1>{title}</h1>
            <div class="warning">
              <p>{t(lang, 'app.page.revision.asked')}</p>
              <p class="message-body">{a.revision.message}</p>
            </div>
            <ErrorSummary lang={lang} errors={pageErrors(form, errors)} labels={labels} />
            <Form request={request} action={`${request.basePath}/permohonan/${a.id}/perbaikan`} multipart class="form">
              <input type="hidden" name="_version" value={String(a.version)} />
              <input type="hidden" name="_answers" value={JSON.stringify(shown)} />
              <input type="hidden" name="_seal" value={seal(a.id, JSON.stringify(shown))} />
              {groups.map((g) => (
                <section key={g.id}>
                  <h2>{g.title[lang]}</h2>
                  <GroupInputs group={g} answers={shown} lang={lang} errors={pageErrors(form, errors)} basePath={request.basePath} />
                </section>
              ))}
              <button class="button" type="submit" name="_send" value="1">
                {t(lang, 'app.page.revision.submit')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get<IdParams>('/permohonan/:id/perbaikan', { schema: hide, config: applyPolicy }, async (request, reply) => {
    if (!UUID.test(request.params.id)) throw notFound();
    return showRevision(request, reply, request.params.id);
  });

  app.register(async (scope) => {
    await scope.register(multipart, { limits: UPLOAD_LIMITS });
    scope.post<IdParams>('/permohonan/:id/perbaikan', { schema: hide, config: applyPolicy }, async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound();
      const ctx = ctxOf(request);
      const applicant = applicantOf(request);
      const { detail: a, form } = await load(request, request.params.id);
      const groupOfInput = (n: string) => form.groups.find((group) => (group.repeatable ? n.startsWith(`${group.id}.`) : group.fields.some((f) => f.id === n)));
      // Files stream into the intake as they arrive; a refused one (413, 415) ends the reading there.
      const read = request.isMultipart()
        ? await receivePageForm(ctx, files, request, { applicant, serviceId: a.service.id, groupOf: groupOfInput })
        : { values: formValues(request.body) as Record<string, string>, uploads: [] };
      const posted: Posted = read.values;
      // The answers the page was shown with (files included), then what this page changed.
      let answers: Answers = a.answers;
      if (posted._answers && posted._seal && sealed(a.id, posted._answers, posted._seal)) answers = JSON.parse(posted._answers) as Answers;
      const command = commandOf(posted);
      const refused = 'refused' in read ? read.refused : undefined;
      const errors: FieldError[] = refused ? (formErrors(request.lang, refused.error) ?? []).map((e) => ({ ...e, field: `/${refused.name.split('.').join('/')}` })) : [];
      for (const group of form.groups.filter((g) => groupVisible(g, answers))) {
        const mine = (n: string) => groupOfInput(n) === group;
        answers = applyPage(answers, group, posted, command.kind === 'remove_file' && !mine(command.name) ? { kind: 'save' } : command);
        const uploads = read.uploads.filter((u) => mine(u.name));
        if (uploads.length > 0) answers = withFiles(answers, group, uploads);
      }
      if (command.kind !== 'save' || errors.length > 0 || posted._send === undefined) return showRevision(request, reply, a.id, answers, errors, refused ? refused.error.status : 200);
      try {
        const expectedVersion = /^\d{1,9}$/.test(posted._version ?? '') ? Number(posted._version) : a.version;
        await submitRevision(ctx, { applicant, applicationId: a.id, expectedVersion, answers });
        return reply.redirect(`${request.basePath}/permohonan/${a.id}`, 303);
      } catch (error) {
        const problem = formErrors(request.lang, error);
        if (!problem) throw error;
        return showRevision(request, reply, a.id, answers, problem, (error as DomainError).status);
      }
    });
  });

  // ---- public tracking: no account ----
  function showTracking(request: FastifyRequest, reply: FastifyReply, values: Posted, result?: Awaited<ReturnType<typeof trackApplication>>, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const title = t(lang, 'app.page.track.title');
    const labels = { trackingNumber: t(lang, 'app.page.track.number'), birthDate: t(lang, 'app.page.track.birth_date') };
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p class="lead">{t(lang, 'app.page.track.lead')}</p>
            <ErrorSummary lang={lang} errors={errors} labels={labels} />
            <Form request={request} action={`${request.basePath}/permohonan/lacak`} class="form">
              <Field name="trackingNumber" label={labels.trackingNumber} lang={lang} errors={errors} value={values.trackingNumber} hint={t(lang, 'app.page.track.number_hint')} autocomplete="off" />
              <Field name="birthDate" type="date" label={labels.birthDate} lang={lang} errors={errors} value={values.birthDate} autocomplete="bday" />
              <button class="button" type="submit">
                {t(lang, 'app.page.track.submit')}
              </button>
            </Form>
            {result ? (
              <section id="track-result" aria-live="polite">
                <h2>{name(result.service.name, lang)}</h2>
                <p class="meta">
                  {result.trackingNumber} · {t(lang, 'app.page.submitted_on', { date: fmtDateTime(result.submittedAt, lang, zoneOf(request)) })}
                </p>
                <p class="lead">{result.statusText}</p>
                {result.currentSteps.length > 0 ? <p>{t(lang, 'app.page.track.at', { steps: result.currentSteps.join(', ') })}</p> : null}
                <TimeFacts lang={lang} time={result.time} dueDate={result.serviceDueDate} />
              </section>
            ) : null}
          </>
        ),
      },
      status,
    );
  }

  app.get('/permohonan/lacak', { schema: hide, config: { policy: 'applications.track' } }, async (request, reply) => showTracking(request, reply, {}));

  // The result is the answer to this POST (not a redirect): the birth date must never travel in a URL.
  app.post('/permohonan/lacak', { schema: hide, config: { policy: 'applications.track' } }, async (request, reply) => {
    const values = formValues(request.body);
    const errors: FieldError[] = [];
    if (!values.trackingNumber?.trim()) errors.push({ field: '/trackingNumber', code: 'required', message: t(request.lang, 'field.required') });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.birthDate ?? '')) errors.push({ field: '/birthDate', code: 'format', message: t(request.lang, 'app.answer.date') });
    if (errors.length > 0) return showTracking(request, reply, values, undefined, errors, 400);
    try {
      const result = await trackApplication(ctxOf(request), { trackingNumber: values.trackingNumber!, birthDate: values.birthDate!, address: request.ip });
      return showTracking(request, reply, values, result);
    } catch (error) {
      const problem = formErrors(request.lang, error);
      if (!problem) throw error;
      return showTracking(request, reply, values, undefined, problem, (error as DomainError).status);
    }
  });
}
