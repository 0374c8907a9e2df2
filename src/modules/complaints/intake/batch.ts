// Submissions are written in batches per tenant (group commit, src/platform/batch.ts; decision 0023):
// those that arrive while a batch is being written share the next transaction — one INSERT for the
// complaints, one for their events, one for the audit entries. Durability is unchanged: a submission
// is answered only after its batch committed (synchronous commit).
import type { Insertable } from 'kysely';
import { type Tx, withTenant } from '../../../db/index.js';
import type { ComplaintTable } from '../../../db/schema.js';
import { createKeyedBatcher, type KeyedBatcher } from '../../../platform/batch.js';
import { appendWithNext } from '../../../platform/audit/index.js';
import type { AuditEventInput } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { markChallengesUsed } from '../../../platform/http/altcha-store.js';
import { claimIdempotencyKeys, completeIdempotencyKeys, type IdempotencyClaim, IdempotencyTaken } from '../../../platform/http/idempotency.js';
import { notifyManyFromTemplate, readAheadFromTemplate, type TemplatedNotification, type TemplateReadAhead } from '../../notifications/index.js';
import type { NoticeContext } from '../context.js';
import { notificationContext, notifyReporter, reporterUrl, typedContact } from '../notify.js';
import { newTrackingNumber } from '../tracking.js';
import { proofReused } from './antispam.js';
import type { SubmitResult } from './contract.js';
import type { SanitizedPhoto } from './photo-sanitizer.js';
import * as store from './store.js';

/** A validated, routed submission waiting for its batch (everything but the tracking number). */
export interface PreparedSubmission {
  ctx: NoticeContext;
  row: Omit<Insertable<ComplaintTable>, 'tracking_number'> & { id: string; privacy: ComplaintTable['privacy'] } & {
    reporter_citizen_id: string | null;
    reporter_email: string | null;
    reporter_phone: string | null;
  };
  event: store.FirstEvent;
  proof?: { id: string; expiresAt: Date };
  idempotency?: IdempotencyClaim;
  /** The answer to the submitter but its tracking number (sealed into the idempotency record). */
  result: Omit<SubmitResult, 'trackingNumber'>;
  photos: SanitizedPhoto[];
  receiptVars: Record<string, string>;
  /** The audit event without the tracking number (added once drawn). */
  audit: AuditEventInput & { data: Record<string, unknown> };
}

/** Writes prepared submissions per tenant; answers each with its tracking number once its batch committed. */
export type SubmissionWriter = KeyedBatcher<string, PreparedSubmission, string>;

/** Two batches may be in flight per tenant, the second once 8 reports wait (see BatcherOptions). */
const INTAKE_BATCHING = { concurrency: 2, minBatchWhileBusy: 8, maxBatch: 64 };

export function createSubmissionWriter(): SubmissionWriter {
  return createKeyedBatcher((tenantId, items) => writeSubmissions(tenantId, items), INTAKE_BATCHING);
}

/** What the `complaint.submitted` audit entry records of the receipt to a typed address. */
type ReceiptRecord = { channel: string; notification: string; recipient: string } | { channel: string; refused: string };

/**
 * The "received" notice of each report in the batch: to a signed-in citizen through notifyPerson
 * (the account's address, preferences and inbox), one after another; to an address the reporter
 * typed, all of the batch's with one notifyManyFromTemplate (a constant number of statements).
 * Anonymous reports get none. A typed-address notice is recorded in the report's own
 * `complaint.submitted` audit entry (`receipt`: notification id, channel, recipient pseudonym; no
 * separate `notification.queued` entry — one entry per action, docs/complaints.md). A notice that cannot
 * go — the address over its hourly limit, a phone number that is not a mobile one — never refuses
 * the report: `receipt` then holds its code (`refused`), and the reporter still has the tracking
 * number on screen.
 */
async function queueReceipts(
  trx: Tx,
  tenantId: string,
  items: PreparedSubmission[],
  numbers: Map<string, string>,
  readAhead: TemplateReadAhead | undefined,
): Promise<Array<ReceiptRecord | undefined>> {
  const outcome: Array<ReceiptRecord | undefined> = items.map(() => undefined);
  const typed: { index: number; input: TemplatedNotification }[] = [];
  for (const [index, item] of items.entries()) {
    const row = { ...item.row, tracking_number: numbers.get(item.row.id)! };
    if (row.privacy === 'anonim') continue;
    if (row.reporter_citizen_id) {
      await notifyReporter(item.ctx, trx, row, 'complaint.received', item.receiptVars);
      continue;
    }
    const to = typedReceipt(item);
    if (!to) continue;
    typed.push({
      index,
      input: {
        event: 'complaint.received',
        ...to,
        lang: item.ctx.lang,
        timeZone: item.ctx.tenant.timeZone,
        vars: { ...item.receiptVars, trackingNumber: row.tracking_number, url: reporterUrl(item.ctx, row.tracking_number) },
        actor: item.ctx.actor,
      },
    });
  }
  if (typed.length === 0) return outcome;
  const first = items[typed[0]!.index]!.ctx;
  const results = await notifyManyFromTemplate(notificationContext(first, trx), tenantId, typed.map((t) => t.input), { audit: 'caller', ...(readAhead ? { readAhead } : {}) });
  results.forEach((result, i) => {
    const channel = typed[i]!.input.channel;
    outcome[typed[i]!.index] = result instanceof DomainError ? { channel, refused: result.code } : { channel, notification: result.id, recipient: result.recipient };
  });
  return outcome;
}

/** Where a report without an account gets its receipt: the address typed into the form; none when anonymous. */
function typedReceipt(item: PreparedSubmission): ReturnType<typeof typedContact> {
  return item.row.privacy === 'anonim' || item.row.reporter_citizen_id ? undefined : typedContact(item.row);
}

/**
 * One transaction for the batch; returns each submission's tracking number, or its error. First the
 * batch's Idempotency-Keys are claimed (one INSERT, waiting for a concurrent holder of the same key):
 * a key taken first answers its submission with `IdempotencyTaken`, which replays the holder's result.
 * Then the proofs of work are marked used (one INSERT): a proof already used — by an earlier report,
 * or twice in this batch — refuses that submission with 409 and the others go on. The claimed keys
 * get their sealed results before the commit: key and report are one fact.
 */
async function writeSubmissions(tenantId: string, batch: PreparedSubmission[]): Promise<Array<string | Error>> {
  const { db, audit } = batch[0]!.ctx;
  return withTenant(db, tenantId, async (trx) => {
    const claims = await claimIdempotencyKeys(trx, batch.flatMap((item) => (item.idempotency ? [item.idempotency] : [])));
    const taken = new Set(batch.filter((item) => item.idempotency && !claims.has(item.idempotency)));
    const fresh = await markChallengesUsed(trx, batch.flatMap((item) => (item.proof && !taken.has(item) ? [item.proof] : [])));
    const refused = new Set(batch.filter((item) => item.proof && !taken.has(item) && !fresh.delete(item.proof.id)));
    const items = batch.filter((item) => !refused.has(item) && !taken.has(item));
    // The receipts' templates and their addresses' locks and counts go with the reports' INSERT
    // (readAheadFromTemplate): two round trips fewer than reading them in queueReceipts.
    const receipts = items.flatMap((item) => {
      const to = typedReceipt(item);
      return to ? [{ event: 'complaint.received' as const, ...to }] : [];
    });
    const readAhead = receipts.length > 0 ? readAheadFromTemplate(batch[0]!.ctx, trx, tenantId, receipts) : undefined;
    // A collision among 30^7 numbers is rare; the ones that collided draw again.
    const numbers = new Map(items.map((item) => [item.row.id, newTrackingNumber()]));
    let waiting = items;
    for (let attempt = 0; waiting.length > 0; attempt++) {
      if (attempt > 5) throw new Error('could not allocate a tracking number');
      const inserted = await store.insertComplaintsWithEvents(
        trx,
        waiting.map((item) => ({ row: { ...item.row, tracking_number: numbers.get(item.row.id)! }, event: item.event })),
      );
      waiting = waiting.filter((item) => !inserted.has(item.row.id));
      for (const item of waiting) numbers.set(item.row.id, newTrackingNumber());
    }
    for (const item of items) {
      if (item.photos.length > 0) await store.insertPhotos(trx, tenantId, item.row.id, item.photos);
    }
    const queued = await queueReceipts(trx, tenantId, items, numbers, readAhead);
    await appendWithNext(
      audit,
      trx,
      items.map((item, i) => ({
        ...item.audit,
        data: { trackingNumber: numbers.get(item.row.id)!, ...item.audit.data, ...(queued[i] ? { receipt: queued[i] } : {}) },
      })),
    );
    await completeIdempotencyKeys(
      trx,
      items.flatMap((item) => (item.idempotency ? [{ claim: item.idempotency, value: { ...item.result, trackingNumber: numbers.get(item.row.id)! } }] : [])),
    );
    return batch.map((item) => (taken.has(item) ? new IdempotencyTaken() : refused.has(item) ? proofReused() : numbers.get(item.row.id)!));
  });
}
