// Checks a form definition when an admin saves it, and its fit with the published standard when the
// service is published: first the shape against the schema, then what a schema cannot say. Pure; each
// error names where it is (a JSON pointer into the definition) with a translated message key.
import { Value } from '@sinclair/typebox/value';
import type { PendingFieldError } from '../../../platform/errors.js';
import '../strings.js';
import { type Condition, type FieldDefinition, type FieldType, type FormDefinition, FormDefinitionSchema, type GroupDefinition } from './definition.js';

export type FormCheck = { ok: true; form: FormDefinition } | { ok: false; errors: PendingFieldError[] };

/** The settings each field type may carry (anything else is refused, so a setting never silently does nothing). */
const SETTINGS: Record<FieldType, readonly string[]> = {
  text: ['maxLength'],
  long_text: ['maxLength'],
  number: ['min', 'max', 'integer'],
  date: ['minDate', 'maxDate'],
  select: ['options'],
  multi_select: ['options', 'maxChoices'],
  checkbox: [],
  nik: [],
  region: ['level'],
  address: [],
  phone: [],
  email: [],
  rupiah: ['min', 'max'],
  map_point: [],
  file: ['accept', 'maxBytes', 'maxFiles'],
};
const COMMON = new Set(['id', 'type', 'label', 'help', 'required', 'visibleIf']);

const error = (field: string, code: string, messageKey: PendingFieldError['messageKey'], vars?: Record<string, string | number>): PendingFieldError => ({
  field,
  code,
  messageKey,
  ...(vars ? { vars } : {}),
});

/** Requirement lines compare without case, surrounding space or doubled spaces. */
export const requirementKey = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** The schema's errors, one per path (the first is the most useful). */
function schemaErrors(input: unknown): PendingFieldError[] {
  const seen = new Set<string>();
  const out: PendingFieldError[] = [];
  for (const e of Value.Errors(FormDefinitionSchema, input)) {
    const path = e.path || '/';
    if (seen.has(path)) continue;
    seen.add(path);
    out.push(error(path, 'invalid', 'app.form.invalid', { detail: e.message }));
    if (out.length >= 50) break;
  }
  return out;
}

/**
 * Checks a definition: its shape, unique ids, type settings, ranges, options, conditions (naming a
 * field that comes earlier, not inside another repeating group) and requirement mappings (naming
 * existing fields, each requirement once).
 */
export function validateForm(input: unknown): FormCheck {
  const shape = schemaErrors(input);
  if (shape.length > 0) return { ok: false, errors: shape };
  const form = input as FormDefinition;
  const errors: PendingFieldError[] = [];
  const ids = new Set<string>();
  // Field id → the repeating group it is in (null: top level), in form order.
  const earlier = new Map<string, string | null>();
  form.groups.forEach((group, g) => {
    const gPath = `/groups/${g}`;
    if (ids.has(group.id)) errors.push(error(`${gPath}/id`, 'duplicate_id', 'app.form.duplicate_id', { id: group.id }));
    ids.add(group.id);
    if (group.visibleIf) checkCondition(group.visibleIf, `${gPath}/visibleIf`, null, earlier, errors);
    if (group.repeatable && group.repeatable.min > group.repeatable.max) errors.push(error(`${gPath}/repeatable`, 'range', 'app.form.range'));
    const repeat = group.repeatable ? group.id : null;
    group.fields.forEach((field, f) => {
      const fPath = `${gPath}/fields/${f}`;
      if (ids.has(field.id)) errors.push(error(`${fPath}/id`, 'duplicate_id', 'app.form.duplicate_id', { id: field.id }));
      ids.add(field.id);
      if (field.visibleIf) checkCondition(field.visibleIf, `${fPath}/visibleIf`, repeat, earlier, errors);
      checkField(field, fPath, errors);
      earlier.set(field.id, repeat);
    });
  });
  const mapped = new Set<string>();
  form.requirements.forEach((r, i) => {
    const key = requirementKey(r.requirement);
    if (mapped.has(key)) errors.push(error(`/requirements/${i}/requirement`, 'duplicate_requirement', 'app.form.duplicate_requirement'));
    mapped.add(key);
    r.fields.forEach((id, j) => {
      if (!earlier.has(id)) errors.push(error(`/requirements/${i}/fields/${j}`, 'unknown_field', 'app.form.unknown_field', { id }));
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, form };
}

function checkCondition(c: Condition, path: string, repeat: string | null, earlier: Map<string, string | null>, errors: PendingFieldError[]) {
  if (!earlier.has(c.field)) {
    errors.push(error(`${path}/field`, 'unknown_condition_field', 'app.form.condition_field', { id: c.field }));
    return;
  }
  // A field inside a repeating group is a list of answers: only fields of the same item may depend on it.
  const where = earlier.get(c.field)!;
  if (where !== null && where !== repeat) errors.push(error(`${path}/field`, 'condition_repeat', 'app.form.condition_repeat', { id: c.field }));
  const needsValue = c.op === 'equals' || c.op === 'not_equals' || c.op === 'in';
  if (needsValue && c.value === undefined) errors.push(error(`${path}/value`, 'condition_value', 'app.form.condition_value'));
  if (c.op === 'in' && c.value !== undefined && !Array.isArray(c.value)) errors.push(error(`${path}/value`, 'condition_value', 'app.form.condition_value'));
}

function checkField(field: FieldDefinition, path: string, errors: PendingFieldError[]) {
  const allowed = SETTINGS[field.type];
  for (const key of Object.keys(field)) {
    if (!COMMON.has(key) && !allowed.includes(key)) errors.push(error(`${path}/${key}`, 'setting_not_allowed', 'app.form.setting', { type: field.type }));
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) errors.push(error(`${path}/min`, 'range', 'app.form.range'));
  if (field.type === 'rupiah' && ((field.min !== undefined && !Number.isSafeInteger(field.min)) || (field.max !== undefined && !Number.isSafeInteger(field.max)))) {
    errors.push(error(`${path}/min`, 'rupiah_bound', 'app.form.rupiah_bound'));
  }
  if (field.minDate && field.maxDate && field.minDate !== 'today' && field.maxDate !== 'today' && field.minDate > field.maxDate) {
    errors.push(error(`${path}/minDate`, 'range', 'app.form.range'));
  }
  if ((field.type === 'select' || field.type === 'multi_select') && !field.options) {
    errors.push(error(`${path}/options`, 'options_missing', 'app.form.options_missing'));
  }
  const values = (field.options ?? []).map((o) => o.value);
  if (new Set(values).size !== values.length) errors.push(error(`${path}/options`, 'duplicate_option', 'app.form.duplicate_option'));
}

/**
 * The form against the standard it is published with: every line of the standard's "persyaratan" is
 * answered by a mapped field or upload, and no mapping names a line the standard no longer has.
 * Errors name the standard's line (`/components/persyaratan/<n>`) or the form's stale mapping
 * (`/form/requirements/<n>`).
 */
export function checkRequirements(form: FormDefinition, requirements: readonly string[]): PendingFieldError[] {
  const errors: PendingFieldError[] = [];
  const mapped = new Map(form.requirements.map((r, i) => [requirementKey(r.requirement), i]));
  const wanted = new Set(requirements.map(requirementKey));
  requirements.forEach((text, i) => {
    if (!mapped.has(requirementKey(text))) {
      errors.push(error(`/components/persyaratan/${i}`, 'requirement_unmapped', 'app.form.requirement_unmapped', { requirement: text }));
    }
  });
  form.requirements.forEach((r, i) => {
    if (!wanted.has(requirementKey(r.requirement))) {
      errors.push(error(`/form/requirements/${i}`, 'requirement_stale', 'app.form.requirement_stale', { requirement: r.requirement }));
    }
  });
  return errors;
}

/** The group a field id is in, or undefined. */
export function groupOfField(form: FormDefinition, fieldId: string): GroupDefinition | undefined {
  return form.groups.find((g) => g.fields.some((f) => f.id === fieldId));
}
