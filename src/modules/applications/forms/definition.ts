// The form of a service (issue 18): what the applicant fills in, as data versioned with the service.
// One TypeBox schema is the source of the TypeScript types, of the admin API's validation and of the
// stored JSON's check; what a schema cannot say (unique ids, conditions naming real fields, the
// standard's requirements each mapped to a field) is in validate.ts.
//
// Shape: groups of fields (a long form shows one group per page); a group may repeat (the applicant
// adds items, e.g. each family member); a field or a group may be shown only when a condition on an
// earlier answer holds (hidden: neither required nor kept). Each requirement ("persyaratan") of the
// published standard maps to the fields or uploads that satisfy it, so the form and the standard
// cannot drift apart: publishing refuses a requirement no field answers.
import { type Static, type TLiteral, type TUnion, Type } from '@sinclair/typebox';

const literals = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiteral<T[number]>[]>;
const closed = { additionalProperties: false } as const;

/** The largest file a file field may accept (its `maxBytes` at most). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Field and group ids: stable, used as answer keys. */
export const ID_PATTERN = '^[a-z][a-z0-9_]{0,62}$';
const Id = Type.String({ pattern: ID_PATTERN, description: 'Stable id: lower-case letters, digits and _' });

/** Text in Bahasa Indonesia and English (both required: the form is shown in either). */
export const Text = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 500 }), en: Type.String({ minLength: 1, maxLength: 500 }) },
  { ...closed, description: 'Bahasa Indonesia and English' },
);
const HelpText = Type.Object(
  { id: Type.String({ maxLength: 2000 }), en: Type.String({ maxLength: 2000 }) },
  { ...closed, description: 'Help shown under the field, in both languages' },
);

export const FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'date',
  'select',
  'multi_select',
  'checkbox',
  'nik',
  'region',
  'address',
  'phone',
  'email',
  'rupiah',
  'map_point',
  'file',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const REGION_LEVELS = ['province', 'regency', 'district', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Shown only when an earlier answer satisfies this (a checkbox ticked, a select equal to a value…). */
export const ConditionSchema = Type.Object(
  {
    field: Id,
    op: literals(['equals', 'not_equals', 'in', 'filled', 'empty'] as const),
    value: Type.Optional(
      Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })]),
    ),
  },
  { ...closed, description: '`equals`/`not_equals`: a value; `in`: a list; `filled`/`empty`: no value' },
);
export type Condition = Static<typeof ConditionSchema>;

const Option = Type.Object({ value: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }), label: Text }, closed);

/** A field: common parts, and the settings of its type (only those of its type are allowed). */
export const FieldSchema = Type.Object(
  {
    id: Id,
    type: literals(FIELD_TYPES),
    label: Text,
    help: Type.Optional(HelpText),
    required: Type.Boolean(),
    visibleIf: Type.Optional(ConditionSchema),
    // text, long_text
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    // number, rupiah
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    integer: Type.Optional(Type.Boolean({ description: 'number: whole numbers only' })),
    // date: YYYY-MM-DD bounds, or "today"
    minDate: Type.Optional(Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2}|today)$' })),
    maxDate: Type.Optional(Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2}|today)$' })),
    // select, multi_select
    options: Type.Optional(Type.Array(Option, { minItems: 1, maxItems: 200 })),
    maxChoices: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    // region: the level of the answer (a village for a full address)
    level: Type.Optional(literals(REGION_LEVELS)),
    // file
    accept: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z]+/[a-z0-9.+-]+$' }), { minItems: 1, maxItems: 10, description: 'Accepted media types, e.g. application/pdf' }),
    ),
    maxBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FILE_BYTES })),
    maxFiles: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  },
  closed,
);
export type FieldDefinition = Static<typeof FieldSchema>;

export const GroupSchema = Type.Object(
  {
    id: Id,
    title: Text,
    description: Type.Optional(HelpText),
    visibleIf: Type.Optional(ConditionSchema),
    repeatable: Type.Optional(
      Type.Object(
        { min: Type.Integer({ minimum: 0, maximum: 50 }), max: Type.Integer({ minimum: 1, maximum: 50 }), itemLabel: Text },
        { ...closed, description: 'The applicant adds items (e.g. each family member); answers are a list' },
      ),
    ),
    fields: Type.Array(FieldSchema, { minItems: 1, maxItems: 100 }),
  },
  closed,
);
export type GroupDefinition = Static<typeof GroupSchema>;

export const RequirementMappingSchema = Type.Object(
  {
    requirement: Type.String({ minLength: 1, maxLength: 1000, description: 'A line of the standard\'s "persyaratan", as published' }),
    fields: Type.Array(Id, { minItems: 1, maxItems: 20, description: 'The fields or uploads that satisfy it' }),
  },
  closed,
);
export type RequirementMapping = Static<typeof RequirementMappingSchema>;

export const FormDefinitionSchema = Type.Object(
  {
    groups: Type.Array(GroupSchema, { minItems: 1, maxItems: 50 }),
    requirements: Type.Array(RequirementMappingSchema, { maxItems: 100 }),
  },
  { ...closed, $id: 'ApplicationFormDefinition' },
);
export type FormDefinition = Static<typeof FormDefinitionSchema>;

/** Limits of file fields when the definition sets none. */
export const FILE_DEFAULTS = { maxBytes: 5 * 1024 * 1024, maxFiles: 1, accept: ['application/pdf', 'image/jpeg', 'image/png'] } as const;

/** Every field of the form with the group it is in. */
export function fieldsOf(form: FormDefinition): { group: GroupDefinition; field: FieldDefinition }[] {
  return form.groups.flatMap((group) => group.fields.map((field) => ({ group, field })));
}
