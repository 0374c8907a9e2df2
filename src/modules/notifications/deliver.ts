// The `notifications.deliver` job: hands one notification to its channel inside the job's
// transaction. Happy path: sent once, marked 'sent' with the provider's id in the same commit as the
// job. A crash between hand-over and commit re-runs the job, which sends again with the same
// Message-ID / Idempotency-Key (at-least-once, recognisable). A failure throws, so the runner retries
// with backoff; on the last attempt (or a permanent refusal) the row is marked 'failed' and the job
// ends — a throw there would roll the mark back.
import type { Tx } from '../../db/index.js';
import type { AuditAppender } from '../../platform/context.js';
import { errorMessage, type Job, type JobHandler } from '../../platform/jobs/index.js';
import { type Channels, PermanentDeliveryError } from './channels.js';
import { secretValidity } from './event-registry.js';
import { DELIVER_JOB, DELIVERY_MAX_ATTEMPTS } from './service.js';
import { markNotificationFailed, markNotificationSent, selectNotification } from './store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Error text safe to store and log: never the recipient, nor anything that looks like an address. */
function safeError(error: unknown, recipient: string): string {
  return errorMessage(error)
    .replaceAll(recipient, '[recipient]')
    .replace(/[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+/g, '[address]')
    .replace(/\+?\d[\d\s-]{7,}\d/g, '[number]');
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

export function createDeliverHandler(deps: { channels: Channels; audit: AuditAppender; maxAttempts?: number }): JobHandler {
  const maxAttempts = deps.maxAttempts ?? DELIVERY_MAX_ATTEMPTS;
  return async (job: Job, trx: Tx) => {
    const { tenantId, notificationId } = (job.payload ?? {}) as { tenantId?: unknown; notificationId?: unknown };
    if (typeof tenantId !== 'string' || typeof notificationId !== 'string' || !UUID.test(notificationId)) {
      throw new DeliveryError('payload must be { tenantId, notificationId }');
    }
    // Locked: a cancel waits for the hand-over and then finds it sent (and vice versa).
    const n = await selectNotification(trx, tenantId, notificationId, { lock: true });
    if (!n || n.status !== 'queued') return; // cancelled, already sent or failed: nothing to do
    const attempt = job.attempts + 1;
    // A secret (one-time code) is erased from the outbox at every end; past its validity it is not sent.
    // Its age is the database's (as the job runner's clock), so no process clock is involved.
    const secret = secretValidity(n.kind);
    const erase = secret !== undefined;
    if (secret && n.ageSeconds > secret.validMinutes * 60) {
      await markNotificationFailed(trx, tenantId, n.id, { error: 'expired before it could be sent', attempts: job.attempts, erase });
      await deps.audit.append(trx, {
        tenantId,
        actor: 'system:notifications',
        action: 'notification.failed',
        subject: `notification:${n.id}`,
        data: { channel: n.channel, kind: n.kind, attempts: job.attempts, error: 'expired' },
      });
      return;
    }
    try {
      const result = await deps.channels[n.channel].send({
        id: n.id,
        channel: n.channel,
        to: n.recipient,
        subject: n.subject,
        text: n.text,
        html: n.html,
        lang: n.lang,
      });
      await markNotificationSent(trx, tenantId, n.id, {
        providerMessageId: result.providerMessageId,
        attempts: attempt,
        erase,
      });
      await deps.audit.append(trx, {
        tenantId,
        actor: 'system:notifications',
        action: 'notification.sent',
        subject: `notification:${n.id}`,
        data: { channel: n.channel, kind: n.kind, attempts: attempt },
      });
    } catch (error) {
      const message = safeError(error, n.recipient);
      if (error instanceof PermanentDeliveryError || attempt >= maxAttempts) {
        await markNotificationFailed(trx, tenantId, n.id, { error: message, attempts: attempt, erase });
        await deps.audit.append(trx, {
          tenantId,
          actor: 'system:notifications',
          action: 'notification.failed',
          subject: `notification:${n.id}`,
          data: { channel: n.channel, kind: n.kind, attempts: attempt, error: message },
        });
        return;
      }
      throw new DeliveryError(message);
    }
  };
}

/** The job handlers of this module, for the runner in main.ts. */
export function notificationJobHandlers(deps: { channels: Channels; audit: AuditAppender }): Record<string, JobHandler> {
  return { [DELIVER_JOB]: createDeliverHandler(deps) };
}
