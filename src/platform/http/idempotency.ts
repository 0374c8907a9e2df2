// `Idempotency-Key` for POSTs that create things: the same key with the same body returns the first
// result; the same key with a different body is refused with 422. Keys are scoped (tenant + route +
// caller) so two callers cannot read each other's results.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, DbOrTx } from '../../db/index.js';
import { DomainError } from '../errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface IdempotentResult<T> {
  status: number;
  body: T;
}

function hashRequest(body: unknown): string {
  return createHash('sha256')
    .update(canonicalize(body ?? null) ?? 'null')
    .digest('hex');
}

/**
 * Runs `create` at most once per (scope, key). Without the header it simply runs `create`.
 * The response is stored after `create` resolves; a concurrent duplicate gets 409 and can retry.
 */
export async function withIdempotency<T>(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  create: () => Promise<IdempotentResult<T>>,
): Promise<T> {
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) {
    const result = await create();
    reply.code(result.status);
    return result.body;
  }
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new DomainError('idempotency.key_invalid', 400, 'error.idempotency_key_invalid');
  }
  const requestHash = hashRequest(request.body);
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: requestHash })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status_code', 'response'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.request_hash !== requestHash) {
      throw new DomainError('idempotency.conflict', 422, 'error.idempotency_conflict');
    }
    if (existing.status_code === null) {
      throw new DomainError('idempotency.in_progress', 409, 'error.idempotency_in_progress');
    }
    reply.code(existing.status_code).header('idempotent-replayed', 'true');
    return existing.response as T;
  }
  try {
    const result = await create();
    await db
      .updateTable('idempotency_keys')
      .set({ status_code: result.status, response: JSON.stringify(result.body) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
    reply.code(result.status);
    return result.body;
  } catch (error) {
    // Nothing was created: free the key so the client can retry with it.
    await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
    throw error;
  }
}

/** Forgets keys older than `maxAgeMs` (24 h by default); run from the housekeeping job. */
export async function pruneIdempotencyKeys(db: DbOrTx, maxAgeMs = 24 * 3600_000): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', new Date(Date.now() - maxAgeMs))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
