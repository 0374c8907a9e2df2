// `Idempotency-Key` for POSTs that create things: the same key with the same body returns the first
// result; the same key with a different body is refused with 422.
//
// The key and the work are one fact: the record is written in the transaction that does the work, so
// a crash between the two leaves neither (a retry simply runs again) and a concurrent duplicate waits
// on the record's unique index until the first commits, then replays its result. Nothing is ever
// "in progress" across a commit.
//
// The records keep no secret and no link to a person (issue 15): the row id and the request's MAC are
// keyed hashes of the scope (tenant, route, caller) and the client's key, neither of which is stored;
// the result is sealed (AES-256-GCM) with a key derived from the client's key, so the tracking code of
// an anonymous report in a replay cache is readable only by whoever holds the Idempotency-Key — the
// client that sent it. Keys must be unguessable (at least 16 characters, e.g. a UUID): a short key
// could be searched for by someone holding the database and the app secret.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { type Db, type DbOrTx, inTransaction, sendWithNext, type Tx } from '../../db/index.js';
import { DomainError } from '../errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{16,255}$/;

declare module 'fastify' {
  interface FastifyInstance {
    /** The database and the key the idempotency records are written with (registerHttpPlatform). */
    idempotency: { db: Db; secret: Buffer };
  }
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
}

/** The right to record one request's result, handed to the code that does the work. */
export class IdempotencyClaim {
  constructor(
    /** Keyed hash of scope and client key: the record's id. */
    readonly id: Buffer,
    /** Keyed hash of the request body (same key, other body → 422). */
    readonly requestMac: Buffer,
    private readonly sealKey: Buffer,
  ) {}

  seal(value: unknown): Buffer {
    const iv = randomIv();
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  open(sealed: Buffer): unknown {
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8'));
  }
}

// A GCM nonce must never repeat under a key: 12 random bytes each, drawn from a pool refilled from
// the CSPRNG (as node's randomUUID does) — one call for 341 nonces, not one each.
const IV_BYTES = 12;
let ivPool = Buffer.alloc(0);
let ivAt = 0;

function randomIv(): Buffer {
  if (ivAt + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * 341);
    ivAt = 0;
  }
  ivAt += IV_BYTES;
  return ivPool.subarray(ivAt - IV_BYTES, ivAt);
}

/** Another request with the same key committed first (or holds it in the same batch): replay it. */
export class IdempotencyTaken extends Error {
  override name = 'IdempotencyTaken';
}

function mac(secret: Buffer, ...parts: string[]): Buffer {
  return createHmac('sha256', secret).update(parts.join('\u0000')).digest();
}

export function claimFor(secret: Buffer, scope: string, key: string, body: unknown): IdempotencyClaim {
  return new IdempotencyClaim(
    mac(secret, 'id', scope, key),
    mac(secret, 'request', scope, key, canonicalize(body ?? null) ?? 'null'),
    mac(secret, 'seal', scope, key),
  );
}

/**
 * Claims the keys in the caller's transaction (one statement). A key another transaction holds is
 * waited for; the claims returned are this transaction's, the others were taken first.
 */
export async function claimIdempotencyKeys(trx: Tx, claims: readonly IdempotencyClaim[]): Promise<Set<IdempotencyClaim>> {
  if (claims.length === 0) return new Set();
  const inserted = await trx
    .insertInto('idempotency_records')
    .values(claims.map((c) => ({ id: c.id, request_mac: c.requestMac })))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  const ids = new Set(inserted.map((row) => row.id.toString('hex')));
  // Two claims with one id in the same statement: only the first is the holder.
  const claimed = new Set<IdempotencyClaim>();
  for (const claim of claims) {
    if (ids.delete(claim.id.toString('hex'))) claimed.add(claim);
  }
  return claimed;
}

/** Records the results of claimed keys, sealed, in the transaction that claimed them (one statement). */
export async function completeIdempotencyKeys(trx: Tx, results: ReadonlyArray<{ claim: IdempotencyClaim; value: unknown }>): Promise<void> {
  if (results.length === 0) return;
  await sendWithNext(
    trx,
    sql`UPDATE idempotency_records r SET response = v.response
          FROM unnest(${results.map((r) => r.claim.id)}::bytea[], ${results.map((r) => r.claim.seal(r.value))}::bytea[]) AS v(id, response)
         WHERE r.id = v.id`,
  );
}

/**
 * Gives claimed keys back in the transaction that claimed them (one statement): the work of a batched
 * item was refused (a 4xx) while its neighbours commit, so a retry with the same key runs again.
 */
export async function releaseIdempotencyKeys(trx: Tx, claims: readonly IdempotencyClaim[]): Promise<void> {
  if (claims.length === 0) return;
  await trx.deleteFrom('idempotency_records').where('id', 'in', claims.map((c) => c.id)).execute();
}

interface IdempotentOptions<V, T> {
  /** Tenant, route and caller: two callers never share results. */
  scope: string;
  /** Shapes the reply from the work's value, first time and on every replay (in the replay's language). */
  respond: (value: V) => IdempotentResult<T>;
}

/** The work runs in one transaction with its record: `run` receives it (nest the service's transaction in it). */
interface InTransaction<V, T> extends IdempotentOptions<V, T> {
  run: (db: DbOrTx) => Promise<V>;
}

/**
 * The work writes the record itself, in its own transaction (a batched write):
 * `claimIdempotencyKeys` first, `completeIdempotencyKeys` before commit, `IdempotencyTaken` for a key
 * taken first. Without the header `claim` is undefined.
 */
interface Claimed<V, T> extends IdempotentOptions<V, T> {
  claimed: (claim: IdempotencyClaim | undefined) => Promise<V>;
  /**
   * Look for a recorded result before the work (default true: the work checks things before it
   * claims, so a repeat is answered first). False when the claim is the work's first statement: a
   * repeat is found by it (`IdempotencyTaken`) and replayed, one round trip fewer for every new key.
   */
  lookFirst?: boolean;
}

/**
 * Runs the work at most once per (scope, Idempotency-Key) and replies; without the header it simply
 * runs it. A repeat gets the first result with `Idempotent-Replayed: true`.
 */
export async function withIdempotency<V, T>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: InTransaction<V, T> | Claimed<V, T>,
): Promise<T> {
  const { db, secret } = request.server.idempotency;
  const send = (value: V) => {
    const result = options.respond(value);
    reply.code(result.status);
    return result.body;
  };
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return send(await ('run' in options ? options.run(db) : options.claimed(undefined)));
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new DomainError('idempotency.key_invalid', 400, 'error.idempotency_key_invalid');
  }
  const claim = claimFor(secret, options.scope, key, request.body);
  /** The first result under this key, when one is recorded; undefined when none is. */
  const replay = async (): Promise<{ value: V } | undefined> => {
    const existing = await db
      .selectFrom('idempotency_records')
      .select(['request_mac', 'response'])
      .where('id', '=', claim.id)
      .executeTakeFirst();
    if (!existing) return undefined;
    if (existing.request_mac.length !== claim.requestMac.length || !timingSafeEqual(existing.request_mac, claim.requestMac)) {
      throw new DomainError('idempotency.conflict', 422, 'error.idempotency_conflict');
    }
    if (existing.response === null) throw new DomainError('idempotency.in_progress', 409, 'error.idempotency_in_progress');
    reply.header('idempotent-replayed', 'true');
    return { value: claim.open(existing.response) as V };
  };
  // Twice at most: a key taken meanwhile was committed by its holder, so the second look finds it.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      if ('claimed' in options) {
        // A batched write prepares its work (checks, proofs) before it claims: a repeat is answered first.
        if (options.lookFirst !== false) {
          const replayed = await replay();
          if (replayed) return send(replayed.value);
        }
        return send(await options.claimed(claim));
      }
      const run = options.run;
      // The claim is the transaction's first statement: a key already used is found by it (nothing
      // else has run yet; the transaction is rolled back and the first result replayed), so the work
      // does not look first — one round trip fewer for every new key.
      const value = await inTransaction(db, async (trx) => {
        if ((await claimIdempotencyKeys(trx, [claim])).size === 0) throw new IdempotencyTaken();
        const result = await run(trx);
        await completeIdempotencyKeys(trx, [{ claim, value: result }]);
        return result;
      });
      return send(value);
    } catch (error) {
      if (!(error instanceof IdempotencyTaken)) throw error;
    }
    const replayed = await replay();
    if (replayed) return send(replayed.value);
  }
  throw new DomainError('idempotency.in_progress', 409, 'error.idempotency_in_progress');
}

/** Forgets records older than `maxAgeMs` (24 h by default); run from the housekeeping job. */
export async function pruneIdempotencyKeys(db: DbOrTx, maxAgeMs = 24 * 3600_000): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_records')
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${maxAgeMs / 1000})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
