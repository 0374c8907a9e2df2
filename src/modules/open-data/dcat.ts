// The tenant's catalogue as DCAT-AP 3.0 JSON-LD (/catalog.jsonld), for the European-style harvesters
// and data.go.id-style aggregators that read DCAT. Every mandatory class and property of the profile
// is filled: Catalogue (dct:title, dct:description, dct:publisher, and its datasets), Dataset
// (dct:title, dct:description), Distribution (dcat:accessURL), Agent (foaf:name), Catalogue Record
// (foaf:primaryTopic, dct:modified), Checksum (spdx:algorithm, spdx:checksumValue), Data Service
// (dct:title, dcat:endpointURL), with the licences as dct:LicenseDocument. The context is inline,
// so a client expands it without fetching anything.
import type { TenantContext } from '../../platform/context.js';
import { findRegion } from '../../platform/regions/index.js';
import { LICENSE_INFO } from './licenses.js';
import type { Dataset, Publisher } from './service.js';

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  locn: 'http://www.w3.org/ns/locn#',
  spdx: 'http://spdx.org/rdf/terms#',
  adms: 'http://www.w3.org/ns/adms#',
} as const;

const EU = 'http://publications.europa.eu/resource/authority';
const text = (id: string, en?: string | null) => [{ '@value': id, '@language': 'id' }, ...(en ? [{ '@value': en, '@language': 'en' }] : [])];
const dateTime = (at: Date) => ({ '@value': at.toISOString(), '@type': 'xsd:dateTime' });
const day = (d: string) => ({ '@value': d, '@type': 'xsd:date' });
const iri = (id: string) => ({ '@id': id });

function agent(site: string, p: Publisher) {
  return {
    '@id': `${site}/data?penerbit=${encodeURIComponent(p.name)}`,
    '@type': 'foaf:Agent',
    'foaf:name': text(p.title, p.titleEn),
    'dct:type': iri(p.kind === 'tenant' ? 'http://purl.org/adms/publishertype/RegionalAuthority' : 'http://purl.org/adms/publishertype/LocalAuthority'),
  };
}

function licence(id: Dataset['licenseId']) {
  const info = LICENSE_INFO[id];
  return {
    '@id': info.url,
    '@type': 'dct:LicenseDocument',
    'dct:title': info.title,
    'dct:type': info.shareAlike ? [iri('http://purl.org/adms/licencetype/Attribution'), iri('http://purl.org/adms/licencetype/ShareAlike')] : iri('http://purl.org/adms/licencetype/Attribution'),
  };
}

function location(site: string, code: string) {
  return { '@id': `${site}/data?wilayah=${code}`, '@type': 'dct:Location', 'skos:notation': code, 'locn:geographicName': findRegion(code)?.name ?? code };
}

function dataset(site: string, d: Dataset) {
  const latest = d.versions[0]!;
  const page = `${site}/data/${d.name}`;
  const distribution = (format: 'csv' | 'json') => ({
    '@id': `${page}#${format}`,
    '@type': 'dcat:Distribution',
    'dct:title': text(`${d.title} (${format.toUpperCase()})`),
    'dcat:accessURL': iri(`${site}/data/${d.name}/unduh/${format}`),
    'dcat:downloadURL': iri(`${site}/data/${d.name}/unduh/${format}`),
    'dct:format': iri(`${EU}/file-type/${format.toUpperCase()}`),
    'dcat:mediaType': iri(`https://www.iana.org/assignments/media-types/${format === 'csv' ? 'text/csv' : 'application/json'}`),
    'dct:license': licence(d.licenseId),
    'dct:issued': dateTime(d.createdAt),
    'dct:modified': dateTime(latest.createdAt),
    ...(format === 'csv'
      ? {
          'dcat:byteSize': { '@value': String(latest.bytes), '@type': 'xsd:nonNegativeInteger' },
          'spdx:checksum': { '@type': 'spdx:Checksum', 'spdx:algorithm': iri('http://spdx.org/rdf/terms#checksumAlgorithm_sha256'), 'spdx:checksumValue': { '@value': latest.sha256, '@type': 'xsd:hexBinary' } },
        }
      : {}),
  });
  return {
    '@id': page,
    '@type': 'dcat:Dataset',
    'dct:identifier': d.id,
    'dct:title': text(d.title),
    'dct:description': text(d.description),
    'dct:publisher': agent(site, d.publisher),
    'dcat:contactPoint': { '@type': 'vcard:Organization', 'vcard:fn': d.publisher.title, 'vcard:hasURL': iri(`${site}/data?penerbit=${encodeURIComponent(d.publisher.name)}`) },
    'dcat:keyword': d.keywords.map((k) => ({ '@value': k, '@language': 'id' })),
    'dcat:landingPage': iri(page),
    'dct:issued': dateTime(d.createdAt),
    'dct:modified': dateTime(d.modifiedAt),
    'dcat:version': String(latest.version),
    'dct:accrualPeriodicity': iri(`${EU}/frequency/${d.frequency}`),
    'dct:language': iri(`${EU}/language/IND`),
    ...(d.spatialCode ? { 'dct:spatial': location(site, d.spatialCode) } : {}),
    ...(d.temporal.start || d.temporal.end
      ? { 'dct:temporal': { '@type': 'dct:PeriodOfTime', ...(d.temporal.start ? { 'dcat:startDate': day(d.temporal.start) } : {}), ...(d.temporal.end ? { 'dcat:endDate': day(d.temporal.end) } : {}) } }
      : {}),
    'dcat:distribution': [distribution('csv'), distribution('json')],
  };
}

/** The catalogue of the tenant's published datasets; `site` is the tenant's public address. */
export function buildCatalog(ctx: TenantContext, site: string, datasets: readonly Dataset[]) {
  const published = datasets.filter((d) => d.versions.length > 0);
  const tenant: Publisher = { id: ctx.tenant.id, name: ctx.tenant.slug, title: ctx.tenant.name, titleEn: ctx.tenant.nameEn, description: null, kind: 'tenant' };
  const modified = published.reduce<Date | null>((max, d) => (max && max > d.modifiedAt ? max : d.modifiedAt), null);
  return {
    '@context': DCAT_CONTEXT,
    '@id': `${site}/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': text(`Satu Data ${ctx.tenant.name}`, `${ctx.tenant.nameEn ?? ctx.tenant.name} open data`),
    'dct:description': text(
      `Data terbuka ${ctx.tenant.name}: data layanan publik, kepuasan masyarakat, pengaduan dan keterbukaan informasi yang diperbarui setiap hari, serta data yang diterbitkan instansi.`,
      `Open data of ${ctx.tenant.nameEn ?? ctx.tenant.name}: public services, satisfaction, complaints and information-request figures refreshed daily, and the agencies' own datasets.`,
    ),
    'dct:publisher': agent(site, tenant),
    'foaf:homepage': iri(`${site}/data`),
    'dct:language': [iri(`${EU}/language/IND`), iri(`${EU}/language/ENG`)],
    'dct:license': licence('CC-BY-4.0'),
    ...(modified ? { 'dct:modified': dateTime(modified) } : {}),
    ...(ctx.tenant.regionCode ? { 'dct:spatial': location(site, ctx.tenant.regionCode) } : {}),
    'dcat:dataset': published.map((d) => dataset(site, d)),
    'dcat:record': published.map((d) => ({ '@id': `${site}/data/${d.name}#record`, '@type': 'dcat:CatalogRecord', 'foaf:primaryTopic': iri(`${site}/data/${d.name}`), 'dct:modified': dateTime(d.modifiedAt) })),
    'dcat:service': [
      {
        '@id': `${site}/api/3/action/`,
        '@type': 'dcat:DataService',
        'dct:title': text('API Satu Data (kompatibel CKAN)', 'Open data API (CKAN-compatible)'),
        'dcat:endpointURL': iri(`${site}/api/3/action/`),
        'dcat:endpointDescription': iri('https://docs.ckan.org/en/2.10/api/'),
        'dcat:servesDataset': published.map((d) => iri(`${site}/data/${d.name}`)),
        'dct:license': licence('CC-BY-4.0'),
      },
    ],
  };
}
