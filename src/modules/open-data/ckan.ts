// The CKAN-compatible Action API (CKAN 2.10's `/api/3/action/<action>`, also at `/api/action/…` as
// CKAN serves it), so CKAN clients and harvesters read a tenant's datasets as they read any CKAN
// portal. Read-only: package_list, package_show, package_search, organization_list,
// organization_show, resource_show, plus status_show and help_show that clients probe. GET with query
// parameters or POST with a JSON body; answers in CKAN's envelope { help, success, result } and its
// error shapes (ckan/views/api.py): Not Found Error 404, Validation Error 409 ({ field: [message] }),
// Search Query Error 400, an unknown action "Bad request - Action name not known: …" 400.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { findRegion } from '../../platform/regions/index.js';
import { type Dataset, getDataset, getOrganization, getResource, listDatasetNames, listDatasets, listOrganizations, type Organization } from './service.js';
import { LICENSE_INFO } from './licenses.js';

/** The CKAN version whose API this follows (status_show). */
export const CKAN_API_VERSION = '2.10.4';
/** CKAN's ckan.search.rows_max default. */
export const ROWS_MAX = 1000;
const LIST_MAX = 1000;

type Params = Record<string, unknown>;

class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {
    super(String(error.message ?? error.__type));
  }
}

const validation = (fields: Record<string, string>) => new CkanError(409, { __type: 'Validation Error', ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]])) });
const searchError = (message: string) => new CkanError(400, { __type: 'Search Query Error', message: `Search Query is invalid: ${JSON.stringify(message)}` });

/** CKAN's timestamps: UTC without a zone, microseconds. */
const ckanTime = (at: Date) => `${at.toISOString().slice(0, 23)}000`;

function required(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value.trim() === '') throw validation({ [name]: 'Missing value' });
  return value.trim();
}

function integer(params: Params, name: string, fallback: number, max: number): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 0) throw validation({ [name]: 'Invalid integer' });
  return Math.min(value, max);
}

const truthy = (value: unknown) => value === true || value === 'true' || value === 'True' || value === '1';

export interface CkanUrls {
  /** The tenant's public address, e.g. https://portal.example.go.id/t/makassar. */
  site: string;
}

export function organizationDict(urls: CkanUrls, org: Organization | Dataset['publisher'], created: Date | null = null) {
  return {
    id: org.id,
    name: org.name,
    title: org.title,
    display_name: org.title,
    description: org.description ?? '',
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    created: created ? ckanTime(created) : null,
    ...('datasets' in org ? { package_count: org.datasets } : {}),
    url: `${urls.site}/data?penerbit=${encodeURIComponent(org.name)}`,
  };
}

export function resourceDict(urls: CkanUrls, d: Dataset, format: 'CSV' | 'JSON') {
  const latest = d.versions[0]!;
  const csv = format === 'CSV';
  return {
    id: csv ? d.resources.csv : d.resources.json,
    package_id: d.id,
    name: `${d.title} (${format})`,
    description: csv ? 'CSV (UTF-8, RFC 4180), baris pertama adalah nama kolom.' : 'JSON: larik objek, satu per baris tabel, dengan nilai bertipe.',
    format,
    mimetype: csv ? 'text/csv' : 'application/json',
    url: `${urls.site}/data/${d.name}/unduh/${format.toLowerCase()}`,
    url_type: null,
    state: 'active',
    position: csv ? 0 : 1,
    created: ckanTime(d.createdAt),
    last_modified: ckanTime(latest.createdAt),
    metadata_modified: ckanTime(latest.createdAt),
    // The CSV's byte size and hash; the JSON is made from the same version.
    size: csv ? latest.bytes : null,
    hash: csv ? `sha256:${latest.sha256}` : '',
    cache_url: null,
    datastore_active: false,
    version: String(latest.version),
  };
}

export function packageDict(urls: CkanUrls, d: Dataset) {
  const license = LICENSE_INFO[d.licenseId];
  const latest = d.versions[0];
  const tags = d.keywords.map((k) => ({ name: k, display_name: k, state: 'active', vocabulary_id: null }));
  return {
    id: d.id,
    name: d.name,
    title: d.title,
    notes: d.description,
    type: 'dataset',
    state: 'active',
    private: false,
    isopen: true,
    license_id: d.licenseId,
    license_title: license.title,
    license_url: license.url,
    author: d.publisher.title,
    author_email: null,
    maintainer: d.publisher.title,
    maintainer_email: null,
    url: `${urls.site}/data/${d.name}`,
    version: latest ? String(latest.version) : null,
    metadata_created: ckanTime(d.createdAt),
    metadata_modified: ckanTime(d.modifiedAt),
    owner_org: d.publisher.id,
    creator_user_id: null,
    organization: organizationDict(urls, d.publisher),
    num_resources: latest ? 2 : 0,
    resources: latest ? [resourceDict(urls, d, 'CSV'), resourceDict(urls, d, 'JSON')] : [],
    num_tags: tags.length,
    tags,
    groups: [],
    relationships_as_object: [],
    relationships_as_subject: [],
    extras: [
      { key: 'frequency', value: d.frequency },
      { key: 'spatial_code', value: d.spatialCode ?? '' },
      { key: 'spatial_name', value: d.spatialCode ? (findRegion(d.spatialCode)?.name ?? '') : '' },
      { key: 'temporal_start', value: d.temporal.start ?? '' },
      { key: 'temporal_end', value: d.temporal.end ?? '' },
      { key: 'source', value: d.source === 'auto' ? 'otomatis' : 'unggahan instansi' },
    ],
  };
}

/** Splits a Solr-ish query into terms: words, "quoted phrases", field:value and field:"quoted value". */
export function tokenize(query: string): string[] {
  return [...query.matchAll(/[+-]?[\w.]+:\[[^\]]*\]|[+-]?[\w.]+:"[^"]*"|"[^"]*"|\S+/g)].map((m) => m[0]);
}

export interface SearchTerms {
  words: string[];
  organizations?: string[];
  licenseId?: string;
  keyword?: string;
  names?: string[];
  /** A format other than CSV or JSON: nothing matches. */
  impossible: boolean;
}

const unquote = (v: string) => v.replace(/^"(.*)"$/, '$1');

/** The subset of Solr syntax this API understands (docs/open-data.md); anything else is a Search Query Error. */
export function parseSearch(q: string, fq: string): SearchTerms {
  const terms: SearchTerms = { words: [], impossible: false };
  for (const raw of [...tokenize(q), ...tokenize(fq)]) {
    const token = raw.replace(/^\+/, '');
    if (token === '*:*' || token === 'AND' || token === '') continue;
    if (token === 'OR' || token === 'NOT' || token.startsWith('-')) throw searchError(`operator not supported: ${token}`);
    const fielded = /^([\w.]+):(.+)$/.exec(token);
    if (!fielded) {
      terms.words.push(unquote(token).replace(/[*?]/g, ''));
      continue;
    }
    const [, name, value] = fielded as unknown as [string, string, string];
    const v = unquote(value);
    switch (name) {
      case 'organization':
      case 'owner_org':
        terms.organizations = [...(terms.organizations ?? []), v];
        break;
      case 'license_id':
        terms.licenseId = v;
        break;
      case 'tags':
        terms.keyword = v.toLowerCase();
        break;
      case 'name':
        terms.names = [...(terms.names ?? []), v];
        break;
      case 'res_format':
        if (!['CSV', 'JSON'].includes(v.toUpperCase())) terms.impossible = true;
        break;
      case 'title':
      case 'notes':
      case 'text':
        terms.words.push(v);
        break;
      default:
        throw searchError(`field not supported: ${name}`);
    }
  }
  terms.words = terms.words.filter((w) => w.trim() !== '');
  return terms;
}

const SORTS: Record<string, 'title' | 'modified' | 'name'> = {
  'score desc, metadata_modified desc': 'modified',
  'metadata_modified desc': 'modified',
  'title_string asc': 'title',
  'name asc': 'name',
};

const HELP: Record<string, string> = {
  package_list: 'Return a list of the names of the site’s datasets. :param limit: (int) :param offset: (int)',
  package_show: 'Return the metadata of a dataset and its resources. :param id: the id or name of the dataset',
  package_search: 'Search for datasets. :param q: words, or field:value (organization, tags, license_id, name, res_format) :param fq: the same filters :param rows: (int, max 1000) :param start: (int) :param sort: metadata_modified desc | title_string asc | name asc',
  organization_list: 'Return the names of the organizations (the tenant and its agencies). :param all_fields: (bool) :param limit: (int) :param offset: (int)',
  organization_show: 'Return an organization. :param id: its id or name :param include_datasets: (bool)',
  resource_show: 'Return the metadata of a resource. :param id: the resource id',
  status_show: 'Return the API version and site information.',
  help_show: 'Return the help string of an action. :param name: the action',
};

type Action = (request: FastifyRequest, params: Params, urls: CkanUrls) => Promise<unknown>;

const ACTIONS: Record<string, Action> = {
  async package_list(request, params) {
    return listDatasetNames(tenantContextOf(request), { limit: integer(params, 'limit', LIST_MAX, LIST_MAX), offset: integer(params, 'offset', 0, Number.MAX_SAFE_INTEGER) });
  },
  async package_show(request, params, urls) {
    return packageDict(urls, await getDataset(tenantContextOf(request), { idOrName: required(params, 'id') }));
  },
  async package_search(request, params, urls) {
    const rows = integer(params, 'rows', 10, ROWS_MAX);
    const start = integer(params, 'start', 0, Number.MAX_SAFE_INTEGER);
    const q = typeof params.q === 'string' ? params.q : '';
    const fq = typeof params.fq === 'string' ? params.fq : '';
    const sortParam = typeof params.sort === 'string' ? params.sort.trim() : 'score desc, metadata_modified desc';
    const sort = SORTS[sortParam];
    if (!sort) throw searchError(`sort not supported: ${sortParam}`);
    const terms = parseSearch(q, fq);
    const result = terms.impossible
      ? { count: 0, datasets: [] }
      : await listDatasets(tenantContextOf(request), {
          words: [...terms.words, ...(terms.names ?? [])],
          ...(terms.organizations ? { organizations: terms.organizations } : {}),
          ...(terms.licenseId ? { licenseId: terms.licenseId } : {}),
          ...(terms.keyword ? { keyword: terms.keyword } : {}),
          sort,
          limit: rows,
          offset: start,
        });
    return { count: result.count, sort: sortParam, results: result.datasets.map((d) => packageDict(urls, d)), facets: {}, search_facets: {} };
  },
  async organization_list(request, params, urls) {
    const orgs = (await listOrganizations(tenantContextOf(request))).sort((a, b) => a.name.localeCompare(b.name));
    const page = orgs.slice(integer(params, 'offset', 0, Number.MAX_SAFE_INTEGER)).slice(0, integer(params, 'limit', LIST_MAX, LIST_MAX));
    return truthy(params.all_fields) ? page.map((o) => organizationDict(urls, o)) : page.map((o) => o.name);
  },
  async organization_show(request, params, urls) {
    const ctx = tenantContextOf(request);
    const org = await getOrganization(ctx, { idOrName: required(params, 'id') });
    const dict = organizationDict(urls, org);
    if (!truthy(params.include_datasets)) return dict;
    const { datasets } = await listDatasets(ctx, { organizations: [org.name], sort: 'name', limit: ROWS_MAX, offset: 0 });
    return { ...dict, packages: datasets.map((d) => packageDict(urls, d)) };
  },
  async resource_show(request, params, urls) {
    const { dataset, format } = await getResource(tenantContextOf(request), { id: required(params, 'id') });
    return resourceDict(urls, dataset, format);
  },
  async status_show(request, _params, urls) {
    return { ckan_version: CKAN_API_VERSION, site_url: urls.site, site_title: `Satu Data ${request.tenant?.name ?? ''}`.trim(), site_description: '', locale_default: 'id', extensions: [] };
  },
  async help_show(_request, params) {
    const name = required(params, 'name');
    const help = HELP[name];
    if (!help) throw new CkanError(404, { __type: 'Not Found Error', message: 'Not found: Action function not found' });
    return help;
  },
};

/** A module's refusal as CKAN words it. */
function ckanErrorOf(error: unknown): CkanError | undefined {
  if (error instanceof CkanError) return error;
  if (error instanceof DomainError && error.status === 404) return new CkanError(404, { __type: 'Not Found Error', message: 'Not found' });
  if (error instanceof DomainError && error.status === 400) {
    const fields = Object.fromEntries(error.fieldErrors.map((f) => [f.field.replace(/^\//, ''), f.code]));
    return new CkanError(409, { __type: 'Validation Error', ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]])) });
  }
  return undefined;
}

export function registerCkanRoutes(app: FastifyInstance, publicBaseUrl: string) {
  const handler = async (request: FastifyRequest<{ Params: { action: string } }>, reply: FastifyReply) => {
    const name = request.params.action;
    const tenant = tenantContextOf(request).tenant;
    const urls = { site: `${publicBaseUrl.replace(/\/$/, '')}/t/${tenant.slug}` };
    const help = `${urls.site}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    reply.header('access-control-allow-origin', '*');
    if (!action) return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify(`Bad request - Action name not known: ${name}`));
    const body = request.method === 'POST' ? request.body : request.query;
    if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
      return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify('Bad request - JSON Error: Request data JSON decoded but it needs to be a dictionary.'));
    }
    try {
      const result = await action(request, (body ?? {}) as Params, urls);
      return reply.type('application/json; charset=utf-8').send({ help, success: true, result });
    } catch (error) {
      const ckan = ckanErrorOf(error);
      if (!ckan) throw error;
      return reply.code(ckan.status).type('application/json; charset=utf-8').send({ help, success: false, error: ckan.error });
    }
  };
  const options = { schema: { hide: true }, config: { policy: 'open_data.public' as const } };
  for (const url of ['/api/3/action/:action', '/api/action/:action']) {
    app.get(url, options, handler);
    app.post(url, options, handler);
  }
}
