// The I/O around the pure workflow engine: load an application with its row lock, the definition of
// the version it was made under, the tenant's calendar and agencies; save what the engine returned and
// carry out its effects — all in the caller's transaction: the state and the columns copied from it
// (queues, the sweeper's next deadline), the steps it is at (tasks, claims kept), the timeline, the
// audit entries, the applicant's notification, the hooks of other modules. A refusal becomes a 409
// (or 403/422) carrying where the application stands now.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../db/index.js';
import type { Calendar } from '../../../platform/calendar/index.js';
import { actorRef, type AuditEventInput } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import type { Lang, MessageKey } from '../../../platform/i18n/index.js';
import { t } from '../../../platform/i18n/index.js';
import { tenantCalendar } from '../../calendar/index.js';
import { getServiceVersion } from '../../catalog/index.js';
import type { ProfilesAhead } from '../../identity/index.js';
import { type Agency, listAgencies } from '../../tenancy/index.js';
import type { ApplicationContext } from '../context.js';
import type { FormDefinition } from '../forms/definition.js';
import { runAwaitHooks, runClosedHooks } from '../hooks.js';
import { type ApplicantNotice, notifyApplicant, notifyApplicantsWithNext } from '../notify.js';
import { frozenVersion } from '../setup/service.js';
import { type AnswersInput, type ApplicationRow, insertEvents, insertStartedApplications, replaceTasks, selectApplication, selectTasks, type StatePatch, type TaskRow, updateApplicationState } from '../store.js';
import '../strings.js';
import { statusText, type StateSummary, summaryOf } from '../view.js';
import { type Effect, outcomeAhead, type RefusalCode, stepOf, type Transition, type WorkflowDefinition, type WorkflowState } from '../workflow/index.js';

export interface AgencyIndex {
  byCode: Map<string, Agency>;
  byId: Map<string, Agency>;
}

/** The tenant's agencies by code and by id; `listed`: the agencies already asked for (a batch's, read ahead). */
export async function agencyIndex(ctx: ApplicationContext, listed?: Promise<Agency[]>): Promise<AgencyIndex> {
  const agencies = await (listed ?? listAgencies(ctx.db, ctx.tenant));
  return { byCode: new Map(agencies.map((a) => [a.code, a])), byId: new Map(agencies.map((a) => [a.id, a])) };
}

/** An application with everything a transition needs. */
export interface Loaded {
  row: ApplicationRow;
  def: WorkflowDefinition;
  form: FormDefinition;
  tasks: TaskRow[];
  calendar: Calendar;
  agencies: AgencyIndex;
  serviceName: { id: string; en?: string };
}

/** Loads an application (with its row lock when `lock`), in `trx`; undefined when the tenant has none with this id. */
export async function loadApplication(ctx: ApplicationContext, trx: Tx, id: string, lock: boolean): Promise<Loaded | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await selectApplication(trx, ctx.tenant.id, id, lock);
  if (!row) return undefined;
  const inner = { ...ctx, db: trx };
  const [frozen, tasks, calendar, agencies, version] = await Promise.all([
    frozenVersion(inner, row.serviceVersionId),
    selectTasks(trx, ctx.tenant.id, id),
    tenantCalendar(ctx.db, ctx.tenant),
    agencyIndex(inner),
    getServiceVersion(inner, row.serviceVersionId),
  ]);
  if (!frozen) throw new Error(`application ${id}: its service version ${row.serviceVersionId} has no frozen setup`);
  return { row, def: frozen.workflow, form: frozen.form, tasks, calendar, agencies, serviceName: version.content.name };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const applicationNotFound = () => new DomainError('application.not_found', 404, 'app.error.not_found');

// ---- refusals ----

const REFUSALS: Record<Exclude<RefusalCode, 'definition_mismatch'>, { status: number; key: MessageKey; field?: string }> = {
  stale: { status: 409, key: 'app.error.stale' },
  closed: { status: 409, key: 'app.error.closed' },
  with_applicant: { status: 409, key: 'app.error.with_applicant' },
  step_not_active: { status: 409, key: 'app.error.step_not_active' },
  not_allowed: { status: 409, key: 'app.error.not_allowed' },
  lapsed: { status: 409, key: 'app.error.lapsed' },
  not_awaited: { status: 409, key: 'app.error.not_awaited' },
  forbidden: { status: 403, key: 'app.error.not_your_step' },
  reason_required: { status: 422, key: 'app.error.reason_required', field: '/reason' },
  message_required: { status: 422, key: 'app.error.message_required', field: '/message' },
};

/** The engine's refusal as the API answers it, with where the application stands now (`current`). */
export function refusalError(code: RefusalCode, current: StateSummary): DomainError {
  if (code === 'definition_mismatch') throw new Error('workflow definition mismatch: the application must run on its own version');
  const r = REFUSALS[code];
  const fields = r.field ? [{ field: r.field, code: 'required', messageKey: 'field.required' as const }] : [];
  return new DomainError(`application.${code}`, r.status, r.key, {}, fields, { current });
}

// ---- saving a transition ----

/** Which agency's officers and which role a step's queue row belongs to: the engine's, or by what a wait awaits. */
const EVENT_ROLES: Record<string, string> = { signed: 'signer', paid: 'treasurer' };

export function tasksOf(def: WorkflowDefinition, state: WorkflowState, row: ApplicationRow, old: TaskRow[], agencies: AgencyIndex): TaskRow[] {
  return state.active.flatMap((a): TaskRow[] => {
    const step = stepOf(def, a.stepId);
    if (step.kind === 'wait' && step.waitsOn === 'applicant') return [];
    const role = a.role ?? (step.kind === 'wait' ? (EVENT_ROLES[step.event] ?? 'agency_admin') : 'agency_admin');
    const agency = agencies.byCode.get(a.agency ?? state.agency);
    if (!agency) throw new Error(`application ${row.id}: step ${a.stepId} names agency ${a.agency}, which the tenant does not have`);
    const activatedAt = new Date(a.activatedAt);
    const prev = old.find((o) => o.stepId === a.stepId && o.activatedAt.getTime() === activatedAt.getTime());
    // A claim stays with the step while it keeps its role (an escalation hands it to someone else).
    const claim = prev && prev.role === role ? { claimedBy: prev.claimedBy, claimedAt: prev.claimedAt } : { claimedBy: null, claimedAt: null };
    return [
      {
        id: prev?.id ?? randomUUID(),
        applicationId: row.id,
        stepId: a.stepId,
        serviceId: row.serviceId,
        agencyId: agency.id,
        role,
        kind: step.kind === 'task' ? 'task' : 'wait',
        activatedAt,
        dueAt: a.deadline?.dueAt ? new Date(a.deadline.dueAt) : null,
        escalated: a.escalated,
        lapsed: a.deadline?.lapsed ?? false,
        paused: state.status === 'with_applicant',
        ...claim,
      },
    ];
  });
}

/** The columns copied from the state: the sweeper's next deadline, the standard's, who may see it. */
export function columnsOf(state: WorkflowState, row: Pick<ApplicationRow, 'agencies'>, tasks: TaskRow[]): StatePatch {
  const due = state.active
    .filter((a) => a.deadline?.since && a.deadline.dueAt && !a.deadline.lapsed)
    .map((a) => Date.parse(a.deadline!.dueAt!))
    .sort((a, b) => a - b)[0];
  return {
    state,
    version: state.version,
    status: state.status,
    outcome: state.outcome,
    deemedApproved: state.deemedApprovals.length > 0,
    nextDueAt: due === undefined ? null : new Date(due),
    serviceDueAt: state.serviceDue ? new Date(state.serviceDue.dueAt) : null,
    updatedAt: new Date(state.updatedAt),
    closedAt: state.closedAt ? new Date(state.closedAt) : null,
    agencies: [...new Set([...row.agencies, ...tasks.map((t) => t.agencyId)])],
  };
}

/** The actions whose free text (reason, message, statement) the timeline keeps. */
const TEXT_ACTIONS = new Set(['application.rejected_step', 'application.revision_requested', 'application.withdrawn', 'application.event_received']);

/** Timeline entries officers alone see. */
const INTERNAL = new Set(['application.escalated', 'application.deadline_lapsed', 'application.forwarded']);

export interface TransitionOptions {
  /** Free text that goes with the action (a rejection's reason, a revision request's message, a withdrawal's reason): the timeline keeps it, the audit chain does not. */
  text?: string | null;
  /** The officer at a counter filing for the applicant (assisted digital): recorded with the applicant's actions. */
  assistedBy?: string | null;
}

function auditActor(ctx: ApplicationContext, row: ApplicationRow, actor: string, action: string): string {
  if (actor === 'applicant') return `citizen:${row.applicantId}`;
  // An event is reported by whoever reported it: a module (system actor) or an officer recording a signature.
  if (action === 'application.event_received' && ctx.actor.kind !== 'anonymous') return actorRef(ctx.actor);
  if (actor === 'system') return ctx.actor.kind === 'system' ? actorRef(ctx.actor) : 'system:applications';
  return actor;
}

/**
 * Saves a transition of an application already stored (`row` as loaded, under its row lock) and carries
 * out its effects. A transition without effects changes nothing. Returns the saved row.
 */
export async function saveTransition(ctx: ApplicationContext, trx: Tx, loaded: Loaded, transition: Transition, options: TransitionOptions = {}): Promise<ApplicationRow> {
  const { row } = loaded;
  if (transition.effects.length === 0 && transition.state === row.state) return row;
  const tasks = tasksOf(loaded.def, transition.state, row, loaded.tasks, loaded.agencies);
  const patch = columnsOf(transition.state, row, tasks);
  if (!(await updateApplicationState(trx, ctx.tenant.id, row.id, row.version, patch))) {
    throw refusalError('stale', summaryOf(loaded.def, row.state));
  }
  await replaceTasks(trx, ctx.tenant.id, row.id, tasks);
  const saved: ApplicationRow = { ...row, ...patch };
  const records = recordsOf(ctx, saved, transition.effects, options);
  await carryOut(ctx, trx, { ...loaded, row: saved }, row.state, transition.effects, { audits: records.audits, text: options.text ?? null }, {
    writeTimeline: () => insertEvents(trx, ctx.tenant.id, row.id, records.timeline),
  });
  return saved;
}

/**
 * Stores a new application (the engine's `start`) with its tasks, answers and timeline in one
 * statement — deleting the applicant's draft for the service with it when `draftOf` says so — and
 * carries out the start's effects.
 */
export async function saveStarted(
  ctx: ApplicationContext,
  trx: Tx,
  loaded: StartedInput,
  transition: Transition,
  options: TransitionOptions = {},
): Promise<ApplicationRow> {
  const [row] = await saveStartedMany(trx, [{ ctx, loaded, transition, options }]);
  return row!;
}

type StartedInput = Omit<Loaded, 'row' | 'tasks'> & { row: Omit<ApplicationRow, keyof StatePatch>; answers: Omit<AnswersInput, 'applicationId'>; draftOf?: { citizenId: string; serviceId: string } };

/**
 * Several new applications of one tenant at once (a batch of submissions), in `trx`: the rows, steps,
 * answers, timelines and draft deletions in one statement, each one's effects carried out (hooks,
 * audit entries), their applicants told with one notifyApplicantsWithNext — its reads sent with the
 * INSERT (`profiles`: the applicants' records, when fetched earlier in `trx`). Each entry keeps the
 * context of its own request.
 */
export async function saveStartedMany(
  trx: Tx,
  entries: ReadonlyArray<{ ctx: ApplicationContext; loaded: StartedInput; transition: Transition; options?: TransitionOptions }>,
  profiles?: ProfilesAhead,
): Promise<ApplicationRow[]> {
  if (entries.length === 0) return [];
  const planned = entries.map(({ ctx, loaded, transition, options = {} }) => {
    const { answers, draftOf, ...rest } = loaded;
    const base = { ...rest.row, agencies: [] as string[] } as ApplicationRow;
    const tasks = tasksOf(rest.def, transition.state, base, [], rest.agencies);
    const row: ApplicationRow = { ...base, ...columnsOf(transition.state, { agencies: [rest.row.agencyId] }, tasks) };
    const records = recordsOf(ctx, row, transition.effects, options);
    return { ctx, rest, row, tasks, answers, draftOf, records, transition, options };
  });
  const notices = planned.flatMap((p) => {
    const notice = applicantNotice({ ...p.rest, row: p.row }, null, p.transition.effects, p.options.text ?? null);
    return notice ? [{ ctx: p.ctx, notice }] : [];
  });
  const notifying = await notifyApplicantsWithNext(trx, notices, profiles);
  await insertStartedApplications(
    trx,
    entries[0]!.ctx.tenant.id,
    planned.map((p) => ({ row: p.row, tasks: p.tasks, answers: { ...p.answers, applicationId: p.row.id }, events: p.records.timeline, ...(p.draftOf ? { draftOf: p.draftOf } : {}) })),
  );
  for (const p of planned) {
    await carryOut(p.ctx, trx, { ...p.rest, row: p.row, tasks: p.tasks }, null, p.transition.effects, { audits: p.records.audits, text: p.options.text ?? null }, { applicantTold: true });
  }
  await notifying.send();
  return planned.map((p) => p.row);
}

type TimelineRow = Parameters<typeof insertEvents>[3][number];

/** The audit entries and timeline rows of a transition's effects (the timeline keeps the action's text; the audit chain does not). */
function recordsOf(ctx: ApplicationContext, row: ApplicationRow, effects: Effect[], options: TransitionOptions): { audits: AuditEventInput[]; timeline: TimelineRow[] } {
  const tenantId = ctx.tenant.id;
  const at = ctx.now();
  const audits: AuditEventInput[] = [];
  const timeline: TimelineRow[] = [];
  for (const effect of effects) {
    if (effect.type !== 'audit') continue;
    const actor = auditActor(ctx, row, effect.actor, effect.action);
    const assisted = effect.actor === 'applicant' && options.assistedBy ? { assistedBy: options.assistedBy } : {};
    audits.push({ tenantId, actor, action: effect.action, subject: `application:${row.id}`, at, data: { ...effect.data, stepId: effect.stepId, ...assisted } });
    timeline.push({
      at,
      actor,
      action: effect.action.replace('application.', ''),
      stepId: effect.stepId,
      text: TEXT_ACTIONS.has(effect.action) ? (options.text ?? null) : null,
      data: { ...effect.data, ...assisted },
      internal: INTERNAL.has(effect.action),
    });
  }
  return { audits, timeline };
}

/**
 * The effects beyond the rows: other modules' hooks, the audit entries, the timeline when not written
 * yet (`writeTimeline`, after the hooks as before), the applicant's notification (unless the caller
 * tells them: `applicantTold`).
 */
async function carryOut(
  ctx: ApplicationContext,
  trx: Tx,
  loaded: Loaded,
  before: WorkflowState | null,
  effects: Effect[],
  records: { audits: AuditEventInput[]; text: string | null },
  options: { writeTimeline?: () => Promise<void>; applicantTold?: boolean } = {},
) {
  const { row } = loaded;
  const at = ctx.now();
  const ref = { tenantId: ctx.tenant.id, applicationId: row.id, trackingNumber: row.trackingNumber, serviceId: row.serviceId, serviceVersionId: row.serviceVersionId, agencyId: row.agencyId, applicantId: row.applicantId };
  for (const effect of effects) {
    if (effect.type === 'await_event') {
      await runAwaitHooks(trx, { ...ref, stepId: effect.stepId, event: effect.event, waitsOn: effect.waitsOn, at, outcomeAhead: outcomeAhead(loaded.def, effect.stepId) }, ctx);
    } else if (effect.type === 'closed') {
      await runClosedHooks(trx, { ...ref, outcome: effect.outcome, deemed: effect.deemed, at: effect.at, timeZone: ctx.tenant.timeZone });
    }
  }
  if (records.audits.length > 0) await ctx.audit.appendMany(trx, records.audits);
  await options.writeTimeline?.();
  const notice = options.applicantTold ? undefined : applicantNotice(loaded, before, effects, records.text);
  if (notice) await notifyApplicant(ctx, trx, notice);
}

/** What the applicant is told of a transition, when it is a change they are told of. */
function applicantNotice(loaded: Pick<Loaded, 'row' | 'def' | 'serviceName'>, before: WorkflowState | null, effects: Effect[], text: string | null): ApplicantNotice | undefined {
  const { row } = loaded;
  if (!visibleToApplicant(before, row.state, effects)) return undefined;
  return noticeOf(loaded, (lang: Lang) => noteOf(effects, row.state, lang, text));
}

/** Tells the applicant where their application stands now, with a note (a reason, a message), in the transaction `trx`. */
export function tellApplicant(ctx: ApplicationContext, trx: Tx, loaded: Pick<Loaded, 'row' | 'def' | 'serviceName'>, note: (lang: Lang) => string | undefined) {
  return notifyApplicant(ctx, trx, noticeOf(loaded, note));
}

function noticeOf(loaded: Pick<Loaded, 'row' | 'def' | 'serviceName'>, note: (lang: Lang) => string | undefined): ApplicantNotice {
  const { row, def } = loaded;
  return {
    applicationId: row.id,
    trackingNumber: row.trackingNumber,
    applicantId: row.applicantId,
    lang: row.lang,
    serviceName: loaded.serviceName,
    status: (lang) => statusText(def, row.state, lang),
    note,
  };
}

/** A change the applicant is told of: their notices, a new status, or other steps. */
function visibleToApplicant(before: WorkflowState | null, after: WorkflowState, effects: Effect[]): boolean {
  if (effects.some((e) => e.type === 'notify' && e.recipient.to === 'applicant')) return true;
  if (!before || before.status !== after.status) return true;
  const steps = (s: WorkflowState) => s.active.map((a) => a.stepId).sort().join(',');
  return steps(before) !== steps(after);
}

/** The note with the notification: what the officer wrote, the new date, the legal basis of a deemed approval. */
function noteOf(effects: Effect[], state: WorkflowState, lang: Lang, text: string | null): string | undefined {
  for (const e of effects) {
    if (e.type !== 'notify' || e.recipient.to !== 'applicant') continue;
    if (e.event === 'application.revision_requested' && text) return t(lang, 'app.note.revision', { message: text });
    if (e.event === 'application.deemed_approved') return t(lang, 'app.note.deemed');
    if (e.event === 'application.deadline_moved' && typeof e.data.to === 'string') return t(lang, 'app.note.deadline_moved', { date: state.serviceDue?.dueDate ?? e.data.to.slice(0, 10) });
    if (e.event === 'application.received' && state.serviceDue) return t(lang, 'app.note.received', { date: state.serviceDue.dueDate });
  }
  if (state.outcome === 'rejected' && text) return t(lang, 'app.note.rejected', { reason: text });
  return undefined;
}
