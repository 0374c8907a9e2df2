// The applicant's side: drafts saved as they go (resumed on any device, deleted after the tenant's
// period with a reminder before), submitting an application (validated against the form of the version
// in effect, the workflow started, everything stored, audited and notified in one transaction), and
// acting on one's own application later — answering a revision request, a declaration the workflow
// waits for, withdrawing. Another citizen's application is a 404. A counter officer may do all of it
// for a citizen in an assisted session (identity's assisted digital), which is recorded as such.
import { randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../../db/index.js';
import { localDate } from '../../../platform/calendar/index.js';
import { withDeferredAudit } from '../../../platform/audit/index.js';
import { meetsAssurance } from '../../../platform/auth/index.js';
import { DomainError } from '../../../platform/errors.js';
import { newTrackingNumber } from '../../../platform/tracking-number.js';
import { tenantCalendar } from '../../calendar/index.js';
import { readCitizenPersonalData } from '../../identity/index.js';
import type { ApplicantRef, ApplicationContext } from '../context.js';
import { type Answers, filesIn, validateAnswers } from '../forms/answers.js';
import type { FormDefinition } from '../forms/definition.js';
import { agencyIndex, applicationNotFound, loadApplication, type Loaded, refusalError, saveStarted, saveTransition } from '../handling/transition.js';
import { getApplicationSettings } from '../setup/service.js';
import { insertAnswers, insertFiles, selectAnswers } from '../store.js';
import '../strings.js';
import { TRACKING_PREFIX, birthDateKey } from '../tracking/keys.js';
import { type StateSummary, summaryOf } from '../view.js';
import { apply, isRefusal, start, type WorkflowEvent } from '../workflow/index.js';
import { resolveFileAnswers, versionInEffect } from './attachments.js';
import { type DraftRow, deleteDraft as removeDraft, selectDraft, selectDraftsOf, upsertDraft } from './store.js';
import { assuranceRefused } from './assurance.js';

/** A draft's answers as JSON, at most (a form of a hundred fields with long texts fits many times over). */
export const MAX_DRAFT_BYTES = 256 * 1024;

const DAY_MS = 86_400_000;
const draftExpired = () => new DomainError('application.draft_expired', 410, 'app.error.draft_expired');
const draftNotFound = () => new DomainError('application.draft_not_found', 404, 'app.error.draft_not_found');

const answerEnv = (ctx: ApplicationContext) => ({ today: localDate(ctx.now().getTime(), ctx.tenant.timeZone), now: ctx.now() });

// ---- drafts ----

export interface DraftView {
  serviceId: string;
  answers: Answers;
  /** Problems with what is filled in so far (nothing is required yet): for the page to show. */
  problems: { field: string; code: string; messageKey: string }[];
  updatedAt: Date;
  expiresAt: Date;
}

function draftView(row: DraftRow, form: FormDefinition, ctx: ApplicationContext): DraftView {
  const checked = validateAnswers(form, row.answers, answerEnv(ctx), { partial: true });
  return {
    serviceId: row.serviceId,
    answers: row.answers,
    problems: checked.ok ? [] : checked.errors.map((e) => ({ field: e.field, code: e.code, messageKey: e.messageKey })),
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * Saves what the citizen has typed so far for a service, as typed (nothing they typed is lost; the
 * formats are checked and returned as problems, nothing is required yet). Each save keeps the draft for
 * the tenant's period again. Not audited: a draft is the citizen's own work in progress, not a record.
 */
export async function saveDraft(ctx: ApplicationContext, input: { applicant: ApplicantRef; serviceId: string; answers: unknown }): Promise<DraftView> {
  const { form } = await versionInEffect(ctx, input.serviceId);
  if (typeof input.answers !== 'object' || input.answers === null || Array.isArray(input.answers)) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/answers', code: 'type', messageKey: 'app.answer.object' }]);
  }
  if (Buffer.byteLength(JSON.stringify(input.answers)) > MAX_DRAFT_BYTES) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/answers', code: 'too_large', messageKey: 'app.error.draft_too_large', vars: { limit: MAX_DRAFT_BYTES / 1024 } }]);
  }
  const settings = await getApplicationSettings(ctx);
  const now = ctx.now();
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    upsertDraft(trx, ctx.tenant.id, {
      id: randomUUID(),
      citizenId: input.applicant.citizenId,
      serviceId: input.serviceId,
      answers: input.answers as Answers,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + settings.draftTtlDays * DAY_MS),
      remindedAt: null,
    }),
  );
  return draftView(row, form, ctx);
}

/** The citizen's draft for a service: 404 without one, 410 once it expired. */
export async function getDraft(ctx: ApplicationContext, input: { applicant: ApplicantRef; serviceId: string }): Promise<DraftView> {
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectDraft(trx, ctx.tenant.id, input.applicant.citizenId, input.serviceId));
  if (!row) throw draftNotFound();
  if (row.expiresAt.getTime() <= ctx.now().getTime()) throw draftExpired();
  const { form } = await versionInEffect(ctx, input.serviceId);
  return draftView(row, form, ctx);
}

/** The citizen's drafts that have not expired, most recently saved first. */
export async function listMyDrafts(ctx: ApplicationContext, input: { applicant: ApplicantRef }): Promise<{ serviceId: string; updatedAt: Date; expiresAt: Date }[]> {
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectDraftsOf(trx, ctx.tenant.id, input.applicant.citizenId));
  const now = ctx.now().getTime();
  return rows.filter((r) => r.expiresAt.getTime() > now).map((r) => ({ serviceId: r.serviceId, updatedAt: r.updatedAt, expiresAt: r.expiresAt }));
}

export async function deleteDraft(ctx: ApplicationContext, input: { applicant: ApplicantRef; serviceId: string }): Promise<void> {
  const deleted = await withTenant(ctx.db, ctx.tenant.id, (trx) => removeDraft(trx, ctx.tenant.id, input.applicant.citizenId, input.serviceId));
  if (!deleted) throw draftNotFound();
}

// ---- submitting ----

export interface SubmitInput {
  applicant: ApplicantRef;
  serviceId: string;
  /** The answers; omitted: the citizen's saved draft for the service (refused once it expired). */
  answers?: unknown;
}

export interface Submitted {
  id: string;
  trackingNumber: string;
  submittedAt: Date;
  current: StateSummary;
  /** When the standard's jangka waktu runs out at this pace (YYYY-MM-DD, the unit's zone). */
  serviceDueDate: string | null;
  assisted: boolean;
}

/**
 * Submits an application for the version of the service in effect today: the answers are checked
 * against its form (422 with a field error each), the citizen's identity assurance against the
 * service's minimum (403), the workflow starts, and the application, its answers and files, its
 * steps, timeline and audit entries and the applicant's notification are written in one transaction;
 * the draft is deleted with it. 409 when the service takes no online application.
 */
export async function submitApplication(ctx: ApplicationContext, input: SubmitInput): Promise<Submitted> {
  const { applicant } = input;
  const { version, form, def } = await versionInEffect(ctx, input.serviceId);
  if (!meetsAssurance(applicant.assurance, version.content.minAssurance)) {
    throw assuranceRefused(version.content.minAssurance, applicant.assurance, version.content.hall);
  }
  // Its audit entries (the submission, the notification's e-mail and inbox message) go in one INSERT.
  return withTenant(ctx.db, ctx.tenant.id, (trx) => withDeferredAudit(ctx.audit, trx, async (audit) => {
    const inner = { ...ctx, db: trx, audit };
    let raw = input.answers;
    if (raw === undefined) {
      // Locked: a second submission of the same draft waits here, then finds it deleted (404), so a
      // double submit without an Idempotency-Key still makes one application.
      const draft = await selectDraft(trx, ctx.tenant.id, applicant.citizenId, input.serviceId, true);
      if (!draft) throw draftNotFound();
      if (draft.expiresAt.getTime() <= ctx.now().getTime()) throw draftExpired();
      raw = draft.answers;
    }
    const answers = await checkAnswers(inner, trx, applicant, form, raw);
    const agencies = await agencyIndex(inner);
    const agency = agencies.byId.get(version.agencyId);
    if (!agency) throw new Error(`service ${input.serviceId}: its agency ${version.agencyId} is not the tenant's`);
    const calendar = await tenantCalendar(ctx.db, ctx.tenant);
    const now = ctx.now();
    const started = start(def, { submittedAt: now, timeZone: ctx.tenant.timeZone, calendar, agency: agency.code });
    const id = randomUUID();
    const trackingNumber = newTrackingNumber(TRACKING_PREFIX);
    const birthDate = await applicantBirthDate(inner, applicant.citizenId, trackingNumber);
    const row = await saveStarted(
      inner,
      trx,
      {
        def,
        form,
        calendar,
        agencies,
        serviceName: version.content.name,
        answers: { round: 0, answers, at: now, by: submittedBy(applicant) },
        // The draft goes with the application it became (under its lock, taken above when submitted from it).
        draftOf: { citizenId: applicant.citizenId, serviceId: input.serviceId },
        row: {
          id,
          trackingNumber,
          serviceId: input.serviceId,
          serviceVersionId: version.id,
          agencyId: agency.id,
          applicantId: applicant.citizenId,
          assistedBy: applicant.assisted?.officerId ?? null,
          assistedSessionId: applicant.assisted?.sessionId ?? null,
          birthDateKey: birthDate ? birthDateKey(ctx, trackingNumber, birthDate) : null,
          lang: ctx.lang,
          submittedAt: now,
        },
      },
      started,
      { assistedBy: applicant.assisted?.officerId ?? null },
    );
    await insertFiles(trx, ctx.tenant.id, id, filesIn(form, answers).map(({ fieldId, file }) => ({ round: 0, fieldId, ...file })));
    return {
      id,
      trackingNumber,
      submittedAt: now,
      current: summaryOf(def, row.state),
      serviceDueDate: row.state.serviceDue?.dueDate ?? null,
      assisted: applicant.assisted !== null,
    };
  }));
}

/**
 * The answers checked against the form, with the files they name as the server knows them (only the
 * applicant's own uploads; none the scanner refused): 422 with a field error each.
 */
async function checkAnswers(ctx: ApplicationContext, trx: Tx, applicant: ApplicantRef, form: FormDefinition, raw: unknown): Promise<Answers> {
  const files = await resolveFileAnswers(ctx, trx, applicant, form, raw);
  const checked = validateAnswers(form, files.answers, answerEnv(ctx));
  const errors = [...(checked.ok ? [] : checked.errors), ...files.check(checked.answers)];
  if (errors.length > 0) throw new DomainError('application.answers_invalid', 422, 'app.error.answers_invalid', { count: errors.length }, errors);
  return checked.answers;
}

const submittedBy = (a: ApplicantRef) => (a.assisted ? `officer:${a.assisted.officerId}` : `citizen:${a.citizenId}`);

/**
 * The applicant's birth date from their profile (a recorded read when an officer files for them), to
 * key public tracking; undefined without a profile (then the application cannot be tracked publicly).
 */
async function applicantBirthDate(ctx: ApplicationContext, citizenId: string, trackingNumber: string): Promise<string | undefined> {
  try {
    const data = await readCitizenPersonalData(ctx, { citizenId, purpose: `Kunci pelacakan permohonan ${trackingNumber} / application tracking key`, fields: ['birthDate'] });
    return data.birthDate ?? undefined;
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  }
}

// ---- the applicant acting on their application ----

/** Loads the applicant's own application under its row lock; another's is a 404. */
async function loadOwn(ctx: ApplicationContext, trx: Parameters<typeof loadApplication>[1], applicant: ApplicantRef, id: string): Promise<Loaded> {
  const loaded = await loadApplication(ctx, trx, id, true);
  if (!loaded || loaded.row.applicantId !== applicant.citizenId) throw applicationNotFound();
  return loaded;
}

/** Applies an applicant's event; a refusal is the API's 409 with the current state. */
async function applicantEvent(ctx: ApplicationContext, loaded: Loaded, event: WorkflowEvent) {
  const result = apply(loaded.def, loaded.row.state, event, { now: ctx.now(), calendar: loaded.calendar });
  if (isRefusal(result)) throw refusalError(result.error.code, summaryOf(loaded.def, result.error.state));
  return result;
}

/** The applicant withdraws their application (any time before it closes), with an optional reason. */
export async function withdrawApplication(
  ctx: ApplicationContext,
  input: { applicant: ApplicantRef; applicationId: string; expectedVersion?: number; reason?: string },
): Promise<StateSummary> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const loaded = await loadOwn(inner, trx, input.applicant, input.applicationId);
    const result = await applicantEvent(ctx, loaded, { type: 'withdrawn', ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}) });
    const saved = await saveTransition(inner, trx, loaded, result, { text: input.reason?.trim() || null, assistedBy: input.applicant.assisted?.officerId ?? null });
    return summaryOf(loaded.def, saved.state);
  });
}

/**
 * The applicant answers a revision request with corrected answers (the whole form again, checked as at
 * submission): they are kept as a new round, and the workflow resumes per the service's policy.
 */
export async function submitRevision(
  ctx: ApplicationContext,
  input: { applicant: ApplicantRef; applicationId: string; expectedVersion: number; answers: unknown },
): Promise<StateSummary> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const loaded = await loadOwn(inner, trx, input.applicant, input.applicationId);
    const answers = await checkAnswers(inner, trx, input.applicant, loaded.form, input.answers);
    const result = await applicantEvent(ctx, loaded, { type: 'revision_submitted', expectedVersion: input.expectedVersion });
    const saved = await saveTransition(inner, trx, loaded, result, { assistedBy: input.applicant.assisted?.officerId ?? null });
    const round = (await selectAnswers(trx, ctx.tenant.id, loaded.row.id)).length;
    const now = ctx.now();
    await insertAnswers(trx, ctx.tenant.id, { applicationId: loaded.row.id, round, answers, at: now, by: submittedBy(input.applicant) });
    await insertFiles(trx, ctx.tenant.id, loaded.row.id, filesIn(loaded.form, answers).map(({ fieldId, file }) => ({ round, fieldId, ...file })));
    return summaryOf(loaded.def, saved.state);
  });
}

/** The events an applicant may send themselves (a payment comes from the payments module, a signature from documents). */
export const APPLICANT_EVENTS = ['self_declared'] as const;

/**
 * The applicant does what a wait step waits for from them — today an explicit self-declaration
 * (risk-based licensing, Menengah Rendah, PP 28/2025), with the statement they agreed to kept in the timeline.
 */
export async function recordApplicantEvent(
  ctx: ApplicationContext,
  input: { applicant: ApplicantRef; applicationId: string; expectedVersion: number; event: (typeof APPLICANT_EVENTS)[number]; statement: string },
): Promise<StateSummary> {
  const statement = input.statement?.trim() ?? '';
  if (statement.length < 10 || statement.length > 2000) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/statement', code: 'statement', messageKey: 'app.error.statement' }]);
  }
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    const loaded = await loadOwn(inner, trx, input.applicant, input.applicationId);
    if (loaded.row.version !== input.expectedVersion) throw refusalError('stale', summaryOf(loaded.def, loaded.row.state));
    const result = await applicantEvent(ctx, loaded, { type: 'external', name: input.event });
    const saved = await saveTransition(inner, trx, loaded, result, { text: statement, assistedBy: input.applicant.assisted?.officerId ?? null });
    return summaryOf(loaded.def, saved.state);
  });
}
