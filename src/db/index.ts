// Database access: one Kysely instance over a `pg` pool. The owner connection runs migrations; the
// application connection runs as the `gerbang_app` role, which cannot alter tables and is subject to
// row-level security (tenant isolation, second layer).
import { type Compilable, Kysely, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { executeAndCommit, GerbangPostgresDialect, settingsStatement } from './driver.js';
export { readWithNext, sendOwed, sendWithNext } from './driver.js';
import { type EmbeddedRole, type EmbeddedServer, startEmbeddedFor } from './embedded.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import { DatabaseUnavailableError } from './outage.js';
import type { Database } from './schema.js';

export type { EmbeddedRole } from './embedded.js';
export type { Database } from './schema.js';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

export const APP_ROLE = 'gerbang_app';
const EMBEDDED_DATABASE = 'gerbang';

// bigint (int8) and numeric come back as strings by default; counts and rupiah fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function createKysely(connectionString: string, options: { max?: number; role?: string; connectTimeoutMs?: number; readOnly?: boolean } = {}): Db {
  const startup = [
    ...(options.role ? [`-c role=${options.role}`] : []),
    // A replica's pool: a write there is a bug of the route that opted in, refused loudly even when
    // the address is (wrongly) a primary's.
    ...(options.readOnly ? ['-c default_transaction_read_only=on'] : []),
  ];
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    // A connection once opened stays open (decision 0105). With an idle timeout, the connections a
    // burst opened all became idle together and closed together; the next small rise in concurrency
    // then found no idle connection, and pg-pool made each request that arrived meanwhile wait for a
    // connection of its own being opened (a fork and a SCRAM exchange on the server): a stall of
    // 200–600 ms at 200 requests a second, 10 s after every burst, in the benches. A dead connection
    // still leaves the pool (its error handler below), and the pool never holds more than `max`.
    idleTimeoutMillis: 0,
    // …so a firewall or NAT between here and the database that drops quiet connections is found out
    // by TCP keepalive while the connection is idle (its error removes it), not by a request.
    keepAlive: true,
    keepAliveInitialDelayMillis: 60_000,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'gerbang',
    // `role` as a startup option: every connection of this pool acts as the application role.
    options: startup.length > 0 ? startup.join(' ') : undefined,
  });
  keepAliveOnConnectionLoss(pool);
  const db = new Kysely<Database>({ dialect: new GerbangPostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Db, pg.Pool>();

/** How many queries wait for a free connection of `db`'s pool now (0 for a pool made elsewhere). */
export function poolWaiting(db: Db): number {
  return pools.get(db)?.waitingCount ?? 0;
}

export interface DatabaseHandle {
  /** Owner connection: migrations, seeds, audit verification. Bypasses row-level security. */
  owner: Db;
  /** Application connection (role gerbang_app): every request and job uses this one. */
  app: Db;
  /**
   * The read replica's pool (DATABASE_READ_URL; role gerbang_app, read-only transactions), when one is
   * configured: only through a ReadRouter (replica.ts), which knows when it is too far behind.
   */
  replica?: Db;
  url: string;
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

/**
 * A connection cut by the server (restart, failover, pg_terminate_backend, a killed postmaster)
 * makes its client emit 'error', and an 'error' nobody listens to ends the process. pg-pool listens
 * only while a client is idle; a client checked out by a request or a job has no listener. So every
 * client gets one for its whole life: the query it was running rejects with the cause anyway, and
 * the pool drops the client when it is released (it is no longer queryable) or, when idle, at once.
 */
function keepAliveOnConnectionLoss(pool: pg.Pool) {
  pool.on('connect', (client) => client.on('error', () => {}));
  pool.on('error', () => {}); // an idle client lost: already dropped from the pool
}

async function ensureDatabase(server: EmbeddedServer, name: string) {
  const client = new pg.Client({ connectionString: server.connectionString('postgres') });
  client.on('error', () => {}); // a lost connection rejects the query below
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** Resolves where the database is (external URL or embedded server), checks it answers. */
export async function connectDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'embeddedPgPort'> & Partial<Pick<Config, 'embeddedPgOptions' | 'databaseReadUrl' | 'backupDir' | 'backupArchiveTimeoutSeconds'>>,
  options: {
    log?: (line: string) => void;
    poolSize?: number;
    embeddedRole?: EmbeddedRole;
    /** The embedded server, already being started for this config (main.ts, `serve`). */
    embedded?: Promise<EmbeddedServer>;
  } = {},
): Promise<DatabaseHandle> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await (options.embedded ?? startEmbeddedFor(config, { role: options.embeddedRole, log: options.log }));
    await ensureDatabase(embedded, EMBEDDED_DATABASE);
    url = embedded.connectionString(EMBEDDED_DATABASE);
  }
  const owner = createKysely(url, { max: 4 });
  try {
    await sql`select 1`.execute(owner);
  } catch (err) {
    await owner.destroy();
    await embedded?.stop();
    throw new DatabaseUnavailableError(
      `cannot reach PostgreSQL at ${redact(url)}: ${(err as Error).message}`,
    );
  }
  const app = createKysely(url, { max: options.poolSize ?? 10, role: APP_ROLE });
  // Not checked here: a replica that is down at start is the router's fallback, not a reason to stop.
  // A short connection timeout: a read waits at most this long before the primary answers it.
  const replica = config.databaseReadUrl
    ? createKysely(config.databaseReadUrl, { max: options.poolSize ?? 10, role: APP_ROLE, readOnly: true, connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS })
    : undefined;
  return {
    owner,
    app,
    ...(replica ? { replica } : {}),
    url,
    embedded,
    async close() {
      try {
        await replica?.destroy();
        await app.destroy();
        await owner.destroy();
      } finally {
        await embedded?.stop();
      }
    },
  };
}

/** How long a read waits for a replica connection before the primary answers it instead. */
export const REPLICA_CONNECT_TIMEOUT_MS = 2000;

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** The database each open transaction was begun on (by `inTransaction`, so by `withTenant`). */
const databaseOfTx = new WeakMap<Tx, Db>();

/**
 * The database a handle belongs to: itself, or the one a transaction was begun on. Per-database caches
 * key on it, so a service handed a request's transaction (a submission inside its Idempotency-Key's
 * transaction) still finds what the process cached — keyed by the transaction, every request missed.
 */
export function databaseOf(db: DbOrTx): Db {
  return db.isTransaction ? (databaseOfTx.get(db as Tx) ?? (db as Db)) : (db as Db);
}

/** `db.transaction().execute(fn)`, remembering which database the transaction belongs to (databaseOf). */
export function inTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => {
    databaseOfTx.set(trx, db);
    return fn(trx);
  });
}

/** The tenant each open transaction's row-level-security context was set to by `withTenant`. */
const tenantOf = new WeakMap<Tx, string>();

/**
 * Forgets what `withTenant` set in `trx`: call after ROLLBACK TO SAVEPOINT (which reverts a
 * transaction-local set_config), so the next `withTenant` sets the context again.
 */
export function forgetTenantContext(trx: Tx): void {
  tenantOf.delete(trx);
}

export interface TenantTransactionOptions {
  /**
   * Commit without waiting for the WAL flush (`SET LOCAL synchronous_commit = off`), for a
   * transaction whose loss in a database crash is harmless because it is all-or-nothing: sign-in
   * bookkeeping, where a lost commit means the session and its audit event are both gone and the
   * person signs in again (decision 0018). Never for anything a person was promised is kept.
   * Applies only when `withTenant` opens the transaction, never to an enclosing one.
   */
  asyncCommit?: boolean;
}

/**
 * Runs `fn` in a transaction whose row-level-security context is `tenantId`. Every query on a
 * tenant-owned table goes through here (or through `withoutTenant` for platform-wide work).
 */
export function withTenant<T>(db: DbOrTx, tenantId: string, fn: (trx: Tx) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
  return withSettings(db, tenantId, [], fn, options);
}

/**
 * `withTenant` with more transaction-local settings, all set by one statement with the tenant's: a
 * session look-up opens the installation scope on every signed-in request, and each statement is a
 * round trip.
 */
function withSettings<T>(db: DbOrTx, tenantId: string, extra: ReadonlyArray<readonly [string, string]>, fn: (trx: Tx) => Promise<T>, options: TenantTransactionOptions): Promise<T> {
  const run = async (trx: Tx, asyncCommit: boolean) => {
    // Nested in a transaction already set to this tenant (a service calling another): nothing to set.
    const settings = [
      ...(tenantOf.get(trx) !== tenantId ? [['gerbang.tenant_id', tenantId] as const] : []),
      ...(asyncCommit ? [['synchronous_commit', 'off'] as const] : []),
      ...extra,
    ];
    if (settings.length > 0) {
      // As a transaction's first statement it carries the BEGIN (driver.ts): one round trip less.
      await settingsStatement(settings).execute(trx);
      tenantOf.set(trx, tenantId);
    }
    return fn(trx);
  };
  if (db.isTransaction) {
    const trx = db as Tx;
    // After a forgotten context (a failure in an aborted transaction), the tenant it was opened for.
    const enclosing = tenantOf.get(trx) ?? openedFor.get(trx);
    if (enclosing === undefined || enclosing === tenantId) return run(trx, false);
    return switchedTenant(trx, enclosing, () => run(trx, false));
  }
  return inTransaction(db as Db, (trx) => {
    openedFor.set(trx, tenantId);
    return run(trx, options.asyncCommit === true);
  });
}

/**
 * Sets an open transaction's row-level-security context to `tenantId` for the rest of it, as
 * `withTenant` would when opening it (the job runner's claim transaction): a later switch to another
 * tenant comes back here.
 */
export async function enterTenant(trx: Tx, tenantId: string): Promise<void> {
  await sql`select set_config('gerbang.tenant_id', ${tenantId}, true)`.execute(trx);
  tenantOf.set(trx, tenantId);
  openedFor.set(trx, tenantId);
}

/** The tenant `withTenant` opened each transaction for: where a switch to another tenant comes back to. */
const openedFor = new WeakMap<Tx, string>();

/**
 * A transaction of one tenant acting in another for a while (a job carrying out a person's right in
 * every government they used): afterwards the enclosing tenant's context is back, so the caller's own
 * statements keep their row-level security. After a failure the context is restored where the
 * transaction still runs; in an aborted one it is forgotten (ROLLBACK TO SAVEPOINT reverts the setting
 * anyway), so the next `withTenant` sets it again.
 */
async function switchedTenant<T>(trx: Tx, enclosing: string, fn: () => Promise<T>): Promise<T> {
  const restore = async () => {
    await sql`select set_config('gerbang.tenant_id', ${enclosing}, true)`.execute(trx);
    tenantOf.set(trx, enclosing);
  };
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await restore().catch(() => tenantOf.delete(trx));
    throw error;
  }
  await restore();
  return result;
}

/**
 * `withTenant`, and the explicit installation scope of migration 0057: row-level security then shows
 * every citizen account, profile and tenant link, and citizens' sessions of any tenant. Only the
 * identity code that must find a person before knowing where they are linked — sign-in, registration,
 * session look-up, recovery — opens it; everything else sees citizens through the tenant's links.
 */
export function withInstallationScope<T>(db: DbOrTx, tenantId: string, fn: (trx: Tx) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
  return withSettings(db, tenantId, [INSTALLATION_SCOPE], fn, options);
}

/**
 * `withInstallationScope` around one read, nothing else: when it opens the transaction itself (`db` is
 * not one already), BEGIN, the settings, the read and COMMIT go in one round trip (executeAndCommit);
 * inside an enclosing transaction the read is one statement of it.
 */
export function readInInstallationScope<R>(db: DbOrTx, tenantId: string, query: (trx: Tx) => Compilable<R>): Promise<R[]> {
  return withInstallationScope(db, tenantId, async (trx) =>
    db.isTransaction ? ((await trx.executeQuery(query(trx).compile())).rows as R[]) : executeAndCommit(trx, query(trx)),
  );
}

const INSTALLATION_SCOPE = ['gerbang.scope', 'installation'] as const;

/** Opens the installation scope for the rest of `trx` (it ends with the transaction). */
export async function openInstallationScope(trx: Tx): Promise<void> {
  await sql`select set_config('gerbang.scope', 'installation', true)`.execute(trx);
}

/**
 * `withTenant`, and the rows about one citizen in every tenant that row-level security opens to the
 * citizen themself (migration 0057: their account, links and access log) — for the citizen's own pages.
 */
export function withCitizenSelf<T>(db: DbOrTx, tenantId: string, citizenId: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return withSettings(db, tenantId, [['gerbang.citizen_id', citizenId]], fn, {});
}

export { DatabaseUnavailableError, isDatabaseUnavailable } from './outage.js';
export { ReadRouter, type ReplicaState } from './replica.js';
export { migrateToLatest, pendingMigrations, sql };
