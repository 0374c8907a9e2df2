// The citizen's apply pages (no JavaScript needed, 360 px first): a service's start page, one page per
// group of its form (each page saves the draft: resumed on any device), repeating groups with add and
// remove buttons, uploads, a check-your-answers page, and the submission, which lands on the
// application's page with its tracking number. The server's validation is the authority: a page with
// errors comes back with them summarised at the top and beside each field, with everything typed.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError, type PendingFieldError } from '../../../platform/errors.js';
import { withIdempotency } from '../../../platform/http/idempotency.js';
import { type Lang, t } from '../../../platform/i18n/index.js';
import type { FileStore } from '../../../platform/files/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { ErrorSummary, Form, formErrors, formValues } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { applicantOf, type ApplicantRef, applicationContext } from '../context.js';
import { type Answers, errorsOfGroup, type FileRef } from '../forms/answers.js';
import type { FormDefinition, GroupDefinition } from '../forms/definition.js';
import { getTenantAreaBounds } from '../../tenancy/index.js';
import { getApplyInfo } from '../setup/service.js';
import '../strings.js';
import { AnswerList, fmtDateTime, name, translated } from '../pages-ui.js';
import { groupVisible, GroupInputs, inputLabels, pageErrors, visibleFields } from './form-fields.js';
import { checkAll, checkGroup, findDraft, startDraft } from './page-service.js';
import { applyPage, commandOf, inputName, type Posted, withFiles } from './posted-answers.js';
import { AssuranceNeeded, belowService, sendAssuranceNeeded } from './assurance-page.js';
import { type DraftView, saveDraft, submitApplication } from './service.js';
import { chosenReuses, reuseOffersFor } from './reuse.js';
import { receivePageForm, UPLOAD_LIMITS } from './uploads.js';

type ServiceParams = { Params: { serviceId: string } };
type GroupParams = { Params: { serviceId: string; groupId: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hide = { hide: true } as const;
const applyPolicy = { policy: 'applications.apply' } as const;


const notFound = () => new DomainError('not_found', 404, 'error.not_found');

/** The groups the citizen goes through, given their answers so far (a hidden group is skipped). */
const pagesOf = (form: FormDefinition, answers: Answers) => form.groups.filter((g) => groupVisible(g, answers));

/** The input names a group's page shows for these answers (the errors of fields not yet shown wait). */
function shownNames(group: GroupDefinition, answers: Answers): Set<string> {
  const names = new Set<string>();
  if (!group.repeatable) for (const f of visibleFields(group, answers)) names.add(inputName(f, group));
  else {
    const items = Array.isArray(answers[group.id]) ? (answers[group.id] as Answers[]) : [];
    items.forEach((item, i) => visibleFields(group, answers, item ?? {}).forEach((f) => names.add(inputName(f, group, i))));
  }
  return names;
}

function Steps({ lang, form, answers, current }: { lang: Lang; form: FormDefinition; answers: Answers; current: string }) {
  const pages = pagesOf(form, answers);
  const at = pages.findIndex((g) => g.id === current);
  return <p class="meta">{current === '_check' ? t(lang, 'app.page.check.step') : t(lang, 'app.page.step_of', { n: at + 1, total: pages.length })}</p>;
}

export function registerIntakePages(app: FastifyInstance, rt: ModuleRuntime, files: FileStore) {
  const ctxOf = (request: FastifyRequest) => applicationContext(request, rt);
  const tiles = { tileUrl: rt.config.mapTileUrl, attribution: rt.config.mapTileAttribution };
  const base = (request: FastifyRequest, serviceId: string) => `${request.basePath}/permohonan/ajukan/${serviceId}`;

  /** The service's form, or 404 (not published) / the "not online" page. */
  async function formOf(request: FastifyRequest, serviceId: string) {
    if (!UUID.test(serviceId)) throw notFound();
    const info = await getApplyInfo(ctxOf(request), serviceId);
    return info;
  }

  // ---- the start page ----
  app.get<ServiceParams>('/permohonan/ajukan/:serviceId', { schema: hide, config: { policy: 'public' } }, async (request, reply) => {
    const lang = request.lang;
    const info = await formOf(request, request.params.serviceId);
    const p = request.principal;
    let draft: DraftView | undefined;
    let expired = false;
    if (info.online && p.kind === 'citizen') {
      try {
        draft = await findDraft(ctxOf(request), { applicant: applicantOf(request), serviceId: info.service.id });
      } catch (error) {
        if (!(error instanceof DomainError) || error.status !== 410) throw error;
        expired = true;
      }
    }
    const title = t(lang, 'app.page.apply.title', { service: name(info.service.name, lang) });
    const here = base(request, info.service.id);
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          {!info.online ? (
            <p class="notice">{t(lang, 'app.error.not_online')}</p>
          ) : (
            <>
              {expired ? (
                <p class="warning" role="status" id="draft-expired">
                  {t(lang, 'app.error.draft_expired')}
                </p>
              ) : null}
              <p class="lead">{t(lang, 'app.page.apply.lead', { days: info.workflow?.serviceDays ?? 0 })}</p>
              <h2>{t(lang, 'app.page.apply.steps')}</h2>
              <ol>
                {(info.workflow?.steps ?? []).map((s) => (
                  <li key={s.id}>{s.name[lang]}</li>
                ))}
              </ol>
              <h2>{t(lang, 'app.page.apply.prepare')}</h2>
              <ul>
                {(info.form?.requirements ?? []).map((r) => (
                  <li key={r.requirement}>{r.requirement}</li>
                ))}
              </ul>
              {p.kind !== 'citizen' ? (
                <p>
                  <a class="button" href={`${request.basePath}/masuk?next=${encodeURIComponent(here)}`}>
                    {t(lang, 'app.page.apply.sign_in')}
                  </a>
                </p>
              ) : belowService(request, info.service) ? (
                <AssuranceNeeded request={request} service={info.service} next={here} />
              ) : (
                <Form request={request} action={here}>
                  {draft ? <p class="notice">{t(lang, 'app.page.apply.draft', { date: fmtDateTime(draft.updatedAt, lang, request.tenant?.timeZone), expires: fmtDateTime(draft.expiresAt, lang, request.tenant?.timeZone) })}</p> : null}
                  <button class="button" type="submit">
                    {t(lang, draft ? 'app.page.apply.continue' : 'app.page.apply.start')}
                  </button>
                </Form>
              )}
            </>
          )}
          <p>
            <a href={`${request.basePath}/layanan`}>{t(lang, 'app.page.back_catalog')}</a>
          </p>
        </>
      ),
    });
  });

  app.post<ServiceParams>('/permohonan/ajukan/:serviceId', { schema: hide, config: applyPolicy }, async (request, reply) => {
    const info = await formOf(request, request.params.serviceId);
    if (!info.form) throw new DomainError('application.not_online', 409, 'app.error.not_online');
    // Not started below the service's level: the citizen learns how to raise it before filling anything in.
    if (belowService(request, info.service)) return sendAssuranceNeeded(request, reply, info.service, base(request, info.service.id));
    const draft = await startDraft(ctxOf(request), { applicant: applicantOf(request), serviceId: info.service.id, form: info.form });
    const first = pagesOf(info.form, draft.answers)[0]!;
    return reply.redirect(`${base(request, info.service.id)}/isian/${first.id}`, 303);
  });

  // ---- one group per page ----
  async function loadPage(request: FastifyRequest, serviceId: string, groupId: string) {
    const info = await formOf(request, serviceId);
    if (!info.form) throw new DomainError('application.not_online', 409, 'app.error.not_online');
    const draft = await findDraft(ctxOf(request), { applicant: applicantOf(request), serviceId: info.service.id });
    if (!draft) throw new DomainError('application.draft_not_found', 404, 'app.error.draft_not_found');
    const group = info.form.groups.find((g) => g.id === groupId);
    if (!group || !groupVisible(group, draft.answers)) throw notFound();
    return { info, form: info.form, draft, group };
  }

  async function showGroup(
    request: FastifyRequest,
    reply: FastifyReply,
    page: { info: Awaited<ReturnType<typeof formOf>>; form: FormDefinition; group: GroupDefinition },
    answers: Answers,
    errors: FieldError[],
    status = 200,
    notice?: string,
  ) {
    const lang = request.lang;
    const { info, form, group } = page;
    const multipartForm = group.fields.some((f) => f.type === 'file');
    const reuse = await reuseOffersFor(ctxOf(request), applicantOf(request), group);
    // A map-point field's map opens on the tenant's own area (as the complaint form's does).
    const map = group.fields.some((f) => f.type === 'map_point') ? { tiles, bounds: await getTenantAreaBounds(ctxOf(request)) } : undefined;
    const shown = pageErrors(form, errors);
    const title = group.title[lang];
    return sendPage(
      reply,
      {
        request,
        title: `${title} — ${name(info.service.name, lang)}`,
        children: (
          <>
            <p class="meta">{name(info.service.name, lang)}</p>
            <Steps lang={lang} form={form} answers={answers} current={group.id} />
            <h1>{title}</h1>
            {group.description?.[lang] ? <p class="lead">{group.description[lang]}</p> : null}
            {notice ? (
              <p class="notice" role="status">
                {notice}
              </p>
            ) : null}
            <ErrorSummary lang={lang} errors={shown} labels={inputLabels(group, answers, lang)} />
            <Form request={request} action={`${base(request, info.service.id)}/isian/${group.id}`} multipart={multipartForm} class="form">
              <GroupInputs group={group} answers={answers} lang={lang} errors={shown} basePath={request.basePath} reuse={reuse} timeZone={request.tenant?.timeZone} map={map} />
              <div class="button-row">
                <button class="button" type="submit" name="_next" value="1">
                  {t(lang, 'app.page.save_continue')}
                </button>
                <button class="button secondary" type="submit" name="_exit" value="1">
                  {t(lang, 'app.page.save_exit')}
                </button>
              </div>
            </Form>
            <p class="hint">{t(lang, 'app.page.saved_as_you_go')}</p>
          </>
        ),
      },
      status,
    );
  }

  app.get<GroupParams>('/permohonan/ajukan/:serviceId/isian/:groupId', { schema: hide, config: applyPolicy }, async (request, reply) => {
    const page = await loadPage(request, request.params.serviceId, request.params.groupId);
    // Problems already known (a format typed earlier) show at once; missing answers wait for "continue".
    const known = translated(request.lang, errorsOfGroup(page.form, page.draft.problems as PendingFieldError[], page.group.id));
    return showGroup(request, reply, page, page.draft.answers, known);
  });

  // Uploads: multipart bodies, streamed with the limits of the largest file field (each field's own is checked after).
  app.register(async (scope) => {
    await scope.register(multipart, { limits: UPLOAD_LIMITS });
    scope.post<GroupParams>('/permohonan/ajukan/:serviceId/isian/:groupId', { schema: hide, config: applyPolicy }, async (request, reply) => {
      const ctx = ctxOf(request);
      const applicant: ApplicantRef = applicantOf(request);
      const page = await loadPage(request, request.params.serviceId, request.params.groupId);
      const { form, group, info, draft } = page;
      let posted: Posted;
      let uploads: { name: string; file: FileRef }[] = [];
      const uploadErrors: FieldError[] = [];
      let refusedStatus: number | undefined;
      if (request.isMultipart()) {
        // Files stream into the intake as they arrive; a refused one (413, 415) ends the reading there.
        const read = await receivePageForm(ctx, files, request, { applicant, serviceId: info.service.id, groupOf: () => group });
        posted = read.values;
        uploads = read.uploads;
        if (read.refused) {
          refusedStatus = read.refused.error.status;
          uploadErrors.push(...(formErrors(request.lang, read.refused.error) ?? []).map((e) => ({ ...e, field: `/${read.refused!.name.split('.').join('/')}` })));
        }
      } else posted = formValues(request.body);
      const command = commandOf(posted);
      let answers = applyPage(draft.answers, group, posted, command);
      if (uploads.length > 0) answers = withFiles(answers, group, uploads);
      uploads = [];
      // Earlier documents chosen instead of an upload count like one (the field's maxFiles).
      const reused = await chosenReuses(ctx, applicant, group, answers, posted, request.lang);
      if (reused.uploads.length > 0) answers = withFiles(answers, group, reused.uploads);
      uploadErrors.push(...reused.errors);
      const saved = await saveDraft(ctx, { applicant, serviceId: info.service.id, answers });
      const here = `${base(request, info.service.id)}/isian/${group.id}`;
      if (command.kind !== 'save') {
        const anchor = command.kind === 'add' ? `#item-${group.id}-${Math.max((saved.answers[group.id] as unknown[] | undefined)?.length ?? 1, 1) - 1}` : '';
        if (uploadErrors.length === 0) return reply.redirect(`${here}${anchor}`, 303);
      }
      if (posted._exit !== undefined && uploadErrors.length === 0) return reply.redirect(`${request.basePath}/permohonan?tersimpan=1`, 303);
      const before = shownNames(group, draft.answers);
      const appeared = [...shownNames(group, saved.answers)].filter((n) => !before.has(n));
      const errors = [...uploadErrors, ...translated(request.lang, checkGroup(ctx, form, group, saved.answers, new Set([...before, ...shownNames(group, saved.answers)].filter((n) => !appeared.includes(n)))))];
      if (errors.length > 0) return showGroup(request, reply, page, saved.answers, errors, refusedStatus ?? 400);
      if (appeared.length > 0 && group.fields.some((f) => f.visibleIf)) {
        return showGroup(request, reply, page, saved.answers, [], 200, t(request.lang, 'app.page.more_questions'));
      }
      const pages = pagesOf(form, saved.answers);
      const next = pages[pages.findIndex((g) => g.id === group.id) + 1];
      return reply.redirect(next ? `${base(request, info.service.id)}/isian/${next.id}` : `${base(request, info.service.id)}/periksa`, 303);
    });
  });

  // ---- check your answers, submit ----
  async function showCheck(request: FastifyRequest, reply: FastifyReply, serviceId: string, extraErrors: FieldError[] = [], status = 200) {
    const lang = request.lang;
    const info = await formOf(request, serviceId);
    if (!info.form) throw new DomainError('application.not_online', 409, 'app.error.not_online');
    const draft = await findDraft(ctxOf(request), { applicant: applicantOf(request), serviceId: info.service.id });
    if (!draft) return reply.redirect(base(request, info.service.id), 303);
    const form = info.form;
    const errors = pageErrors(form, [...extraErrors, ...translated(lang, checkAll(ctxOf(request), form, draft.answers))]);
    const groupOfError = (pointer: string) => {
      const first = pointer.split('/')[1];
      return form.groups.find((g) => g.id === first || g.fields.some((f) => f.id === first));
    };
    const title = t(lang, 'app.page.check.title');
    const assisted = applicantOf(request).assisted !== null;
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <p class="meta">{name(info.service.name, lang)}</p>
            <Steps lang={lang} form={form} answers={draft.answers} current="_check" />
            <h1>{title}</h1>
            {errors.length > 0 ? (
              <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
                <h2 id="error-summary-title">{t(lang, 'form.error_summary')}</h2>
                <ul>
                  {errors.map((e, i) => {
                    const group = groupOfError(e.field);
                    return (
                      <li key={`${e.field}-${i}`}>
                        {group ? <a href={`${base(request, info.service.id)}/isian/${group.id}`}>{`${group.title[lang]}: ${e.message}`}</a> : e.message}
                      </li>
                    );
                  })}
                </ul>
              </div>
            ) : null}
            {pagesOf(form, draft.answers).map((group) => (
              <section key={group.id} class="answers">
                <h2>{group.title[lang]}</h2>
                <AnswerList group={group} answers={draft.answers} lang={lang} />
                <p>
                  <a href={`${base(request, info.service.id)}/isian/${group.id}`}>{t(lang, 'app.page.check.change', { group: group.title[lang] })}</a>
                </p>
              </section>
            ))}
            {assisted ? <p class="notice">{t(lang, 'app.page.check.assisted')}</p> : null}
            <Form request={request} action={`${base(request, info.service.id)}/kirim`}>
              <input type="hidden" name="_key" value={crypto.randomUUID()} />
              <p>{t(lang, 'app.page.check.declare')}</p>
              <button class="button" type="submit">
                {t(lang, 'app.page.check.submit')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get<ServiceParams>('/permohonan/ajukan/:serviceId/periksa', { schema: hide, config: applyPolicy }, async (request, reply) => showCheck(request, reply, request.params.serviceId));

  app.post<ServiceParams>('/permohonan/ajukan/:serviceId/kirim', { schema: hide, config: applyPolicy }, async (request, reply) => {
    const ctx = ctxOf(request);
    const applicant = applicantOf(request);
    const serviceId = request.params.serviceId;
    if (!UUID.test(serviceId)) throw notFound();
    const key = formValues(request.body)._key;
    // The page's one-time key makes a double-clicked submit one application (the API's Idempotency-Key).
    if (key && /^[0-9a-f-]{36}$/i.test(key)) request.headers['idempotency-key'] = key;
    try {
      const id = await withIdempotency(request, reply, {
        scope: `applications.submit-page:${ctx.tenant.id}:${applicant.citizenId}`,
        run: (db) => submitApplication({ ...ctx, db }, { applicant, serviceId }).then((s) => s.id),
        respond: (value) => ({ status: 303, body: value }),
      });
      return reply.redirect(`${request.basePath}/permohonan/${id}?terkirim=1`, 303);
    } catch (error) {
      const errors = formErrors(request.lang, error);
      if (!errors || !(error instanceof DomainError)) throw error;
      if (error.status === 404 && error.code === 'application.draft_not_found') return reply.redirect(`${request.basePath}/permohonan`, 303);
      if (error.status === 410) return reply.redirect(base(request, serviceId), 303);
      if (error.code === 'application.assurance') return sendAssuranceNeeded(request, reply, (await formOf(request, serviceId)).service, `${base(request, serviceId)}/periksa`);
      return showCheck(request, reply, serviceId, error.code === 'application.answers_invalid' ? [] : errors, error.status);
    }
  });
}
