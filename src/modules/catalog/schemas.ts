// TypeBox schemas of the catalogue API: one per request and response, feeding validation and OpenAPI.
import { Kind, type Static, Type, TypeRegistry } from '@sinclair/typebox';
import { DOCUMENT_KINDS } from './document-template.js';
import { ASSURANCE_LEVELS, CATEGORIES, CHANNELS, COMPONENTS, LIFE_EVENTS } from './model.js';

// A closed list of words as `{ type: 'string', enum }` (what OpenAPI readers expect, not an anyOf of
// constants), with a kind TypeBox's Value.Check knows: the import page checks a pasted definition
// with it, and an unknown kind made that check throw (a 500 for every valid file).
TypeRegistry.Set<{ enum: string[] }>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value));
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ [Kind]: 'StringEnum', type: 'string', enum: [...values] });

export const Bilingual = Type.Object(
  { id: Type.String({ maxLength: 20000 }), en: Type.Optional(Type.String({ maxLength: 20000 })) },
  { additionalProperties: false },
);

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const ServiceDefinition = Type.Object(
  {
    code: Type.String({ maxLength: 63, description: 'Unique in the agency: lower-case letters, digits, hyphens' }),
    name: Bilingual,
    summary: Bilingual,
    category: literals(CATEGORIES),
    lifeEvents: Type.Array(Type.Object({ event: literals(LIFE_EVENTS), step: Type.Integer() }, { additionalProperties: false }), {
      maxItems: 20,
    }),
    keywords: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }),
    fee: Type.Union([Type.Number(), Type.Null()], { description: 'Integer rupiah; 0 = Gratis' }),
    feeRule: Type.Optional(
      Type.Union(
        [
          Type.Object({ kind: Type.Literal('fixed') }, { additionalProperties: false }),
          Type.Object(
            {
              kind: Type.Literal('per_unit'),
              unitPrice: Type.Number({ description: 'Integer rupiah per unit, > 0' }),
              field: Type.String({ maxLength: 63, description: 'The number field of the application form that gives the quantity' }),
              unit: Bilingual,
              minimum: Type.Optional(Type.Number({ description: 'Integer rupiah: the least the fee comes to' })),
            },
            { additionalProperties: false },
          ),
          Type.Object(
            {
              kind: Type.Literal('table'),
              field: Type.String({ maxLength: 63, description: 'The choice field of the application form that picks a row' }),
              rows: Type.Array(Type.Object({ value: Type.String({ maxLength: 200 }), label: Bilingual, amount: Type.Number({ description: 'Integer rupiah' }) }, { additionalProperties: false }), {
                maxItems: 100,
              }),
            },
            { additionalProperties: false },
          ),
          Type.Null(),
        ],
        { description: 'How the fee is reached when it is not one amount (absent or fixed: `fee`)' },
      ),
    ),
    documentTemplate: Type.Optional(
      Type.Union(
        [
          Type.Object(
            {
              kind: literals(DOCUMENT_KINDS),
              title: Bilingual,
              fields: Type.Array(
                Type.Object({ field: Type.String({ maxLength: 63, description: 'A top-level field of the application form' }), label: Bilingual }, { additionalProperties: false }),
                { maxItems: 20 },
              ),
              validityMonths: Type.Union([Type.Integer(), Type.Null()], { description: 'Months from the issue date; null: without end' }),
              signerPosition: Type.String({ maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
          Type.Null(),
        ],
        { description: 'The signed document an application of this version ends with (absent or null: the default document)' },
      ),
    ),
    completionDays: Type.Union([Type.Number(), Type.Null()], { description: 'Working days, > 0' }),
    channel: literals(CHANNELS),
    hall: Type.Union([
      Type.Object(
        { name: Type.String({ maxLength: 200 }), address: Type.String({ maxLength: 500 }), hours: Type.String({ maxLength: 200 }) },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    minAssurance: literals(ASSURANCE_LEVELS),
    components: Type.Partial(Type.Object(Object.fromEntries(COMPONENTS.map((k) => [k, Bilingual])) as Record<(typeof COMPONENTS)[number], typeof Bilingual>), {
      additionalProperties: false,
    }),
    sk: Type.Union([Type.Object({ number: Type.String({ maxLength: 200 }), date: Type.String({ maxLength: 10 }) }, { additionalProperties: false }), Type.Null()]),
    reviewDate: Type.Union([Type.String({ maxLength: 10 }), Type.Null()]),
    formRef: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'Not used (kept for compatibility): the online form is the applications module’s (getApplicationForm)' }),
    workflowRef: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'Not used (kept for compatibility): the workflow is the applications module’s (getApplicationForm)' }),
  },
  { additionalProperties: false, $id: 'CatalogServiceDefinition' },
);

const AgencyRef = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
});

export const PublicService = Type.Object({
  ...ServiceDefinition.properties,
  id: Type.String({ format: 'uuid' }),
  versionId: Type.String({ format: 'uuid', description: 'The version in effect today; applications reference it' }),
  version: Type.Integer(),
  effectiveFrom: DateString,
  agency: AgencyRef,
});

export const ServiceSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  agency: AgencyRef,
  category: Type.String(),
  fee: Type.Number(),
  completionDays: Type.Number(),
  channel: Type.String(),
  versionId: Type.String({ format: 'uuid' }),
  url: Type.String({ description: 'The public page of the service' }),
});

export const RankedSummary = Type.Object({ ...ServiceSummary.properties, score: Type.Number() });

export const Version = Type.Object({
  id: Type.String({ format: 'uuid' }),
  serviceId: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  effectiveFrom: DateString,
  publishedAt: Type.String({ format: 'date-time' }),
  content: ServiceDefinition,
});

export const ServiceExport = Type.Object(
  {
    format: Type.Literal('gerbang.service/1'),
    exportedAt: Type.String(),
    definition: ServiceDefinition,
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object({
  tenant: Type.Optional(Type.String()),
  agency: Type.Optional(Type.String({ maxLength: 41 })),
  category: Type.Optional(literals(CATEGORIES)),
  lifeEvent: Type.Optional(literals(LIFE_EVENTS)),
});

export const SearchQuery = Type.Object({
  tenant: Type.Optional(Type.String()),
  q: Type.String({ maxLength: 200, description: 'What the person typed' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const TenantQuery = Type.Object({ tenant: Type.Optional(Type.String()) });

export type ServiceDefinitionBody = Static<typeof ServiceDefinition>;
