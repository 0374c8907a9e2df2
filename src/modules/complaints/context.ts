// What the complaint services are given besides the request's context (a TenantContext: tenant, actor,
// language, clock, database, audit). Each part names only the collaborators it uses, so a job or a
// seed fills nothing it does not need: reading reports needs the agency cache, the reporter's notices
// need the public address, intake the router and photo sanitiser as well.
import { type Agency, listAgencies } from '../tenancy/index.js';
import type { AuditAppender, ServiceContext, TenantContext } from '../../platform/context.js';
import { withTenant } from '../../db/index.js';
import * as store from './store.js';

/** The audit log with its tenant pseudonyms (a reveal records the citizen under one; identity's contact read needs them). */
export type ComplaintAudit = AuditAppender & { pseudonymize(tenantId: string, value: string): string };

/**
 * Reference data per tenant, cached briefly (it changes rarely and is needed on every submission and
 * view): agencies and complaint categories. A category saved through this process is forgotten at
 * once (`forgetCategories`); changes made elsewhere show within the TTL (30 s). The clock is the
 * caller's (`ctx.now()`).
 */
export class AgencyCache {
  private cache = new Map<string, { at: number; list: Agency[] }>();
  private categoryCache = new Map<string, { at: number; rows: Promise<store.CategoryRow[]> }>();
  constructor(private readonly ttlMs = 30_000) {}

  async list(ctx: Pick<ServiceContext, 'db' | 'now'>, tenantId: string): Promise<Agency[]> {
    const hit = this.cache.get(tenantId);
    const now = ctx.now().getTime();
    if (hit && now - hit.at < this.ttlMs) return hit.list;
    const list = await listAgencies(ctx.db, { id: tenantId });
    this.cache.set(tenantId, { at: now, list });
    return list;
  }

  /** All the tenant's categories (active or not), ordered by name. Treat the rows as read-only. */
  categories(ctx: Pick<ServiceContext, 'db' | 'now'>, tenantId: string): Promise<store.CategoryRow[]> {
    const hit = this.categoryCache.get(tenantId);
    const now = ctx.now().getTime();
    if (hit && now - hit.at < this.ttlMs) return hit.rows;
    const entry = { at: now, rows: withTenant(ctx.db, tenantId, (trx) => store.selectCategories(trx, tenantId)) };
    if (this.ttlMs > 0) {
      this.categoryCache.set(tenantId, entry);
      entry.rows.catch(() => this.categoryCache.get(tenantId) === entry && this.categoryCache.delete(tenantId));
    }
    return entry.rows;
  }

  forgetCategories(tenantId: string): void {
    this.categoryCache.delete(tenantId);
  }
}

/** Reading reports: the request's context and the agency cache (agency names in every view). */
export type ViewContext = TenantContext & { agencies: AgencyCache };

/** Telling the reporter (notify.ts): links to the report on the public address; the audit log's pseudonyms. */
export type NoticeContext = TenantContext & { audit: ComplaintAudit; publicBaseUrl: string };
