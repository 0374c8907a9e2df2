// Open311 GeoReport v2 (DOMAIN.md §8) under /open311/v2/: discovery, services (= the tenant's
// complaint categories), service definitions, requests (GET list / POST with api_key), request by
// id, tokens. XML (required by the standard) and JSON, chosen by the extension. jurisdiction_id is
// the tenant's slug. Only published reports (public, and anonymous ones — which have no identity)
// are listed or shown; confidential (rahasia) ones never come back out; no reporter field is ever
// returned and the text is masked (NIK, phone numbers, e-mail addresses).
// Errors: an array of {code, description} with 400/403/404, in both formats.
import { publicCacheFor, sendPublic } from './public-cache.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.js';
import type { TenantInfo } from '../../platform/http/tenant.js';
import { t } from '../../platform/i18n/index.js';
import { maskPersonalData } from './mask.js';
import { type ComplaintRouteDeps, contextFor } from './routes.js';
import type { ComplaintRow } from './store.js';
import {
  type Category,
  getComplaintNumber,
  listCategories,
  publishedWithPhotos,
  selectOpen311Row,
  selectOpen311Rows,
  submitComplaint,
  verifyOpen311Key,
} from './service.js';
import { normalizeTrackingNumber } from './tracking.js';

export const OPEN311_MAX_DAYS = 90;
export const OPEN311_MAX_RESULTS = 1000;
const DAY = 86_400_000;

type Format = 'json' | 'xml';

class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description);
  }
}

// ---- XML ----

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

function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  return send(reply, format, 'errors', [{ code: String(status), description }], status);
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

const STATUS_NOTES: Record<string, { id: string; en: string }> = {
  submitted: { id: 'Diterima, menunggu verifikasi', en: 'Received, awaiting verification' },
  verified: { id: 'Terverifikasi', en: 'Verified' },
  forwarded: { id: 'Diteruskan ke instansi', en: 'Forwarded to the agency' },
  in_follow_up: { id: 'Sedang ditindaklanjuti', en: 'In follow-up' },
  responded: { id: 'Sudah dijawab, menunggu konfirmasi pelapor', en: 'Answered, awaiting the reporter' },
  'closed:resolved': { id: 'Selesai', en: 'Resolved' },
  'closed:unresolved': { id: 'Ditutup — belum terselesaikan', en: 'Closed — not resolved' },
  'closed:transferred': { id: 'Dialihkan ke pemerintah daerah lain', en: 'Transferred to another government' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  'rejected:duplicate': { id: 'Digabung dengan laporan lain (duplikat)', en: 'Merged into another report (duplicate)' },
};

function statusNote(row: ComplaintRow, lang: 'id' | 'en'): string {
  const key = row.outcome && STATUS_NOTES[`${row.status}:${row.outcome}`] ? `${row.status}:${row.outcome}` : row.status;
  return (STATUS_NOTES[key] ?? STATUS_NOTES.submitted!)[lang];
}

interface MapContext {
  tenant: TenantInfo;
  categories: Category[];
  agencies: { id: string; name: string }[];
  lang: 'id' | 'en';
  photoBase: string;
}

/** A public report as an Open311 request: masked text, no reporter fields at all. */
function toRequest(row: ComplaintRow, m: MapContext, hasPhoto: boolean) {
  const category = m.categories.find((c) => c.code === row.category_code);
  return {
    service_request_id: row.tracking_number,
    status: row.status === 'closed' || row.status === 'rejected' ? 'closed' : 'open',
    status_notes: statusNote(row, m.lang),
    service_name: category ? (m.lang === 'en' && category.nameEn ? category.nameEn : category.name) : null,
    service_code: row.category_code,
    description: maskPersonalData(row.description).slice(0, 4000),
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

function toService(c: Category, lang: 'id' | 'en') {
  return {
    service_code: c.code,
    service_name: lang === 'en' && c.nameEn ? c.nameEn : c.name,
    description: c.description,
    metadata: true,
    type: 'realtime',
    keywords: c.keywords.join(',') || null,
    group: null,
  };
}

function serviceDefinition(c: Category, lang: 'id' | 'en') {
  const v = (key: string, id: string, en: string) => ({ key, name: lang === 'en' ? en : id });
  return {
    service_code: c.code,
    attributes: [
      {
        variable: true,
        code: 'kind',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: lang === 'en' ? 'Kind of report (default pengaduan)' : 'Jenis laporan (bawaan: pengaduan)',
        order: 1,
        description: lang === 'en' ? 'Kind' : 'Jenis',
        values: [v('pengaduan', 'Pengaduan', 'Complaint'), v('aspirasi', 'Aspirasi', 'Aspiration'), v('permintaan_informasi', 'Permintaan informasi', 'Information request')],
      },
      {
        variable: true,
        code: 'privacy',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description:
          lang === 'en'
            ? 'public (default), rahasia (confidential: never published) or anonim (no identity kept; a secret code is returned in service_notice)'
            : 'public (bawaan), rahasia (tidak pernah dipublikasikan) atau anonim (tanpa identitas; kode rahasia dikembalikan di service_notice)',
        order: 2,
        description: lang === 'en' ? 'Privacy' : 'Kerahasiaan',
        values: [v('public', 'Publik', 'Public'), v('rahasia', 'Rahasia', 'Confidential'), v('anonim', 'Anonim', 'Anonymous')],
      },
      {
        variable: true,
        code: 'title',
        datatype: 'string',
        required: false,
        datatype_description: lang === 'en' ? 'Short title (≤ 200 characters)' : 'Judul singkat (≤ 200 karakter)',
        order: 3,
        description: lang === 'en' ? 'Title' : 'Judul',
      },
    ],
  };
}

// ---- handlers ----

function formatOf(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, 'format must be .json or .xml');
  return { name: decodeURIComponent(m[1]!), format: m[2] as Format };
}

function parseDate(value: unknown, field: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const d = new Date(String(value));
  if (typeof value !== 'string' || Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new Open311Error(400, `${field} must be a W3C date-time, e.g. 2026-03-16T10:00:00+08:00`);
  }
  return d;
}

export function registerOpen311Routes(app: FastifyInstance, deps: ComplaintRouteDeps) {
  const cache = publicCacheFor(deps);
  async function tenantOf(request: FastifyRequest): Promise<TenantInfo> {
    const q = (request.method === 'POST' ? request.body : request.query) as Record<string, unknown> | undefined;
    const jurisdiction = typeof q?.jurisdiction_id === 'string' && q.jurisdiction_id !== '' ? q.jurisdiction_id : undefined;
    if (request.tenant) {
      if (jurisdiction && jurisdiction !== request.tenant.slug) throw new Open311Error(404, `jurisdiction_id ${jurisdiction} not found`);
      return request.tenant;
    }
    if (!jurisdiction) throw new Open311Error(400, 'jurisdiction_id required');
    const tenant = await deps.tenants.bySlugOrUndefined(jurisdiction);
    if (!tenant) throw new Open311Error(404, `jurisdiction_id ${jurisdiction} not found`);
    return tenant;
  }

  /** Open311 errors for every failure of these routes, never problem+json. */
  const errorHandler = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const file = (request.params as Record<string, string> | undefined)?.file ?? request.url;
    const format: Format = /\.json(\?|$)/.test(file) ? 'json' : 'xml';
    if (error instanceof Open311Error) return sendError(reply, format, error.status, error.description);
    if (error instanceof DomainError) {
      const status = error.status === 404 ? 404 : error.status === 401 || error.status === 403 ? 403 : 400;
      const fields = error.fieldErrors.map((f) => f.field.replace(/^\//, '')).join(', ');
      const title = t(request.lang, error.messageKey, error.vars);
      return sendError(reply, format, status, fields ? `${title} (${fields})` : title);
    }
    const e = error as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode < 500) return sendError(reply, format, e.statusCode === 404 ? 404 : 400, e.message ?? 'bad request');
    request.log.error({ err: error }, 'open311 failure');
    return sendError(reply, format, 400, 'request could not be processed');
  };
  const route = { config: { policy: 'open311.public' as const, csrf: false as const }, schema: { hide: true }, errorHandler };

  async function mapContext(request: FastifyRequest, tenant: TenantInfo): Promise<MapContext> {
    const ctx = contextFor(request, deps);
    const [categories, agencies] = await Promise.all([listCategories(ctx, tenant), ctx.deps.agencies.list(ctx, tenant.id)]);
    return { tenant, categories, agencies, lang: request.lang, photoBase: `${deps.complaints.publicBaseUrl}/t/${tenant.slug}` };
  }

  for (const format of ['json', 'xml'] as const) {
    app.get(`/open311/v2/discovery.${format}`, route, async (request, reply) => {
      const base = `${deps.complaints.publicBaseUrl}${request.basePath}/open311/v2/`;
      return send(reply, format, 'discovery', {
        changeset: '2026-12-01T00:00:00+07:00',
        contact: 'Admin koordinator pengaduan / complaint coordinator of each jurisdiction',
        key_service: request.lang === 'en' ? 'Ask the jurisdiction’s complaint coordinator for an api_key.' : 'Minta api_key kepada admin koordinator pengaduan.',
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

    app.get(`/open311/v2/services.${format}`, route, async (request, reply) => {
      const tenant = await tenantOf(request);
      const categories = await listCategories(deps, tenant);
      return send(reply, format, 'services', categories.map((c) => toService(c, request.lang)));
    });

    app.get(`/open311/v2/requests.${format}`, route, async (request, reply) => {
      const tenant = await tenantOf(request);
      return sendPublic(request, reply, cache, tenant.id, async () => {
      const q = request.query as Record<string, string | undefined>;
      const ids = q.service_request_id ? q.service_request_id.split(',').map((s) => normalizeTrackingNumber(s.trim()) ?? '(invalid)') : undefined;
      const end = parseDate(q.end_date, 'end_date');
      const start = parseDate(q.start_date, 'start_date');
      const until = end ?? new Date();
      const since = start ?? new Date(until.getTime() - OPEN311_MAX_DAYS * DAY);
      if (since > until) throw new Open311Error(400, 'start_date must be before end_date');
      if (!ids && until.getTime() - since.getTime() > OPEN311_MAX_DAYS * DAY) {
        throw new Open311Error(400, `start_date to end_date may span at most ${OPEN311_MAX_DAYS} days`);
      }
      const statuses = q.status ? q.status.split(',').map((s) => s.trim()) : undefined;
      if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
      const internal = statuses
        ? statuses.flatMap((s) => (s === 'open' ? ['submitted', 'verified', 'forwarded', 'in_follow_up', 'responded'] : ['closed', 'rejected']))
        : undefined;
      const rows = await selectOpen311Rows(contextFor(request, deps), tenant, {
        limit: OPEN311_MAX_RESULTS,
        trackingNumbers: ids,
        since: ids ? undefined : since,
        until: ids ? undefined : until,
        categoryCodes: q.service_code ? q.service_code.split(',').map((s) => s.trim()) : undefined,
        statuses: internal as never,
      });
      const m = await mapContext(request, tenant);
      const withPhotos = await publishedWithPhotos(contextFor(request, deps), tenant, rows);
      return render(format, 'service_requests', rows.map((r) => toRequest(r, m, withPhotos.has(r.id))));
      });
    });

    app.post(`/open311/v2/requests.${format}`, { ...route, bodyLimit: 64 * 1024 }, async (request, reply) => {
      const tenant = await tenantOf(request);
      const b = (request.body ?? {}) as Record<string, string | undefined>;
      if (!(await verifyOpen311Key(deps, tenant, b.api_key))) throw new Open311Error(403, 'api_key missing or invalid');
      const code = b.service_code;
      const categories = await listCategories(deps, tenant);
      if (!code || !categories.some((c) => c.code === code)) throw new Open311Error(404, 'service_code not found');
      const lat = b.lat !== undefined && b.lat !== '' ? Number(b.lat) : undefined;
      const long = b.long !== undefined && b.long !== '' ? Number(b.long) : undefined;
      if ((lat === undefined || long === undefined || Number.isNaN(lat) || Number.isNaN(long)) && !b.address_string && !b.address_id) {
        throw new Open311Error(400, 'a location is required: lat and long, address_string or address_id');
      }
      const description = b.description?.trim() ?? '';
      if (!description) throw new Open311Error(400, 'description required');
      if (description.length > 4000) throw new Open311Error(400, 'description may be at most 4000 characters');
      const attr = (k: string) => b[`attribute[${k}]`];
      const kind = attr('kind') ?? 'pengaduan';
      const privacy = attr('privacy') ?? 'public';
      if (!['pengaduan', 'aspirasi', 'permintaan_informasi'].includes(kind)) throw new Open311Error(400, 'attribute[kind] invalid');
      if (!['public', 'rahasia', 'anonim'].includes(privacy)) throw new Open311Error(400, 'attribute[privacy] invalid');
      const name = [b.first_name, b.last_name].filter(Boolean).join(' ') || undefined;
      const ctx = { ...contextFor(request, deps), actor: { kind: 'system' as const, id: 'open311' } };
      const result = await submitComplaint(ctx, tenant, {
        kind: kind as 'pengaduan',
        privacy: privacy as 'public',
        title: attr('title')?.trim() || description.slice(0, 80),
        description,
        categoryCode: code,
        latitude: lat,
        longitude: long,
        address: b.address_string || b.address_id || undefined,
        reporter: { name, email: b.email || undefined, phone: b.phone || undefined },
      });
      const notice = result.secretCode
        ? request.lang === 'en'
          ? `Keep this secret tracking code; it is shown only once: ${result.secretCode}`
          : `Simpan kode pelacakan rahasia ini; hanya ditampilkan sekali: ${result.secretCode}`
        : null;
      return send(reply, format, 'service_requests', [
        { service_request_id: result.trackingNumber, token: result.id, service_notice: notice, account_id: null },
      ]);
    });
  }

  app.get('/open311/v2/services/:file', route, async (request, reply) => {
    const { name, format } = formatOf((request.params as { file: string }).file);
    const tenant = await tenantOf(request);
    const category = (await listCategories(deps, tenant)).find((c) => c.code === name);
    if (!category) throw new Open311Error(404, 'service_code not found');
    return send(reply, format, 'service_definition', serviceDefinition(category, request.lang));
  });

  app.get('/open311/v2/requests/:file', route, async (request, reply) => {
    const { name, format } = formatOf((request.params as { file: string }).file);
    const tenant = await tenantOf(request);
    const number = normalizeTrackingNumber(name);
    return sendPublic(request, reply, cache, tenant.id, async () => {
      const row = number ? await selectOpen311Row(contextFor(request, deps), tenant, number) : undefined;
      if (!row) throw new Open311Error(404, 'service_request_id not found');
      const m = await mapContext(request, tenant);
      const withPhotos = await publishedWithPhotos(contextFor(request, deps), tenant, [row]);
      return render(format, 'service_requests', [row].map((r) => toRequest(r, m, withPhotos.has(r.id))));
    });
  });

  // POST answers synchronously, so a token resolves at once: the token is the complaint's id. A token
  // of a confidential or anonymous report gives its number and nothing else.
  app.get('/open311/v2/tokens/:file', route, async (request, reply) => {
    const { name, format } = formatOf((request.params as { file: string }).file);
    const tenant = await tenantOf(request);
    if (!/^[0-9a-f-]{36}$/i.test(name)) throw new Open311Error(404, 'token not found');
    const number = await getComplaintNumber(contextFor(request, deps), tenant, name);
    if (!number) throw new Open311Error(404, 'token not found');
    return send(reply, format, 'service_requests', [{ service_request_id: number, token: name }]);
  });
}
