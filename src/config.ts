// The one place that reads the environment. Every value is parsed and validated here; a bad value
// stops start-up with one line naming the variable (exit code 2, see ConfigError handling in main.ts).
import cluster from 'node:cluster';
import path from 'node:path';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Environment = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  env: Environment;
  port: number;
  host: string;
  /**
   * The listening socket systemd passed (socket activation: LISTEN_FDS, LISTEN_PID; fd 3), instead of
   * PORT and HOST: it outlives a restart, so connections wait in it, none refused or reset
   * (docs/operations.md, "Rolling restart"; deploy/systemd/).
   */
  listenFd?: number;
  dataDir: string;
  /** External PostgreSQL; when absent an embedded server is started in `${dataDir}/pg`. */
  databaseUrl?: string;
  /**
   * DATABASE_READ_URL: a streaming replica (hot standby) of DATABASE_URL's primary for the public pages
   * that tolerate `databaseReadMaxLagMs` of staleness (src/db/replica.ts, docs/operations.md).
   */
  databaseReadUrl?: string;
  /** DATABASE_READ_MAX_LAG (seconds, default 5): beyond it, reads go to the primary. */
  databaseReadMaxLagMs: number;
  embeddedPgPort: number;
  /** EMBEDDED_PG_OPTIONS: more server settings for the embedded PostgreSQL (`-c name=value …`), e.g. for profiling. */
  embeddedPgOptions: string;
  publicBaseUrl: string;
  /**
   * SESSION_COOKIE_DOMAIN: the parent domain of tenants' own host names (e.g. `gerbang.go.id` for
   * makassar.gerbang.go.id and sulsel.gerbang.go.id), so a citizen's one sign-in counts on each.
   * Unset: the cookie is the host's own (the `/t/<slug>` tenants of one host share it anyway).
   */
  sessionCookieDomain: string | undefined;
  logLevel: LogLevel;
  /** Ed25519 private key (PKCS#8 PEM or base64 of its DER) for audit signatures; dev generates one. */
  auditSigningKey?: string;
  /** Secret for session cookies, HMACs of personal identifiers etc. */
  appSecret?: string;
  auditCheckpointSeconds: number;
  auditCheckpointEvents: number;
  rateLimitWritesPerMinute: number;
  /** Complaint form submissions without a proof-of-work solution (no JavaScript) per address per hour. */
  complaintNoProofPerHour: number;
  /** OPEN_DATA_MIN_COUNT: in open data, counts below it in a small area are withheld (docs/open-data.md). */
  openDataMinCount: number;
  /** SCHEMA_COMPILE: 'lazy' compiles a route's schemas on its first request (decision 0022); 'eager' at start-up. */
  schemaCompile: 'lazy' | 'eager';
  bodyLimitBytes: number;
  /** HTTP_PROCESSES: 1 serves from one process; more fork that many HTTP processes beside a primary for jobs and the audit chain. */
  httpProcesses: number;
  /**
   * SHUTDOWN_DRAIN_SECONDS: at SIGTERM, how long the server keeps answering — /readyz 503, every answer
   * `Connection: close` — before it stops accepting connections, so a proxy or orchestrator moves away first.
   */
  shutdownDrainSeconds: number;
  /** SHUTDOWN_TIMEOUT_SECONDS: the bound on finishing the requests in flight after that. */
  shutdownTimeoutSeconds: number;
  /**
   * Load shedding (docs/operations.md, "Load shedding"): above LOAD_SHED_EVENT_LOOP_DELAY_MS of mean
   * event-loop delay, or LOAD_SHED_POOL_WAITING queries waiting for a database connection, citizens'
   * and visitors' requests get 429 with Retry-After LOAD_SHED_RETRY_AFTER_SECONDS at once. 0 turns a
   * signal off; both are off by default under NODE_ENV=test (a busy test machine is not a surge).
   */
  loadShedEventLoopDelayMs: number;
  loadShedPoolWaiting: number;
  loadShedRetryAfterSeconds: number;
  jobWorkers: number;
  /** DOCUMENT_THREADS: worker threads that draw and sign documents off the event loop (0: on it). */
  documentThreads: number;
  /** Extra workers that only deliver notifications (NOTIFY_WORKERS). */
  notifyWorkers: number;
  /** Pooled SMTP connections per process (SMTP_MAX_CONNECTIONS). */
  smtpMaxConnections: number;
  seedDemo: boolean;
  /** SMTP server for e-mail, e.g. smtp://user:pass@host:587 or smtps://…:465. Unset in development:
   * e-mail goes to the development mailbox (a capture SMTP server started by `serve`). */
  smtpUrl?: string;
  /** From address of e-mail, e.g. "Pemkot Contoh <noreply@contoh.go.id>". */
  mailFrom: string;
  /** HTTP gateways for SMS and WhatsApp (POST JSON {to, text, sender}, bearer key). Unset in
   * development: messages go to the development mailbox. */
  smsGatewayUrl?: string;
  smsGatewayKey?: string;
  whatsappGatewayUrl?: string;
  whatsappGatewayKey?: string;
  /** Sender name or number passed to the SMS/WhatsApp gateway. */
  smsSender: string;
  /** Notifications one recipient may get from one tenant per hour (a loop cannot flood a person). */
  notifyMaxPerRecipientPerHour: number;
  /** One-time codes (kind 'otp') one recipient may get from one tenant per 15 minutes. */
  notifyMaxOtpPerRecipientPer15Min: number;
  /** HMAC secret of provider delivery callbacks; unset: the callback route does not exist (404). */
  notifyCallbackSecret?: string;
  /** Tile template of the complaint maps (public map, form location picker; MAP_TILE_URL); its origin joins the CSP img-src. */
  mapTileUrl: string;
  /** Attribution shown on the map (MAP_TILE_ATTRIBUTION). */
  mapTileAttribution: string;
  /** New coordinator corrections that trigger retraining a tenant's routing model (COMPLAINT_RETRAIN_MIN_CORRECTIONS). */
  complaintRetrainMinCorrections: number;
  /** Accuracy points (0–100) a retrained model may lose and still be swapped in (COMPLAINT_RETRAIN_TOLERANCE_PERCENT). */
  complaintRetrainTolerancePercent: number;
  /** Where uploaded files are stored (FILES_DIR; default `${dataDir}/files`). */
  filesDir: string;
  /**
   * Where the embedded PostgreSQL's WAL is archived and `gerbang backup` writes (BACKUP_DIR; default
   * `${dataDir}/backup`, better another disk or mount); undefined when BACKUP_DIR=off.
   */
  backupDir: string | undefined;
  /** archive_timeout: an idle server still ships its WAL at least this often (bounds what a lost machine loses). */
  backupArchiveTimeoutSeconds: number;
  /** How many base backups `gerbang backup` keeps; older ones and the WAL and points only they need are removed (BACKUP_KEEP). */
  backupKeep: number;
  /** ClamAV's clamd, scanning uploaded files: tcp://host:port or unix:///path (CLAMD_URL). */
  clamdUrl?: string;
  /** FILE_SCAN: 'off' accepts uploaded files without a malware scan (the only way to run production without CLAMD_URL). */
  fileScan: 'on' | 'off';
  /** OIDC_KEY_ROTATION_DAYS: the OpenID Provider's signing key is replaced once it is this old (docs/identity.md). */
  oidcKeyRotationDays: number;
  /**
   * PAYMENT_SANDBOX: whether a tenant may use the sandbox payment gateway and its simulated bank
   * (`/dev/bank`). On by default in development and test; off in production unless set — a training
   * installation may turn it on, a real one must never take money that does not exist.
   */
  paymentSandbox: boolean;
}

type Env = Record<string, string | undefined>;

/** sd_listen_fds(3)'s first descriptor. */
const SD_LISTEN_FDS_START = 3;

/**
 * The socket of systemd's socket activation, when it was passed to this process: LISTEN_FDS ≥ 1 and
 * LISTEN_PID this process's id — or, in an HTTP process of HTTP_PROCESSES (a node:cluster worker), its
 * primary's, which listens on it for all of them. Only the first socket is used (one port per unit).
 */
export function inheritedSocket(env: Env, self: { pid: number; ppid: number; clusterWorker: boolean } = { pid: process.pid, ppid: process.ppid, clusterWorker: cluster.isWorker }): number | undefined {
  const pid = env.LISTEN_PID?.trim();
  if (!pid || (pid !== String(self.pid) && !(self.clusterWorker && pid === String(self.ppid)))) return undefined;
  const count = readInt(env, 'LISTEN_FDS', 0, 0, 1000);
  return count > 0 ? SD_LISTEN_FDS_START : undefined;
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function readCookieDomain(env: Env): string | undefined {
  const raw = env.SESSION_COOKIE_DOMAIN?.trim().toLowerCase().replace(/^\./, '');
  if (!raw) return undefined;
  // A registrable-looking host name: labels of letters, digits and hyphens, at least two of them.
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(raw)) {
    throw new ConfigError('SESSION_COOKIE_DOMAIN', 'must be a domain name such as gerbang.go.id');
  }
  return raw;
}

function readBackupDir(env: Env, dataDir: string): string | undefined {
  const raw = env.BACKUP_DIR?.trim();
  if (raw === 'off') return undefined;
  // The archive command names it inside single quotes (db/backup/archive.ts).
  if (raw && /['\n\r%]/.test(raw)) throw new ConfigError('BACKUP_DIR', 'must not contain quotes, % or line breaks');
  return path.resolve(raw || path.join(dataDir, 'backup'));
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = readEnum(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(env.DATA_DIR?.trim() || './data');
  const config: Config = {
    env: nodeEnv,
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    listenFd: inheritedSocket(env),
    dataDir,
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseReadUrl: readUrl(env, 'DATABASE_READ_URL', ['postgres:', 'postgresql:']),
    databaseReadMaxLagMs: readInt(env, 'DATABASE_READ_MAX_LAG', 5, 1, 3600) * 1000,
    embeddedPgPort: readInt(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    embeddedPgOptions: env.EMBEDDED_PG_OPTIONS?.trim() ?? '',
    publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`,
    sessionCookieDomain: readCookieDomain(env),
    logLevel: readEnum(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    auditSigningKey: env.AUDIT_SIGNING_KEY?.trim() || undefined,
    appSecret: env.APP_SECRET?.trim() || undefined,
    auditCheckpointSeconds: readInt(env, 'AUDIT_CHECKPOINT_SECONDS', 60, 1, 3600),
    auditCheckpointEvents: readInt(env, 'AUDIT_CHECKPOINT_EVENTS', 1000, 1, 1_000_000),
    rateLimitWritesPerMinute: readInt(env, 'RATE_LIMIT_WRITES_PER_MINUTE', 120, 1, 1_000_000),
    complaintNoProofPerHour: readInt(env, 'COMPLAINT_NO_PROOF_PER_HOUR', 5, 0, 1_000_000),
    openDataMinCount: readInt(env, 'OPEN_DATA_MIN_COUNT', 5, 1, 1000),
    schemaCompile: readEnum(env, 'SCHEMA_COMPILE', ['lazy', 'eager'] as const, 'lazy'),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    httpProcesses: readInt(env, 'HTTP_PROCESSES', 1, 1, 32),
    shutdownDrainSeconds: readInt(env, 'SHUTDOWN_DRAIN_SECONDS', 3, 0, 300),
    shutdownTimeoutSeconds: readInt(env, 'SHUTDOWN_TIMEOUT_SECONDS', 25, 1, 600),
    loadShedEventLoopDelayMs: readInt(env, 'LOAD_SHED_EVENT_LOOP_DELAY_MS', nodeEnv === 'test' ? 0 : 1000, 0, 60_000),
    loadShedPoolWaiting: readInt(env, 'LOAD_SHED_POOL_WAITING', nodeEnv === 'test' ? 0 : 100, 0, 100_000),
    loadShedRetryAfterSeconds: readInt(env, 'LOAD_SHED_RETRY_AFTER_SECONDS', 5, 1, 3600),
    jobWorkers: readInt(env, 'JOB_WORKERS', 2, 0, 64),
    documentThreads: readInt(env, 'DOCUMENT_THREADS', 1, 0, 16),
    notifyWorkers: readInt(env, 'NOTIFY_WORKERS', 8, 0, 128),
    smtpMaxConnections: readInt(env, 'SMTP_MAX_CONNECTIONS', 5, 1, 100),
    seedDemo: readBool(env, 'SEED_DEMO', nodeEnv !== 'production'),
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM?.trim() || 'Gerbang <noreply@gerbang.localhost>',
    smsGatewayUrl: readUrl(env, 'SMS_GATEWAY_URL', ['http:', 'https:']),
    smsGatewayKey: env.SMS_GATEWAY_KEY?.trim() || undefined,
    whatsappGatewayUrl: readUrl(env, 'WHATSAPP_GATEWAY_URL', ['http:', 'https:']),
    whatsappGatewayKey: env.WHATSAPP_GATEWAY_KEY?.trim() || undefined,
    smsSender: env.SMS_SENDER?.trim() || 'GERBANG',
    notifyMaxPerRecipientPerHour: readInt(env, 'NOTIFY_MAX_PER_RECIPIENT_PER_HOUR', 20, 1, 100_000),
    notifyMaxOtpPerRecipientPer15Min: readInt(env, 'NOTIFY_MAX_OTP_PER_RECIPIENT_PER_15_MIN', 5, 1, 100_000),
    notifyCallbackSecret: env.NOTIFY_CALLBACK_SECRET?.trim() || undefined,
    mapTileUrl: readUrl(env, 'MAP_TILE_URL', ['http:', 'https:']) ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    mapTileAttribution: env.MAP_TILE_ATTRIBUTION?.trim() || '© OpenStreetMap contributors',
    complaintRetrainMinCorrections: readInt(env, 'COMPLAINT_RETRAIN_MIN_CORRECTIONS', 20, 1, 100_000),
    complaintRetrainTolerancePercent: readInt(env, 'COMPLAINT_RETRAIN_TOLERANCE_PERCENT', 2, 0, 100),
    filesDir: path.resolve(env.FILES_DIR?.trim() || path.join(dataDir, 'files')),
    backupDir: readBackupDir(env, dataDir),
    backupArchiveTimeoutSeconds: readInt(env, 'BACKUP_ARCHIVE_TIMEOUT', 60, 10, 3600),
    backupKeep: readInt(env, 'BACKUP_KEEP', 7, 1, 1000),
    clamdUrl: readUrl(env, 'CLAMD_URL', ['tcp:', 'unix:']),
    fileScan: readEnum(env, 'FILE_SCAN', ['on', 'off'] as const, 'on'),
    oidcKeyRotationDays: readInt(env, 'OIDC_KEY_ROTATION_DAYS', 90, 1, 3650),
    paymentSandbox: readBool(env, 'PAYMENT_SANDBOX', nodeEnv !== 'production'),
  };
  if (config.clamdUrl) {
    const url = new URL(config.clamdUrl);
    if (url.protocol === 'tcp:' && (!url.hostname || !url.port)) throw new ConfigError('CLAMD_URL', 'needs a host and a port, e.g. tcp://127.0.0.1:3310');
    if (url.protocol === 'unix:' && (url.host !== '' || url.pathname.length < 2)) {
      throw new ConfigError('CLAMD_URL', 'needs the socket path after unix://, e.g. unix:///run/clamav/clamd.ctl');
    }
    if (config.fileScan === 'off') throw new ConfigError('FILE_SCAN', 'is off while CLAMD_URL is set: unset one of them');
  }
  if (!/\{z\}/.test(config.mapTileUrl) || !/\{x\}/.test(config.mapTileUrl) || !/\{y\}/.test(config.mapTileUrl)) {
    throw new ConfigError('MAP_TILE_URL', 'must contain {z}, {x} and {y}');
  }
  if (!/@[^@\s>]+\.[^@\s>]+>?$/.test(config.mailFrom)) {
    throw new ConfigError('MAIL_FROM', `must be an e-mail address, e.g. "Gerbang <noreply@example.go.id>"`);
  }
  for (const [url, key, name] of [
    [config.smsGatewayUrl, config.smsGatewayKey, 'SMS_GATEWAY_KEY'],
    [config.whatsappGatewayUrl, config.whatsappGatewayKey, 'WHATSAPP_GATEWAY_KEY'],
  ] as const) {
    if (url && !key) throw new ConfigError(name, `is required when ${name.replace('_KEY', '_URL')} is set`);
  }
  if (config.databaseReadUrl && !config.databaseUrl) {
    throw new ConfigError('DATABASE_READ_URL', 'needs DATABASE_URL: a replica follows an external primary, not the embedded PostgreSQL');
  }
  if (config.notifyCallbackSecret !== undefined && config.notifyCallbackSecret.length < 32) {
    throw new ConfigError('NOTIFY_CALLBACK_SECRET', 'must be at least 32 characters');
  }
  if (config.appSecret !== undefined && config.appSecret.length < 32) {
    throw new ConfigError('APP_SECRET', 'must be at least 32 characters');
  }
  if (config.env === 'production') refuseDevelopmentDefaults(config);
  return config;
}

/** Production may use the embedded database, but never development keys, secrets or sandboxes. */
function refuseDevelopmentDefaults(config: Config): void {
  if (!config.appSecret) {
    throw new ConfigError(
      'APP_SECRET',
      'is required when NODE_ENV=production (no default secret in production)',
    );
  }
  if (!config.auditSigningKey) {
    throw new ConfigError(
      'AUDIT_SIGNING_KEY',
      'is required when NODE_ENV=production (the generated development key is refused)',
    );
  }
  if (config.seedDemo) {
    throw new ConfigError('SEED_DEMO', 'must be false when NODE_ENV=production (no demo accounts)');
  }
  if (!config.smtpUrl) {
    throw new ConfigError(
      'SMTP_URL',
      'is required when NODE_ENV=production (the development mailbox only captures e-mail)',
    );
  }
  if (config.mailFrom.endsWith('@gerbang.localhost>')) {
    throw new ConfigError('MAIL_FROM', 'is required when NODE_ENV=production');
  }
  if (!config.clamdUrl && config.fileScan !== 'off') {
    throw new ConfigError(
      'CLAMD_URL',
      'is required when NODE_ENV=production (uploaded files must be scanned for malware before an officer opens them); to accept them unscanned, set FILE_SCAN=off (docs/files.md)',
    );
  }
}
