// Where people find each module's pages. A module declares its entry pages from its module.ts — the
// words, the path, where they show and the policy that decides who sees them — and the page frame and
// the home pages ask here: the header of every page (sign in and register, or the account, "Laporan
// saya", the inbox and "Keluar"), the tenant's home page (what a module offers everyone, and per
// agency), the officer's home page (the queues and administration pages their roles open). So a new
// module adds its pages to the navigation without touching the layout or another module, and nobody
// is shown a link the policy would refuse them. web/ knows no module: the entries are registered.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type PolicyKey, type Principal } from '../platform/auth/index.js';
import { isApiRequest } from '../platform/http/plugins.js';
import type { MessageKey } from '../platform/i18n/index.js';

export type NavPlace =
  /** The header of every page of a tenant. */
  | 'header'
  /** The tenant's home page: what a module offers (a link, or a search form). */
  | 'tenant-home'
  /** Each agency on the tenant's home page; `:agency` in the path becomes the agency's code. */
  | 'agency'
  /** The officer's home page (/petugas), grouped by the roles that open each entry. */
  | 'officer-home';

export interface NavEntry {
  place: NavPlace;
  label: MessageKey;
  /** A path under the tenant ('/pengaduan/baru'); pages put the tenant's base path in front. */
  path: string;
  /** Who sees the entry: whoever the policy lets in (`can(principal, policy)`). */
  policy: PolicyKey;
  /** Only these kinds of person, besides the policy: "Masuk" is for the signed out only. */
  for?: readonly Principal['kind'][];
  /** A sentence under the link (home pages). */
  hint?: MessageKey;
  /** Header: a number worth showing with the label (unread messages), asked once per page. */
  count?: (request: FastifyRequest) => Promise<number>;
  /** The label when the count is above zero, with `{count}`. */
  countLabel?: MessageKey;
  /** A button that POSTs to the path (with the CSRF token) instead of a link: "Keluar". */
  method?: 'post';
  /** Tenant home: a search form (GET `path` with the field `name`) instead of a link; `label` labels the field. */
  search?: { name: string; button: MessageKey };
  /** A path outside the tenant (the API documentation). */
  absolute?: boolean;
  /** Place within its place, smaller first (default 100). */
  order?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every module's entry pages (registerNavigation). */
    navigation: NavEntry[];
  }
  interface FastifyRequest {
    /** The header entries' counts for this page, by path (computed before the handler). */
    navigationCounts?: ReadonlyMap<string, number>;
  }
}

/** A module's entry pages. The first call also starts counting the header's numbers for each page. */
export function registerNavigation(app: FastifyInstance, entries: readonly NavEntry[]): void {
  if (!app.hasDecorator('navigation')) {
    app.decorate('navigation', []);
    // Counts are asked only for a page a signed-in person opens (not the API, not a form's POST).
    app.addHook('preHandler', async (request) => {
      if (request.method !== 'GET' || request.routeOptions.schema?.hide !== true || isApiRequest(request)) return;
      const counted = visibleEntries(request, 'header').filter((e) => e.count);
      if (counted.length === 0) return;
      const counts = await Promise.all(counted.map(async (e) => [e.path, await e.count!(request)] as const));
      request.navigationCounts = new Map(counts);
    });
  }
  app.navigation.push(...entries);
}

/** The entries of a place this request's person may use, in order; none outside a tenant. */
export function visibleEntries(request: FastifyRequest, place: NavPlace): NavEntry[] {
  if (!request.tenant) return [];
  const all = request.server.hasDecorator('navigation') ? request.server.navigation : [];
  const principal = request.principal;
  return all
    .filter((e) => e.place === place && (!e.for || e.for.includes(principal.kind)) && can(principal, e.policy))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

/** Where an entry leads from this request's page. */
export function entryHref(request: FastifyRequest, entry: NavEntry, agencyCode?: string): string {
  const path = agencyCode === undefined ? entry.path : entry.path.replace(':agency', encodeURIComponent(agencyCode));
  return entry.absolute ? path : `${request.basePath}${path}`;
}
