// Reading and processing applications: one application as its applicant or an officer sees it (with
// the time against the standard, everywhere), "Permohonan saya", officers' actions through the
// workflow engine (a stale version or a step that moved on is a 409 with the current state), claiming
// and assigning steps, internal notes, messages with the applicant, and events from other modules
// (payments' "paid", documents' "signed") or recorded by an officer (a signature on paper).
import { type DbOrTx, withTenant, type Tx } from '../../../db/index.js';
import type { RoleGrant } from '../../../platform/auth/index.js';
import { decodeCursor, pageOf } from '../../../platform/cursor.js';
import { actorRef } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { findFile, type FileState, type FileStore, type OpenedFile, openCleanFile } from '../../../platform/files/index.js';
import { meaningfulText } from '../../../platform/text.js';
import { tenantCalendar } from '../../calendar/index.js';
import { getServiceVersion } from '../../catalog/index.js';
import { getActiveOfficerGrants } from '../../identity/index.js';
import type { ApplicantRef, ApplicationContext, OfficerRef } from '../context.js';
import type { Answers } from '../forms/answers.js';
import { frozenVersion } from '../setup/service.js';
import {
  type ApplicationRow,
  type EventRow,
  type FileLink,
  insertEvents,
  insertMessage,
  insertNote,
  type MessageRow,
  type NoteRow,
  selectAnswers,
  selectApplication,
  selectApplicationsOf,
  selectEvents,
  selectFiles,
  selectMessages,
  selectNotes,
  updateTaskClaim,
} from '../store.js';
import '../strings.js';
import { applicantTodo, type ApplicantTodo, type Badge, badgesOf, officerActions, statusText, type StateSummary, type StepSummary, summaryOf } from '../view.js';
import { apply, availableActions, isRefusal, measureTime, type OfficerAction, type TimeSummary, tick, type WorkflowEvent } from '../workflow/index.js';
import { applicationNotFound, loadApplication, type Loaded, refusalError, saveTransition, tellApplicant } from './transition.js';

/** The roles that see an application of their agency (the tenant-wide ones see every application). */
const VIEW_ROLES = new Set(['verifier', 'approver', 'signer', 'treasurer', 'agency_admin', 'tenant_admin', 'auditor']);

/** Whether the officer sees the application: a viewing role at its agency or one that took part in it, or tenant-wide. */
export function officerSees(officer: OfficerRef, row: Pick<ApplicationRow, 'agencyId' | 'agencies'>): boolean {
  return officer.grants.some((g) => VIEW_ROLES.has(g.role) && (g.agencyId === null || g.agencyId === row.agencyId || row.agencies.includes(g.agencyId)));
}

/** The roles an officer holds at an agency (grants for it, and tenant-wide ones). */
export function rolesAt(grants: readonly RoleGrant[], agencyId: string): string[] {
  return grants.filter((g) => g.agencyId === null || g.agencyId === agencyId).map((g) => g.role);
}

export type Viewer = { kind: 'applicant'; applicant: ApplicantRef } | { kind: 'officer'; officer: OfficerRef };

/** Loads an application the viewer may see (under its row lock when `lock`), else 404. */
async function loadFor(ctx: ApplicationContext, trx: Tx, viewer: Viewer, id: string, lock: boolean): Promise<Loaded> {
  const loaded = await loadApplication(ctx, trx, id, lock);
  const allowed = loaded && (viewer.kind === 'applicant' ? loaded.row.applicantId === viewer.applicant.citizenId : officerSees(viewer.officer, loaded.row));
  if (!loaded || !allowed) throw applicationNotFound();
  return loaded;
}

// ---- reading ----

/**
 * A file of the application, to download: for its applicant and the officers who see the application,
 * and only once the scan passed it (pending 409, infected 410). An officer's download is audited (the
 * files are identity documents).
 */
export async function openApplicationFile(ctx: ApplicationContext, input: { viewer: Viewer; applicationId: string; fileId: string; store: FileStore }): Promise<OpenedFile> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const loaded = await loadFor({ ...ctx, db: trx }, trx, input.viewer, input.applicationId, false);
    if (!(await selectFiles(trx, ctx.tenant.id, loaded.row.id)).some((f) => f.fileId === input.fileId)) throw notFound();
    const opened = await openCleanFile(trx, input.store, ctx.tenant.id, input.fileId);
    if (input.viewer.kind === 'officer') {
      await ctx.audit.append(trx, {
        tenantId: ctx.tenant.id,
        actor: actorRef(ctx.actor),
        action: 'application.file_opened',
        subject: `application:${loaded.row.id}`,
        data: { fileId: input.fileId, sha256: opened.record.sha256 },
      });
    }
    return opened;
  });
}

export interface ApplicationStep extends StepSummary {
  taskId: string | null;
  claimedBy: string | null;
  badges: Badge[];
}

export interface ApplicationDetail {
  id: string;
  trackingNumber: string;
  version: number;
  status: ApplicationRow['status'];
  /** The status in words, in the request's language. */
  statusText: string;
  outcome: ApplicationRow['outcome'];
  deemedApprovals: { stepId: string; at: string }[];
  service: { id: string; versionId: string; version: number; name: { id: string; en?: string }; agency: { id: string; code: string; name: string } };
  applicantId: string;
  /** Filed at a counter by this officer with the citizen's recorded consent (assisted digital). */
  assistedBy: string | null;
  submittedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  steps: ApplicationStep[];
  /** Time against the standard's jangka waktu (working days; the applicant's time never counts). */
  time: TimeSummary;
  revision: { stepId: string; message: string; requestedAt: string } | null;
  applicantTodo: ApplicantTodo;
  /** What the viewer may do now (officers: the actions of the steps they hold a role for). */
  actions: { type: string; stepId?: string; role?: string }[];
  answers: Answers;
  answerRounds: number;
  /** The files answering upload fields, with their scan state (officers open them once `clean`). */
  files: (FileLink & { state: FileState })[];
  timeline: EventRow[];
  messages: MessageRow[];
  /** Officers only: never shown to the applicant. */
  notes?: NoteRow[];
}

/** One application: its applicant sees their own (another's is a 404); officers their agencies', with internal notes. */
export async function getApplication(ctx: ApplicationContext, input: { viewer: Viewer; applicationId: string }): Promise<ApplicationDetail> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const loaded = await loadFor(inner, trx, input.viewer, input.applicationId, false);
    const { row, def, tasks, agencies } = loaded;
    const officer = input.viewer.kind === 'officer' ? input.viewer.officer : null;
    const [answers, files, timeline, messages, notes] = await Promise.all([
      selectAnswers(trx, ctx.tenant.id, row.id),
      selectFiles(trx, ctx.tenant.id, row.id),
      selectEvents(trx, ctx.tenant.id, row.id, officer !== null),
      selectMessages(trx, ctx.tenant.id, row.id),
      officer ? selectNotes(trx, ctx.tenant.id, row.id) : Promise.resolve(undefined),
    ]);
    const version = await getServiceVersion(inner, row.serviceVersionId);
    const agency = agencies.byId.get(row.agencyId)!;
    const now = ctx.now();
    const steps = summaryOf(def, row.state).steps.map((s): ApplicationStep => {
      const task = tasks.find((t) => t.stepId === s.stepId);
      return {
        ...s,
        taskId: task?.id ?? null,
        claimedBy: task?.claimedBy ?? null,
        badges: task ? badgesOf(task, { deemedApproved: row.deemedApproved, assisted: row.assistedBy !== null }, now, ctx.tenant.timeZone) : [],
      };
    });
    const actions =
      officer === null
        ? availableActions(def, row.state).filter((a) => a.type === 'withdrawn' || a.type === 'revision_submitted')
        : officerActions(def, row.state, (active) => {
            const id = agencies.byCode.get(active.agency ?? '')?.id;
            return id !== undefined && active.role !== null && rolesAt(officer.grants, id).includes(active.role);
          });
    return {
      id: row.id,
      trackingNumber: row.trackingNumber,
      version: row.version,
      status: row.status,
      statusText: statusText(def, row.state, ctx.lang),
      outcome: row.outcome,
      deemedApprovals: row.state.deemedApprovals,
      service: { id: row.serviceId, versionId: row.serviceVersionId, version: version.version, name: version.content.name, agency: { id: agency.id, code: agency.code, name: agency.name } },
      applicantId: row.applicantId,
      assistedBy: row.assistedBy,
      submittedAt: row.submittedAt,
      updatedAt: row.updatedAt,
      closedAt: row.closedAt,
      steps,
      time: measureTime(def, row.state, now, loaded.calendar),
      revision: row.state.revision,
      applicantTodo: applicantTodo(def, row.state),
      actions: actions.map((a) => ({ type: a.type, ...('stepId' in a ? { stepId: a.stepId } : {}), ...('role' in a ? { role: a.role } : {}) })),
      answers: (answers.at(-1)?.answers ?? {}) as Answers,
      answerRounds: answers.length,
      files: await Promise.all(files.map(async (f) => ({ ...f, state: (await findFile(trx, ctx.tenant.id, f.fileId))?.state ?? ('pending' as const) }))),
      timeline,
      messages,
      ...(notes ? { notes } : {}),
    };
  });
}

export interface MyApplication {
  id: string;
  trackingNumber: string;
  service: { id: string; name: { id: string; en?: string } };
  status: ApplicationRow['status'];
  statusText: string;
  outcome: ApplicationRow['outcome'];
  /** The steps it is at, in the request's language. */
  currentSteps: string[];
  /** When the standard's jangka waktu runs out at this pace (YYYY-MM-DD), and the working days left. */
  serviceDueDate: string | null;
  remainingDays: number;
  applicantTodo: ApplicantTodo;
  assisted: boolean;
  submittedAt: Date;
  updatedAt: Date;
}

/** "Permohonan saya": the citizen's applications, newest first, a cursor page at a time. */
export async function listMyApplications(
  ctx: ApplicationContext,
  input: { applicant: ApplicantRef; cursor?: string; limit?: number },
): Promise<{ items: MyApplication[]; nextCursor: string | null }> {
  const limit = input.limit ?? 20;
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectApplicationsOf(trx, ctx.tenant.id, input.applicant.citizenId, { after, limit: limit + 1 }));
  const page = pageOf(rows, limit, (r) => ({ at: r.submittedAt, id: r.id }));
  const calendar = await tenantCalendar(ctx.db, ctx.tenant);
  const now = ctx.now();
  const names = new Map<string, { id: string; en?: string }>();
  const items: MyApplication[] = [];
  for (const row of page.items) {
    const frozen = (await frozenVersion(ctx, row.serviceVersionId))!;
    if (!names.has(row.serviceVersionId)) names.set(row.serviceVersionId, (await getServiceVersion(ctx, row.serviceVersionId)).content.name);
    const def = frozen.workflow;
    items.push({
      id: row.id,
      trackingNumber: row.trackingNumber,
      service: { id: row.serviceId, name: names.get(row.serviceVersionId)! },
      status: row.status,
      statusText: statusText(def, row.state, ctx.lang),
      outcome: row.outcome,
      currentSteps: summaryOf(def, row.state).steps.map((s) => s.name[ctx.lang]),
      serviceDueDate: row.state.serviceDue?.dueDate ?? null,
      remainingDays: measureTime(def, row.state, now, calendar).remainingDays,
      applicantTodo: applicantTodo(def, row.state),
      assisted: row.assistedBy !== null,
      submittedAt: row.submittedAt,
      updatedAt: row.updatedAt,
    });
  }
  return { items, nextCursor: page.nextCursor };
}

// ---- officers acting ----

export interface ActInput {
  officer: OfficerRef;
  applicationId: string;
  stepId: string;
  action: OfficerAction;
  /** The application's version the officer saw: another means someone acted first (409). */
  expectedVersion: number;
  /** reject: required (shown to the applicant). */
  reason?: string;
  /** request_revision: required (what the applicant must correct). */
  message?: string;
}

const claimedByOther = (current: StateSummary, claimedBy: string) =>
  new DomainError('application.claimed', 409, 'app.error.claimed', {}, [], { current, claimedBy });

/**
 * An officer acts on a step through the workflow engine, under the application's row lock: of two
 * officers acting on the same step at once, the second meets the first one's version and gets a 409
 * with the current state. A step claimed by another officer is theirs (409) unless the actor is the
 * agency's administrator. A decision after a deadline lapsed meets the lapse already applied (the
 * deemed approval is saved, then 409 `application.lapsed`).
 */
export async function actOnApplication(ctx: ApplicationContext, input: ActInput): Promise<StateSummary> {
  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const loaded = await loadFor(inner, trx, { kind: 'officer', officer: input.officer }, input.applicationId, true);
    const { row, def, calendar, agencies } = loaded;
    const active = row.state.active.find((a) => a.stepId === input.stepId);
    const agencyCode = active?.agency ?? row.state.agency;
    const agencyId = agencies.byCode.get(agencyCode)?.id ?? row.agencyId;
    const roles = rolesAt(input.officer.grants, agencyId);
    const task = loaded.tasks.find((t) => t.stepId === input.stepId);
    if (task?.claimedBy && task.claimedBy !== input.officer.id && !roles.includes('agency_admin') && row.version === input.expectedVersion) {
      throw claimedByOther(summaryOf(def, row.state), task.claimedBy);
    }
    const base = { stepId: input.stepId, expectedVersion: input.expectedVersion, actor: { id: input.officer.id, roles, agency: agencyCode } };
    const event: WorkflowEvent =
      input.action === 'reject'
        ? { ...base, type: 'reject', reason: meaningfulText(input.reason) ?? '' }
        : input.action === 'request_revision'
          ? { ...base, type: 'request_revision', message: meaningfulText(input.message) ?? '' }
          : { ...base, type: input.action };
    const now = ctx.now();
    const result = apply(def, row.state, event, { now, calendar });
    if (isRefusal(result)) {
      if (result.error.code !== 'lapsed') throw refusalError(result.error.code, summaryOf(def, result.error.state));
      // The deadline lapsed first (e.g. deemed approved): save what the lapse did, then refuse.
      const saved = await saveTransition(inner, trx, loaded, tick(def, row.state, { now, calendar }));
      return { refused: refusalError('lapsed', summaryOf(def, saved.state)) };
    }
    const text = input.action === 'reject' ? meaningfulText(input.reason) : input.action === 'request_revision' ? meaningfulText(input.message) : undefined;
    const saved = await saveTransition(inner, trx, loaded, result, { text: text ?? null });
    return { summary: summaryOf(def, saved.state) };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.summary;
}

/** Loads the step's task for a claim or an assignment, checked against the officer's roles. */
async function taskFor(ctx: ApplicationContext, trx: Tx, officer: OfficerRef, applicationId: string, stepId: string, role: 'holder' | 'admin') {
  const loaded = await loadFor(ctx, trx, { kind: 'officer', officer }, applicationId, true);
  const task = loaded.tasks.find((t) => t.stepId === stepId);
  if (!task) throw refusalError('step_not_active', summaryOf(loaded.def, loaded.row.state));
  const roles = rolesAt(officer.grants, task.agencyId);
  const allowed = roles.includes('agency_admin') || (role === 'holder' && roles.includes(task.role));
  if (!allowed) throw refusalError('forbidden', summaryOf(loaded.def, loaded.row.state));
  return { loaded, task, roles };
}

async function recordClaim(ctx: ApplicationContext, trx: Tx, loaded: Loaded, taskId: string, stepId: string, officerId: string | null, action: string) {
  const now = ctx.now();
  await updateTaskClaim(trx, ctx.tenant.id, taskId, officerId, officerId ? now : null);
  const data = { officerId };
  await insertEvents(trx, ctx.tenant.id, loaded.row.id, [{ at: now, actor: actorRef(ctx.actor), action, stepId, text: null, data, internal: true }]);
  await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: `application.${action}`, subject: `application:${loaded.row.id}`, at: now, data: { ...data, stepId } });
}

/** An officer takes a step (it shows in their own queue); a step another officer holds is refused (409). */
export async function claimStep(ctx: ApplicationContext, input: { officer: OfficerRef; applicationId: string; stepId: string }): Promise<void> {
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const { loaded, task } = await taskFor(inner, trx, input.officer, input.applicationId, input.stepId, 'holder');
    if (task.claimedBy === input.officer.id) return;
    if (task.claimedBy) throw claimedByOther(summaryOf(loaded.def, loaded.row.state), task.claimedBy);
    await recordClaim(inner, trx, loaded, task.id, task.stepId, input.officer.id, 'claimed');
  });
}

/** The officer holding a step (or the agency's administrator) gives it back to the agency's queue. */
export async function releaseStep(ctx: ApplicationContext, input: { officer: OfficerRef; applicationId: string; stepId: string }): Promise<void> {
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const { loaded, task, roles } = await taskFor(inner, trx, input.officer, input.applicationId, input.stepId, 'holder');
    if (!task.claimedBy) return;
    if (task.claimedBy !== input.officer.id && !roles.includes('agency_admin')) throw claimedByOther(summaryOf(loaded.def, loaded.row.state), task.claimedBy);
    await recordClaim(inner, trx, loaded, task.id, task.stepId, null, 'released');
  });
}

/**
 * The agency's administrator assigns (or reassigns) a step to an officer who holds the step's role at
 * the step's agency (checked with identity), whoever held it before.
 */
export async function assignStep(ctx: ApplicationContext, input: { officer: OfficerRef; applicationId: string; stepId: string; assigneeId: string }): Promise<void> {
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const { loaded, task } = await taskFor(inner, trx, input.officer, input.applicationId, input.stepId, 'admin');
    const grants = /^[0-9a-f-]{36}$/i.test(input.assigneeId) ? await getActiveOfficerGrants(inner, { officerId: input.assigneeId }) : undefined;
    if (!grants || !rolesAt(grants, task.agencyId).includes(task.role)) {
      throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/officerId', code: 'role', messageKey: 'app.error.assignee_role', vars: { role: task.role } }]);
    }
    if (task.claimedBy === input.assigneeId) return;
    await recordClaim(inner, trx, loaded, task.id, task.stepId, input.assigneeId, 'assigned');
  });
}

// ---- notes and messages ----

function bodyOrThrow(body: string | undefined, max: number): string {
  const text = meaningfulText(body);
  if (!text) throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/body', code: 'required', messageKey: 'field.required' }]);
  if (text.length > max) throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/body', code: 'maxLength', messageKey: 'field.maxLength', vars: { limit: max } }]);
  return text;
}

/** A note between officers on the application: never shown to the applicant. Audited (without its text). */
export async function addInternalNote(ctx: ApplicationContext, input: { officer: OfficerRef; applicationId: string; body: string; stepId?: string }): Promise<NoteRow> {
  const body = bodyOrThrow(input.body, 8000);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const loaded = await loadFor({ ...ctx, db: trx }, trx, { kind: 'officer', officer: input.officer }, input.applicationId, false);
    const note = { at: ctx.now(), officerId: input.officer.id, stepId: input.stepId ?? null, body };
    const id = await insertNote(trx, ctx.tenant.id, loaded.row.id, note);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'application.note_added', subject: `application:${loaded.row.id}`, data: { noteId: id } });
    return { id, ...note };
  });
}

/**
 * A message between the agency and the applicant. An officer's message notifies the applicant (in the
 * same transaction); the applicant's reaches the officers on the application's page. Audited (without its text).
 */
export async function sendMessage(ctx: ApplicationContext, input: { viewer: Viewer; applicationId: string; body: string }): Promise<MessageRow> {
  const body = bodyOrThrow(input.body, 4000);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const loaded = await loadFor(inner, trx, input.viewer, input.applicationId, false);
    const officerId = input.viewer.kind === 'officer' ? input.viewer.officer.id : null;
    const message = { at: ctx.now(), sender: officerId ? ('officer' as const) : ('applicant' as const), officerId, body };
    const id = await insertMessage(trx, ctx.tenant.id, loaded.row.id, message);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'application.message_sent', subject: `application:${loaded.row.id}`, data: { messageId: id, sender: message.sender } });
    if (officerId) await tellApplicant(inner, trx, loaded, () => body);
    return { id, ...message };
  });
}

/** The timeline (the applicant's leaves out what only officers see). */
export async function getTimeline(ctx: ApplicationContext, input: { viewer: Viewer; applicationId: string }): Promise<EventRow[]> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const loaded = await loadFor({ ...ctx, db: trx }, trx, input.viewer, input.applicationId, false);
    return selectEvents(trx, ctx.tenant.id, loaded.row.id, input.viewer.kind === 'officer');
  });
}

// ---- events: from other modules, or recorded by an officer ----

export interface ExternalEventInput {
  /** What happened: "paid" (payments), "signed" (documents), … — what a wait step waits for. */
  name: string;
  /** The step it answers, when several wait for the same event. */
  stepId?: string;
  /** A note the timeline keeps with it (payments: "no fee: waived"). */
  note?: string;
}

/**
 * Another module tells an application that what it waits for happened (payments: "paid"; documents:
 * "signed"). `ctx.actor` is the module's system actor, recorded. Idempotent: an event nobody waits for
 * any more (a repeated delivery) is ignored (`recorded: false`). 404 for an unknown application.
 */
export async function recordApplicationEvent(ctx: ApplicationContext, applicationId: string, event: ExternalEventInput): Promise<{ recorded: boolean; current: StateSummary }> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const loaded = await loadApplication(inner, trx, applicationId, true);
    if (!loaded) throw applicationNotFound();
    const result = apply(loaded.def, loaded.row.state, { type: 'external', name: event.name, ...(event.stepId ? { stepId: event.stepId } : {}) }, { now: ctx.now(), calendar: loaded.calendar });
    if (isRefusal(result)) return { recorded: false, current: summaryOf(loaded.def, result.error.state) };
    const saved = await saveTransition(inner, trx, loaded, result, event.note ? { text: event.note } : {});
    return { recorded: true, current: summaryOf(loaded.def, saved.state) };
  });
}

/**
 * The applicant's latest answers, read in the caller's transaction by a module that works from them
 * (payments: the fee rule's quantity or table row) — from inside a hook, where no viewer is asking.
 */
export async function applicationAnswers(trx: Tx, tenantId: string, applicationId: string): Promise<Answers> {
  return ((await selectAnswers(trx, tenantId, applicationId)).at(-1)?.answers ?? {}) as Answers;
}

/**
 * An application's tracking number, for a module that prints it on its own record of the application
 * (payments: the receipt), read in the caller's transaction; undefined when the tenant has no such application.
 */
export async function applicationTrackingNumber(db: DbOrTx, tenantId: string, applicationId: string): Promise<string | undefined> {
  return (await selectApplication(db, tenantId, applicationId))?.trackingNumber;
}

/**
 * The step of an application that waits for `event` now (payments: the step an invoice is for), with
 * what another module needs to act on it; null when the tenant has no such application, false when
 * nothing waits for the event. Read in the caller's transaction (`ctx.db`).
 */
export async function applicationAwaiting(
  ctx: ApplicationContext,
  applicationId: string,
  event: string,
): Promise<{ applicationId: string; trackingNumber: string; serviceVersionId: string; applicantId: string; stepId: string; agencyId: string } | null | false> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const loaded = await loadApplication(ctx, trx, applicationId, false);
    if (!loaded) return null;
    const { row, def } = loaded;
    if (row.status === 'closed') return false;
    const active = row.state.active.find((a) => def.steps.some((s) => s.id === a.stepId && s.kind === 'wait' && s.event === event));
    if (!active) return false;
    const agencyId = loaded.agencies.byCode.get(active.agency ?? row.state.agency)?.id ?? row.agencyId;
    return { applicationId: row.id, trackingNumber: row.trackingNumber, serviceVersionId: row.serviceVersionId, applicantId: row.applicantId, stepId: active.stepId, agencyId };
  });
}

/** What officers may record themselves until the module that owns it exists: a signature on paper, a payment at the counter. */
export const OFFICER_EVENTS = ['signed', 'paid'] as const;

/**
 * An officer records that what a wait step waits for happened outside Gerbang (a document signed on
 * paper, a fee paid in cash at the counter), with a note: the officer must hold the waiting step's role
 * (signer, treasurer) at its agency, or be its administrator.
 */
export async function recordOfficerEvent(
  ctx: ApplicationContext,
  input: { officer: OfficerRef; applicationId: string; expectedVersion: number; event: (typeof OFFICER_EVENTS)[number]; note: string },
): Promise<StateSummary> {
  const note = bodyOrThrow(input.note, 2000);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const loaded = await loadFor(inner, trx, { kind: 'officer', officer: input.officer }, input.applicationId, true);
    const { def, row } = loaded;
    if (row.version !== input.expectedVersion) throw refusalError('stale', summaryOf(def, row.state));
    const waiting = loaded.tasks.find((t) => t.kind === 'wait' && def.steps.some((s) => s.id === t.stepId && s.kind === 'wait' && s.event === input.event));
    if (!waiting) throw refusalError('not_awaited', summaryOf(def, row.state));
    const roles = rolesAt(input.officer.grants, waiting.agencyId);
    if (!roles.includes(waiting.role) && !roles.includes('agency_admin')) throw refusalError('forbidden', summaryOf(def, row.state));
    const result = apply(def, row.state, { type: 'external', name: input.event, stepId: waiting.stepId }, { now: ctx.now(), calendar: loaded.calendar });
    if (isRefusal(result)) throw refusalError(result.error.code, summaryOf(def, result.error.state));
    const saved = await saveTransition(inner, trx, loaded, result, { text: note });
    return summaryOf(def, saved.state);
  });
}
