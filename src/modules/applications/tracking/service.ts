// Public tracking (no account): the tracking number and the applicant's birth date give the status,
// the steps and the time against the standard — no personal data. The birth date is compared as a
// keyed hash stored at submission (keys.ts), so the look-up reads nothing personal. An unknown number,
// a wrong date and a number that cannot be tracked get the same refusal, and failures are throttled
// per number and per client address.
import { timingSafeEqual } from 'node:crypto';
import { withTenant } from '../../../db/index.js';
import { DomainError } from '../../../platform/errors.js';
import { normalizeTrackingNumber } from '../../../platform/tracking-number.js';
import { tenantCalendar } from '../../calendar/index.js';
import { getServiceVersion } from '../../catalog/index.js';
import type { ApplicationContext } from '../context.js';
import { frozenVersion } from '../setup/service.js';
import { type ApplicationRow, selectApplicationByTracking } from '../store.js';
import '../strings.js';
import { statusText, summaryOf } from '../view.js';
import { measureTime } from '../workflow/index.js';
import { birthDateKey, TRACKING_PREFIX } from './keys.js';
import { deleteThrottle, selectThrottles, upsertThrottle } from './store.js';
import { ADDRESS_POLICY, afterFailure, NUMBER_POLICY, waitSeconds } from './throttle.js';

export interface TrackedApplication {
  trackingNumber: string;
  service: { id: string; name: { id: string; en?: string } };
  status: 'in_progress' | 'with_applicant' | 'closed';
  statusText: string;
  outcome: 'approved' | 'issued' | 'rejected' | 'withdrawn' | null;
  deemedApproved: boolean;
  currentSteps: string[];
  submittedAt: Date;
  closedAt: Date | null;
  serviceDueDate: string | null;
  time: { standardDays: number; standardLimit: number; remainingDays: number; overrunDays: number; running: boolean };
}

const notFound = () => new DomainError('application.track_not_found', 404, 'app.error.track_not_found');

const sameKey = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function trackApplication(ctx: ApplicationContext, input: { trackingNumber: string; birthDate: string; address: string }): Promise<TrackedApplication> {
  const tenantId = ctx.tenant.id;
  const normalized = normalizeTrackingNumber(TRACKING_PREFIX, input.trackingNumber);
  const numberKey = `number:${ctx.audit.pseudonymize(tenantId, normalized ?? input.trackingNumber.trim().toUpperCase())}`;
  const addressKey = `address:${ctx.audit.pseudonymize(tenantId, input.address)}`;
  const now = ctx.now();
  type Found = { wait: number } | { miss: true } | { row: ApplicationRow };
  const found = await withTenant(ctx.db, tenantId, async (trx): Promise<Found> => {
    const states = await selectThrottles(trx, tenantId, [numberKey, addressKey]);
    const wait = Math.max(waitSeconds(states.get(numberKey), NUMBER_POLICY, now), waitSeconds(states.get(addressKey), ADDRESS_POLICY, now));
    if (wait > 0) return { wait };
    const row = normalized ? await selectApplicationByTracking(trx, tenantId, normalized) : undefined;
    const match = row?.birthDateKey && normalized ? sameKey(row.birthDateKey, birthDateKey(ctx, normalized, input.birthDate)) : false;
    if (!row || !match) {
      // Counted under a row lock: concurrent failures must not be lost.
      const locked = await selectThrottles(trx, tenantId, [numberKey, addressKey], true);
      await upsertThrottle(trx, tenantId, numberKey, afterFailure(locked.get(numberKey), NUMBER_POLICY, now));
      await upsertThrottle(trx, tenantId, addressKey, afterFailure(locked.get(addressKey), ADDRESS_POLICY, now));
      return { miss: true };
    }
    if (states.has(numberKey)) await deleteThrottle(trx, tenantId, numberKey);
    return { row };
  });
  if ('wait' in found) throw new DomainError('application.track_throttled', 429, 'app.error.track_throttled', { seconds: found.wait });
  if ('miss' in found) throw notFound();
  const { row } = found;
  const frozen = (await frozenVersion(ctx, row.serviceVersionId))!;
  const def = frozen.workflow;
  const version = await getServiceVersion(ctx, row.serviceVersionId);
  const time = measureTime(def, row.state, now, await tenantCalendar(ctx.db, ctx.tenant));
  return {
    trackingNumber: row.trackingNumber,
    service: { id: row.serviceId, name: version.content.name },
    status: row.status,
    statusText: statusText(def, row.state, ctx.lang),
    outcome: row.outcome,
    deemedApproved: row.deemedApproved,
    currentSteps: summaryOf(def, row.state).steps.map((s) => s.name[ctx.lang]),
    submittedAt: row.submittedAt,
    closedAt: row.closedAt,
    serviceDueDate: row.state.serviceDue?.dueDate ?? null,
    time: { standardDays: time.standardDays, standardLimit: time.standardLimit, remainingDays: time.remainingDays, overrunDays: time.overrunDays, running: time.running },
  };
}
