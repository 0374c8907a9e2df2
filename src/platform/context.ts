// What every service function receives as its first argument: who acts, for which tenant, in which
// language, at what time, over which database — and nothing global.
import type { Db, Tx } from '../db/index.js';
import type { TenantInfo } from './http/tenant.js';
import type { Lang } from './i18n/index.js';

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'system'; id: string }
  | { kind: 'citizen'; id: string }
  | { kind: 'officer'; id: string };

export interface AuditEventInput {
  tenantId?: string | null;
  actor: string;
  action: string;
  subject?: string;
  data?: Record<string, unknown>;
  at?: Date;
}

/**
 * The audit chain as services see it: append inside the transaction that makes the change. The
 * event commits with the change and gets its sequence number from the audit sequencer shortly after.
 */
export interface AuditAppender {
  /** Services never need the pending row's id (the audit log's own `append` returns it): an appender may defer the write (withDeferredAudit). */
  append(trx: Tx, event: AuditEventInput): Promise<unknown>;
  /** Several events in one statement, in order (batched writes); the same checks as `append`. */
  appendMany(trx: Tx, events: readonly AuditEventInput[]): Promise<unknown>;
  /** `appendMany` sent with the transaction's next statement or its COMMIT, where the appender can (withDeferredAudit uses it). */
  appendManyWithNext?(trx: Tx, events: readonly AuditEventInput[]): Promise<void>;
  /**
   * The tenant's pseudonym of a personal identifier (a keyed hash): what audit entries carry instead
   * of a NIK, e-mail or phone, and what identity looks people up by. Part of every context's audit
   * log so that a service needs nothing beside its context to write an entry that names a person.
   */
  pseudonymize(tenantId: string, value: string): string;
}

export interface ServiceContext {
  db: Db;
  audit: AuditAppender;
  actor: Actor;
  lang: Lang;
  now: () => Date;
  /** The tenant the request is addressed to (tenant-scoped services take a TenantContext). */
  tenant?: TenantInfo;
}

/** The context of a tenant's service: the tenant is part of it, not an argument beside it. */
export interface TenantContext extends ServiceContext {
  tenant: TenantInfo;
}

export function actorRef(actor: Actor): string {
  return actor.kind === 'anonymous' ? 'anonymous' : `${actor.kind}:${actor.id}`;
}

export function systemContext(db: Db, audit: AuditAppender, id = 'gerbang'): ServiceContext {
  return { db, audit, actor: { kind: 'system', id }, lang: 'id', now: () => new Date() };
}
