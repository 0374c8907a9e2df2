// What a module is to the app: a name and the routes and pages it registers, given what every module
// may use. The app lists its modules (src/app.ts, one line each) and registers them in order; a module
// builds its own collaborators (caches, seams, anti-spam) from this, so adding one touches nothing
// else. Platform words, policies and events a module brings are registered from its own folder
// (strings.ts, its policies, events.ts) when its index.ts loads.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { AuditAppender } from './context.js';
import type { TenantLookup } from './http/tenant.js';

export interface ModuleRuntime {
  config: Config;
  /** Application connection (role gerbang_app, row-level security). */
  db: Db;
  /** The audit log; its tenant pseudonyms also key identity look-ups (NIK, e-mail, phone). */
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  /** APP_SECRET (or the development one); derive purpose keys with platform/secrets `deriveKey`. */
  appSecret: Buffer;
  /** The tenants of the installation (resolved per request; cached). */
  tenants: TenantLookup;
  /** The app's clock. */
  now: () => Date;
}

export interface GerbangModule {
  name: string;
  /**
   * Request hooks every other module's routes rely on, registered before anything else (identity: the
   * session that says who is asking, which CSRF tokens are bound to).
   */
  hooks?(app: FastifyInstance, rt: ModuleRuntime): void | Promise<void>;
  /** The module's JSON API and pages. */
  register(app: FastifyInstance, rt: ModuleRuntime): void | Promise<void>;
}
