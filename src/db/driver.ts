// Kysely's PostgreSQL driver with fewer round trips per transaction. node-postgres sends one
// statement and waits for its answer before the next, so every statement is a round trip: a socket
// write and a wake-up on each side (docs/performance.md, "One round trip less per transaction" and
// "Statements owed to the next one"). Three kinds of statement are owed instead of sent:
// - the transaction's `BEGIN`;
// - its settings (`withTenant`'s set_config, made by settingsStatement), whose results nobody reads;
// - statements a caller sends with the next one (sendWithNext: the deferred audit INSERT, an
//   Idempotency-Key's sealed answer, the personal-data access record, the notification recipients'
//   advisory lock — statements whose results nobody reads; decision 0104).
// A read can be owed too, when its caller does not need the rows before its next statement
// (readWithNext: a notice's templates and its recipients' counts, read with the report's INSERT): its
// rows arrive with that statement's answer.
// What is owed can also be sent at once, alone (sendOwed: for a read whose next statement may not come).
// A transaction's last statement can also take its COMMIT along (executeAndCommit: `begin; <settings>;
// <the read>; commit` in one round trip — the session look-up of every signed-in request).
// What is owed goes with the next statement in one simple query — `begin; select set_config(…); <the
// statement>` — the next statement's parameters written into it as escaped literals (inlineParameters),
// or with COMMIT (`…; commit`). The order of the statements is the order they were made in; an error in
// an owed statement fails the statement it travels with (the transaction is then rolled back, as
// before). A transaction that sends nothing sends no BEGIN or COMMIT; a ROLLBACK before anything was
// sent sends nothing. A statement whose parameters cannot be written as literals (a NUL character) is
// sent on its own after the owed ones.
import {
  CompiledQuery,
  type Compilable,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type PostgresDialectConfig,
  type QueryResult,
  type RawBuilder,
  sql,
  type QueryExecutorProvider,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';

/** Starts a settings statement, which is owed to the next statement (it has no parameters). */
const SETTINGS_MARK = '/* settings */ ';
/** Starts a statement made by sendWithNext. */
const WITH_NEXT_MARK = '/* with next */ ';
/** Starts a statement made by executeAndCommit. */
const LAST_MARK = '/* last */ ';
/** The whole of what sendOwed sends: the connection sends what is owed instead. */
const SEND_OWED_MARK = '/* send owed */';
/** Starts a statement made by readWithNext: the comment `read with next <id>`, the read's id in owedReads. */
const READ_MARK = /^\/\* read with next (\d+) \*\/ /;

/** A read owed to the next statement, waiting for its rows (readWithNext). */
interface OwedRead {
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
  /** The connection owes it (set by the connection); else it ran at once and its result is its rows. */
  owed: boolean;
}
const owedReads = new Map<string, OwedRead>();
let lastReadId = 0;

/**
 * `select set_config(name, value, true), …` for the transaction's settings, with the values as escaped
 * literals and the mark: it is sent with the transaction's next statement.
 */
export function settingsStatement(settings: ReadonlyArray<readonly [string, string]>): RawBuilder<unknown> {
  const calls = settings.map(([name, value]) => `set_config(${pg.escapeLiteral(name)}, ${pg.escapeLiteral(value)}, true)`);
  return sql.raw(`${SETTINGS_MARK}select ${calls.join(', ')}`);
}

/**
 * Sends `query` with the transaction's next statement, or with its COMMIT: for a statement whose result
 * nobody reads (a write without RETURNING or count, a lock), whose failure fails the transaction — never
 * one whose error a caller catches. An error in it fails that next statement or the COMMIT, and the
 * transaction rolls back. Outside a transaction it is sent at once.
 */
export async function sendWithNext(trx: Executor, query: Compilable | RawBuilder<unknown>): Promise<void> {
  await executeMarked(trx, WITH_NEXT_MARK, query);
}

/**
 * Runs `query` as the last statement of a transaction and commits the transaction in the same round
 * trip: `<what is owed>; <query>; commit`. Nothing may follow it in the transaction (a statement that
 * tries is refused with an error); the transaction's own COMMIT then sends nothing, and a ROLLBACK
 * (its callback threw after this) has nothing left to undo. Only in a transaction its caller began
 * itself, never in one it was handed: the COMMIT ends whatever transaction `trx` is. Outside a
 * transaction, or when a parameter cannot be written as a literal, it runs as any statement does.
 */
export async function executeAndCommit<R>(trx: Executor, query: Compilable<R> | RawBuilder<R>): Promise<R[]> {
  return (await executeMarked(trx, LAST_MARK, query)).rows as R[];
}

/**
 * Sends the read `query` with the transaction's next statement (or its COMMIT) and resolves with its
 * rows when that statement's answer arrives: a round trip less, for a read whose rows are not needed
 * before the next statement is made. Do not await it before making that statement — it would wait
 * for ever (a statement is sent only once the one before it settled); make it, then await both. The
 * read sees the database as of its place in the transaction. An error in it fails that next statement
 * (and rejects this promise with the same error); when the transaction ends before anything else is
 * sent (a rollback), it rejects. Outside a transaction, or when a parameter cannot be written as a
 * literal, it runs at once. `map`: what to make of the rows (the promise then resolves with that).
 */
export function readWithNext<R>(trx: Executor, query: Compilable<R> | RawBuilder<R>): Promise<R[]>;
export function readWithNext<R, T>(trx: Executor, query: Compilable<R> | RawBuilder<R>, map: (rows: R[]) => T): Promise<T>;
export function readWithNext<R, T>(trx: Executor, query: Compilable<R> | RawBuilder<R>, map?: (rows: R[]) => T): Promise<R[] | T> {
  const id = String(++lastReadId);
  const rows = new Promise<R[]>((resolve, reject) => {
    const read: OwedRead = { resolve: (r) => resolve(r as R[]), reject, owed: false };
    owedReads.set(id, read);
    executeMarked(trx, `/* read with next ${id} */ `, query).then(
      (result) => {
        if (!read.owed) resolve(result.rows as R[]);
      },
      (error: unknown) => reject(error),
    );
  }).finally(() => owedReads.delete(id));
  const result = map ? rows.then(map) : rows;
  // A caller that fails before awaiting it leaves no unhandled rejection behind.
  result.catch(() => undefined);
  return result;
}

/**
 * Sends what the transaction owes now, in one round trip, when it owes more than its BEGIN and
 * settings: for owed reads (readWithNext) that a statement the caller cannot be sure of was to carry
 * (a later call may send none). Nothing is sent when nothing is owed. An error in an owed statement
 * rejects this call (and the transaction rolls back, as with any statement).
 */
export async function sendOwed(trx: Executor): Promise<void> {
  await trx.executeQuery(CompiledQuery.raw(SEND_OWED_MARK));
}

type Executor = QueryExecutorProvider & { executeQuery(query: CompiledQuery): Promise<QueryResult<unknown>> };

/** `query` compiled and run with `mark` in front: the mark tells the connection what to do with it. */
function executeMarked<R>(trx: Executor, mark: string, query: Compilable<R> | RawBuilder<R>): Promise<QueryResult<unknown>> {
  const compiled = isRawBuilder(query) ? query.compile(trx) : query.compile();
  return trx.executeQuery(CompiledQuery.raw(`${mark}${compiled.sql}`, [...compiled.parameters]));
}

const isRawBuilder = <R>(query: Compilable<R> | RawBuilder<R>): query is RawBuilder<R> => 'isRawBuilder' in query && query.isRawBuilder === true;

/** A value as a PostgreSQL literal of unknown type (as a parameter is sent), or undefined when it cannot be one. */
function literal(value: unknown): string | undefined {
  const prepared = pgUtils.prepareValue(value) as string | Buffer | null;
  if (prepared === null) return 'NULL';
  // A Buffer is sent as a binary parameter; written as bytea's hex input (an E'' string: `\\x…`).
  if (Buffer.isBuffer(prepared)) return `E'\\\\x${prepared.toString('hex')}'`;
  // The simple query is a C string: a NUL would end it (a parameter with one is refused by the server).
  if (prepared.includes('\0')) return undefined;
  const quoted = prepared.replaceAll("'", "''");
  // Backslashes doubled in an E'' string: right whatever standard_conforming_strings says.
  return prepared.includes('\\') ? ` E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

const isIdentifierChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

/**
 * `text` with each parameter placeholder ($1, $2, …) replaced by its value as an escaped literal of
 * unknown type — what the server does with a parameter sent apart: the type comes from the context.
 * Placeholders are found as PostgreSQL's lexer finds them: not inside a string ('…', E'…', $tag$…$tag$),
 * a quoted identifier or a comment. Undefined when a value cannot be written as a literal.
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string | undefined {
  if (parameters.length === 0) return text;
  let out = '';
  let i = 0;
  let copiedTo = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "'") {
      const escapes = (text[i - 1] === 'E' || text[i - 1] === 'e') && !isIdentifierChar(text[i - 2]);
      i++;
      while (i < n) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'") {
          if (text[i + 1] === "'") i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '"') {
      i = text.indexOf('"', i + 1);
      while (i !== -1 && text[i + 1] === '"') i = text.indexOf('"', i + 2);
      i = i === -1 ? n : i + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      // Comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (c === '$' && !isIdentifierChar(text[i - 1])) {
      const placeholder = /^\$(\d+)/.exec(text.slice(i, i + 12));
      if (placeholder) {
        const index = Number(placeholder[1]) - 1;
        if (index < 0 || index >= parameters.length) throw new Error(`inlineParameters: $${index + 1} without a value`);
        const value = literal(parameters[index]);
        if (value === undefined) return undefined;
        out += text.slice(copiedTo, i) + value;
        i += placeholder[0].length;
        copiedTo = i;
        continue;
      }
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else i++;
    } else i++;
  }
  return out + text.slice(copiedTo);
}

function resultOf<R>(result: pg.QueryResult | pg.QueryResult[]): QueryResult<R> {
  const last = Array.isArray(result) ? result[result.length - 1]! : result;
  const { command, rowCount, rows } = last;
  const counted = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
  return { rows: (rows ?? []) as R[], ...(counted ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}) };
}

class OwingConnection implements DatabaseConnection {
  /** A transaction is open (BEGIN sent or owed). */
  inTransaction = false;
  /** Statements owed to the server, in order; 'begin' first while the transaction's BEGIN is unsent. */
  owed: string[] = [];
  /**
   * The last statement sent failed: the transaction is aborted until a ROLLBACK TO SAVEPOINT succeeds.
   * Kept here, not read from node-postgres's transaction status: a failed query is rejected when its
   * error arrives, and the status only changes with the ReadyForQuery that may come after.
   */
  failed = false;
  /** The transaction was committed with its last statement (executeAndCommit): nothing more goes in it. */
  committed = false;
  /** The owed reads (readWithNext), by their place in `owed`. */
  reads: { at: number; read: OwedRead }[] = [];

  constructor(readonly client: pg.PoolClient) {}

  /** Sends one query (simple when there are no values) and notes whether it failed. */
  async send(text: string, parameters?: readonly unknown[]): Promise<pg.QueryResult | pg.QueryResult[]> {
    try {
      const result = (await this.client.query(text, parameters ? [...parameters] : undefined)) as pg.QueryResult | pg.QueryResult[];
      this.failed = false;
      return result;
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  /**
   * Sends what is owed and `statements` after it in one simple query; the owed reads get their rows.
   * The results, one per statement.
   */
  async sendOwed(statements: string[]): Promise<pg.QueryResult[]> {
    const reads = this.reads;
    const owed = this.take();
    let results: pg.QueryResult[];
    try {
      const result = await this.send([...owed, ...statements].join(';\n'));
      results = Array.isArray(result) ? result : [result];
      if (reads.length > 0 && results.length !== owed.length + statements.length) {
        throw new Error(`${owed.length + statements.length} statements answered with ${results.length} results: an owed statement held more than one`);
      }
    } catch (error) {
      for (const { read } of reads) read.reject(error);
      throw error;
    }
    for (const { at, read } of reads) read.resolve(results[at]!.rows ?? []);
    return results;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.committed) throw new Error('a statement after the one its transaction was committed with (executeAndCommit)');
    if (query.sql === SEND_OWED_MARK) {
      // The BEGIN and settings alone wait for a statement that needs them.
      if (this.owed.some((s) => s !== 'begin' && !s.startsWith(SETTINGS_MARK))) await this.sendOwed([]);
      return { rows: [] };
    }
    // In a transaction a failed statement aborted, nothing is owed: each statement is sent and refused
    // on its own as before, and a ROLLBACK TO SAVEPOINT is not held behind a refused one.
    if (this.inTransaction && !this.failed && query.sql.startsWith(LAST_MARK)) {
      // What is owed, the statement and COMMIT; the statement's rows are the next-to-last result. When
      // it fails, the COMMIT behind it is not run and the transaction is rolled back as any other.
      const text = inlineParameters(query.sql, query.parameters);
      if (text !== undefined) {
        const results = await this.sendOwed([text, 'commit']);
        this.inTransaction = false;
        this.committed = true;
        return resultOf<R>(results[results.length - 2]!);
      }
    }
    if (this.inTransaction && !this.failed) {
      const settings = query.parameters.length === 0 && query.sql.startsWith(SETTINGS_MARK) && !query.sql.includes(';');
      const read = READ_MARK.exec(query.sql);
      if (settings || read || query.sql.startsWith(WITH_NEXT_MARK)) {
        const text = inlineParameters(query.sql, query.parameters);
        const waiting = read ? owedReads.get(read[1]!) : undefined;
        if (text !== undefined && (!read || waiting)) {
          this.owed.push(text);
          if (waiting) {
            waiting.owed = true;
            this.reads.push({ at: this.owed.length - 1, read: waiting });
          }
          return { rows: [] };
        }
      }
    }
    if (this.owed.length > 0) {
      const text = inlineParameters(query.sql, query.parameters);
      if (text !== undefined) return resultOf<R>(await this.sendOwed([text]));
      await this.sendOwed([]);
    }
    return resultOf<R>(await this.send(query.sql, query.parameters));
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not configured for this dialect');
  }

  /** What is owed, no longer owed; its reads are the caller's to answer (sendOwed) or refuse (drop). */
  take(): string[] {
    const owed = this.owed;
    this.owed = [];
    this.reads = [];
    return owed;
  }

  /** Forgets what is owed without sending it: its reads are refused. */
  drop(): void {
    const { reads } = this;
    this.take();
    for (const { read } of reads) read.reject(new Error('the read was not sent: its transaction ended before the next statement'));
  }

  begin(): void {
    this.reset();
    this.inTransaction = true;
    this.owed = ['begin'];
  }

  /** Out of any transaction, nothing owed (a connection taken from the pool or given back). */
  reset(): void {
    this.inTransaction = false;
    this.drop();
    this.failed = false;
    this.committed = false;
  }

  async end(command: 'commit' | 'rollback'): Promise<void> {
    if (this.committed) {
      this.committed = false;
      return;
    }
    this.inTransaction = false;
    const { owed } = this;
    // Nothing sent yet: a rollback has nothing to undo, and a commit of the settings alone nothing to keep.
    if (owed[0] === 'begin' && (command === 'rollback' || owed.slice(1).every((s) => s.startsWith(SETTINGS_MARK)))) return this.drop();
    if (command === 'commit') {
      await this.sendOwed(['commit']);
      return;
    }
    this.drop();
    await this.send('rollback');
  }
}

/** Kysely's PostgresDriver's work on a pg pool, with statements owed (see above). */
class OwingDriver implements Driver {
  readonly #connections = new WeakMap<pg.PoolClient, OwingConnection>();

  constructor(private readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) this.#connections.set(client, (connection = new OwingConnection(client)));
    connection.reset();
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as OwingConnection;
    if (settings.isolationLevel || settings.accessMode) {
      c.reset();
      await c.send(['start transaction', settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean).join(' '));
      c.inTransaction = true;
      return;
    }
    c.begin();
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as OwingConnection).end('commit');
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as OwingConnection).end('rollback');
  }

  // A savepoint and its release go with what is owed, as any statement does.
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${pg.escapeIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    const c = connection as OwingConnection;
    // Owed statements were made after the savepoint: they are undone by not being sent.
    c.drop();
    await c.send(`rollback to savepoint ${pg.escapeIdentifier(name)}`);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${pg.escapeIdentifier(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as OwingConnection;
    c.reset();
    c.client.release();
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/** PostgresDialect whose transactions owe statements to the next one (see above). */
export class GerbangPostgresDialect extends PostgresDialect {
  constructor(private readonly config: PostgresDialectConfig & { pool: pg.Pool }) {
    super(config);
  }

  override createDriver(): Driver {
    return new OwingDriver(this.config.pool);
  }
}
