// `gerbang seed applications --count N [--tenant SLUG]`: volume for the officers' queues (the queue
// benchmark wants 100,000 open applications). Through the services one submission costs ~10 ms of
// validation, notification and audit round trips — hours for 100,000 on a small machine — so this
// seed starts each application with the real workflow engine (the same `start` a submission runs:
// deadlines from the tenant's calendar, the tasks, the columns the queues read) and writes them a
// thousand at a time with multi-row INSERTs through the module's store: the application, its steps,
// its answers (round 0) and its first timeline entry. One audit entry per batch records what was
// seeded (not one per application: these are not citizens' acts). The applicants are synthetic ids
// (no account, no notification): nobody's "Permohonan saya" fills up. The submission instants are
// spread over the last 20 days, so some steps are overdue, some due today, most still running; a
// quarter of the steps are claimed by the demo officer of their role and agency ("mine"). Idempotent
// by count: `--count` is how many seeded applications the tenant should have; a second run adds
// only what is missing. Development data only: refused in production.
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/index.js';
import { DomainError } from '../../platform/errors.js';
import { newTrackingNumber } from '../../platform/tracking-number.js';
import { tenantCalendar } from '../calendar/index.js';
import { listAgencyServices } from '../catalog/index.js';
import { findOfficerId } from '../identity/index.js';
import type { ApplicationContext } from './context.js';
import { fieldsOf, type FormDefinition } from './forms/definition.js';
import { agencyIndex, columnsOf, tasksOf } from './handling/transition.js';
import { versionInEffect } from './intake/attachments.js';
import { demoHandlerEmail } from './seed.js';
import { type ApplicationRow, countAnswersBy, insertAnswersMany, insertApplicationsMany, insertEventsMany, insertTasks, type TaskRow } from './store.js';
import { TRACKING_PREFIX } from './tracking/keys.js';
import { start, type WorkflowDefinition } from './workflow/index.js';

/** Who the seeded answers say submitted them: how a later run counts what is there. */
export const BULK_SEED_BY = 'seed:bulk';
const BATCH = 1000;
const SPREAD_DAYS = 20;
const DAY_MS = 86_400_000;

export interface BulkSeedResult {
  /** Seeded applications the tenant had before this run. */
  existing: number;
  added: number;
  services: number;
  ms: number;
}

interface Candidate {
  serviceId: string;
  versionId: string;
  agencyId: string;
  def: WorkflowDefinition;
  answers: Record<string, unknown>;
}

/** Answers a seeded application carries: every checkbox ticked, every text field filled (files left out). */
function answersOf(form: FormDefinition): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const { group, field } of fieldsOf(form)) {
    if (group.repeatable) continue;
    if (field.type === 'checkbox') answers[field.id] = true;
    else if (field.type === 'text' || field.type === 'long_text') answers[field.id] = 'Data uji volume';
  }
  return answers;
}

/** The tenant's services that take online applications today, with their frozen form and workflow. */
async function candidatesOf(ctx: ApplicationContext): Promise<Candidate[]> {
  const agencies = await agencyIndex(ctx);
  const out: Candidate[] = [];
  for (const agency of agencies.byId.values()) {
    for (const service of await listAgencyServices(ctx, agency.id)) {
      const found = await versionInEffect(ctx, service.id).catch(() => undefined);
      if (!found) continue;
      out.push({ serviceId: service.id, versionId: found.version.id, agencyId: agency.id, def: found.def, answers: answersOf(found.form) });
    }
  }
  return out;
}

export async function seedBulkApplications(ctx: ApplicationContext, input: { count: number; onProgress?: (done: number, of: number) => void }): Promise<BulkSeedResult> {
  const began = performance.now();
  const existing = await withTenant(ctx.db, ctx.tenant.id, (trx) => countAnswersBy(trx, ctx.tenant.id, BULK_SEED_BY));
  const wanted = Math.max(0, input.count - existing);
  const candidates = await candidatesOf(ctx);
  if (wanted > 0 && candidates.length === 0) {
    throw new DomainError('application.not_online', 409, 'app.error.not_online');
  }
  const agencies = await agencyIndex(ctx);
  const calendar = await tenantCalendar(ctx.db, ctx.tenant);
  const officers = new Map<string, string | undefined>();
  const officerFor = async (role: string, agencyId: string) => {
    const key = `${role}.${agencyId}`;
    if (!officers.has(key)) {
      const code = agencies.byId.get(agencyId)?.code ?? '';
      officers.set(key, await findOfficerId(ctx, { email: demoHandlerEmail(ctx.tenant.slug, role as Parameters<typeof demoHandlerEmail>[1], code) }));
    }
    return officers.get(key);
  };
  const applicants = Array.from({ length: 500 }, () => randomUUID());
  const now = ctx.now().getTime();
  let added = 0;
  let serial = existing;
  while (added < wanted) {
    const size = Math.min(BATCH, wanted - added);
    const rows: ApplicationRow[] = [];
    const tasks: TaskRow[] = [];
    const made = new Map<string, { candidate: Candidate; submittedAt: Date; applicant: string; action: string; stepId: string | null }>();
    for (let i = 0; i < size; i++, serial++) {
      const candidate = candidates[serial % candidates.length]!;
      const submittedAt = new Date(now - Math.floor(Math.random() * SPREAD_DAYS * DAY_MS));
      const agency = agencies.byId.get(candidate.agencyId)!;
      const started = start(candidate.def, { submittedAt, timeZone: ctx.tenant.timeZone, calendar, agency: agency.code });
      const id = randomUUID();
      const applicant = applicants[serial % applicants.length]!;
      const base = {
        id,
        trackingNumber: newTrackingNumber(TRACKING_PREFIX),
        serviceId: candidate.serviceId,
        serviceVersionId: candidate.versionId,
        agencyId: candidate.agencyId,
        agencies: [] as string[],
        applicantId: applicant,
        assistedBy: null,
        assistedSessionId: null,
        birthDateKey: null,
        lang: 'id' as const,
        submittedAt,
      } as ApplicationRow;
      const own = tasksOf(candidate.def, started.state, base, [], agencies);
      for (const task of own) {
        if (serial % 4 !== 0) continue;
        const officer = await officerFor(task.role, task.agencyId);
        if (officer) Object.assign(task, { claimedBy: officer, claimedAt: submittedAt });
      }
      rows.push({ ...base, ...columnsOf(started.state, { agencies: [candidate.agencyId] }, own) });
      tasks.push(...own);
      const audit = started.effects.find((e) => e.type === 'audit');
      made.set(id, { candidate, submittedAt, applicant, action: audit?.type === 'audit' ? audit.action.replace('application.', '') : 'submitted', stepId: null });
    }
    await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
      const inserted = new Set(await insertApplicationsMany(trx, ctx.tenant.id, rows));
      await insertTasks(trx, ctx.tenant.id, tasks.filter((t) => inserted.has(t.applicationId)));
      const kept = [...made].filter(([id]) => inserted.has(id));
      await insertAnswersMany(trx, ctx.tenant.id, kept.map(([id, m]) => ({ applicationId: id, round: 0, answers: m.candidate.answers, at: m.submittedAt, by: BULK_SEED_BY })));
      await insertEventsMany(
        trx,
        ctx.tenant.id,
        kept.map(([id, m]) => ({ applicationId: id, at: m.submittedAt, actor: `citizen:${m.applicant}`, action: m.action, stepId: m.stepId, text: null, data: { seeded: true }, internal: false })),
      );
      await ctx.audit.appendMany(trx, [
        { tenantId: ctx.tenant.id, actor: 'system:seed', action: 'application.bulk_seeded', subject: `tenant:${ctx.tenant.id}`, at: ctx.now(), data: { count: kept.length } },
      ]);
      added += kept.length;
    });
    input.onProgress?.(existing + added, input.count);
  }
  return { existing, added, services: candidates.length, ms: Math.round(performance.now() - began) };
}
