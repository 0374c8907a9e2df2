// The form builder's edits as pure functions: a field or a group from the structured fields an admin
// posts (the builder page without JavaScript, and its island, post the same), and the changes to a
// whole definition — add, replace, move, remove — that the page then saves through saveServiceForm,
// whose validation (forms/validate.ts) stays the one judge of a definition. The errors of reading the
// posted fields name the input (`/label_id`), so the page shows them beside it.
import type { PendingFieldError } from '../../../platform/errors.js';
import '../strings.js';
import { FIELD_TYPES, type FieldDefinition, type FieldType, type FormDefinition, type GroupDefinition, ID_PATTERN, REGION_LEVELS, type RegionLevel } from '../forms/definition.js';
import { requirementKey } from '../forms/validate.js';
import './strings.js';

/** Posted form fields: repeated names (checkboxes) as lists. */
export type Posted = Record<string, string | string[] | undefined>;

const ID = new RegExp(ID_PATTERN);
const OPTION_VALUE = /^[A-Za-z0-9_.-]{1,64}$/;
/** The media types a file field offers (the intake sniffs the real type of each upload). */
export const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const one = (v: Posted, key: string): string => {
  const raw = v[key];
  return (Array.isArray(raw) ? (raw[raw.length - 1] ?? '') : (raw ?? '')).trim();
};
export const many = (v: Posted, key: string): string[] => {
  const raw = v[key];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((s) => s.trim()).filter((s) => s !== '');
};

const err = (field: string, messageKey: PendingFieldError['messageKey'], vars?: Record<string, string | number>): PendingFieldError => ({
  field,
  code: 'invalid',
  messageKey,
  ...(vars ? { vars } : {}),
});

/** A number typed in a field ("" → undefined; "1.000.000" and "2,5" read as Indonesians write them). */
function number(v: Posted, key: string, errors: PendingFieldError[], opts: { integer?: boolean; min?: number } = {}): number | undefined {
  const text = one(v, key);
  if (text === '') return undefined;
  const n = Number(/^-?\d{1,3}(\.\d{3})+$/.test(text) ? text.replace(/\./g, '') : text.replace(',', '.'));
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min)) {
    errors.push(err(`/${key}`, opts.integer ? 'app.builder.whole_number' : 'app.builder.number'));
    return undefined;
  }
  return n;
}

/** Text in both languages: Bahasa Indonesia required (when `required`), English defaults to it. */
function bilingual(v: Posted, key: string, errors: PendingFieldError[], required: boolean): { id: string; en: string } | undefined {
  const id = one(v, `${key}_id`);
  const en = one(v, `${key}_en`);
  if (id === '') {
    if (required) errors.push(err(`/${key}_id`, 'field.required'));
    return undefined;
  }
  return { id, en: en || id };
}

function idOf(v: Posted, key: string, errors: PendingFieldError[]): string {
  const id = one(v, key);
  if (!ID.test(id)) errors.push(err(`/${key}`, 'app.builder.id_pattern'));
  return id;
}

/** Select options, one a line: `value | Label | English label` (a line of words alone gets a value made from them). */
function options(v: Posted, errors: PendingFieldError[]): FieldDefinition['options'] {
  const lines = one(v, 'options')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) {
    errors.push(err('/options', 'app.form.options_missing'));
    return undefined;
  }
  return lines.map((line, i) => {
    const parts = line.split('|').map((p) => p.trim());
    const [first = '', second, third] = parts;
    const label = parts.length === 1 ? first : (second ?? first);
    const value = parts.length === 1 ? slug(first) || `pilihan_${i + 1}` : first;
    if (!OPTION_VALUE.test(value) || label === '') errors.push(err('/options', 'app.builder.option_line', { line: i + 1 }));
    return { value, label: { id: label, en: third || label } };
  });
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);

/** The visibility condition "show when field X equals Y" (no field chosen: always shown). */
function condition(v: Posted, errors: PendingFieldError[]): FieldDefinition['visibleIf'] {
  const field = one(v, 'when_field');
  if (field === '') return undefined;
  const value = one(v, 'when_value');
  if (value === '') {
    errors.push(err('/when_value', 'app.builder.when_value'));
    return undefined;
  }
  return { field, op: 'equals', value };
}

/**
 * A field from the posted structured fields. Only the settings of the chosen type are read (the page
 * shows every type's settings; what belongs to another type is ignored, never refused).
 */
export function fieldFromPosted(v: Posted): { field: FieldDefinition; errors: PendingFieldError[] } {
  const errors: PendingFieldError[] = [];
  const id = idOf(v, 'id', errors);
  const typeText = one(v, 'type');
  const type: FieldType = (FIELD_TYPES as readonly string[]).includes(typeText) ? (typeText as FieldType) : 'text';
  if (type !== typeText) errors.push(err('/type', 'field.required'));
  const label = bilingual(v, 'label', errors, true) ?? { id: '', en: '' };
  const help = bilingual(v, 'help', errors, false);
  const field: FieldDefinition = { id, type, label, required: one(v, 'required') === 'true' };
  if (help) field.help = help;
  const visibleIf = condition(v, errors);
  if (visibleIf) field.visibleIf = visibleIf;
  const set = <K extends keyof FieldDefinition>(key: K, value: FieldDefinition[K] | undefined) => {
    if (value !== undefined) field[key] = value;
  };
  switch (type) {
    case 'text':
    case 'long_text':
      set('maxLength', number(v, 'maxLength', errors, { integer: true, min: 1 }));
      break;
    case 'number':
    case 'rupiah':
      set('min', number(v, 'min', errors, { integer: type === 'rupiah' }));
      set('max', number(v, 'max', errors, { integer: type === 'rupiah' }));
      if (type === 'number' && one(v, 'integer') === 'true') field.integer = true;
      break;
    case 'date':
      set('minDate', one(v, 'minDate') || undefined);
      set('maxDate', one(v, 'maxDate') || undefined);
      break;
    case 'select':
    case 'multi_select':
      set('options', options(v, errors));
      if (type === 'multi_select') set('maxChoices', number(v, 'maxChoices', errors, { integer: true, min: 1 }));
      break;
    case 'region': {
      const level = one(v, 'level');
      if ((REGION_LEVELS as readonly string[]).includes(level)) field.level = level as RegionLevel;
      break;
    }
    case 'file': {
      const accept = many(v, 'accept').filter((a) => (FILE_TYPES as readonly string[]).includes(a));
      if (accept.length > 0) field.accept = accept;
      const mb = number(v, 'maxMb', errors, { min: 0.01 });
      if (mb !== undefined) field.maxBytes = Math.round(mb * 1024 * 1024);
      set('maxFiles', number(v, 'maxFiles', errors, { integer: true, min: 1 }));
      break;
    }
    default:
      break;
  }
  return { field, errors };
}

/** A group's own settings (title, description, repetition, visibility) from the posted fields; its fields are kept. */
export function groupFromPosted(v: Posted, current: GroupDefinition): { group: GroupDefinition; errors: PendingFieldError[] } {
  const errors: PendingFieldError[] = [];
  const title = bilingual(v, 'title', errors, true) ?? current.title;
  const group: GroupDefinition = { id: current.id, title, fields: current.fields };
  const description = bilingual(v, 'description', errors, false);
  if (description) group.description = description;
  const visibleIf = condition(v, errors);
  if (visibleIf) group.visibleIf = visibleIf;
  if (one(v, 'repeatable') === 'true') {
    const min = number(v, 'repeat_min', errors, { integer: true, min: 0 }) ?? 0;
    const max = number(v, 'repeat_max', errors, { integer: true, min: 1 }) ?? 10;
    const itemLabel = bilingual(v, 'item_label', errors, true) ?? { id: '', en: '' };
    group.repeatable = { min, max, itemLabel };
  }
  return { group, errors };
}

/** The group to put a field in: an existing one, or a new one (id and title posted with the field). */
export function targetGroup(v: Posted, form: FormDefinition | null, errors: PendingFieldError[]): GroupDefinition {
  const chosen = one(v, 'group');
  const existing = form?.groups.find((g) => g.id === chosen);
  if (existing) return existing;
  const id = idOf(v, 'new_group_id', errors);
  const title = bilingual(v, 'new_group_title', errors, true) ?? { id: '', en: '' };
  return { id, title, fields: [] };
}

const clone = (form: FormDefinition): FormDefinition => structuredClone(form);

/**
 * The definition with `field` saved into `groupId` (`previousId`: the field it replaces, wherever it
 * was — kept in place when it stays in its group, else appended to the new group), its requirement
 * mapping set to `requirement` (the standard's line; '' for none), and references to a renamed id
 * followed (conditions, mappings).
 */
export function putField(
  form: FormDefinition | null,
  input: { group: GroupDefinition; field: FieldDefinition; previousId?: string; requirement?: string },
): FormDefinition {
  const next: FormDefinition = form ? clone(form) : { groups: [], requirements: [] };
  const { field, previousId } = input;
  let group = next.groups.find((g) => g.id === input.group.id);
  if (!group) {
    group = structuredClone(input.group);
    next.groups.push(group);
  }
  const from = previousId === undefined ? undefined : next.groups.find((g) => g.fields.some((f) => f.id === previousId));
  if (from === group) group.fields[group.fields.findIndex((f) => f.id === previousId)] = field;
  else {
    if (from) from.fields = from.fields.filter((f) => f.id !== previousId);
    group.fields.push(field);
  }
  next.groups = next.groups.filter((g) => g.fields.length > 0);
  if (previousId !== undefined && previousId !== field.id) renameField(next, previousId, field.id);
  if (input.requirement !== undefined) mapRequirement(next, field.id, input.requirement);
  return next;
}

function renameField(form: FormDefinition, from: string, to: string) {
  for (const g of form.groups) {
    if (g.visibleIf?.field === from) g.visibleIf.field = to;
    for (const f of g.fields) if (f.visibleIf?.field === from) f.visibleIf.field = to;
  }
  for (const r of form.requirements) r.fields = r.fields.map((id) => (id === from ? to : id));
}

/** Maps a field to one requirement line of the standard (or to none): its other mappings go; a mapping left empty goes. */
export function mapRequirement(form: FormDefinition, fieldId: string, requirement: string) {
  for (const r of form.requirements) r.fields = r.fields.filter((id) => id !== fieldId);
  if (requirement !== '') {
    const key = requirementKey(requirement);
    const mapping = form.requirements.find((r) => requirementKey(r.requirement) === key);
    if (mapping) mapping.fields.push(fieldId);
    else form.requirements.push({ requirement, fields: [fieldId] });
  }
  form.requirements = form.requirements.filter((r) => r.fields.length > 0);
}

/** The standard's line a field is mapped to ('' for none). */
export const requirementOf = (form: FormDefinition | null, fieldId: string) => form?.requirements.find((r) => r.fields.includes(fieldId))?.requirement ?? '';

/** The definition with a group's settings replaced. */
export function putGroup(form: FormDefinition, group: GroupDefinition): FormDefinition {
  const next = clone(form);
  next.groups = next.groups.map((g) => (g.id === group.id ? group : g));
  return next;
}

/** Moves a field within its group, or a group within the form, one place up or down (at an end: unchanged). */
export function move(form: FormDefinition, what: 'field' | 'group', id: string, direction: 'up' | 'down'): FormDefinition {
  const next = clone(form);
  const list: { id: string }[] | undefined = what === 'group' ? next.groups : next.groups.find((g) => g.fields.some((f) => f.id === id))?.fields;
  if (!list) return next;
  const i = list.findIndex((x) => x.id === id);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= list.length) return next;
  [list[i], list[j]] = [list[j]!, list[i]!];
  return next;
}

/** Removes a field (with its mappings; a group left empty goes too) or a whole group (its fields' mappings too). */
export function remove(form: FormDefinition, what: 'field' | 'group', id: string): FormDefinition {
  const next = clone(form);
  const gone = new Set(what === 'group' ? (next.groups.find((g) => g.id === id)?.fields.map((f) => f.id) ?? []) : [id]);
  next.groups = next.groups
    .filter((g) => what !== 'group' || g.id !== id)
    .map((g) => ({ ...g, fields: g.fields.filter((f) => !gone.has(f.id)) }))
    .filter((g) => g.fields.length > 0);
  next.requirements = next.requirements.map((r) => ({ ...r, fields: r.fields.filter((f) => !gone.has(f)) })).filter((r) => r.fields.length > 0);
  return next;
}

/** The requirements of the standard with the fields mapped to each (none: publishing will refuse). */
export function requirementCoverage(form: FormDefinition | null, requirements: readonly { id: string; en: string }[]) {
  return requirements.map((r) => ({ requirement: r, fields: form?.requirements.find((m) => requirementKey(m.requirement) === requirementKey(r.id))?.fields ?? [] }));
}
