// The tenant's complaint settings: its categories (which are also its Open311 services, each with the
// agency that handles it by default) and the resolution days of each complexity tier.
import { withTenant } from '../../db/index.js';
import { actorRef, type ServiceContext, type TenantContext } from '../../platform/context.js';
import type { AgencyCache } from './context.js';
import { agencyUnknown, fieldError, invalid } from './errors.js';
import * as store from './store.js';
import type { TierDays } from './workflow.js';

export interface CategoryInput {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
  agencyCode?: string;
  requiresLocation?: boolean;
  keywords?: string[];
  active?: boolean;
}

export interface Category {
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  agencyId: string | null;
  requiresLocation: boolean;
  keywords: string[];
}

export async function saveCategory(ctx: TenantContext & { agencies: AgencyCache }, input: CategoryInput): Promise<void> {
  const { tenant } = ctx;
  const agencies = await ctx.agencies.list(ctx, tenant.id);
  const agency = input.agencyCode ? agencies.find((a) => a.code === input.agencyCode) : undefined;
  if (input.agencyCode && !agency) throw agencyUnknown('/agencyCode');
  await withTenant(ctx.db, tenant.id, async (trx) => {
    await store.upsertCategory(trx, tenant.id, {
      code: input.code,
      name: input.name,
      name_en: input.nameEn ?? null,
      description: input.description ?? null,
      agency_id: agency?.id ?? null,
      requires_location: input.requiresLocation ?? false,
      keywords: input.keywords ?? [],
      active: input.active ?? true,
    });
    await ctx.audit.append(trx, { tenantId: tenant.id, actor: actorRef(ctx.actor), action: 'complaint.category_saved', subject: `complaint_category:${input.code}` });
  });
  ctx.agencies.forgetCategories(tenant.id);
}

/** The tenant's active categories, ordered by name. */
export async function listCategories(ctx: Pick<TenantContext, 'db' | 'tenant'>): Promise<Category[]> {
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectCategories(trx, ctx.tenant.id));
  return rows
    .filter((r) => r.active)
    .map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      description: r.description,
      agencyId: r.agency_id,
      requiresLocation: r.requires_location,
      keywords: r.keywords,
    }));
}

export async function setTierDays(ctx: TenantContext, tiers: TierDays): Promise<void> {
  for (const [name, days] of Object.entries(tiers)) {
    if (!Number.isInteger(days) || days < 1 || days > 366) throw invalid([fieldError(`/${name}`, 'range', 'error.calendar.invalid_days')]);
  }
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await store.upsertTierDays(trx, ctx.tenant.id, tiers);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'complaint.tiers_set', data: { ...tiers } });
  });
}

export async function getTierDays(ctx: Pick<ServiceContext, 'db'> & Pick<TenantContext, 'tenant'>): Promise<TierDays> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectTierDays(trx, ctx.tenant.id));
}
