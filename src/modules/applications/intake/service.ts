// The applicant's side: drafts saved as they go (resumed on any device, deleted after the tenant's
// period with a reminder before), submitting an application (validated against the form of the version
// in effect, the workflow started, everything stored, audited and notified in one transaction), and
// acting on one's own application later — answering a revision request, a declaration the workflow
// waits for, withdrawing. Another citizen's application is a 404. A counter officer may do all of it
// for a citizen in an assisted session (identity's assisted digital), which is recorded as such.
import { randomUUID } from 'node:crypto';
import { databaseOf, type Db, sendOwed, type Tx, withTenant } from '../../../db/index.js';
import { type Calendar, localDate } from '../../../platform/calendar/index.js';
import { withDeferredAudit } from '../../../platform/audit/index.js';
import { createKeyedBatcher, type KeyedBatcher } from '../../../platform/batch.js';
import { meetsAssurance } from '../../../platform/auth/index.js';
import { DomainError } from '../../../platform/errors.js';
import { claimIdempotencyKeys, completeIdempotencyKeys, type IdempotencyClaim, IdempotencyTaken, releaseIdempotencyKeys } from '../../../platform/http/idempotency.js';
import { newTrackingNumber } from '../../../platform/tracking-number.js';
import { tenantCalendar } from '../../calendar/index.js';
import { type ProfilesAhead, readManyCitizensPersonalData, readProfilesAhead } from '../../identity/index.js';
import type { ApplicantRef, ApplicationContext } from '../context.js';
import { type Answers, filesIn, validateAnswers } from '../forms/answers.js';
import type { FormDefinition } from '../forms/definition.js';
import { type AgencyIndex, agencyIndex, applicationNotFound, loadApplication, type Loaded, refusalError, saveStartedMany, saveTransition } from '../handling/transition.js';
import { getApplicationSettings } from '../setup/service.js';
import { insertAnswers, insertFiles, selectAnswers } from '../store.js';
import '../strings.js';
import { TRACKING_PREFIX, birthDateKey } from '../tracking/keys.js';
import { type StateSummary, summaryOf } from '../view.js';
import { apply, isRefusal, start, type WorkflowEvent } from '../workflow/index.js';
import { resolveFileAnswers, versionInEffect } from './attachments.js';
import { listServiceVersionsWithNext, type VersionRow } from '../../catalog/index.js';
import { type Agency, listAgenciesWithNext } from '../../tenancy/index.js';
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
 *
 * Submissions that arrive together share that transaction (group commit, "group commit" below; decision 0023):
 * each keeps its own outcome. When `ctx.db` is already a transaction the submission is written in it,
 * alone. `idempotency`: the Idempotency-Key's claim, taken in the batch's transaction (a key used
 * before answers `IdempotencyTaken`, which the route replays).
 */
export async function submitApplication(ctx: ApplicationContext, input: SubmitInput, idempotency?: IdempotencyClaim): Promise<Submitted> {
  if (ctx.db.isTransaction) {
    const trx = ctx.db as Tx;
    if (idempotency) throw new TypeError('submitApplication in a transaction: the caller claims the Idempotency-Key');
    return withTenant(trx, ctx.tenant.id, (inner) =>
      withDeferredAudit(ctx.audit, inner, async (audit) => {
        const [result] = await submitMany(inner, [{ ctx: { ...ctx, audit }, input }]);
        if (result instanceof Error) throw result;
        return result!;
      }),
    );
  }
  return submissionWriter(ctx.db).submit(ctx.tenant.id, { ctx, input, ...(idempotency ? { idempotency } : {}) });
}

/** A submission waiting for its batch. */
export interface PendingSubmission {
  ctx: ApplicationContext;
  input: SubmitInput;
  idempotency?: IdempotencyClaim;
}

/** A submission checked and its workflow started: what the batch writes. */
interface Prepared {
  ctx: ApplicationContext;
  input: SubmitInput;
  version: VersionRow;
  form: FormDefinition;
  def: Loaded['def'];
  answers: Answers;
  agencies: AgencyIndex;
  agencyId: string;
  calendar: Calendar;
  started: ReturnType<typeof start>;
  id: string;
  trackingNumber: string;
  now: Date;
}

/** What the submissions of one batch read once (a version per service and day, the agencies, the calendar). */
interface BatchReads {
  versions: Map<string, Promise<Awaited<ReturnType<typeof versionInEffect>>>>;
  agencies?: Promise<AgencyIndex>;
  calendar?: Promise<Calendar>;
  /** Drafts submitted in this batch (citizen and service): a second submission of one finds it gone. */
  drafts: Set<string>;
  ahead?: ReadAhead;
}

/** A batch's reads sent with its first statement (readAhead). */
interface ReadAhead {
  /** Each service's versions, by service id. */
  versions: Map<string, Promise<VersionRow[]>>;
  agencies: Promise<Agency[]>;
  /** The applicants' records, for their birth dates and their contacts (each read recorded when made). */
  profiles: ProfilesAhead;
}

/**
 * The versions of the batch's services, the tenant's agencies and the applicants' records, fetched with
 * the transaction's next statement (readWithNext): four round trips fewer per batch. The caller makes
 * that statement before anything awaits them. Fetched for every submission of the batch, also those
 * refused later: the records of those are never read (nothing of them is used or recorded).
 */
function readAhead(trx: Tx, tenant: ApplicationContext['tenant'], batch: readonly PendingSubmission[]): ReadAhead {
  const versions = new Map<string, Promise<VersionRow[]>>();
  for (const { input } of batch) if (!versions.has(input.serviceId)) versions.set(input.serviceId, listServiceVersionsWithNext(trx, tenant, input.serviceId));
  return { versions, agencies: listAgenciesWithNext(trx, tenant), profiles: readProfilesAhead(trx, batch.map(({ input }) => input.applicant.citizenId)) };
}

/**
 * Writes submissions in `trx` (set to their tenant; its audit deferred by the caller): each is checked
 * first — a refusal (a DomainError: answers invalid, assurance, no draft…) is that submission's result
 * and nothing of it is written —, then the accepted ones are written. Any other error throws for all
 * (the batcher then writes each alone).
 */
export async function submitMany(trx: Tx, items: readonly PendingSubmission[], ahead?: ReadAhead): Promise<Array<Submitted | Error>> {
  const results: Array<Submitted | Error | undefined> = items.map(() => undefined);
  const reads: BatchReads = { versions: new Map(), drafts: new Set(), ...(ahead ? { ahead } : {}) };
  const prepared: { index: number; item: Prepared }[] = [];
  for (const [index, { ctx, input }] of items.entries()) {
    try {
      prepared.push({ index, item: await prepare({ ...ctx, db: trx }, trx, input, reads) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results[index] = error;
    }
  }
  const written = await write(trx, prepared.map((p) => p.item), ahead?.profiles);
  prepared.forEach(({ index }, i) => (results[index] = written[i]!));
  return results as Array<Submitted | Error>;
}

async function prepare(ctx: ApplicationContext, trx: Tx, input: SubmitInput, reads: BatchReads): Promise<Prepared> {
  const { applicant } = input;
  const now = ctx.now();
  const versionKey = `${input.serviceId}/${localDate(now.getTime(), ctx.tenant.timeZone)}`;
  let versionRead = reads.versions.get(versionKey);
  if (!versionRead) reads.versions.set(versionKey, (versionRead = versionInEffect(ctx, input.serviceId, reads.ahead?.versions.get(input.serviceId))));
  const { version, form, def } = await versionRead;
  if (!meetsAssurance(applicant.assurance, version.content.minAssurance)) {
    throw assuranceRefused(version.content.minAssurance, applicant.assurance, version.content.hall);
  }
  let raw = input.answers;
  if (raw === undefined) {
    // Locked: a second submission of the same draft waits here, then finds it deleted (404), so a
    // double submit without an Idempotency-Key still makes one application; in the same batch, the
    // second finds it taken by the first.
    const draftKey = `${applicant.citizenId}/${input.serviceId}`;
    const draft = reads.drafts.has(draftKey) ? undefined : await selectDraft(trx, ctx.tenant.id, applicant.citizenId, input.serviceId, true);
    if (!draft) throw draftNotFound();
    if (draft.expiresAt.getTime() <= now.getTime()) throw draftExpired();
    reads.drafts.add(draftKey);
    raw = draft.answers;
  }
  const answers = await checkAnswers(ctx, trx, applicant, form, raw);
  const agencies = await (reads.agencies ??= agencyIndex(ctx, reads.ahead?.agencies));
  const agency = agencies.byId.get(version.agencyId);
  if (!agency) throw new Error(`service ${input.serviceId}: its agency ${version.agencyId} is not the tenant's`);
  const calendar = await (reads.calendar ??= tenantCalendar(databaseOf(trx), ctx.tenant));
  const started = start(def, { submittedAt: now, timeZone: ctx.tenant.timeZone, calendar, agency: agency.code });
  return { ctx, input, version, form, def, answers, agencies, agencyId: agency.id, calendar, started, id: randomUUID(), trackingNumber: newTrackingNumber(TRACKING_PREFIX), now };
}

/**
 * The accepted submissions of a batch: the birth dates read at once, the applications written at once
 * (`profiles`: the applicants' records, fetched with the batch's first statement).
 */
async function write(trx: Tx, batch: Prepared[], profiles?: ProfilesAhead): Promise<Submitted[]> {
  if (batch.length === 0) return [];
  const birthDates = await applicantBirthDates(trx, batch, profiles);
  const rows = await saveStartedMany(
    trx,
    batch.map((p, i) => {
      const { ctx, input, id, trackingNumber, now } = p;
      const { applicant } = input;
      const birthDate = birthDates[i];
      return {
        ctx: { ...ctx, db: trx },
        loaded: {
          def: p.def,
          form: p.form,
          calendar: p.calendar,
          agencies: p.agencies,
          serviceName: p.version.content.name,
          answers: { round: 0, answers: p.answers, at: now, by: submittedBy(applicant) },
          // The draft goes with the application it became (under its lock, taken when submitted from it).
          draftOf: { citizenId: applicant.citizenId, serviceId: input.serviceId },
          row: {
            id,
            trackingNumber,
            serviceId: input.serviceId,
            serviceVersionId: p.version.id,
            agencyId: p.agencyId,
            applicantId: applicant.citizenId,
            assistedBy: applicant.assisted?.officerId ?? null,
            assistedSessionId: applicant.assisted?.sessionId ?? null,
            birthDateKey: birthDate ? birthDateKey(ctx, trackingNumber, birthDate) : null,
            lang: ctx.lang,
            submittedAt: now,
          },
        },
        transition: p.started,
        options: { assistedBy: applicant.assisted?.officerId ?? null },
      };
    }),
    profiles,
  );
  for (const p of batch) {
    const files = filesIn(p.form, p.answers);
    if (files.length > 0) await insertFiles(trx, p.ctx.tenant.id, p.id, files.map(({ fieldId, file }) => ({ round: 0, fieldId, ...file })));
  }
  return batch.map((p, i) => ({
    id: p.id,
    trackingNumber: p.trackingNumber,
    submittedAt: p.now,
    current: summaryOf(p.def, rows[i]!.state),
    serviceDueDate: rows[i]!.state.serviceDue?.dueDate ?? null,
    assisted: p.input.applicant.assisted !== null,
  }));
}

// ---- group commit ----
// Application submissions are written in batches per tenant (group commit, src/platform/batch.ts;
// decision 0023, as the complaint intake does): submissions that arrive while a batch is being written
// share the next transaction — one claim of their Idempotency-Keys, the version in effect, the
// agencies and the applicants' records read once, one audit INSERT, one commit: 4 round trips. Each
// keeps its own outcome: a refused one (invalid answers, assurance, no draft) is answered alone and
// nothing of it is written; when a batch fails as a whole, each of its submissions is written again
// alone. Durability is unchanged: a submission is answered only after its batch committed.

export type SubmissionWriter = KeyedBatcher<string, PendingSubmission, Submitted>;

/** Two batches may be in flight per tenant, the second once 8 submissions wait (see BatcherOptions). */
const SUBMISSION_BATCHING = { concurrency: 2, minBatchWhileBusy: 8, maxBatch: 64 };

/** One writer per database (an app has one; a test's second app its own), made on first use. */
const writers = new WeakMap<Db, SubmissionWriter>();

export function submissionWriter(db: Db): SubmissionWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = createKeyedBatcher((tenantId, items) => writeSubmissions(db, tenantId, items), SUBMISSION_BATCHING)));
  return writer;
}

/**
 * One transaction for the batch. First the batch's Idempotency-Keys are claimed (one INSERT, waiting
 * for a concurrent holder of the same key): a key taken first answers its submission with
 * `IdempotencyTaken`, which replays the holder's result. The refused submissions give their keys back;
 * the written ones seal their results into theirs before the commit: key and application are one fact.
 * Exported for the statement-count test (a batch of a known size); the app goes through the writer.
 */
export async function writeSubmissions(db: Db, tenantId: string, batch: PendingSubmission[]): Promise<Array<Submitted | Error>> {
  const audit = batch[0]!.ctx.audit;
  return withTenant(db, tenantId, (trx) =>
    withDeferredAudit(audit, trx, async (deferred) => {
      const keys = batch.flatMap((item) => (item.idempotency ? [item.idempotency] : []));
      // The reads go with the keys' INSERT, or alone when there is none.
      const ahead = readAhead(trx, batch[0]!.ctx.tenant, batch);
      const claims = await claimIdempotencyKeys(trx, keys);
      await sendOwed(trx);
      const taken = new Set(batch.filter((item) => item.idempotency && !claims.has(item.idempotency)));
      const work = batch.filter((item) => !taken.has(item));
      const written = await submitMany(trx, work.map((item) => ({ ...item, ctx: { ...item.ctx, audit: deferred } })), ahead);
      const outcome = new Map(work.map((item, i) => [item, written[i]!]));
      await releaseIdempotencyKeys(trx, work.flatMap((item) => (item.idempotency && outcome.get(item) instanceof Error ? [item.idempotency] : [])));
      await completeIdempotencyKeys(
        trx,
        work.flatMap((item) => {
          const result = outcome.get(item)!;
          return item.idempotency && !(result instanceof Error) ? [{ claim: item.idempotency, value: result }] : [];
        }),
      );
      return batch.map((item) => (taken.has(item) ? new IdempotencyTaken() : outcome.get(item)!));
    }),
  );
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
 * The applicants' birth dates from their profiles (a recorded read when an officer files for them), to
 * key public tracking — one read for the batch; undefined without a profile (then the application
 * cannot be tracked publicly).
 */
async function applicantBirthDates(trx: Tx, batch: Prepared[], profiles?: ProfilesAhead): Promise<Array<string | undefined>> {
  const first = batch[0]!.ctx;
  const reads = await readManyCitizensPersonalData(
    { ...first, db: trx },
    first.tenant.id,
    batch.map((p) => ({
      citizenId: p.input.applicant.citizenId,
      purpose: `Kunci pelacakan permohonan ${p.trackingNumber} / application tracking key`,
      fields: ['birthDate'],
      actor: p.ctx.actor,
    })),
    profiles,
  );
  return reads.map((read) => {
    if (read instanceof DomainError) {
      if (read.status === 404) return undefined;
      throw read;
    }
    return read.birthDate ?? undefined;
  });
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
