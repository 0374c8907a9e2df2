// Shared set-up for this module's integration tests (notifications.test.ts, people.test.ts,
// templates.test.ts): a fresh database, an audit log that signs into a temporary folder and, for the
// delivery tests, the development mailbox with the channels that deliver to it. Test code only: the
// server never imports this file. Each test file still inserts its own tenants.
//
// The events of the modules that raise them in the app are registered here as the app registers them
// (identity: the one-time code; complaints: receipt, update, answer; applications: the status change
// and the draft reminder), so these tests check the messages those modules send.
import '../identity/index.js';
import '../complaints/index.js';
import '../applications/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../../../test/db.js';
import { loadConfig } from '../../config.js';
import type { KyselyPlugin } from 'kysely';
import type { DatabaseHandle, Db, DbOrTx } from '../../db/index.js';
import type { Actor, AuditAppender, TenantContext } from '../../platform/context.js';
import { type AuditLog, createAuditLog, loadAuditSigner } from '../../platform/audit/index.js';
import { DomainError } from '../../platform/errors.js';
import { type Channels, createChannels, type DevMailbox, type NotificationContext, startDevMailbox } from './index.js';

export interface NotificationTestDatabase {
  h: DatabaseHandle;
  audit: AuditLog;
  /** Closes the database and removes the audit signer's folder. */
  close(): Promise<void>;
}

export interface NotificationDeliveryEnv extends NotificationTestDatabase {
  /** The running development mailbox. A test that restarts it assigns the new one here, so close() stops it. */
  mailbox: DevMailbox;
  channels: Channels;
  /** The application role acting as the system. */
  ctx: NotificationContext;
  /** Closes the channels, stops the mailbox, then closes the database. */
  close(): Promise<void>;
}

/** A fresh database and an audit log; `name` names the temporary folder (gerbang-<name>-…). */
export async function startNotificationTestDatabase(name: string): Promise<NotificationTestDatabase> {
  const h = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gerbang-${name}-`));
  const audit = createAuditLog({ signer: loadAuditSigner({ dataDir, env: 'test' }), pseudonymKey: Buffer.alloc(32, 7) });
  return {
    h,
    audit,
    async close() {
      await h.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** startNotificationTestDatabase plus the development mailbox and the channels that deliver to it. */
export async function startNotificationDeliveryEnv(name: string): Promise<NotificationDeliveryEnv> {
  const base = await startNotificationTestDatabase(name);
  const mailbox = await startDevMailbox({ db: base.h.app });
  const channels = createChannels(loadConfig({ NODE_ENV: 'test' }), { db: base.h.app, devSmtp: mailbox });
  const env: NotificationDeliveryEnv = {
    ...base,
    mailbox,
    channels,
    ctx: { db: base.h.app, audit: base.audit, actor: { kind: 'system', id: 'test' } },
    async close() {
      await channels.close();
      await env.mailbox.stop();
      await base.close();
    },
  };
  return env;
}

/** The DomainError a service call refuses with; fails the test when it succeeds or throws something else. */
export async function refusal(call: Promise<unknown> | (() => unknown)): Promise<DomainError> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/**
 * `db` with a counter of the statements it sends (every query and raw `sql`, also inside its
 * transactions; BEGIN and COMMIT are not counted): for asserting how many statements a call makes.
 */
export function countingDb(db: Db): { db: Db; statements(): number } {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: (args) => {
      count++;
      return Promise.resolve(args.result);
    },
  };
  return { db: db.withPlugin(plugin), statements: () => count };
}

/** `ctx` addressed to a tenant (only its id matters to this module), as the request edge would give it. */
export function inTenant(ctx: { db: DbOrTx; audit: AuditAppender; actor: Actor }, tenantId: string, lang: 'id' | 'en' = 'id'): TenantContext {
  const tenant = { id: tenantId, slug: 'test', name: 'Test', nameEn: null, kind: 'city', regionCode: null, timeZone: 'Asia/Jakarta', brandColor: '#000000' } as const;
  return { ...ctx, db: ctx.db as Db, lang, now: () => new Date(), tenant };
}
