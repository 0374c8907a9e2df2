// Open311 GeoReport v2 (docs/complaints.md, decision 0013) under /open311/v2/: discovery, services
// (= the tenant's complaint categories), service definitions, requests (GET list / POST with
// api_key), request by id, tokens, and FixMyStreet's servicerequestupdates extension. XML (required
// by the standard) and JSON, chosen by the extension. jurisdiction_id is the tenant's slug. Only
// published reports (publication.ts: verified by a coordinator, public or anonymous, not hidden) are
// listed, shown or followed; no reporter field is ever returned and the published text is masked
// (NIK, phone numbers, e-mail addresses); media_url only where the report's photos are public.
// Input is validated by TypeBox schemas (the POST's built from the intake contract, intake/open311.ts,
// which translates it onto a report), which also document the routes in /api/openapi.json. Every refusal answers in the
// standard's error format — an array of {code, description}, XML or JSON by the path — with the
// status the standard gives (400/403/404; 413 and 429 kept, as a client must tell them apart); a
// fault of the server stays a 5xx.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { DomainError, FieldError, PendingFieldError } from '../../../platform/errors.js';
import { contextOf, readFromReplica } from '../../../platform/http/request-context.js';
import { toDomainError } from '../../../platform/http/plugins.js';
import type { TenantInfo, TenantLookup } from '../../../platform/http/tenant.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import { type Category, listCategories } from '../categories.js';
import type { ViewContext } from '../context.js';
import { open311Error } from '../errors.js';
import { KINDS, LIMITS, PRIVACY_MODES } from '../intake/contract.js';
import { JurisdictionId, OPEN311_FIELD, Open311PostBody, type Open311PostBodyT, submitOpen311Request } from '../intake/open311.js';
import type { IntakeDeps } from '../intake/service.js';
import { maskPersonalData } from '../mask.js';
import '../policies.js';
import { publicText } from '../publication.js';
import type { ComplaintRow } from '../store.js';
import { normalizeTrackingNumber } from '../tracking.js';
import { CLOSED_STATUSES, isOpen, OPEN_STATUSES } from '../workflow.js';
import { type PublicResponseCache, sendPublic } from './public-cache.js';
import { getComplaintNumber, getPublishedReport, listPublishedReports, listPublishedStatusChanges, withPublicPhotos } from './service.js';

export const OPEN311_MAX_DAYS = 90;
export const OPEN311_MAX_RESULTS = 1000;
/** servicerequestupdates without a start_date: the day before end_date (FixMyStreet asks for two hours). */
const UPDATES_DEFAULT_MS = 86_400_000;
/** 4,000 characters of description percent-encoded as UTF-8 (up to 12 bytes each with emoji) fit, with the other fields. */
const POST_BODY_LIMIT = 64 * 1024;
const DAY = 86_400_000;
const BASE = '/open311/v2';

type Format = 'json' | 'xml';

// ---- schemas (validation and /api/openapi.json) ----

const W3CDateTime = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description: `${description}; W3C date-time with a zone, e.g. 2026-03-16T10:00:00+08:00` });

// Other parameters are allowed and ignored: clients send their own (FixMyStreet: api_key on GETs, device_id…).
const JurisdictionQuery = Type.Object({ jurisdiction_id: Type.Optional(JurisdictionId) });

const RequestsQuery = Type.Object({
  jurisdiction_id: Type.Optional(JurisdictionId),
  service_request_id: Type.Optional(Type.String({ maxLength: 16 * OPEN311_MAX_RESULTS, description: 'Tracking numbers, comma-separated; overrides the other filters' })),
  service_code: Type.Optional(Type.String({ maxLength: 2000, description: 'Service codes, comma-separated' })),
  start_date: Type.Optional(W3CDateTime('Earliest requested_datetime (default: 90 days before end_date)')),
  end_date: Type.Optional(W3CDateTime('Latest requested_datetime (default: now); at most 90 days after start_date')),
  status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))*$', description: 'open, closed or both, comma-separated' })),
});

const UpdatesQuery = Type.Object({
  jurisdiction_id: Type.Optional(JurisdictionId),
  start_date: Type.Optional(W3CDateTime('Earliest update (default: a day before end_date)')),
  end_date: Type.Optional(W3CDateTime('Latest update (default: now); at most 90 days after start_date')),
  api_key: Type.Optional(Type.String({ maxLength: 200, description: 'Sent by FixMyStreet; not needed (the updates are public)' })),
});

const FileParams = Type.Object({ file: Type.String({ maxLength: 200, description: 'The id followed by .xml or .json' }) });

// ---- XML and JSON ----

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

/** Elements in key order; arrays repeat `itemName`; null/undefined become empty elements. */
function toXml(name: string, value: XmlValue, itemName?: (parent: string) => string): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = itemName?.(name) ?? 'item';
    return `<${name}>${value.map((v) => toXml(child, v, itemName)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => toXml(k, v, itemName))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

const ITEM: Record<string, string> = {
  service_requests: 'request',
  service_request_updates: 'request_update',
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

function render(format: Format, root: string, body: XmlValue): { body: string; type: string } {
  if (format === 'json') return { body: JSON.stringify(body), type: 'application/json; charset=utf-8' };
  const xml = `<?xml version="1.0" encoding="utf-8"?>${toXml(root, body, (parent) => ITEM[parent] ?? 'item')}`;
  return { body: xml, type: 'text/xml; charset=utf-8' };
}

function send(reply: FastifyReply, format: Format, root: string, body: XmlValue, status = 200) {
  const out = render(format, root, body);
  return reply.code(status).header('cache-control', 'no-cache').type(out.type).send(out.body);
}

// ---- errors ----

const refuse = open311Error;

/** The format of a path: .json is JSON; anything else XML, the standard's required format. */
function formatOfPath(url: string): Format {
  return /\.json$/i.test(url.split('?')[0]!) ? 'json' : 'xml';
}

/** The standard's statuses (400/403/404); a too large body and a rate limit keep theirs, a fault stays a 5xx. */
function open311Status(status: number): number {
  if (status >= 500 || status === 413 || status === 429) return status;
  if (status === 401 || status === 403) return 403;
  if (status === 404 || status === 405) return 404;
  return 400;
}

function fieldName(field: string): string {
  return OPEN311_FIELD.get(field) ?? field.replace(/^(body|querystring|params)?\//, '');
}

/** One description per field error, named as the client sent it; else the error's own message. */
function descriptionsOf(error: DomainError, lang: Lang): string[] {
  if (error.fieldErrors.length === 0) return [t(lang, error.messageKey, error.vars)];
  return error.fieldErrors.map((f: FieldError | PendingFieldError) => `${fieldName(f.field)}: ${'messageKey' in f ? t(lang, f.messageKey, f.vars) : f.message}`);
}

function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const format = formatOfPath(request.url);
  // A path parameter that fails its schema names no resource there is.
  const domain =
    error.validation && error.validationContext === 'params'
      ? refuse(404, 'error.open311.not_found')
      : toDomainError(request, error, request.routeOptions.bodyLimit ?? POST_BODY_LIMIT);
  const status = open311Status(domain.status);
  if (status >= 500) request.log.error({ err: error }, 'open311 failure');
  if (status === 429) reply.header('retry-after', String(domain.vars.seconds ?? 60));
  const errors = descriptionsOf(domain, request.lang).map((description) => ({ code: status, description }));
  return send(reply, format, 'errors', errors, status);
}

/**
 * "Optional" in the standard: an empty parameter is the same as none. A parameter the route declares
 * that comes more than once is refused by name (the standard separates several values by commas);
 * undeclared ones (FixMyStreet repeats media_url) are left alone.
 */
async function normalizeParameters(request: FastifyRequest) {
  const schema = request.routeOptions.schema as { body?: { properties?: object }; querystring?: { properties?: object } } | undefined;
  for (const [values, declared] of [
    [request.query, schema?.querystring?.properties],
    [request.body, schema?.body?.properties],
  ] as const) {
    if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
    const record = values as Record<string, unknown>;
    for (const [name, value] of Object.entries(record)) {
      if (value === '') delete record[name];
      else if (Array.isArray(value) && declared && Object.hasOwn(declared, name)) throw refuse(400, 'error.open311.repeated', { name });
    }
  }
}

// ---- mapping ----

/** ISO 8601 with the tenant's offset, e.g. 2026-03-16T10:00:00+08:00 (Indonesia has no DST). */
export function zoned(date: Date, timeZone: string): string {
  const offsetMinutes = { 'Asia/Jakarta': 420, 'Asia/Makassar': 480, 'Asia/Jayapura': 540 }[timeZone] ?? 420;
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const h = String(Math.floor(offsetMinutes / 60)).padStart(2, '0');
  const m = String(offsetMinutes % 60).padStart(2, '0');
  return `${local}+${h}:${m}`;
}

/** The state in the reporter's words (as the pages say it): a closing or a merge names its outcome. */
function statusLabel(lang: Lang, status: string, outcome: string | null): string {
  const key = outcome && (status === 'closed' || outcome === 'duplicate') ? `cp.status.closed.${outcome}` : `cp.status.${status}`;
  return t(lang, key as MessageKey);
}

interface MapContext {
  tenant: TenantInfo;
  categories: Category[];
  agencies: { id: string; name: string }[];
  lang: Lang;
  photoBase: string;
}

/** A public report as an Open311 request: masked text, no reporter fields at all. */
function toRequest(row: ComplaintRow, m: MapContext, hasPhoto: boolean) {
  const category = m.categories.find((c) => c.code === row.category_code);
  return {
    service_request_id: row.tracking_number,
    status: isOpen(row.status) ? 'open' : 'closed',
    status_notes: statusLabel(m.lang, row.status, row.outcome),
    service_name: category ? (m.lang === 'en' && category.nameEn ? category.nameEn : category.name) : null,
    service_code: row.category_code,
    description: publicText(row).description.slice(0, LIMITS.description),
    agency_responsible: m.agencies.find((a) => a.id === row.agency_id)?.name ?? null,
    service_notice: null,
    requested_datetime: zoned(row.submitted_at, m.tenant.timeZone),
    updated_datetime: zoned(row.updated_at, m.tenant.timeZone),
    expected_datetime: row.due_at ? zoned(row.due_at, m.tenant.timeZone) : row.resolution_due_at ? zoned(row.resolution_due_at, m.tenant.timeZone) : null,
    address: row.address ? maskPersonalData(row.address) : null,
    address_id: null,
    zipcode: null,
    lat: row.latitude,
    long: row.longitude,
    media_url: hasPhoto ? `${m.photoBase}/api/v1/complaints/${row.id}/photos/0` : null,
  };
}

function toService(c: Category, m: MapContext) {
  const name = m.lang === 'en' && c.nameEn ? c.nameEn : c.name;
  const agency = m.agencies.find((a) => a.id === c.agencyId)?.name;
  // A category without a description of its own still tells a client what it is for.
  const description =
    c.description ??
    [t(m.lang, 'open311.service.about', { name }), agency ? t(m.lang, 'open311.service.agency', { agency }) : '', c.requiresLocation ? t(m.lang, 'open311.service.location') : '']
      .filter(Boolean)
      .join(' ');
  return { service_code: c.code, service_name: name, description, metadata: true, type: 'realtime', keywords: c.keywords.join(',') || null, group: null };
}

function serviceDefinition(c: Category, lang: Lang) {
  const values = (prefix: string, keys: readonly string[]) => keys.map((key) => ({ key, name: t(lang, `${prefix}.${key}` as MessageKey) }));
  const attribute = (code: string, order: number, datatype: string, hint: string, extra: object = {}) => ({
    variable: true,
    code,
    datatype,
    required: false,
    datatype_description: hint,
    order,
    description: t(lang, `open311.attr.${code}` as MessageKey),
    ...extra,
  });
  return {
    service_code: c.code,
    attributes: [
      attribute('kind', 1, 'singlevaluelist', t(lang, 'open311.attr.kind.hint'), { values: values('cp.kind', KINDS) }),
      attribute('privacy', 2, 'singlevaluelist', t(lang, 'open311.attr.privacy.hint'), { values: values('cp.privacy', PRIVACY_MODES) }),
      attribute('title', 3, 'string', t(lang, 'open311.attr.title.hint', { limit: LIMITS.title })),
    ],
  };
}

type StatusChange = Awaited<ReturnType<typeof listPublishedStatusChanges>>[number];

/** The reporter's own words (a rating comment, a reopening reason) stay out of the updates: only the government's. */
const REPORTER_ACTIONS = new Set(['confirmed_resolved', 'confirmed_unresolved', 'reopened']);

/** How the change ended a report, from the action that made it (a closing keeps the report's outcome). */
function outcomeOf(change: StatusChange): string | null {
  const byAction: Record<string, string> = { merge: 'duplicate', transfer: 'transferred', confirmed_resolved: 'resolved', confirmed_unresolved: 'unresolved' };
  return byAction[change.action] ?? (change.to_status === 'closed' ? change.outcome : null);
}

/**
 * The state as FixMyStreet's extended statuses (its "Open311 FMS — additional states"), which its
 * client maps onto its own: a rejection or a closing says how it ended.
 */
function updateStatus(change: StatusChange, outcome: string | null): string {
  switch (change.to_status) {
    case 'verified':
      return 'INVESTIGATING';
    case 'forwarded':
    case 'in_follow_up':
    case 'responded':
      return 'IN_PROGRESS';
    case 'closed':
    case 'rejected': {
      const ground = change.action === 'reject' ? change.body : null;
      if (outcome === 'resolved') return 'FIXED';
      if (outcome === 'duplicate' || ground === 'duplicate') return 'DUPLICATE';
      if (outcome === 'transferred' || ground === 'out_of_scope') return 'NOT_COUNCILS_RESPONSIBILITY';
      return 'NO_FURTHER_ACTION';
    }
    default:
      return 'OPEN';
  }
}

/** A status change as a request_update: masked text, the answer's first picture as media_url. */
function toUpdate(change: StatusChange, m: MapContext) {
  const outcome = outcomeOf(change);
  const label = statusLabel(m.lang, change.to_status!, outcome);
  const reason = !REPORTER_ACTIONS.has(change.action) && change.reason ? `: ${maskPersonalData(change.reason)}` : '';
  const picture = change.files.find((f) => f.mime.startsWith('image/'));
  return {
    update_id: String(change.id),
    service_request_id: change.tracking_number,
    status: updateStatus(change, outcome),
    updated_datetime: zoned(change.at, m.tenant.timeZone),
    description: change.action === 'answer' && change.body ? maskPersonalData(change.body) : `${label}${reason}`,
    media_url: picture ? `${m.photoBase}/api/v1/complaints/${picture.complaint_id}/attachments/${picture.id}` : null,
  };
}

// ---- handlers ----

function fileOf(request: FastifyRequest): { name: string; format: Format } {
  // Already percent-decoded by the router: decoding again would fail on a literal '%'.
  const m = /^(.+)\.(json|xml)$/.exec((request.params as Static<typeof FileParams>).file);
  if (!m) throw refuse(404, 'error.open311.not_found');
  return { name: m[1]!, format: m[2] as Format };
}

/** The window asked for: defaults from the end (now) backwards, never longer than OPEN311_MAX_DAYS. */
function windowOf(q: { start_date?: string; end_date?: string }, defaultSpan: number, now: Date): { since: Date; until: Date } {
  const until = q.end_date ? new Date(q.end_date) : now;
  const since = q.start_date ? new Date(q.start_date) : new Date(until.getTime() - defaultSpan);
  if (since > until) throw refuse(400, 'error.open311.date_order');
  if (until.getTime() - since.getTime() > OPEN311_MAX_DAYS * DAY) throw refuse(400, 'error.open311.date_span', { days: OPEN311_MAX_DAYS });
  return { since, until };
}

const list = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export interface Open311Deps {
  /** What a POST submits with (the intake part's collaborators). */
  intake: IntakeDeps;
  tenants: TenantLookup;
  cache: PublicResponseCache;
}

export function registerOpen311Routes(app: FastifyInstance, deps: Open311Deps) {
  const { cache } = deps;
  const publicBaseUrl = deps.intake.publicBaseUrl;

  /** The tenant named by the host, the /t/<slug> path or jurisdiction_id (which must agree). */
  async function tenantOf(request: FastifyRequest): Promise<TenantInfo> {
    const params = { ...(request.query as object), ...(request.method === 'POST' ? (request.body as object) : {}) } as { jurisdiction_id?: string };
    const jurisdiction = params.jurisdiction_id;
    if (request.tenant) {
      if (jurisdiction && jurisdiction !== request.tenant.slug) throw refuse(404, 'error.open311.jurisdiction_unknown', { id: jurisdiction });
      return request.tenant;
    }
    if (!jurisdiction) throw refuse(400, 'error.open311.jurisdiction_required');
    const tenant = await deps.tenants.bySlugOrUndefined(jurisdiction);
    if (!tenant) throw refuse(404, 'error.open311.jurisdiction_unknown', { id: jurisdiction });
    return tenant;
  }

  /** The request's context for the jurisdiction's tenant. */
  async function viewContext(request: FastifyRequest): Promise<ViewContext> {
    return { ...contextOf(request), tenant: await tenantOf(request), agencies: deps.intake.agencies };
  }

  async function mapContext(ctx: ViewContext): Promise<MapContext> {
    const [categories, agencies] = await Promise.all([listCategories(ctx), ctx.agencies.list(ctx, ctx.tenant.id)]);
    return { tenant: ctx.tenant, categories, agencies, lang: ctx.lang, photoBase: `${publicBaseUrl}/t/${ctx.tenant.slug}` };
  }

  /** Published reports as service_requests, each with its first photo's address when it has one and its photos are public. */
  async function renderRequests(ctx: ViewContext, format: Format, rows: ComplaintRow[]) {
    const [m, withPhotos] = await Promise.all([mapContext(ctx), withPublicPhotos(ctx, rows)]);
    return render(format, 'service_requests', rows.map((r) => toRequest(r, m, withPhotos.has(r.id))));
  }

  type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /**
   * A route at BASE/path, and again at BASE//path: discovery advertises the base with a trailing
   * slash and some clients append "/services.xml" to it. Only the first is in the OpenAPI document.
   */
  function route(method: HTTPMethods, path: string, schema: Record<string, unknown>, handler: Handler, bodyLimit?: number) {
    const options = { config: { policy: 'open311.public' as const, csrf: false as const }, errorHandler, preValidation: normalizeParameters, ...(bodyLimit ? { bodyLimit } : {}) };
    app.route({ method, url: `${BASE}/${path}`, ...options, schema: { tags: ['complaints'], ...schema }, handler });
    app.route({ method, url: `${BASE}//${path}`, ...options, schema: { ...schema, operationId: undefined, hide: true }, handler });
  }

  for (const format of ['json', 'xml'] as const) {
    const X = format.toUpperCase();
    const docs = (operationId: string, summary: string) => ({ operationId: `${operationId}${X}`, summary: `${summary} (Open311 GeoReport v2, ${X})` });

    route('GET', `discovery.${format}`, docs('open311Discovery', 'Penemuan layanan / Service discovery'), async (request, reply) => {
      const base = `${publicBaseUrl}${request.basePath}${BASE}/`;
      return send(reply, format, 'discovery', {
        changeset: '2026-12-01T00:00:00+07:00',
        contact: t(request.lang, 'open311.contact'),
        key_service: t(request.lang, 'open311.key_service'),
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: '2026-12-01T00:00:00+07:00',
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    });

    route('GET', `services.${format}`, { ...docs('open311ListServices', 'Jenis laporan / Services (complaint categories)'), querystring: JurisdictionQuery }, async (request, reply) => {
      const m = await mapContext(await viewContext(request));
      return send(reply, format, 'services', m.categories.map((c) => toService(c, m)));
    });

    route(
      'GET',
      `requests.${format}`,
      {
        ...docs('open311ListRequests', 'Laporan terbit / Published reports (masked)'),
        description: `Published reports only, newest first; at most ${OPEN311_MAX_RESULTS} results and ${OPEN311_MAX_DAYS} days.`,
        querystring: RequestsQuery,
      },
      async (request, reply) => {
        const ctx = await viewContext(request);
        return sendPublic(request, reply, cache, ctx.tenant.id, async () => {
          const q = request.query as Static<typeof RequestsQuery>;
          const ids = list(q.service_request_id)?.map((s) => normalizeTrackingNumber(s) ?? '(invalid)');
          const { since, until } = windowOf(ids ? {} : q, OPEN311_MAX_DAYS * DAY, ctx.now());
          const statuses = list(q.status)?.flatMap((s) => (s === 'open' ? OPEN_STATUSES : CLOSED_STATUSES));
          // Published reports tolerate the read replica's bounded staleness (docs/operations.md).
          return readFromReplica(request, ctx, async (replica) => {
            const rows = await listPublishedReports(replica, {
              limit: OPEN311_MAX_RESULTS,
              trackingNumbers: ids,
              since: ids ? undefined : since,
              until: ids ? undefined : until,
              categoryCodes: list(q.service_code),
              statuses,
            });
            return renderRequests(replica, format, rows);
          });
        });
      },
    );

    route(
      'POST',
      `requests.${format}`,
      {
        ...docs('open311CreateRequest', 'Kirim laporan / Submit a report with an api_key'),
        description:
          'Form-encoded as the standard says (JSON is accepted too). One location: lat and long, address_string or address_id. ' +
          'Answered synchronously: service_request_id is the tracking number; an anonymous report gets its secret code once, in service_notice.',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: Open311PostBody,
      },
      async (request, reply) => {
        const ctx = { ...contextOf(request), tenant: await tenantOf(request), ...deps.intake };
        const result = await submitOpen311Request(ctx, request.body as Open311PostBodyT);
        const notice = result.secretCode ? t(request.lang, 'open311.secret_code', { code: result.secretCode }) : null;
        return send(reply, format, 'service_requests', [{ service_request_id: result.trackingNumber, token: result.id, service_notice: notice, account_id: null }]);
      },
      POST_BODY_LIMIT,
    );

    route(
      'GET',
      `servicerequestupdates.${format}`,
      {
        ...docs('open311ListRequestUpdates', 'Perubahan status / Status changes of published reports (FixMyStreet servicerequestupdates)'),
        description:
          'The mySociety extension FixMyStreet polls: each status change of a published report in the window, oldest first ' +
          `(at most ${OPEN311_MAX_RESULTS}: ask again from the last updated_datetime), with FixMyStreet's extended statuses. Masked; no reporter data.`,
        querystring: UpdatesQuery,
      },
      async (request, reply) => {
        const ctx = await viewContext(request);
        const window = windowOf(request.query as Static<typeof UpdatesQuery>, UPDATES_DEFAULT_MS, ctx.now());
        const changes = await listPublishedStatusChanges(ctx, { ...window, limit: OPEN311_MAX_RESULTS });
        const m = await mapContext(ctx);
        return send(reply, format, 'service_request_updates', changes.map((c) => toUpdate(c, m)));
      },
    );
  }

  route('GET', 'services/:file', { operationId: 'open311GetServiceDefinition', summary: 'Atribut jenis laporan / Service definition (.xml or .json)', params: FileParams, querystring: JurisdictionQuery }, async (request, reply) => {
    const { name, format } = fileOf(request);
    const category = (await listCategories(await viewContext(request))).find((c) => c.code === name);
    if (!category) throw refuse(404, 'error.open311.service_unknown', { code: name });
    return send(reply, format, 'service_definition', serviceDefinition(category, request.lang));
  });

  route('GET', 'requests/:file', { operationId: 'open311GetRequest', summary: 'Satu laporan terbit / One published report (.xml or .json)', params: FileParams, querystring: JurisdictionQuery }, async (request, reply) => {
    const { name, format } = fileOf(request);
    const ctx = await viewContext(request);
    const number = normalizeTrackingNumber(name);
    return sendPublic(request, reply, cache, ctx.tenant.id, async () => {
      const row = number ? await getPublishedReport(ctx, { trackingNumber: number }) : undefined;
      if (!row) throw refuse(404, 'error.open311.request_unknown', { id: name });
      return renderRequests(ctx, format, [row]);
    });
  });

  // POST answers synchronously, so a token resolves at once: the token is the complaint's id. A token
  // of a confidential or anonymous report gives its number and nothing else.
  route('GET', 'tokens/:file', { operationId: 'open311GetToken', summary: 'Nomor laporan dari token / service_request_id of a token (.xml or .json)', params: FileParams, querystring: JurisdictionQuery }, async (request, reply) => {
    const { name, format } = fileOf(request);
    const ctx = await viewContext(request);
    const number = /^[0-9a-f-]{36}$/i.test(name) ? await getComplaintNumber(ctx, { id: name }) : undefined;
    if (!number) throw refuse(404, 'error.open311.token_unknown', { token: name });
    return send(reply, format, 'service_requests', [{ service_request_id: number, token: name }]);
  });

  // Anything else under the base is a resource that does not exist, answered in the standard's format.
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: `${BASE}/*`,
    config: { policy: 'open311.public', csrf: false },
    schema: { hide: true },
    errorHandler,
    handler: async () => {
      throw refuse(404, 'error.open311.not_found');
    },
  });
}
