// A transaction's audit events written together: a request that makes several changes (an
// application submitted, its notification queued by e-mail and into the inbox) appended one event
// per change, one INSERT each, in the middle of its transaction. `withDeferredAudit` collects them and
// writes them with one `appendMany` before the work returns — in the same transaction, in the same
// order, with the same checks (at that INSERT), each event keeping the time it was appended at.
import type { Tx } from '../../db/index.js';
import type { AuditAppender, AuditEventInput } from '../context.js';

/**
 * Runs `work` with an appender that keeps the events it is given, then writes them all with one
 * statement in `trx`. Nothing is deferred past `work`: an error in it rolls the transaction back with
 * the events unwritten, as it would have rolled them back written.
 */
export async function withDeferredAudit<A extends AuditAppender, T>(audit: A, trx: Tx, work: (deferred: A) => Promise<T>): Promise<T> {
  const events: AuditEventInput[] = [];
  const keep = (trx: Tx, more: readonly AuditEventInput[]) => {
    if (!trx.isTransaction) throw new Error('audit.append must run inside the transaction that makes the change');
    const at = new Date();
    for (const event of more) events.push({ ...event, at: event.at ?? at });
    return Promise.resolve();
  };
  // Every way of appending is kept, so a nested withDeferredAudit (or appendWithNext) defers too.
  const deferred: A = { ...audit, append: (trx: Tx, event: AuditEventInput) => keep(trx, [event]), appendMany: keep, appendManyWithNext: keep };
  const result = await work(deferred);
  if (events.length > 0) await appendWithNext(audit, trx, events);
  return result;
}

/**
 * Appends `events` with the transaction's next statement or its COMMIT where the appender can
 * (the audit log's appendManyWithNext; db's sendWithNext), else at once: for a caller that does not
 * need the pending rows' ids.
 */
export function appendWithNext(audit: AuditAppender, trx: Tx, events: readonly AuditEventInput[]): Promise<unknown> {
  return audit.appendManyWithNext ? audit.appendManyWithNext(trx, events) : audit.appendMany(trx, events);
}
