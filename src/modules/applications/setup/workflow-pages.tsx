// The workflow editor, no JavaScript needed: start from a preset (verify → sign → issue, verify →
// approve → issue, the four risk levels of PP 28/2025), then structured forms for each step (its names,
// the acting role in the service's agency or another agency for a technical recommendation, the
// actions and where each leads, parallel branches and their join, the deadline in working days and
// what happens when it lapses, the event an automatic step waits for) and for the service-level
// settings (revisions pause or restart the clock, fiktif positif). The summary is the steps in the
// order an application meets them, with arrows in text. Saving runs the workflow check
// (saveServiceWorkflow); a refusal names the step and shows at the top and beside the step.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError, PendingFieldError } from '../../../platform/errors.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { Checkboxes, ErrorSummary, Field, Form, handleForm, Radios, Select } from '../../../web/form.js';
import { OUTCOMES, WORKFLOW_ROLES, type WorkflowDefinition, type WorkflowStep } from '../workflow/index.js';
import { many, one, type Posted } from './form-edit.js';
import { errorsAt, loadOverview, onPage, readPosted, refuseInput, SaveRow, sendSetupPage, type ServiceParams, servicePath, setupInput, withPart, withService, words } from './page-kit.js';
import { listWorkflowPresets } from './presets.js';
import { saveServiceWorkflow, type SetupOverview } from './service.js';
import './strings.js';
import { arrowsOf, BRANCH_ROWS, insertionPoints, insertStep, putStep, removeStep, settingsFromPosted, stepFromPosted, stepsInOrder } from './workflow-edit.js';

type StepParams = { Params: { id: string; stepId: string } };
type State = { values?: Posted; errors?: FieldError[]; status?: number };

const roleName = (lang: Lang, role: string) => t(lang, `app.page.role.${role}` as 'app.page.role.verifier');
const roleOptions = (lang: Lang) => WORKFLOW_ROLES.map((r) => ({ value: r, label: roleName(lang, r) }));
const outcomeOptions = (lang: Lang) => OUTCOMES.map((o) => ({ value: o, label: t(lang, `app.builder.outcome.${o}`) }));
/** The agencies of the tenant other than the service's (technical recommendations), by code. */
const otherAgenciesOf = (overview: SetupOverview) => overview.agencies.filter((a) => a.id !== overview.agencyId).map((a) => ({ value: a.code, label: a.name }));
const STEP_KINDS = ['task', 'wait', 'parallel', 'end'] as const;

/** One choice of a few, as radios: `[value, label, hint?]` each. */
function Choice(props: { lang: Lang; errors: FieldError[] | undefined; name: string; legend: string; value: string; options: [string, string, string?][] }) {
  const { lang, errors, name, legend, value } = props;
  return <Radios name={name} legend={legend} lang={lang} errors={errors} value={value} options={props.options.map(([v, label, hint]) => ({ value: v, label, ...(hint ? { hint } : {}) }))} />;
}

/** A step's name in both languages (English defaults to the Indonesian). */
function NameFields({ lang, errors, values }: { lang: Lang; errors: FieldError[] | undefined; values: Posted }) {
  const label = (which: 'id' | 'en') => `${t(lang, 'app.builder.step.name')} (${t(lang, `app.builder.lang_${which}`)})`;
  return (
    <>
      <Field name="name_id" label={label('id')} lang={lang} errors={errors} value={one(values, 'name_id')} />
      <Field name="name_en" label={label('en')} lang={lang} errors={errors} value={one(values, 'name_en')} required={false} hint={t(lang, 'app.builder.en_hint')} />
    </>
  );
}

/**
 * The step an error of the whole definition names (`/steps/<n>…`), as the overview's `/step-<id>`; a
 * step the overview does not show (one being added, refused) at the top, where its message names it.
 */
function overviewPointer(workflow: WorkflowDefinition, shown: WorkflowDefinition | null) {
  return (pointer: string) => {
    const m = /^\/steps\/(\d+)/.exec(pointer);
    const step = m ? workflow.steps[Number(m[1])] : undefined;
    return step && shown?.steps.some((s) => s.id === step.id) ? `/step-${step.id}` : '/';
  };
}

/** On a step's page: its own errors beside it (`/step`, the agency beside its input); other steps' at the top. */
function stepPointer(workflow: WorkflowDefinition, stepId: string) {
  const i = workflow.steps.findIndex((s) => s.id === stepId);
  return (pointer: string) => (pointer === `/steps/${i}/agency` ? '/agency' : pointer === `/steps/${i}` || pointer.startsWith(`/steps/${i}/`) ? '/step' : '/');
}

/** What a step is, in a line: who acts and for how long, or what it waits for. */
function stepFacts(lang: Lang, step: WorkflowStep, agencies: SetupOverview['agencies']): string {
  switch (step.kind) {
    case 'task': {
      const agency = step.agency ? (agencies.find((a) => a.code === step.agency)?.name ?? step.agency) : t(lang, 'app.builder.step.own_agency');
      const lapse = step.deadline.onLapse.action === 'deemed_approval' ? t(lang, 'app.builder.lapse.deemed') : t(lang, 'app.builder.lapse.escalate_to', { role: roleName(lang, step.deadline.onLapse.role) });
      return t(lang, 'app.builder.step.task_facts', { role: roleName(lang, step.role), agency, days: step.deadline.days, lapse });
    }
    case 'wait':
      return t(lang, 'app.builder.step.wait_facts', { event: step.event, who: t(lang, step.waitsOn === 'applicant' ? 'app.builder.waits.applicant' : 'app.builder.waits.agency') });
    case 'parallel':
      return t(lang, 'app.builder.step.parallel_facts', { count: step.branches.length });
    case 'end':
      return t(lang, `app.builder.outcome.${step.outcome}` as 'app.builder.outcome.issued');
  }
}

const ARROWS: Record<string, MessageKey> = {
  approve: 'app.builder.arrow.approve',
  reject: 'app.builder.arrow.reject',
  forward: 'app.builder.arrow.forward',
  next: 'app.builder.arrow.next',
  branch: 'app.builder.arrow.branch',
  join: 'app.builder.arrow.join',
};

async function workflowPage(request: FastifyRequest<ServiceParams>, reply: FastifyReply, overview: SetupOverview, state: State = {}) {
  const lang = request.lang;
  const workflow = overview.workflow;
  const here = servicePath(request, overview.serviceId);
  const errors = state.errors;
  const values = state.values ?? {};
  const heading = t(lang, 'app.builder.workflow.title');
  const nameOf = (id: string) => words(workflow?.steps.find((s) => s.id === id)?.name, lang) || id;
  const labels = Object.fromEntries((workflow?.steps ?? []).map((s) => [`step-${s.id}`, words(s.name, lang)]));
  const presets = listWorkflowPresets();
  const otherAgencies = otherAgenciesOf(overview);
  const presetForm = (
    <Form request={request} action={`${here}/alur/siap-pakai`} class="stack">
      <Radios name="preset" legend={t(lang, 'app.builder.preset.choose')} lang={lang} errors={errors} value={one(values, 'preset') || undefined} options={presets.map((p) => ({ value: p.id, label: words(p.name, lang) }))} />
      <Checkboxes name="preset_deemed" legend={t(lang, 'app.builder.preset.deemed')} lang={lang} errors={errors} values={many(values, 'preset_deemed')} options={[{ value: 'true', label: t(lang, 'app.builder.preset.deemed_yes') }]} required={false} hint={t(lang, 'app.builder.deemed_hint')} />
      <Checkboxes name="preset_agencies" legend={t(lang, 'app.builder.preset.agencies')} lang={lang} errors={errors} values={many(values, 'preset_agencies')} options={otherAgencies} required={false} hint={t(lang, 'app.builder.preset.agencies_hint')} />
      <button type="submit">{workflow ? t(lang, 'app.builder.preset.replace') : t(lang, 'app.builder.preset.use')}</button>
    </Form>
  );
  return sendSetupPage(
    reply,
    { request, overview, tab: 'workflow', heading, status: state.status },
    <>
      <ErrorSummary lang={lang} errors={errors} labels={labels} />
      {!workflow ? (
        <>
          <p>{t(lang, 'app.builder.workflow.empty')}</p>
          {presetForm}
        </>
      ) : (
        <>
          <h2>{t(lang, 'app.builder.workflow.summary')}</h2>
          <ol class="workflow-steps">
            {stepsInOrder(workflow).map((s) => (
              <li key={s.id} id={`f-step-${s.id}`}>
                <strong>{words(s.name, lang)}</strong> <span class="meta">({s.id})</span>
                {s.id === workflow.start ? <span class="badge"> {t(lang, 'app.builder.step.start')}</span> : null}
                <p class="meta">{stepFacts(lang, s, overview.agencies)}</p>
                {arrowsOf(s).length > 0 ? (
                  <ul class="plain-list">
                    {arrowsOf(s).map(([action, to]) => (
                      <li key={action + to}>
                        {t(lang, ARROWS[action]!)} → {nameOf(to)}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {errorsAt(errors, `/step-${s.id}`).map((e) => (
                  <p class="field-error" key={e.code + e.message}>
                    {e.message}
                  </p>
                ))}
                <div class="button-row">
                  <a href={`${here}/alur/langkah/${s.id}`}>
                    {t(lang, 'app.builder.step.edit_link')}
                    <span class="visually-hidden"> {words(s.name, lang)}</span>
                  </a>
                  <Form request={request} action={`${here}/alur/hapus`} class="inline-form">
                    <button type="submit" class="secondary" name="langkah" value={s.id}>
                      {t(lang, 'app.builder.remove')}
                      <span class="visually-hidden"> {words(s.name, lang)}</span>
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ol>
          <h2>{t(lang, 'app.builder.workflow.settings')}</h2>
          <Form request={request} action={`${here}/alur/pengaturan`} class="stack">
            <Choice lang={lang} errors={errors} name="revisionPolicy" legend={t(lang, 'app.builder.revision')} value={one(values, 'revisionPolicy') || workflow.revisionPolicy} options={[['pause', t(lang, 'app.builder.revision.pause')], ['restart', t(lang, 'app.builder.revision.restart')]]} />
            <Checkboxes name="deemedApproval" legend={t(lang, 'app.builder.deemed')} lang={lang} errors={errors} values={state.values ? many(values, 'deemedApproval') : workflow.deemedApproval ? ['true'] : []} options={[{ value: 'true', label: t(lang, 'app.builder.preset.deemed_yes') }]} required={false} hint={t(lang, 'app.builder.deemed_hint')} />
            <Select name="start" label={t(lang, 'app.builder.start')} lang={lang} errors={errors} value={one(values, 'start') || workflow.start} options={workflow.steps.map((s) => ({ value: s.id, label: words(s.name, lang) }))} />
            <Field name="serviceDays" label={t(lang, 'app.builder.service_days')} lang={lang} errors={errors} value={one(values, 'serviceDays') || String(workflow.serviceDays)} inputMode="numeric" hint={t(lang, 'app.builder.service_days_hint')} />
            <button type="submit">{t(lang, 'app.builder.save')}</button>
          </Form>
          <h2>{t(lang, 'app.builder.step.add')}</h2>
          <Form request={request} action={`${here}/alur/langkah-baru`} class="stack">
            <Select
              name="after"
              label={t(lang, 'app.builder.step.after')}
              lang={lang}
              errors={errors}
              value={one(values, 'after')}
              options={insertionPoints(workflow).map((p) => ({ value: p.value, label: t(lang, 'app.builder.step.arrow', { from: words(p.from.name, lang), action: t(lang, ARROWS[p.action]!), to: nameOf(p.to) }) }))}
              hint={t(lang, 'app.builder.step.after_hint')}
            />
            <Choice lang={lang} errors={errors} name="kind" legend={t(lang, 'app.builder.step.kind')} value={one(values, 'kind') || 'task'} options={STEP_KINDS.map((k) => [k, t(lang, `app.builder.kind.${k}`)])} />
            <NameFields lang={lang} errors={errors} values={values} />
            <Field name="id" label={t(lang, 'app.builder.step.id')} lang={lang} errors={errors} value={one(values, 'id')} hint={t(lang, 'app.builder.step.id_hint')} />
            <Select name="role" label={t(lang, 'app.builder.step.role')} lang={lang} errors={errors} value={one(values, 'role')} options={roleOptions(lang)} hint={t(lang, 'app.builder.step.role_new_hint')} />
            <fieldset>
              <legend>{t(lang, 'app.builder.branches_new')}</legend>
              <p class="hint">{t(lang, 'app.builder.branches_new_hint')}</p>
              {Array.from({ length: BRANCH_ROWS }, (_, i) => i + 1).map((n) => (
                <div key={n}>
                  <Field name={`branch_${n}`} label={t(lang, 'app.builder.branch_name', { n })} lang={lang} errors={errors} value={one(values, `branch_${n}`)} required={false} />
                  <Select name={`branch_agency_${n}`} label={t(lang, 'app.builder.branch_agency', { n })} lang={lang} errors={errors} value={one(values, `branch_agency_${n}`)} options={otherAgencies} emptyLabel={t(lang, 'app.builder.step.own_agency')} required={false} />
                </div>
              ))}
            </fieldset>
            <Select name="outcome" label={t(lang, 'app.builder.step.end_outcome')} lang={lang} errors={errors} value={one(values, 'outcome')} options={outcomeOptions(lang)} emptyLabel={t(lang, 'app.builder.action.none')} required={false} hint={t(lang, 'app.builder.step.end_hint')} />
            <button type="submit">{t(lang, 'app.builder.step.add')}</button>
          </Form>
          <details>
            <summary>{t(lang, 'app.builder.preset.again')}</summary>
            <p class="warning">{t(lang, 'app.builder.preset.again_warning')}</p>
            {presetForm}
          </details>
        </>
      )}
    </>,
  );
}

/** A step's structured inputs from its definition (the values a GET shows). */
function postedOfStep(step: WorkflowStep): Posted {
  const base: Posted = { name_id: step.name.id, name_en: step.name.en };
  const lapse = (d: { days: number; onLapse: { action: string; role?: string; days?: number } } | undefined): Posted =>
    d ? { days: String(d.days), lapse: d.onLapse.action, lapse_role: d.onLapse.role ?? 'agency_admin', lapse_days: String(d.onLapse.days ?? 2) } : { lapse: 'escalate', lapse_role: 'agency_admin', lapse_days: '2' };
  switch (step.kind) {
    case 'task':
      return {
        ...base,
        role: step.role,
        agency: step.agency ?? '',
        ...lapse(step.deadline),
        approve_to: step.actions.approve?.to ?? '',
        reject_to: step.actions.reject?.to ?? '',
        revision: step.actions.request_revision ? 'true' : '',
        forward_to: step.actions.forward?.to ?? '',
        escalate_role: step.actions.escalate?.role ?? '',
      };
    case 'wait':
      return { ...base, event: step.event, waitsOn: step.waitsOn, next: step.next, ...lapse(step.deadline), days: step.deadline ? String(step.deadline.days) : '' };
    case 'parallel':
      return { ...base, branches: [...step.branches], join: step.join };
    case 'end':
      return { ...base, outcome: step.outcome };
  }
}

async function stepPage(request: FastifyRequest<StepParams>, reply: FastifyReply, overview: SetupOverview, state: State = {}) {
  const lang = request.lang;
  const step = overview.workflow?.steps.find((s) => s.id === request.params.stepId);
  if (!overview.workflow || !step) return reply.callNotFound();
  const values = state.values ?? postedOfStep(step);
  const errors = state.errors;
  const here = servicePath(request, overview.serviceId);
  const heading = t(lang, 'app.builder.step.edit', { name: words(step.name, lang) });
  const others = overview.workflow.steps.filter((s) => s.id !== step.id).map((s) => ({ value: s.id, label: `${words(s.name, lang)} (${s.id})` }));
  const text = (name: string, label: string, hint?: string, required = true) => <Field name={name} label={label} lang={lang} errors={errors} value={one(values, name)} hint={hint} required={required} />;
  const choose = (name: string, label: string, options: { value: string; label: string }[], empty?: string, hint?: string) => (
    <Select name={name} label={label} lang={lang} errors={errors} value={one(values, name)} options={options} emptyLabel={empty} hint={hint} />
  );
  const none = t(lang, 'app.builder.action.none');
  const deadline = (optional: boolean) => (
    <fieldset>
      <legend>{t(lang, 'app.builder.deadline')}</legend>
      {text('days', t(lang, 'app.builder.days'), optional ? t(lang, 'app.builder.days_optional') : t(lang, 'app.builder.days_hint'), !optional)}
      <Choice lang={lang} errors={errors} name="lapse" legend={t(lang, 'app.builder.lapse')} value={one(values, 'lapse') || 'escalate'} options={[['escalate', t(lang, 'app.builder.lapse.escalate')], ['deemed_approval', t(lang, 'app.builder.lapse.deemed'), t(lang, 'app.builder.deemed_hint')]]} />
      {choose('lapse_role', t(lang, 'app.builder.lapse.role'), roleOptions(lang))}
      {text('lapse_days', t(lang, 'app.builder.lapse.days'))}
    </fieldset>
  );
  const ownErrors = errorsAt(errors, '/step');
  return sendSetupPage(
    reply,
    { request, overview, tab: 'workflow', heading, status: state.status },
    <>
      <ErrorSummary lang={lang} errors={errors} ids={{ step: 'f-step' }} />
      <Form request={request} action={`${here}/alur/langkah/${step.id}`} class="stack">
        <div id="f-step" class={`field${ownErrors.length > 0 ? ' has-error' : ''}`} tabIndex={-1}>
          <p class="meta">
            {step.id} · {t(lang, `app.builder.kind.${step.kind}` as 'app.builder.kind.task')}
          </p>
          {ownErrors.map((e) => (
            <p class="field-error" key={e.code + e.message}>
              {e.message}
            </p>
          ))}
        </div>
        <NameFields lang={lang} errors={errors} values={values} />
        {step.kind === 'task' ? (
          <>
            {choose('role', t(lang, 'app.builder.step.role'), roleOptions(lang))}
            {choose('agency', t(lang, 'app.builder.step.agency'), otherAgenciesOf(overview), t(lang, 'app.builder.step.own_agency'), t(lang, 'app.builder.step.agency_hint'))}
            {deadline(false)}
            <fieldset>
              <legend>{t(lang, 'app.builder.actions')}</legend>
              {choose('approve_to', t(lang, 'app.builder.action.approve'), others, none)}
              {choose('reject_to', t(lang, 'app.builder.action.reject'), others, none, t(lang, 'app.builder.action.reject_hint'))}
              <Checkboxes name="revision" legend={t(lang, 'app.builder.action.revision')} lang={lang} errors={errors} values={many(values, 'revision')} options={[{ value: 'true', label: t(lang, 'app.page.yes') }]} required={false} />
              {choose('forward_to', t(lang, 'app.builder.action.forward'), others, none)}
              {choose('escalate_role', t(lang, 'app.builder.action.escalate'), roleOptions(lang), none)}
            </fieldset>
          </>
        ) : null}
        {step.kind === 'wait' ? (
          <>
            {text('event', t(lang, 'app.builder.event'), t(lang, 'app.builder.event_hint'))}
            <Choice lang={lang} errors={errors} name="waitsOn" legend={t(lang, 'app.builder.waits')} value={one(values, 'waitsOn') || 'agency'} options={[['agency', t(lang, 'app.builder.waits.agency')], ['applicant', t(lang, 'app.builder.waits.applicant')]]} />
            {choose('next', t(lang, 'app.builder.arrow.next'), others)}
            {deadline(true)}
          </>
        ) : null}
        {step.kind === 'parallel' ? (
          <>
            <Checkboxes name="branches" legend={t(lang, 'app.builder.branches')} lang={lang} errors={errors} values={many(values, 'branches')} options={others} hint={t(lang, 'app.builder.branches_hint')} />
            {choose('join', t(lang, 'app.builder.arrow.join'), others, undefined, t(lang, 'app.builder.join_hint'))}
          </>
        ) : null}
        {step.kind === 'end' ? choose('outcome', t(lang, 'app.builder.outcome'), outcomeOptions(lang)) : null}
        <SaveRow lang={lang} back={`${here}/alur`} />
      </Form>
    </>,
  );
}

export function registerWorkflowEditorPages(app: FastifyInstance, rt: ModuleRuntime) {
  const save = async (request: FastifyRequest<ServiceParams>, workflow: WorkflowDefinition, map: (p: string) => string) => {
    const { ctx, input } = setupInput(request, rt);
    await onPage(() => saveServiceWorkflow(ctx, { ...input, workflow }), map);
  };
  const workflowUrl = (request: FastifyRequest<ServiceParams>) => `${servicePath(request, request.params.id)}/alur?ok=workflow`;
  /** The overview's POSTs: read → one change → save; a refusal shows the overview with what was typed. */
  const overviewForm = (change: (values: Posted, workflow: WorkflowDefinition | null) => WorkflowDefinition | null) =>
    handleForm<Posted>({
      read: readPosted,
      act: async (request, values) => {
        const r = request as FastifyRequest<ServiceParams>;
        const overview = await loadOverview(r, rt);
        const next = change(values, overview.workflow);
        if (next) await save(r, next, overviewPointer(next, overview.workflow));
        return workflowUrl(r);
      },
      show: async (request, reply, values, errors, status) => workflowPage(request as FastifyRequest<ServiceParams>, reply, await loadOverview(request as FastifyRequest<ServiceParams>, rt), { values, errors, status }),
    });

  /** The edited workflow, or the refusal of what was posted (nothing saved). */
  const accepted = (read: { workflow: WorkflowDefinition; errors: PendingFieldError[] }) => {
    refuseInput(read.errors);
    return read.workflow;
  };

  app.get<ServiceParams>('/kelola/permohonan/:id/alur', withService, async (request, reply) => workflowPage(request, reply, await loadOverview(request, rt)));
  app.post<ServiceParams>(
    '/kelola/permohonan/:id/alur/siap-pakai',
    withService,
    overviewForm((values) => {
      const agencies = many(values, 'preset_agencies');
      const preset = listWorkflowPresets({ deemedApproval: one(values, 'preset_deemed') === 'true', ...(agencies.length > 0 ? { recommendingAgencies: agencies } : {}) }).find((p) => p.id === one(values, 'preset'));
      refuseInput(preset ? [] : [{ field: '/preset', code: 'required', messageKey: 'app.builder.preset.required' }]);
      return preset!.definition;
    }),
  );
  app.post<ServiceParams>(
    '/kelola/permohonan/:id/alur/pengaturan',
    withService,
    overviewForm((values, workflow) => workflow && accepted(settingsFromPosted(values, workflow))),
  );
  app.post<ServiceParams>(
    '/kelola/permohonan/:id/alur/langkah-baru',
    withService,
    overviewForm((values, workflow) => workflow && accepted(insertStep(workflow, values))),
  );
  app.post<ServiceParams>(
    '/kelola/permohonan/:id/alur/hapus',
    withService,
    overviewForm((values, workflow) => (workflow ? removeStep(workflow, one(values, 'langkah')) : null)),
  );

  app.get<StepParams>('/kelola/permohonan/:id/alur/langkah/:stepId', withPart('stepId'), async (request, reply) => stepPage(request, reply, await loadOverview(request, rt)));
  app.post<StepParams>(
    '/kelola/permohonan/:id/alur/langkah/:stepId',
    withPart('stepId'),
    handleForm<Posted>({
      read: readPosted,
      act: async (request, values) => {
        const r = request as FastifyRequest<StepParams>;
        const overview = await loadOverview(r, rt);
        const current = overview.workflow?.steps.find((s) => s.id === r.params.stepId);
        if (!overview.workflow || !current) return workflowUrl(r);
        const read = stepFromPosted(values, current);
        refuseInput(read.errors);
        await save(r, putStep(overview.workflow, read.step), stepPointer(overview.workflow, current.id));
        return `${workflowUrl(r)}#f-step-${current.id}`;
      },
      show: async (request, reply, values, errors, status) => stepPage(request as FastifyRequest<StepParams>, reply, await loadOverview(request as FastifyRequest<StepParams>, rt), { values, errors, status }),
    }),
  );
}
