// Kysely's PostgreSQL driver with one round trip less per transaction. `BEGIN` is not sent when the
// transaction opens but with its first statement, when that statement is a transaction's settings
// (`withTenant`'s set_config, made by settingsStatement): `begin; select set_config(…)` as one simple
// query. node-postgres sends one statement and waits for its answer before the next, so every
// statement is a round trip to the server; a submission's transaction was BEGIN, settings, its work,
// COMMIT (docs/performance.md, "One round trip less per transaction"). Any other first statement
// is preceded by `begin` as before, and a transaction that sends nothing sends no BEGIN or COMMIT.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type QueryCompiler,
  type QueryResult,
  type RawBuilder,
  sql,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';

/** Starts a settings statement that may carry the transaction's BEGIN (it has no parameters). */
const SETTINGS_MARK = '/* settings */ ';

/**
 * `select set_config(name, value, true), …` for the transaction's settings, with the values as escaped
 * literals and the mark: as a transaction's first statement it carries the BEGIN.
 */
export function settingsStatement(settings: ReadonlyArray<readonly [string, string]>): RawBuilder<unknown> {
  const calls = settings.map(([name, value]) => `set_config(${pg.escapeLiteral(name)}, ${pg.escapeLiteral(value)}, true)`);
  return sql.raw(`${SETTINGS_MARK}select ${calls.join(', ')}`);
}

class DeferringConnection implements DatabaseConnection {
  /** BEGIN is owed: the transaction opened and nothing has been sent in it yet. */
  beginOwed = false;

  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.beginOwed && query.parameters.length === 0 && query.sql.startsWith(SETTINGS_MARK) && !query.sql.includes(';')) {
      this.beginOwed = false;
      // Two statements in one simple query: their results are not read (a settings statement's are
      // the values just set).
      await this.inner.executeQuery(CompiledQuery.raw(`begin; ${query.sql}`));
      return { rows: [] };
    }
    await this.payBegin();
    return this.inner.executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    await this.payBegin();
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }

  /** Sends the owed BEGIN on its own (before any statement but the settings). */
  async payBegin(): Promise<void> {
    if (!this.beginOwed) return;
    this.beginOwed = false;
    await this.inner.executeQuery(CompiledQuery.raw('begin'));
  }
}

class DeferredBeginDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, DeferringConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) this.#wrapped.set(connection, (wrapped = new DeferringConnection(connection)));
    wrapped.beginOwed = false;
    return wrapped;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as DeferringConnection;
    if (settings.isolationLevel || settings.accessMode) return this.inner.beginTransaction(c.inner, settings);
    c.beginOwed = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferringConnection;
    if (c.beginOwed) c.beginOwed = false; // nothing was sent: nothing to commit
    else await this.inner.commitTransaction(c.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferringConnection;
    if (c.beginOwed) c.beginOwed = false;
    else await this.inner.rollbackTransaction(c.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const c = connection as DeferringConnection;
    await c.payBegin();
    await this.inner.savepoint!(c.inner, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint!((connection as DeferringConnection).inner, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint!((connection as DeferringConnection).inner, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferringConnection;
    c.beginOwed = false;
    return this.inner.releaseConnection(c.inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** PostgresDialect whose transactions send BEGIN with their settings (see above). */
export class GerbangPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new DeferredBeginDriver(super.createDriver());
  }
}
