// Routing that learns per tenant (docs/complaints-routing.md, decision 0017). When the coordinator
// dispatches a report, its masked text and the labels they settled on become a training example;
// enough new corrections (or the nightly run) retrain the tenant's model in a background job, which
// swaps the model in only if it is not worse on held-out reports. The tenant's model lives in
// PostgreSQL, so every app process routes with the same one (routing.ts loads it).
import type { Tx } from '../../../db/index.js';
import { withTenant } from '../../../db/index.js';
import type { RetrainTrigger } from '../../../db/schema.js';
import { actorRef, type AuditAppender, type TenantContext } from '../../../platform/context.js';
import { enqueueJob, hasQueuedJob } from '../../../platform/jobs/index.js';
import { maskPersonalData } from '../mask.js';
import type { ComplaintRow } from '../store.js';
import { ROUTING_DATASET } from './classifier/dataset.js';
import { retrainTenantModel } from './classifier/retrain.js';
import * as store from './store.js';

export const RETRAIN_JOB = 'complaints.retrain';
export const RETRAIN_NIGHTLY_JOB = 'complaints.retrain-nightly';

export interface RetrainSettings {
  /** New corrections since the last run that trigger a retraining job. */
  minCorrections: number;
  /** Absolute accuracy (0..1) a candidate may lose against the current model and still be swapped in. */
  tolerance: number;
}

export const DEFAULT_RETRAIN: RetrainSettings = { minCorrections: 20, tolerance: 0.02 };

/** The text a model learns from: what the public would see (NIK, phone numbers, e-mail masked). */
export function trainingText(title: string, description: string): string {
  return maskPersonalData(`${title}\n${description}`);
}

/**
 * Records what the coordinator decided for a report being dispatched (in the dispatch transaction):
 * its masked text, the suggestion made at submission, the final category and agency, and whether
 * that confirmed or corrected the suggestion. No reporter reference is kept, whatever the privacy
 * mode. Queues a retraining job when enough corrections have accumulated since the last run.
 */
export async function recordTrainingExample(
  trx: Tx,
  tenantId: string,
  row: Pick<ComplaintRow, 'id' | 'title' | 'description' | 'category_code' | 'suggested_category' | 'suggested_agency_code'>,
  agencyCode: string,
  labelledBy: string,
  settings: RetrainSettings = DEFAULT_RETRAIN,
): Promise<void> {
  const confirmed = row.suggested_category === row.category_code && row.suggested_agency_code === agencyCode;
  await store.upsertTrainingExample(trx, {
    tenant_id: tenantId,
    complaint_id: row.id,
    text: trainingText(row.title, row.description),
    suggested_category: row.suggested_category,
    suggested_agency_code: row.suggested_agency_code,
    category_code: row.category_code,
    agency_code: agencyCode,
    outcome: confirmed ? 'confirmed' : 'corrected',
    labelled_by: labelledBy,
  });
  if (confirmed) return;
  const watermark = await store.selectRetrainWatermark(trx, tenantId);
  if ((await store.countCorrectionsAfter(trx, tenantId, watermark)) < settings.minCorrections) return;
  // One threshold job per watermark: the run moves the watermark, and the next batch queues the next.
  await enqueueJob(trx, { kind: RETRAIN_JOB, tenantId, payload: { trigger: 'threshold' }, dedupeKey: `${tenantId}:${watermark}` });
}

export interface RetrainRun {
  id: number;
  trigger: RetrainTrigger;
  startedAt: string;
  finishedAt: string;
  baseExamples: number;
  tenantExamples: number;
  newCorrections: number;
  baseHeldOut: number;
  tenantHeldOut: number;
  before: { category: number; agency: number; tenantCategory: number | null; tenantAgency: number | null };
  after: { category: number; agency: number; tenantCategory: number | null; tenantAgency: number | null };
  swapped: boolean;
  modelVersion: number | null;
  reason: string;
}

function toRun(row: store.RetrainRunRow): RetrainRun {
  return {
    id: row.id,
    trigger: row.trigger,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at.toISOString(),
    baseExamples: row.base_examples,
    tenantExamples: row.tenant_examples,
    newCorrections: row.new_corrections,
    baseHeldOut: row.base_held_out,
    tenantHeldOut: row.tenant_held_out,
    before: { category: row.before_category, agency: row.before_agency, tenantCategory: row.before_tenant_category, tenantAgency: row.before_tenant_agency },
    after: { category: row.after_category, agency: row.after_agency, tenantCategory: row.after_tenant_category, tenantAgency: row.after_tenant_agency },
    swapped: row.swapped,
    modelVersion: row.model_version,
    reason: row.reason,
  };
}

export interface RetrainDeps {
  audit: AuditAppender;
  now: () => Date;
  settings?: RetrainSettings;
}

/**
 * Retrains one tenant's model (in `trx`, the job's transaction; one run per tenant at a time).
 * Returns null when nothing is new since the last run (a 'manual' run always runs).
 */
export async function retrainTenant(deps: RetrainDeps, trx: Tx, tenantId: string, trigger: RetrainTrigger): Promise<RetrainRun | null> {
  return withTenant(trx, tenantId, async (t) => {
    await store.lockRetrain(t, tenantId);
    const startedAt = deps.now();
    const rows = await store.selectTrainingExamples(t, tenantId);
    const watermark = await store.selectRetrainWatermark(t, tenantId);
    const through = rows.reduce((max, r) => Math.max(max, r.seq), 0);
    if (trigger !== 'manual' && through <= watermark) return null;
    const current = await store.selectRoutingModel(t, tenantId);
    const examples = rows.map((r) => ({ text: r.text, category: r.category_code, agencyCode: r.agency_code }));
    const currentExamples = current ? rows.filter((r) => r.seq <= current.examples_through).map((r) => ({ text: r.text, category: r.category_code, agencyCode: r.agency_code })) : [];
    const outcome = retrainTenantModel(currentExamples, examples, { tolerance: (deps.settings ?? DEFAULT_RETRAIN).tolerance });
    const version = outcome.swap ? (current?.version ?? 0) + 1 : null;
    if (outcome.swap && outcome.model) {
      await store.upsertRoutingModel(t, {
        tenant_id: tenantId,
        version: version!,
        model: JSON.stringify(outcome.model),
        examples_through: through,
        tenant_examples: examples.length,
        category_accuracy: outcome.after.category,
        agency_accuracy: outcome.after.agency,
      });
    }
    const id = await store.insertRetrainRun(t, {
      tenant_id: tenantId,
      trigger,
      started_at: startedAt,
      examples_through: through,
      base_examples: ROUTING_DATASET.length,
      tenant_examples: examples.length,
      new_corrections: rows.filter((r) => r.seq > watermark && r.outcome === 'corrected').length,
      base_held_out: outcome.baseHeldOut,
      tenant_held_out: outcome.tenantHeldOut,
      before_category: outcome.before.category,
      before_agency: outcome.before.agency,
      before_tenant_category: outcome.before.tenantCategory,
      before_tenant_agency: outcome.before.tenantAgency,
      after_category: outcome.after.category,
      after_agency: outcome.after.agency,
      after_tenant_category: outcome.after.tenantCategory,
      after_tenant_agency: outcome.after.tenantAgency,
      swapped: outcome.swap,
      model_version: version,
      reason: outcome.reason,
    });
    if (outcome.swap) {
      // Last before commit: the audit chain serialises appends.
      await deps.audit.append(t, {
        tenantId,
        actor: 'system:complaints.retrain',
        action: 'complaint.routing_model_swapped',
        subject: `complaint_routing_model:${tenantId}`,
        data: {
          run: id,
          version,
          trigger,
          tenantExamples: examples.length,
          before: outcome.before,
          after: outcome.after,
        },
      });
    }
    const [run] = await store.selectRetrainRuns(t, tenantId, 1);
    return toRun(run!);
  });
}

/** The nightly job: a retraining job per tenant that has examples (each skips when nothing is new). */
export async function queueNightlyRetraining(trx: Tx, tenantIds: readonly string[], date: string): Promise<void> {
  for (const tenantId of tenantIds) {
    await enqueueJob(trx, { kind: RETRAIN_JOB, tenantId, payload: { trigger: 'nightly' }, dedupeKey: `${tenantId}:nightly:${date}` });
  }
}

/**
 * The coordinator's "retrain now": queues a 'manual' retraining job for the tenant (it runs even when
 * nothing is new) unless one is already waiting or running. Audited. `queued` false: one was pending.
 */
export async function requestRetraining(ctx: TenantContext): Promise<{ queued: boolean }> {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, async (trx) => {
    await store.lockRetrainRequest(trx, tenantId);
    if (await hasQueuedJob(trx, { kind: RETRAIN_JOB, tenantId })) return { queued: false };
    const job = await enqueueJob(trx, { kind: RETRAIN_JOB, tenantId, payload: { trigger: 'manual' } });
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'complaint.routing_retrain_requested',
      subject: `complaint_routing_model:${tenantId}`,
      data: { job },
    });
    return { queued: true };
  });
}

export interface RoutingModelStatus {
  /** null: the shipped base model. */
  model: { version: number; trainedAt: string; tenantExamples: number; categoryAccuracy: number; agencyAccuracy: number } | null;
  examples: { total: number; corrections: number; newCorrections: number };
  minCorrections: number;
  /** A retraining job is waiting or running for the tenant. */
  retrainPending: boolean;
  runs: RetrainRun[];
}

/** For the coordinator and the tenant administrator: the model in use, the examples, recent runs. */
export async function getRoutingModelStatus(ctx: Pick<TenantContext, 'db' | 'tenant'>, settings: RetrainSettings = DEFAULT_RETRAIN, limit = 20): Promise<RoutingModelStatus> {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, async (t) => {
    const [current, rows, watermark, runs, retrainPending] = await Promise.all([
      store.selectRoutingModel(t, tenantId),
      store.selectTrainingExamples(t, tenantId),
      store.selectRetrainWatermark(t, tenantId),
      store.selectRetrainRuns(t, tenantId, limit),
      hasQueuedJob(t, { kind: RETRAIN_JOB, tenantId }),
    ]);
    return {
      model: current
        ? {
            version: current.version,
            trainedAt: current.trained_at.toISOString(),
            tenantExamples: current.tenant_examples,
            categoryAccuracy: current.category_accuracy,
            agencyAccuracy: current.agency_accuracy,
          }
        : null,
      examples: {
        total: rows.length,
        corrections: rows.filter((r) => r.outcome === 'corrected').length,
        newCorrections: rows.filter((r) => r.outcome === 'corrected' && r.seq > watermark).length,
      },
      minCorrections: settings.minCorrections,
      retrainPending,
      runs: runs.map(toRun),
    };
  });
}
