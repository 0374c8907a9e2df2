// What every `gerbang` command works with: the database (embedded or DATABASE_URL), the audit log
// and its signer, the app secret. Modules are imported where a step needs them, so a one-shot
// command loads only its own (see main.ts).
import path from 'node:path';
import type { Config } from './config.js';
import type { EmbeddedServer } from './db/embedded.js';
import { connectDatabase, type DatabaseHandle, type EmbeddedRole, migrateToLatest } from './db/index.js';
import { createAuditLog, loadAuditSigner } from './platform/audit/index.js';
import { systemContext } from './platform/context.js';
import { deriveKey, loadAppSecret } from './platform/secrets.js';

export interface Runtime {
  config: Config;
  db: DatabaseHandle;
  signer: ReturnType<typeof loadAuditSigner>;
  audit: ReturnType<typeof createAuditLog>;
  /** APP_SECRET (or the development one): derive purpose keys from it with deriveKey. */
  secret: Buffer;
  checkpointsFile: string;
}

export interface RuntimeOptions {
  poolSize?: number;
  /**
   * Migrate and save missing default templates (default true). HTTP processes of HTTP_PROCESSES
   * pass false (their primary did it), and so does a command that only reads.
   */
  prepare?: boolean;
  /** What this process may do with the embedded PostgreSQL (db/embedded.ts). Default `command`. */
  embeddedRole?: EmbeddedRole;
  /** The database, already being connected (see connectServeDatabase); else openRuntime connects. */
  database?: Promise<DatabaseHandle>;
}

/**
 * The pool of the `serve` process that prepares the database — the only one, or the primary of
 * HTTP_PROCESSES (which serves no HTTP): every job worker holds a connection while it runs, and the
 * rest is room for HTTP requests.
 */
export function servePoolSize(config: Config): number {
  const workers = config.jobWorkers + config.notifyWorkers;
  return config.httpProcesses > 1 ? Math.max(10, workers + 4) : Math.max(20, workers + 10);
}

/**
 * Starts connecting `serve`'s database — the embedded PostgreSQL started and waited for — at once, so
 * that it happens while the app's code loads rather than after: pg_ctl's start and the first
 * connections were 0.3–1 s of every cold start spent waiting (docs/performance.md, issue 16).
 */
export function connectServeDatabase(config: Config, log: (line: string) => void, embedded?: Promise<EmbeddedServer>): Promise<DatabaseHandle> {
  const database = connectDatabase(config, { log, poolSize: servePoolSize(config), embeddedRole: 'serve', ...(embedded ? { embedded } : {}) });
  // Awaited by openRuntime; a failure before then (the code failed to load) must not also be unhandled.
  database.catch(() => undefined);
  return database;
}

/** Connects (starting the embedded PostgreSQL when needed) and prepares the database. */
export async function openRuntime(config: Config, log: (line: string) => void, options: RuntimeOptions = {}): Promise<Runtime> {
  const prepare = options.prepare !== false;
  const db = await (options.database ?? connectDatabase(config, { log, poolSize: options.poolSize, embeddedRole: options.embeddedRole }));
  try {
    if (prepare) await migrateToLatest(db.owner);
    const signer = loadAuditSigner({ key: config.auditSigningKey, dataDir: config.dataDir, env: config.env });
    const secret = loadAppSecret(config);
    const audit = createAuditLog({ signer, pseudonymKey: deriveKey(secret, 'audit-pseudonym') });
    // Platform default notification templates are not demo data: every install has them. Idempotent
    // (only missing ones are saved; one query when all exist). Each module registers its events when
    // its index.ts loads: the app's list of modules loads them all, so every event gets its defaults.
    if (prepare) {
      await import('./app.js');
      const { seedDefaultTemplates } = await import('./modules/notifications/index.js');
      await seedDefaultTemplates(systemContext(db.owner, audit, 'seed'));
      // Accounts from before migration 0057 get installation-wide look-up keys (nothing to do after).
      const { rekeyCitizenLookups } = await import('./modules/identity/index.js');
      await rekeyCitizenLookups(db.owner, audit);
    }
    return { config, db, signer, audit, secret, checkpointsFile: path.join(config.dataDir, 'audit', 'checkpoints.jsonl') };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Runs a one-shot command on a runtime and closes it (stopping the embedded server if it started it). */
export async function withRuntime<T>(config: Config, fn: (rt: Runtime) => Promise<T>, options: RuntimeOptions = {}): Promise<T> {
  const rt = await openRuntime(config, () => {}, options);
  try {
    return await fn(rt);
  } finally {
    // A one-shot command's audit events are sequenced before it exits (no serve process may run).
    await rt.audit.flush(rt.db.owner).catch(() => undefined);
    await rt.db.close();
  }
}
