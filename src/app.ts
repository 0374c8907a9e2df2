// Builds the Fastify application from the platform and the modules. No I/O at import time: main.ts
// (or a test) connects the database and passes it in.
import { lazySchemaCompilers } from './platform/http/lazy-schemas.js';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Config } from './config.js';
import { type Db, pendingMigrations, sql } from './db/index.js';
import { registerCalendarRoutes } from './modules/calendar/index.js';
import { registerIdentityRoutes, registerSessionHook, registerSessionRoutes } from './modules/identity/index.js';
import {
  AgencyCache,
  classifierRouting,
  createAntiSpam,
  fullPhotoSanitizer,
  registerComplaintPages,
  registerComplaintRoutes,
  registerRoutingAdmin,
  registerOpen311Routes,
} from './modules/complaints/index.js';
import {
  registerMeNotificationRoutes,
  registerNotificationPages,
  registerNotificationRoutes,
  registerPersonNotificationPages,
} from './modules/notifications/index.js';
import { registerCatalogAdminPages, registerCatalogAdminRoutes, registerCatalogPages, registerCatalogRoutes } from './modules/catalog/index.js';
import { registerTenancyPages, registerTenancyRoutes, TenantDirectory } from './modules/tenancy/index.js';
import type { AuditAppender } from './platform/context.js';
import { DomainError } from './platform/errors.js';
import { registerPolicyGuard, type RegisteredRoute } from './platform/auth/index.js';
import { registerCsrf } from './platform/http/csrf.js';
import { restrictDateFormats } from './platform/http/input-guard.js';
import { answerFrameworkError, registerHttpPlatform } from './platform/http/plugins.js';
import { deriveKey } from './platform/secrets.js';
import { registerTenantResolution, TENANT_PATH_PREFIX } from './platform/http/tenant.js';
import { registerStatic, renderErrorPage } from './web/layout.js';

export interface AppDeps {
  config: Config;
  /** Application connection (role gerbang_app). */
  db: Db;
  /** Owner connection, used here only to read migration state for /readyz. */
  ownerDb: Db;
  /** The audit log; its tenant pseudonyms also key identity look-ups (NIK, e-mail, phone). */
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  /** APP_SECRET (or the development one); purpose keys are derived from it. */
  appSecret: Buffer;
  /** Returns the published audit checkpoints document. */
  auditCheckpoints: () => Promise<unknown>;
}

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access policy, in registration order. */
    gerbangRoutes: RegisteredRoute[];
  }
}

/** The origin of a tile template such as https://{s}.tile.example.org/{z}/{x}/{y}.png (subdomain placeholders become a wildcard). */
export function tileOrigin(template: string): string {
  const url = new URL(template.replace(/\{s\}/g, 'SUBDOMAIN').replace(/\{[a-z]+\}/g, '0'));
  return `${url.protocol}//${url.host.replace(/^SUBDOMAIN\./i, '*.')}`;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

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

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // First, so that every route registered after it (plugins' too) must name its policy.
  const routes = registerPolicyGuard(app, { publicPluginPrefixes: ['/api/docs', '/static/'] });
  app.decorate('gerbangRoutes', { getter: () => routes });

  await registerHttpPlatform(app, {
    db: deps.db,
    rateLimitWritesPerMinute: config.rateLimitWritesPerMinute,
    rateLimitKey: deriveKey(deps.appSecret, 'rate-limit'),
    bodyLimitBytes: config.bodyLimitBytes,
    // Tiles of the public complaints map come from the configured tile server.
    imgSrcOrigins: [tileOrigin(config.mapTileUrl)],
    renderErrorPage,
  });

  await app.register(swagger, {
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
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const tenants = new TenantDirectory(deps.db);
  registerTenantResolution(app, tenants);
  registerSessionHook(app, { db: deps.db });
  registerCsrf(app, {
    key: deriveKey(deps.appSecret, 'csrf'),
    sessionIdOf: (request) => ('sessionId' in request.principal ? request.principal.sessionId : undefined),
    secureCookies: config.env === 'production',
  });
  await registerStatic(app);

  app.get('/healthz', { schema: { hide: true }, config: { policy: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { policy: 'public' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      const pending = await pendingMigrations(deps.ownerDb);
      if (pending.length > 0) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch {
      throw new DomainError('not_ready', 503, 'error.not_ready');
    }
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

  registerCalendarRoutes(app, { db: deps.db, tenants });
  registerSessionRoutes(app);
  registerIdentityRoutes(app, {
    db: deps.db,
    audit: deps.audit,
    now: () => new Date(),
    // HttpOnly; Secure; SameSite=Lax always: browsers accept Secure cookies on http://localhost.
    secureCookies: true,
    publicBaseUrl: config.publicBaseUrl,
    env: config.env,
  });
  registerTenancyRoutes(app, { db: deps.db, tenants });
  registerTenancyPages(app, { db: deps.db, tenants });
  registerNotificationPages(app, { db: deps.db, config });
  await registerNotificationRoutes(app, { db: deps.db, audit: deps.audit, config });
  // Routing and photo seams: the trained classifier (keyword fallback) and the re-encoding sanitiser.
  const complaints = {
    db: deps.db,
    audit: deps.audit,
    tenants,
    complaints: {
      routing: classifierRouting({ db: deps.db, cacheDir: path.join(config.dataDir, 'cache') }),
      retrain: { minCorrections: config.complaintRetrainMinCorrections, tolerance: config.complaintRetrainTolerancePercent / 100 },
      photos: fullPhotoSanitizer,
      publicBaseUrl: config.publicBaseUrl,
      tenants,
      agencies: new AgencyCache(),
      map: { tileUrl: config.mapTileUrl, attribution: config.mapTileAttribution },
    },
    // Proof-of-work for reports by people who are not signed in (decision 0015).
    antiSpam: createAntiSpam({
      db: deps.db,
      appSecret: deps.appSecret,
      rateLimitKey: deriveKey(deps.appSecret, 'rate-limit'),
      noProofPerHour: config.complaintNoProofPerHour,
    }),
  };
  registerComplaintRoutes(app, complaints);
  registerRoutingAdmin(app, complaints);
  registerOpen311Routes(app, complaints);
  await registerComplaintPages(app, complaints);
  registerCatalogRoutes(app, { db: deps.db, audit: deps.audit });
  registerCatalogAdminRoutes(app, { db: deps.db, audit: deps.audit });
  registerCatalogPages(app, { db: deps.db, audit: deps.audit });
  registerCatalogAdminPages(app, { db: deps.db, audit: deps.audit });
  registerMeNotificationRoutes(app, { db: deps.db, audit: deps.audit });
  registerPersonNotificationPages(app, { db: deps.db, audit: deps.audit });

  return app;
}
