// The officers' pages (dense, the same components, no JavaScript needed): the work queue (filters by
// service, step, status and due date; sorted by deadline; badges; claim, release, and the safe bulk
// actions — claiming and releasing, which change who holds a step and nothing of the application) and
// the application view (the time against the standard, answers, files, history with internal entries,
// internal notes, messages, and the actions the workflow engine says are open to this officer — asked
// of the engine through the service, never re-encoded here).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/index.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { type Lang, t } from '../../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { ErrorSummary, Form, formErrors, formValues, Select, TextArea } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { listServices } from '../../catalog/index.js';
import { listOfficers, officerNames } from '../../identity/index.js';
import { applicationContext, type OfficerRef, officerOf } from '../context.js';
import { fileSize } from '../intake/form-fields.js';
import type { Posted } from '../intake/posted-answers.js';
import { AllAnswers, BadgeList, fmtDateTime, Messages, name, TimeFacts, Timeline } from '../pages-ui.js';
import { frozenVersion, getApplyInfo } from '../setup/service.js';
import { waitStepAction } from '../hooks.js';
import '../strings.js';
import { OFFICER_ACTIONS, type OfficerAction } from '../workflow/index.js';
import { type QueueInput, listWorkQueue } from './queue.js';
import { actOnApplication, addInternalNote, type ApplicationDetail, assignStep, claimStep, getApplication, OFFICER_EVENTS, recordOfficerEvent, releaseStep, sendMessage } from './service.js';

type IdParams = { Params: { id: string } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STEP = /^[a-z][a-z0-9_-]{0,62}$/;
const hide = { hide: true } as const;
const handle = { policy: 'applications.handle' } as const;
const notFound = () => new DomainError('application.not_found', 404, 'app.error.not_found');
const QUEUE = '/petugas/permohonan';

type QueueQuery = Partial<Record<'lingkup' | 'layanan' | 'langkah' | 'status' | 'tenggat' | 'sampai' | 'berikut' | 'massal', string>>;

/** The queue's filters from its query string (unknown values are dropped, not refused: it is a filter form). */
function filtersOf(q: QueueQuery): Omit<QueueInput, 'officer'> {
  return {
    scope: q.lingkup === 'saya' ? 'mine' : 'agency',
    ...(q.layanan && UUID.test(q.layanan) ? { serviceId: q.layanan } : {}),
    ...(q.langkah && STEP.test(q.langkah) ? { stepId: q.langkah } : {}),
    ...(q.status === 'in_progress' || q.status === 'with_applicant' ? { status: q.status } : {}),
    ...(q.tenggat === 'overdue' || q.tenggat === 'today' ? { due: q.tenggat } : {}),
    ...(q.sampai && /^\d{4}-\d{2}-\d{2}$/.test(q.sampai) ? { dueBy: q.sampai } : {}),
    ...(q.berikut ? { cursor: q.berikut } : {}),
  };
}

const roleWords = (lang: Lang, role: string | null) => (role ? t(lang, `app.page.role.${role}` as 'app.page.role.verifier') : t(lang, 'app.page.actor.applicant'));

export function registerHandlingPages(app: FastifyInstance, rt: ModuleRuntime) {
  const ctxOf = (request: FastifyRequest) => applicationContext(request, rt);
  const zoneOf = (request: FastifyRequest) => request.tenant?.timeZone ?? 'Asia/Jakarta';

  /** The tenant's officers: names (never ids) are shown, and whom a step may be assigned to. */
  async function officersOf(request: FastifyRequest) {
    const ctx = ctxOf(request);
    return listOfficers(ctx);
  }
  const namesOf = (officers: Awaited<ReturnType<typeof officersOf>>) => new Map(officers.map((o) => [o.id, o.name]));

  // ---- the work queue ----
  app.get<{ Querystring: QueueQuery }>(QUEUE, { schema: hide, config: handle }, async (request, reply) => {
    const lang = request.lang;
    const ctx = ctxOf(request);
    const officer = officerOf(request);
    const q = request.query;
    const filters = filtersOf(q);
    let errors: FieldError[] | undefined;
    // The queue and the service list side by side (each its own round trips).
    const [queue, allServices] = await Promise.all([
      listWorkQueue(ctx, { officer, ...filters }).catch((error: unknown) => {
        errors = formErrors(lang, error);
        if (!errors) throw error;
        return listWorkQueue(ctx, { officer, scope: filters.scope });
      }),
      listServices(ctx),
    ]);
    const agencyIds = new Set(officer.grants.map((g) => g.agencyId));
    const services = allServices.filter((s) => agencyIds.has(null) || agencyIds.has(s.agency.id));
    const serviceNames = new Map(services.map((s) => [s.id, name(s.name, lang)]));
    const steps = filters.serviceId ? ((await getApplyInfo(ctx, filters.serviceId).catch(() => undefined))?.workflow?.steps ?? []) : [];
    const stepOptions = new Map<string, string>(steps.map((s) => [s.id, s.name[lang]]));
    for (const item of queue.items) if (!stepOptions.has(item.stepId)) stepOptions.set(item.stepId, item.stepName[lang]);
    const names = await officerNames(ctx, queue.items.flatMap((i) => (i.claimedBy && i.claimedBy !== officer.id ? [i.claimedBy] : [])));
    const [done, refused] = (q.massal ?? '').split(',').map(Number);
    const title = t(lang, 'app.page.queue.title');
    const nextHref = (cursor: string) => {
      const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'berikut' && k !== 'massal' && typeof v === 'string') as [string, string][]);
      params.set('berikut', cursor);
      return `${request.basePath}${QUEUE}?${params}`;
    };
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          {q.massal ? (
            <p class="notice" role="status">
              {t(lang, 'app.page.queue.bulk_done', { done: done ?? 0, refused: refused ?? 0 })}
            </p>
          ) : null}
          <ErrorSummary lang={lang} errors={errors} />
          {can(request.principal, 'identity.assist') ? (
            <p>
              <a href={`${request.basePath}/petugas/loket`}>{t(lang, 'app.page.queue.counter')}</a>
            </p>
          ) : null}
          <form method="get" action={`${request.basePath}${QUEUE}`} class="filters" aria-label={t(lang, 'app.page.queue.filters')}>
            <Select name="lingkup" label={t(lang, 'app.page.queue.scope')} lang={lang} value={filters.scope === 'mine' ? 'saya' : 'instansi'} options={[{ value: 'instansi', label: t(lang, 'app.page.queue.scope_agency') }, { value: 'saya', label: t(lang, 'app.page.queue.scope_mine') }]} />
            <Select name="layanan" label={t(lang, 'app.page.queue.service')} lang={lang} value={filters.serviceId ?? ''} emptyLabel={t(lang, 'app.page.queue.all')} options={services.map((s) => ({ value: s.id, label: name(s.name, lang) }))} />
            <Select name="langkah" label={t(lang, 'app.page.queue.step')} lang={lang} value={filters.stepId ?? ''} emptyLabel={t(lang, 'app.page.queue.all')} options={[...stepOptions].map(([value, label]) => ({ value, label }))} />
            <Select name="status" label={t(lang, 'app.page.queue.status')} lang={lang} value={filters.status ?? ''} emptyLabel={t(lang, 'app.page.queue.all')} options={[{ value: 'in_progress', label: t(lang, 'app.page.queue.status_in_progress') }, { value: 'with_applicant', label: t(lang, 'app.page.queue.status_with_applicant') }]} />
            <Select name="tenggat" label={t(lang, 'app.page.queue.due')} lang={lang} value={filters.due ?? ''} emptyLabel={t(lang, 'app.page.queue.all')} options={[{ value: 'today', label: t(lang, 'app.page.badge.due_today') }, { value: 'overdue', label: t(lang, 'app.page.badge.overdue') }]} />
            <div class="field">
              <label for="f-sampai">{t(lang, 'app.page.queue.due_by')}</label>
              <input type="date" id="f-sampai" name="sampai" value={filters.dueBy ?? ''} />
            </div>
            <button class="button secondary" type="submit">
              {t(lang, 'app.page.queue.filter')}
            </button>
          </form>
          {queue.items.length === 0 ? (
            <p id="queue-empty">{t(lang, 'app.page.queue.empty')}</p>
          ) : (
            <Form request={request} action={`${request.basePath}${QUEUE}/massal`}>
              <div class="table-scroll">
                <table class="data-table" id="queue">
                  <caption class="visually-hidden">{t(lang, 'app.page.queue.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t(lang, 'app.page.queue.select')}</th>
                      <th scope="col">{t(lang, 'app.page.tracking_number')}</th>
                      <th scope="col">{t(lang, 'app.page.queue.service')}</th>
                      <th scope="col">{t(lang, 'app.page.queue.step')}</th>
                      <th scope="col">{t(lang, 'app.page.queue.deadline')}</th>
                      <th scope="col">{t(lang, 'app.page.queue.holder')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {queue.items.map((item) => {
                      const id = `pick-${item.taskId}`;
                      return (
                        <tr key={item.taskId}>
                          <td>
                            <input type="checkbox" id={id} name={`pilih.${item.applicationId}.${item.stepId}`} value="true" aria-label={t(lang, 'app.page.queue.select_one', { number: item.trackingNumber, step: item.stepName[lang] })} />
                          </td>
                          <td>
                            <a href={`${request.basePath}${QUEUE}/${item.applicationId}`}>{item.trackingNumber}</a>
                          </td>
                          <td>{serviceNames.get(item.serviceId) ?? ''}</td>
                          <td>
                            {item.stepName[lang]}
                            {item.status === 'with_applicant' ? <span class="meta"> · {t(lang, 'app.page.queue.status_with_applicant')}</span> : null}
                          </td>
                          <td>
                            {item.dueAt ? fmtDateTime(item.dueAt, lang, zoneOf(request)) : '—'} <BadgeList lang={lang} badges={item.badges} />
                          </td>
                          <td>{item.claimedBy ? (item.claimedBy === officer.id ? t(lang, 'app.page.queue.holder_me') : (names.get(item.claimedBy) ?? t(lang, 'app.page.actor.officer'))) : t(lang, 'app.page.queue.holder_none')}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <div class="button-row">
                <button class="button secondary" type="submit" name="_bulk" value="claim">
                  {t(lang, 'app.page.queue.bulk_claim')}
                </button>
                <button class="button secondary" type="submit" name="_bulk" value="release">
                  {t(lang, 'app.page.queue.bulk_release')}
                </button>
              </div>
            </Form>
          )}
          {queue.nextCursor ? (
            <p>
              <a href={nextHref(queue.nextCursor)}>{t(lang, 'app.page.more')}</a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  // Safe bulk actions: claiming and releasing only (a decision is taken one application at a time, on its page).
  app.post(`${QUEUE}/massal`, { schema: hide, config: handle }, async (request, reply) => {
    const ctx = ctxOf(request);
    const officer = officerOf(request);
    const values = formValues(request.body);
    const picked = Object.keys(values)
      .map((k) => /^pilih\.([0-9a-f-]{36})\.([a-z][a-z0-9_-]{0,62})$/i.exec(k))
      .filter((m): m is RegExpExecArray => m !== null && UUID.test(m[1]!))
      .slice(0, 100);
    let done = 0;
    let refused = 0;
    for (const [, applicationId, stepId] of picked) {
      try {
        const input = { officer, applicationId: applicationId!, stepId: stepId! };
        if (values._bulk === 'release') await releaseStep(ctx, input);
        else await claimStep(ctx, input);
        done++;
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500) throw error;
        refused++;
      }
    }
    return reply.redirect(`${request.basePath}${QUEUE}?massal=${done},${refused}`, 303);
  });

  // ---- one application ----
  async function showApplication(request: FastifyRequest, reply: FastifyReply, id: string, failed?: { form: string; values: Posted; errors: FieldError[]; status: number }) {
    if (!UUID.test(id)) throw notFound();
    const lang = request.lang;
    const ctx = ctxOf(request);
    const officer = officerOf(request);
    const a = await getApplication(ctx, { viewer: { kind: 'officer', officer }, applicationId: id });
    const frozen = (await frozenVersion(ctx, a.service.versionId))!;
    const stepNames = new Map(frozen.workflow.steps.map((s) => [s.id, s.name[lang]]));
    const officers = await officersOf(request);
    const names = namesOf(officers);
    const zone = zoneOf(request);
    const here = `${request.basePath}${QUEUE}/${a.id}`;
    const errorsOf = (form: string) => (failed?.form === form ? failed.errors : undefined);
    const isAdmin = can(request.principal, 'applications.assign');
    // A wait step another module answers on its own page (documents: signing) links there.
    const moduleActionOf = (stepId: string) => {
      const step = frozen.workflow.steps.find((x) => x.id === stepId);
      return step?.kind === 'wait' ? waitStepAction(step.event) : undefined;
    };
    const waits = frozen.workflow.steps.filter((s) => s.kind === 'wait' && a.steps.some((x) => x.stepId === s.id) && (OFFICER_EVENTS as readonly string[]).includes(s.event));
    const title = `${a.trackingNumber} — ${name(a.service.name, lang)}`;
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <p class="meta">
              <a href={`${request.basePath}${QUEUE}`}>{t(lang, 'app.page.queue.title')}</a>
            </p>
            <h1>{title}</h1>
            <p class="lead" id="status">
              {a.statusText}
            </p>
            <p class="meta">
              {a.service.agency.name} · {t(lang, 'app.page.submitted_on', { date: fmtDateTime(a.submittedAt, lang, zone) })} · {t(lang, 'app.page.version', { version: a.service.version })}
            </p>
            {a.assistedBy ? <p class="notice">{t(lang, 'app.page.assisted_by', { officer: names.get(a.assistedBy) ?? t(lang, 'app.page.actor.officer') })}</p> : null}
            <TimeFacts lang={lang} time={a.time} dueDate={a.time.serviceDue?.dueDate ?? null} />
            <ErrorSummary lang={lang} errors={failed && ['act', 'claim', 'event', 'assign'].includes(failed.form) ? failed.errors : undefined} />
            <h2>{t(lang, 'app.page.officer.steps')}</h2>
            {a.steps.length === 0 ? <p>{t(lang, 'app.page.officer.no_steps')}</p> : null}
            {a.steps.map((s) => {
              const actions = a.actions.filter((x) => x.stepId === s.stepId);
              return (
                <section class="card step" key={s.stepId} id={`step-${s.stepId}`}>
                  <h3>{s.name[lang]}</h3>
                  <p class="meta">
                    {roleWords(lang, s.role)} · {t(lang, 'app.page.queue.deadline')}: {s.dueAt ? fmtDateTime(s.dueAt, lang, zone) : '—'} <BadgeList lang={lang} badges={s.badges} />
                  </p>
                  {s.taskId ? (
                    <p>
                      {t(lang, 'app.page.queue.holder')}:{' '}
                      {s.claimedBy ? (s.claimedBy === officer.id ? t(lang, 'app.page.queue.holder_me') : (names.get(s.claimedBy) ?? t(lang, 'app.page.actor.officer'))) : t(lang, 'app.page.queue.holder_none')}
                    </p>
                  ) : null}
                  {s.taskId && s.kind === 'task' ? (
                    <Form request={request} action={`${here}/${s.claimedBy === officer.id ? 'lepas' : 'klaim'}`} class="inline-form">
                      <input type="hidden" name="stepId" value={s.stepId} />
                      <button class="button secondary" type="submit">
                        {t(lang, s.claimedBy === officer.id ? 'app.page.officer.release' : 'app.page.officer.claim')}
                      </button>
                    </Form>
                  ) : null}
                  {isAdmin && s.taskId && s.role ? <AssignForm request={request} here={here} stepId={s.stepId} role={s.role} officers={officers.filter((o) => o.status === 'active' && o.grants.some((g) => g.role === s.role))} errors={errorsOf('assign')} /> : null}
                  {(() => {
                    const w = moduleActionOf(s.stepId);
                    return w ? (
                      <p>
                        <a class={can(request.principal, w.policy) ? 'button' : undefined} href={`${request.basePath}${w.path(a.id)}`}>
                          {t(lang, can(request.principal, w.policy) ? w.label : w.viewLabel)}
                        </a>
                      </p>
                    ) : null;
                  })()}
                  {actions.map((x) => (
                    <ActionForm key={x.type} request={request} here={here} detail={a} stepId={s.stepId} action={x.type as OfficerAction} failed={failed?.form === `act:${s.stepId}:${x.type}` ? failed : undefined} />
                  ))}
                </section>
              );
            })}
            {waits.map((w) => (
              <section class="card" key={w.id}>
                <h3>{t(lang, w.kind === 'wait' && w.event === 'signed' ? 'app.page.officer.record_signed' : 'app.page.officer.record_paid')}</h3>
                <Form request={request} action={`${here}/peristiwa`}>
                  <input type="hidden" name="expectedVersion" value={String(a.version)} />
                  <input type="hidden" name="event" value={w.kind === 'wait' ? w.event : ''} />
                  <TextArea name="event_note" label={t(lang, 'app.page.officer.event_note')} lang={lang} errors={errorsOf('event')} pointer="/body" rows={2} value={failed?.form === 'event' ? failed.values.event_note : ''} />
                  <button class="button" type="submit">
                    {t(lang, 'app.page.officer.record')}
                  </button>
                </Form>
              </section>
            ))}
            <h2>{t(lang, 'app.page.answers')}</h2>
            <AllAnswers form={frozen.form} answers={a.answers} lang={lang} />
            {a.files.length > 0 ? (
              <>
                <h3>{t(lang, 'app.page.officer.files')}</h3>
                <ul class="attachments">
                  {a.files.map((f) => (
                    <li key={`${f.round}-${f.fileId}`}>
                      {f.state === 'clean' ? (
                        <a href={`${request.basePath}/api/v1/applications/${a.id}/files/${f.fileId}`} download={f.name}>
                          {t(lang, 'app.page.officer.download', { name: f.name })}
                        </a>
                      ) : (
                        f.name
                      )}{' '}
                      ({fileSize(f.size, lang)}) · {t(lang, `app.page.file_state.${f.state}`)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <h2 id="notes">{t(lang, 'app.page.officer.notes')}</h2>
            <p class="hint">{t(lang, 'app.page.officer.notes_hint')}</p>
            {(a.notes ?? []).length === 0 ? (
              <p>{t(lang, 'app.page.officer.notes_empty')}</p>
            ) : (
              <ol class="timeline internal">
                {(a.notes ?? []).map((n) => (
                  <li key={n.id}>
                    <p class="meta">
                      {fmtDateTime(n.at, lang, zone)} · {names.get(n.officerId) ?? t(lang, 'app.page.actor.officer')}
                    </p>
                    <p class="message-body">{n.body}</p>
                  </li>
                ))}
              </ol>
            )}
            <Form request={request} action={`${here}/catatan`}>
              <TextArea name="note_body" label={t(lang, 'app.page.officer.note_label')} lang={lang} errors={errorsOf('note')} pointer="/body" rows={3} maxLength={8000} value={failed?.form === 'note' ? failed.values.note_body : ''} />
              <button class="button secondary" type="submit">
                {t(lang, 'app.page.officer.note_add')}
              </button>
            </Form>
            <h2 id="messages">{t(lang, 'app.page.messages')}</h2>
            <Messages lang={lang} messages={a.messages} timeZone={zone} viewer="officer" />
            <Form request={request} action={`${here}/pesan`}>
              <TextArea name="message_body" label={t(lang, 'app.page.officer.message_label')} lang={lang} errors={errorsOf('message')} pointer="/body" rows={3} maxLength={4000} value={failed?.form === 'message' ? failed.values.message_body : ''} />
              <button class="button secondary" type="submit">
                {t(lang, 'app.page.message.send')}
              </button>
            </Form>
            <h2>{t(lang, 'app.page.officer.history')}</h2>
            <Timeline lang={lang} events={a.timeline} timeZone={zone} viewer="officer" steps={stepNames} />
          </>
        ),
      },
      failed?.status ?? 200,
    );
  }

  app.get<IdParams>(`${QUEUE}/:id`, { schema: hide, config: handle }, async (request, reply) => showApplication(request, reply, request.params.id));

  /** A form on the application's view: one service call, back to the view; a refusal shows the view with its errors. */
  const onView = (form: (v: Posted) => string, act: (request: FastifyRequest<IdParams>, officer: OfficerRef, v: Posted) => Promise<string | void>) => async (request: FastifyRequest<IdParams>, reply: FastifyReply) => {
    if (!UUID.test(request.params.id)) throw notFound();
    const values = formValues(request.body);
    try {
      const anchor = await act(request, officerOf(request), values);
      return reply.redirect(`${request.basePath}${QUEUE}/${request.params.id}${anchor ?? ''}`, 303);
    } catch (error) {
      const errors = formErrors(request.lang, error);
      if (!errors) throw error;
      return showApplication(request, reply, request.params.id, { form: form(values), values, errors, status: (error as DomainError).status });
    }
  };
  const version = (v: Posted) => (/^\d{1,9}$/.test(v.expectedVersion ?? '') ? Number(v.expectedVersion) : -1);
  const stepOf = (v: Posted) => (STEP.test(v.stepId ?? '') ? v.stepId! : '-');

  app.post<IdParams>(
    `${QUEUE}/:id/tindakan`,
    { schema: hide, config: handle },
    onView(
      (v) => `act:${v.stepId}:${v.action}`,
      async (request, officer, v) => {
        const action = (OFFICER_ACTIONS as readonly string[]).includes(v.action ?? '') ? (v.action as OfficerAction) : 'approve';
        const step = stepOf(v);
        const reason = v[`reason.${step}`];
        const message = v[`message.${step}`];
        await actOnApplication(ctxOf(request), { officer, applicationId: request.params.id, stepId: step, action, expectedVersion: version(v), ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
      },
    ),
  );
  app.post<IdParams>(
    `${QUEUE}/:id/klaim`,
    { schema: hide, config: handle },
    onView(
      () => 'claim',
      async (request, officer, v) => void (await claimStep(ctxOf(request), { officer, applicationId: request.params.id, stepId: stepOf(v) })),
    ),
  );
  app.post<IdParams>(
    `${QUEUE}/:id/lepas`,
    { schema: hide, config: handle },
    onView(
      () => 'claim',
      async (request, officer, v) => void (await releaseStep(ctxOf(request), { officer, applicationId: request.params.id, stepId: stepOf(v) })),
    ),
  );
  app.post<IdParams>(
    `${QUEUE}/:id/tugaskan`,
    { schema: hide, config: { policy: 'applications.assign' } },
    onView(
      () => 'assign',
      async (request, officer, v) => void (await assignStep(ctxOf(request), { officer, applicationId: request.params.id, stepId: stepOf(v), assigneeId: v[`officer.${stepOf(v)}`] ?? '' })),
    ),
  );
  app.post<IdParams>(
    `${QUEUE}/:id/catatan`,
    { schema: hide, config: handle },
    onView(
      () => 'note',
      async (request, officer, v) => {
        await addInternalNote(ctxOf(request), { officer, applicationId: request.params.id, body: v.note_body ?? '' });
        return '#notes';
      },
    ),
  );
  app.post<IdParams>(
    `${QUEUE}/:id/pesan`,
    { schema: hide, config: handle },
    onView(
      () => 'message',
      async (request, officer, v) => {
        await sendMessage(ctxOf(request), { viewer: { kind: 'officer', officer }, applicationId: request.params.id, body: v.message_body ?? '' });
        return '#messages';
      },
    ),
  );
  app.post<IdParams>(
    `${QUEUE}/:id/peristiwa`,
    { schema: hide, config: handle },
    onView(
      () => 'event',
      async (request, officer, v) => {
        const event = (OFFICER_EVENTS as readonly string[]).includes(v.event ?? '') ? (v.event as (typeof OFFICER_EVENTS)[number]) : 'signed';
        await recordOfficerEvent(ctxOf(request), { officer, applicationId: request.params.id, expectedVersion: version(v), event, note: v.event_note ?? '' });
      },
    ),
  );
}

/** One action the engine offers on a step: a button, with the reason or message it requires. */
function ActionForm(props: { request: FastifyRequest; here: string; detail: ApplicationDetail; stepId: string; action: OfficerAction; failed?: { values: Posted; errors: FieldError[] } }) {
  const { request, detail, stepId, action, failed } = props;
  const lang = request.lang;
  const errors = failed?.errors.map((e) => (e.field === '/' ? e : { ...e, field: '/' }));
  const id = `${stepId}-${action}`;
  return (
    <Form request={request} action={`${props.here}/tindakan`} class={`action-form action-${action}`}>
      <input type="hidden" name="stepId" value={stepId} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="expectedVersion" value={String(detail.version)} />
      {errors ? (
        <p class="field-error" id={`e-${id}`}>
          {errors.map((e) => e.message).join(' ')}
        </p>
      ) : null}
      {action === 'reject' ? <TextArea name={`reason.${stepId}`} label={t(lang, 'app.page.officer.reason')} lang={lang} rows={3} maxLength={2000} value={failed?.values[`reason.${stepId}`] ?? ''} hint={t(lang, 'app.page.officer.reason_hint')} /> : null}
      {action === 'request_revision' ? (
        <TextArea name={`message.${stepId}`} label={t(lang, 'app.page.officer.revision_message')} lang={lang} rows={3} maxLength={2000} value={failed?.values[`message.${stepId}`] ?? ''} hint={t(lang, 'app.page.officer.revision_hint')} />
      ) : null}
      <button class={`button${action === 'approve' ? '' : ' secondary'}`} type="submit">
        {t(lang, `app.page.action.${action}`)}
      </button>
    </Form>
  );
}

function AssignForm(props: { request: FastifyRequest; here: string; stepId: string; role: string; officers: { id: string; name: string }[]; errors?: FieldError[] }) {
  const lang = props.request.lang;
  return (
    <Form request={props.request} action={`${props.here}/tugaskan`} class="inline-form">
      <input type="hidden" name="stepId" value={props.stepId} />
      <Select
        name={`officer.${props.stepId}`}
        pointer="/officerId"
        label={t(lang, 'app.page.officer.assign_to', { role: t(lang, `app.page.role.${props.role}` as 'app.page.role.verifier') })}
        lang={lang}
        errors={props.errors}
        value=""
        emptyLabel={t(lang, 'app.page.choose')}
        options={props.officers.map((o) => ({ value: o.id, label: o.name }))}
      />
      <button class="button secondary" type="submit">
        {t(lang, 'app.page.officer.assign')}
      </button>
    </Form>
  );
}
