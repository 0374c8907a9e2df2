// Builds the Fastify application from the platform and the modules. No I/O at import time: main.ts
// (or a test) connects the database and passes it in.
import { lazySchemaCompilers } from './platform/http/lazy-schemas.js';
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Config } from './config.js';
import { type Db, pendingMigrations, ReadRouter, sql } from './db/index.js';
// The modules, imported in the order they register: a module's index.ts registers its words,
// policies and notification events as it loads, so this is also the order their events are listed in.
import { identityModule } from './modules/identity/index.js';
import { calendarModule } from './modules/calendar/index.js';
import { tenancyModule, TenantDirectory } from './modules/tenancy/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { complaintsModule } from './modules/complaints/index.js';
import { catalogModule } from './modules/catalog/index.js';
import { applicationsModule } from './modules/applications/index.js';
import { oidcModule } from './modules/oidc/index.js';
import { paymentsModule } from './modules/payments/index.js';
import { documentsModule } from './modules/documents/index.js';
import { surveysModule } from './modules/surveys/index.js';
import { informationRequestsModule } from './modules/information-requests/index.js';
import { informationListModule } from './modules/information-list/index.js';
import { transparencyModule } from './modules/transparency/index.js';
import { openDataModule } from './modules/open-data/index.js';
import { waitingRoomModule } from './modules/waiting-room/index.js';
import { oversightModule } from './modules/oversight/index.js';
import type { AuditAppender } from './platform/context.js';
import { DomainError, PROBLEM_CONTENT_TYPE, toProblem } from './platform/errors.js';
import { registerPolicyGuard, type RegisteredRoute } from './platform/auth/index.js';
import { registerCsrf } from './platform/http/csrf.js';
import { headAsGetServer } from './platform/http/head-as-get.js';
import { registerRequestContext } from './platform/http/request-context.js';
import { restrictDateFormats } from './platform/http/input-guard.js';
import { answerFrameworkError, DATABASE_RETRY_AFTER_SECONDS, registerHttpPlatform } from './platform/http/plugins.js';
import { type Pressure, processPressure, registerLoadShedding } from './platform/http/load-shedding.js';
import { deriveKey } from './platform/secrets.js';
import { registerTenantResolution, TENANT_PATH_PREFIX } from './platform/http/tenant.js';
import { documentPlatformAnswers } from './platform/http/openapi.js';
import type { GerbangModule, ModuleRuntime } from './platform/module.js';
import { registerStatic, renderErrorPage } from './web/layout.js';

/** The modules of the app, in the order they register. Adding a module is adding its line here. */
export const MODULES: readonly GerbangModule[] = [
  identityModule,
  calendarModule,
  tenancyModule,
  notificationsModule,
  complaintsModule,
  catalogModule,
  applicationsModule,
  oidcModule,
  paymentsModule,
  documentsModule,
  surveysModule,
  informationRequestsModule,
  informationListModule,
  transparencyModule,
  openDataModule,
  waitingRoomModule,
  oversightModule,
];

export interface AppDeps {
  config: Config;
  /** Application connection (role gerbang_app). */
  db: Db;
  /**
   * The read replica's pool (DATABASE_READ_URL), for the public reads that tolerate
   * `config.databaseReadMaxLagMs` of staleness (db/replica.ts); without it they read `db`.
   */
  replica?: Db;
  /** Owner connection, used here only to read migration state for /readyz. */
  ownerDb: Db;
  /** The audit log; its tenant pseudonyms also key identity look-ups (NIK, e-mail, phone). */
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  /** APP_SECRET (or the development one); purpose keys are derived from it. */
  appSecret: Buffer;
  /** Returns the published audit checkpoints document. */
  auditCheckpoints: () => Promise<unknown>;
  /** The clock of every request's service context (tests set one); default: the system clock. */
  now?: () => Date;
  /** The load-shedding signal (tests set one); default: sampled from this process (load-shedding.ts). */
  pressure?: () => Pressure;
}

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access policy, in registration order. */
    gerbangRoutes: RegisteredRoute[];
    /**
     * Begins a graceful drain (SIGTERM): /readyz answers 503 and every answer closes its connection,
     * while requests are still served; `close()` comes after (serve.ts, drainAndClose).
     */
    beginDrain(): void;
  }
}

/** The origin of a tile template such as https://{s}.tile.example.org/{z}/{x}/{y}.png (subdomain placeholders become a wildcard). */
export function tileOrigin(template: string): string {
  const url = new URL(template.replace(/\{s\}/g, 'SUBDOMAIN').replace(/\{[a-z]+\}/g, '0'));
  return `${url.protocol}//${url.host.replace(/^SUBDOMAIN\./i, '*.')}`;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * How long /readyz waits for the database. A load balancer's probe wants an answer, and a database
 * behind a dead network path would otherwise hold it for the pool's 10-s connection timeout.
 */
const READY_PROBE_MS = 2000;

/** `work`, or a rejection once `ms` have passed (the work itself goes on until it settles). */
function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // Personal data and secrets never reach the logs.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            // No client addresses in logs: an anonymous complainant's IP must not be recorded anywhere
            // (docs/decisions/0013). Abuse is handled by the rate limits (keyed hashes of the address).
            serializers: {
              req: (req: { method: string; url: string; hostname?: string; id?: string }) => ({
                method: req.method,
                url: req.url,
                hostname: req.hostname,
              }),
            },
          },
    bodyLimit: config.bodyLimitBytes,
    // Requests that reach the process once close() has begun (on a connection accepted just before
    // the listener closed) are served as usual, not answered 503: the proxy may not send a POST
    // without Idempotency-Key to another process after it reached this one, so a 503 would reach the
    // citizen. Drain (SHUTDOWN_DRAIN_SECONDS) is what moves the traffic away (test/rolling-restart.test.ts).
    return503OnClosing: false,
    // HEAD answered by the GET routes (platform/http/head-as-get.ts), not by a twin route each.
    exposeHeadRoutes: false,
    serverFactory: headAsGetServer,
    trustProxy: config.env === 'production',
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    rewriteUrl: (req) => {
      // /t/<slug>/... addresses a tenant by path; the slug is kept for tenant resolution.
      const match = /^\/t\/([a-z0-9][a-z0-9-]{1,62})(?=[/?]|$)(.*)$/s.exec(req.url ?? '');
      if (!match) return req.url ?? '/';
      (req as unknown as Record<string, string>)[TENANT_PATH_PREFIX] = match[1]!;
      const rest = match[2] ?? '';
      return rest.startsWith('/') ? rest : `/${rest}`;
    },
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false }, onCreate: restrictDateFormats },
    frameworkErrors: answerFrameworkError,
    // Fastify's own compilers, run on a route's first request instead of at start-up (decision 0022).
    schemaController: { compilersFactory: lazySchemaCompilers({ eager: config.schemaCompile === 'eager' }) },
  }).withTypeProvider<TypeBoxTypeProvider>();

  let draining = false;
  app.decorate('beginDrain', () => {
    draining = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Draining: a keep-alive connection is closed after this answer, so the proxy opens its next one
    // to another process instead of sending into a socket about to close.
    if (draining) reply.header('connection', 'close');
  });

  // First, so that every route registered after it (plugins' too) must name its policy.
  const routes = registerPolicyGuard(app, { publicPluginPrefixes: ['/api/docs', '/static/'] });
  app.decorate('gerbangRoutes', { getter: () => routes });

  await registerHttpPlatform(app, {
    db: deps.db,
    rateLimitWritesPerMinute: config.rateLimitWritesPerMinute,
    rateLimitKey: deriveKey(deps.appSecret, 'rate-limit'),
    idempotencyKey: deriveKey(deps.appSecret, 'idempotency'),
    bodyLimitBytes: config.bodyLimitBytes,
    // Tiles of the public complaints map come from the configured tile server.
    imgSrcOrigins: [tileOrigin(config.mapTileUrl)],
    renderErrorPage,
  });
  // Right after the platform's hooks (the language is known), before tenant, session and body.
  if (config.loadShedEventLoopDelayMs > 0 || config.loadShedPoolWaiting > 0) {
    let pressure = deps.pressure;
    if (!pressure) {
      const sampled = processPressure(deps.db);
      app.addHook('onClose', async () => sampled.stop());
      pressure = sampled.pressure;
    }
    registerLoadShedding(app, {
      maxEventLoopDelayMs: config.loadShedEventLoopDelayMs,
      maxPoolWaiting: config.loadShedPoolWaiting,
      retryAfterSeconds: config.loadShedRetryAfterSeconds,
      pressure,
    });
  }

  // The one request edge (platform/http/request-context.ts): every route's service context.
  const now = deps.now ?? (() => new Date());
  const reads = deps.replica
    ? new ReadRouter({ primary: deps.db, replica: deps.replica, maxLagMs: config.databaseReadMaxLagMs, now, log: (line) => app.log.warn(line) })
    : undefined;
  registerRequestContext(app, { db: deps.db, audit: deps.audit, now, ...(reads ? { reads } : {}) });

  await app.register(swagger, {
    // Every operation also declares the refusals the platform gives around it (401/403, 413/415, 429, …).
    transform: documentPlatformAnswers,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gerbang API',
        version: '1',
        description:
          'API publik Gerbang — satu pintu layanan publik digital. / Public API of Gerbang, a single government gateway.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: config.publicBaseUrl }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'gerbang_session',
            description: 'Sesi setelah masuk / the session cookie set by signing in',
          },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'Kunci API instansi / an agency system API key (Authorization: Bearer …)',
          },
        },
      },
      tags: [
        { name: 'platform', description: 'Health, calendar and audit' },
        { name: 'tenancy', description: 'Governments (tenants) and their agencies' },
        { name: 'identity', description: 'Citizens, officers, sessions and personal data' },
        { name: 'notifications', description: 'Inbox, notification settings, templates, provider delivery reports' },
        { name: 'complaints', description: 'Pengaduan, aspirasi, permintaan informasi (SP4N-LAPOR!)' },
        { name: 'catalog', description: 'Service catalogue: services, their published standards, search, open data' },
        { name: 'applications', description: 'Permohonan: online applications, their workflow, queues and tracking' },
        { name: 'payments', description: 'Pembayaran: invoices, payment notifications, QRIS, receipts, the treasury' },
        { name: 'surveys', description: 'Survei Kepuasan Masyarakat (SKM) and the satisfaction index (IKM)' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const tenants = new TenantDirectory(deps.db, now);
  registerTenantResolution(app, tenants);
  const rt: ModuleRuntime = { config, db: deps.db, audit: deps.audit, appSecret: deps.appSecret, tenants, now };
  for (const module of MODULES) await module.hooks?.(app, rt);
  registerCsrf(app, {
    key: deriveKey(deps.appSecret, 'csrf'),
    sessionIdOf: (request) => ('sessionId' in request.principal ? request.principal.sessionId : undefined),
    secureCookies: config.env === 'production',
  });
  await registerStatic(app);

  app.get('/healthz', { schema: { hide: true }, config: { policy: 'public' } }, async () => ({ status: 'ok' }));
  // Probes share the check under way: a burst of them (a load balancer per backend, a cold pool under
  // load) costs the database one query, and on a dead network path there is one connection attempt
  // pending, not one more per probe, each probe still answering within READY_PROBE_MS.
  let checking: Promise<string[]> | undefined;
  const checkReadiness = () => {
    if (!checking) {
      const check = (async () => {
        await sql`select 1`.execute(deps.db);
        return pendingMigrations(deps.ownerDb);
      })();
      checking = check;
      check.then(
        () => (checking = undefined),
        () => (checking = undefined),
      );
    }
    return withinMs(READY_PROBE_MS, checking);
  };
  app.get('/readyz', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    if (draining) {
      const problem = toProblem(new DomainError('not_ready', 503, 'error.not_ready'), request.lang, { instance: '/readyz', requestId: request.id });
      return reply.code(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).type(PROBLEM_CONTENT_TYPE).send({ ...problem, draining: true });
    }
    let pending: string[];
    try {
      pending = await checkReadiness();
    } catch {
      // Not an error of this request: no log line per probe while the database is away.
      const problem = toProblem(new DomainError('not_ready', 503, 'error.not_ready'), request.lang, { instance: '/readyz', requestId: request.id });
      return reply.code(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).type(PROBLEM_CONTENT_TYPE).send(problem);
    }
    if (pending.length > 0) return reply.code(503).send({ status: 'migrations pending', pending });
    return { status: 'ready' };
  });
  app.get('/metrics', { schema: { hide: true }, config: { policy: 'public' } }, async (_request, reply) => {
    reply.type(client.register.contentType);
    return client.register.metrics();
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { policy: 'public' } }, async () => app.swagger());
  app.get('/.well-known/audit-checkpoints', { schema: { hide: true }, config: { policy: 'public' } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=10');
    return deps.auditCheckpoints();
  });

  for (const module of MODULES) await module.register(app, rt);

  return app;
}
