// The officer's desk: the coordinator's queue (everything open) and an agency's queue, possible
// duplicates of a report, and the response templates an answer can start from.
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../../db/index.js';
import { mayHandle, type OfficerAccess, officerRef } from '../access.js';
import type { ViewContext } from '../context.js';
import { authForbidden, complaintForbidden, complaintNotFound, noSuchAgency } from '../errors.js';
import { findComplaint, type ListItem, listItem } from '../views.js';
import { AGENCY_QUEUE_STATUSES, OPEN_STATUSES } from '../workflow.js';
import { requireText } from './service.js';
import * as store from './store.js';

/** An agency of the tenant by its id or code. */
async function agencyByRef(ctx: ViewContext, ref: string) {
  return (await ctx.agencies.list(ctx, ctx.tenant.id)).find((a) => a.id === ref || a.code === ref);
}

/** The coordinator's queue (everything open), or an agency's (forwarded to it): 404 for an unknown agency, 403 for another's. */
export async function listQueue(ctx: ViewContext, input: { access: OfficerAccess; agency?: string }): Promise<ListItem[]> {
  const agency = input.agency ? await agencyByRef(ctx, input.agency) : undefined;
  if (input.agency && !agency) throw complaintNotFound();
  if (agency ? !mayHandle(input.access, agency.id) : !input.access.coordinator) throw complaintForbidden();
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    store.selectQueue(trx, ctx.tenant.id, { agencyId: agency?.id, statuses: agency ? AGENCY_QUEUE_STATUSES : OPEN_STATUSES, limit: 500 }),
  );
  const agencies = await ctx.agencies.list(ctx, ctx.tenant.id);
  return rows.map((r) => listItem(r, agencies, ctx.now(), true));
}

// ---- duplicates ----

function tokens(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 2),
  );
}

/** Jaccard similarity of the word sets (words of 3+ letters). */
export function textSimilarity(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / (x.size + y.size - both);
}

export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export const DUPLICATE_RADIUS_M = 300;
export const DUPLICATE_MIN_SIMILARITY = 0.25;
const DUPLICATE_WINDOW_DAYS = 60;

/** Possible duplicates: reports of the last 60 days within 300 m whose text is similar. */
export async function suggestDuplicates(ctx: ViewContext, input: { access: OfficerAccess; ref: string }) {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, async (trx) => {
    const row = await findComplaint(trx, tenantId, input.ref);
    if (!row || !mayHandle(input.access, row.agency_id)) throw complaintNotFound();
    if (row.latitude === null || row.longitude === null) return [];
    const dLat = DUPLICATE_RADIUS_M / 111_000;
    const dLon = dLat / Math.max(Math.cos((row.latitude * Math.PI) / 180), 0.01);
    const since = new Date(row.submitted_at.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000);
    const box = { minLat: row.latitude - dLat, maxLat: row.latitude + dLat, minLon: row.longitude - dLon, maxLon: row.longitude + dLon };
    const candidates = await store.selectNearby(trx, tenantId, box, since, row.id);
    const text = `${row.title} ${row.description}`;
    return candidates
      .map((c) => ({
        id: c.id,
        trackingNumber: c.tracking_number,
        title: c.title,
        status: c.status,
        distanceMeters: Math.round(distanceMeters(row.latitude!, row.longitude!, c.latitude!, c.longitude!)),
        similarity: Math.round(textSimilarity(text, `${c.title} ${c.description}`) * 100) / 100,
      }))
      .filter((c) => c.distanceMeters <= DUPLICATE_RADIUS_M && c.similarity >= DUPLICATE_MIN_SIMILARITY)
      .sort((a, b) => b.similarity - a.similarity);
  });
}

// ---- response templates ----

/** A template for an agency (its handlers, the coordinator) or tenant-wide (the coordinator). */
export async function createResponseTemplate(ctx: ViewContext, input: { access: OfficerAccess; agency?: string; title: string; body: string }) {
  const agency = input.agency ? await agencyByRef(ctx, input.agency) : undefined;
  if (input.agency && !agency) throw noSuchAgency();
  if (agency ? !mayHandle(input.access, agency.id) : !input.access.coordinator) throw complaintForbidden();
  const title = requireText(input.title, '/title');
  const body = requireText(input.body, '/body');
  const id = randomUUID();
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await store.insertTemplate(trx, { tenantId: ctx.tenant.id, id, agencyId: agency?.id ?? null, title, body });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: officerRef(input.access), action: 'complaint.template_created', subject: `complaint_template:${id}` });
  });
  return { id, title, body, agencyId: agency?.id ?? null };
}

/** The tenant-wide templates, and an agency's when one is named (403 for an agency the officer does not handle). */
export async function listResponseTemplates(ctx: ViewContext, input: { access: OfficerAccess; agency?: string | null }) {
  const agency = input.agency ? await agencyByRef(ctx, input.agency) : undefined;
  if (input.agency && (!agency || !mayHandle(input.access, agency.id))) throw authForbidden();
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectTemplates(trx, ctx.tenant.id, agency?.id ?? null));
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, agencyId: r.agency_id }));
}
