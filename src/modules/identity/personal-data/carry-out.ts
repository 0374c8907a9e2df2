// Carrying a citizen's approved request out across every module that holds their data (the registry
// in src/platform/personal-data.ts), within the 3×24-hour clock of UU 27/2022:
//  - approval (or, for a consent withdrawal, filing) writes one step per holder and queues the job in
//    the same transaction (outbox);
//  - the job runs each holder's part in a savepoint of its transaction and records the holder's result:
//    done with counts, or failed with the error's message. A failure leaves the others' work committed;
//    the job queues itself again with a growing delay (1, 2, 4 … minutes), then the hourly sweeper
//    keeps retrying what is left. Identity's own part runs last, once the others are done: its profile
//    holds the contacts they find their copies by;
//  - when every step is done the request is `done`, carried out at that moment (the citizen sees it);
//  - the sweeper flags open requests with less than a day left (the officers' queue shows them).
import { sql, type Tx, withTenant } from '../../../db/index.js';
import type { AuditAppender } from '../../../platform/context.js';
import { enqueueJob, type Job, type JobHandler } from '../../../platform/jobs/index.js';
import {
  carryOutRight,
  type Correction,
  type DataSubject,
  type HolderContext,
  holdersFor,
  type PersonalDataRight,
  personalDataHolders,
} from '../../../platform/personal-data.js';
import { listTenants } from '../../tenancy/index.js';
import { loadProfile } from '../citizens/service.js';
import { selectLinkedTenantIds } from '../store.js';
import {
  type DataRequestRow,
  flagRequestsNearDeadline,
  insertSteps,
  selectDataRequestForUpdate,
  selectStalledRequestIds,
  selectSteps,
  updateDataRequestApproved,
  updateDataRequestCarriedOut,
  updateStep,
} from './store.js';

export const CARRY_OUT_JOB = 'identity.data_request_carry_out';
export const DATA_REQUEST_SWEEP_JOB = 'identity.data_request_sweep';

/** Rounds the job queues itself for (about an hour in all); after them the hourly sweeper retries. */
const SELF_RETRIES = 6;
/** An open request with less than this left is flagged for the officers. */
const FLAG_BEFORE_DUE_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;

export function rightOf(kind: DataRequestRow['kind']): PersonalDataRight {
  return kind;
}

/**
 * Starts carrying out an approved request, in the caller's transaction: one step per holder with work
 * for this right, the request in progress, the job queued. Returns false when nothing can be carried
 * out by the system (a correction that names no field, filed as free text): the caller records it done.
 */
export async function startCarryingOut(trx: Tx, tenantId: string, row: Pick<DataRequestRow, 'id' | 'kind' | 'correctionField'>, patch: { resolution: string | null; resolvedBy: string | null; at: Date }): Promise<boolean> {
  if (row.kind === 'correction' && !row.correctionField) return false;
  const holders = holdersFor(rightOf(row.kind)).map(([name]) => name);
  await insertSteps(trx, tenantId, row.id, holders, patch.at);
  await updateDataRequestApproved(trx, tenantId, row.id, patch);
  await enqueueJob(trx, { kind: CARRY_OUT_JOB, tenantId, payload: { requestId: row.id, round: 0 }, dedupeKey: `${row.id}:0` });
  return true;
}

async function subjectOf(trx: Tx, tenantId: string, citizenId: string): Promise<DataSubject> {
  const profile = await loadProfile(trx, tenantId, citizenId);
  return {
    citizenId,
    tenantIds: await selectLinkedTenantIds(trx, tenantId, citizenId),
    name: profile?.name || null,
    email: profile?.email ?? null,
    phone: profile?.phone ?? null,
    nik: profile?.nik ?? null,
  };
}

export interface DataRequestJobDeps {
  audit: AuditAppender;
  /** The clock (the runtime's). */
  now: () => Date;
}

/** One round of carrying a request out; 'done' when every holder has done its part. */
export async function carryOutDataRequest(trx: Tx, deps: DataRequestJobDeps, tenantId: string, requestId: string, round: number): Promise<'done' | 'pending' | 'skipped'> {
  const now = deps.now();
  const row = await selectDataRequestForUpdate(trx, tenantId, requestId);
  if (!row || row.status !== 'in_progress') return 'skipped';
  const right = rightOf(row.kind);
  const correction: Correction | undefined = row.correctionField && row.correctionValue ? { field: row.correctionField, value: row.correctionValue } : undefined;
  const registered = new Map(personalDataHolders());
  const order = [...registered.keys()];
  const steps = (await selectSteps(trx, tenantId, [requestId])).sort((a, b) => rank(order, a.holder) - rank(order, b.holder));
  const subject = await subjectOf(trx, tenantId, row.citizenId);
  const ctx: HolderContext = { trx, now, audit: deps.audit, inTenant: (id, fn) => withTenant(trx, id, fn) };
  let open = 0;
  for (const step of steps) {
    if (step.status === 'done') continue;
    const holder = registered.get(step.holder);
    if (!holder) {
      // A module that registered when the request was approved and is gone from this build.
      await updateStep(trx, tenantId, requestId, step.holder, { ok: false, error: `no personal-data holder "${step.holder}" in this process`, at: now });
      open++;
      continue;
    }
    if (holder.last && open > 0) {
      open++;
      continue;
    }
    // A holder's failure undoes its own writes only; the others' stay, with their recorded results.
    await sql`SAVEPOINT data_request_holder`.execute(trx);
    try {
      const result = await carryOutRight(holder, right, ctx, subject, correction);
      await sql`RELEASE SAVEPOINT data_request_holder`.execute(trx);
      await updateStep(trx, tenantId, requestId, step.holder, { ok: true, result, at: now });
    } catch (err) {
      await sql`ROLLBACK TO SAVEPOINT data_request_holder`.execute(trx);
      await updateStep(trx, tenantId, requestId, step.holder, { ok: false, error: err instanceof Error ? err.message : String(err), at: now });
      open++;
    }
  }
  if (open === 0) {
    await updateDataRequestCarriedOut(trx, tenantId, requestId, now);
    await deps.audit.append(trx, {
      tenantId,
      actor: 'system:identity.data_requests',
      action: 'citizen.data_request_carried_out',
      subject: `data_request:${requestId}`,
      data: { citizen: `citizen:${row.citizenId}`, kind: row.kind, holders: steps.map((s) => s.holder), late: now.getTime() > row.dueAt.getTime() },
    });
    return 'done';
  }
  if (round < SELF_RETRIES) {
    await enqueueJob(trx, {
      kind: CARRY_OUT_JOB,
      tenantId,
      payload: { requestId, round: round + 1 },
      runAt: new Date(now.getTime() + 2 ** round * 60_000),
      dedupeKey: `${requestId}:${round + 1}`,
    });
  }
  return 'pending';
}

function rank(order: string[], holder: string): number {
  const i = order.indexOf(holder);
  return i === -1 ? -1 : i;
}

/**
 * The hourly sweep of one tenant: requests near their deadline flagged (audited, so the flag is on
 * record), stalled carry-outs queued again. Returns what it did.
 */
export async function sweepDataRequests(trx: Tx, deps: DataRequestJobDeps, tenantId: string): Promise<{ flagged: number; retried: number }> {
  const now = deps.now();
  const flagged = await flagRequestsNearDeadline(trx, tenantId, new Date(now.getTime() + FLAG_BEFORE_DUE_MS), now);
  for (const r of flagged) {
    await deps.audit.append(trx, {
      tenantId,
      actor: 'system:identity.data_requests',
      action: 'citizen.data_request_deadline_near',
      subject: `data_request:${r.id}`,
      data: { kind: r.kind, dueAt: r.dueAt.toISOString() },
    });
  }
  const stalled = await selectStalledRequestIds(trx, tenantId, new Date(now.getTime() - HOUR_MS));
  const hour = now.toISOString().slice(0, 13);
  for (const requestId of stalled) {
    await enqueueJob(trx, { kind: CARRY_OUT_JOB, tenantId, payload: { requestId, round: SELF_RETRIES }, dedupeKey: `${requestId}:sweep:${hour}` });
  }
  return { flagged: flagged.length, retried: stalled.length };
}

/** The handlers serve.ts registers: the carry-out job and the hourly sweep (every tenant). */
export function dataRequestJobHandlers(deps: DataRequestJobDeps): Record<string, JobHandler> {
  return {
    [CARRY_OUT_JOB]: async (job: Job, trx: Tx) => {
      const { requestId, round } = job.payload as { requestId: string; round?: number };
      if (!job.tenantId) return;
      await carryOutDataRequest(trx, deps, job.tenantId, requestId, round ?? 0);
    },
    [DATA_REQUEST_SWEEP_JOB]: async (_job: Job, trx: Tx) => {
      for (const tenant of await listTenants(trx)) await withTenant(trx, tenant.id, () => sweepDataRequests(trx, deps, tenant.id));
    },
  };
}
