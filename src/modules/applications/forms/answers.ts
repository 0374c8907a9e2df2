// The applicant's answers against a form definition: pure (the date and clock come in as arguments),
// so the rules are tested with tables. Returns the cleaned answers — normalised (a NIK without
// separators, a phone number in E.164, rupiah as an integer) and without hidden or unknown fields —
// and the field errors, each with a translated message key and the answer's path.
//
// Conditional visibility: a field or group whose condition does not hold is hidden — neither required
// nor kept. Conditions are evaluated in form order on the cleaned answers (validate.ts makes a
// condition name an earlier field), inside a repeating group's item first, then at the top level.
import { isApiDate } from '../../../platform/dates.js';
import type { PendingFieldError } from '../../../platform/errors.js';
import { meaningfulText } from '../../../platform/text.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { findRegion, parseNik } from '../../identity/index.js';
import { normalizeEmail, normalizeIndonesianMobile } from '../../notifications/index.js';
import '../strings.js';
import { type Condition, FILE_DEFAULTS, type FieldDefinition, type FormDefinition, type GroupDefinition } from './definition.js';

export type Answers = Record<string, unknown>;

export interface AnswerEnv {
  /** Today in the tenant's zone, YYYY-MM-DD (date bounds "today"). */
  today: string;
  /** The instant of the check (a NIK's birth date must not be in the future). */
  now: Date;
}

export interface AnswerOptions {
  /** A draft, or one page of a long form: formats are checked, nothing is required yet. */
  partial?: boolean;
}

export type AnswerCheck = { ok: true; answers: Answers } | { ok: false; answers: Answers; errors: PendingFieldError[] };

/** A file the applicant uploaded (platform file service), as an answer of a file field. */
export interface FileRef {
  fileId: string;
  name: string;
  mime: string;
  size: number;
}

const DEFAULT_MAX_TEXT = 500;
const DEFAULT_MAX_LONG_TEXT = 4000;
const MAX_REPEAT_ITEMS = 50;

type Result = { value: unknown } | { error: MessageKey; vars?: Record<string, string | number>; at?: string };

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown>, key: string) => (Object.hasOwn(o, key) ? o[key] : undefined);

/** Whether the condition holds on the answers so far (`scopes`: the item's answers, then the top level). */
export function conditionHolds(c: Condition, scopes: readonly Answers[]): boolean {
  const scope = scopes.find((s) => Object.hasOwn(s, c.field));
  const answer = scope ? scope[c.field] : undefined;
  const values = Array.isArray(answer) ? answer.map(String) : isEmpty(answer) ? [] : [String(answer)];
  switch (c.op) {
    case 'filled':
      return values.length > 0 && answer !== false;
    case 'empty':
      return values.length === 0 || answer === false;
    case 'equals':
      return values.includes(String(c.value));
    case 'not_equals':
      return !values.includes(String(c.value));
    case 'in':
      return Array.isArray(c.value) && c.value.some((v) => values.includes(v));
  }
}

/** Validates and cleans the answers of a whole form. */
export function validateAnswers(form: FormDefinition, input: unknown, env: AnswerEnv, options: AnswerOptions = {}): AnswerCheck {
  const errors: PendingFieldError[] = [];
  const answers: Answers = {};
  if (!isRecord(input)) {
    return { ok: false, answers, errors: [{ field: '/answers', code: 'type', messageKey: 'app.answer.object' }] };
  }
  for (const group of form.groups) {
    if (group.visibleIf && !conditionHolds(group.visibleIf, [answers])) continue;
    if (!group.repeatable) {
      checkFields(group, input, [answers], answers, '/answers', env, options, errors);
      continue;
    }
    const raw = own(input, group.id);
    const items = raw === undefined || raw === null ? [] : raw;
    const path = `/answers/${group.id}`;
    if (!Array.isArray(items) || items.length > Math.min(group.repeatable.max, MAX_REPEAT_ITEMS)) {
      errors.push({ field: path, code: 'items', messageKey: 'app.answer.items', vars: { min: group.repeatable.min, max: group.repeatable.max } });
      continue;
    }
    if (!options.partial && items.length < group.repeatable.min) {
      errors.push({ field: path, code: 'items', messageKey: 'app.answer.items', vars: { min: group.repeatable.min, max: group.repeatable.max } });
    }
    const cleaned: Answers[] = [];
    items.forEach((item, i) => {
      const out: Answers = {};
      if (!isRecord(item)) errors.push({ field: `${path}/${i}`, code: 'type', messageKey: 'app.answer.object' });
      else checkFields(group, item, [out, answers], out, `${path}/${i}`, env, options, errors);
      cleaned.push(out);
    });
    answers[group.id] = cleaned;
  }
  return errors.length > 0 ? { ok: false, answers, errors } : { ok: true, answers };
}

function checkFields(
  group: GroupDefinition,
  input: Record<string, unknown>,
  scopes: Answers[],
  out: Answers,
  base: string,
  env: AnswerEnv,
  options: AnswerOptions,
  errors: PendingFieldError[],
) {
  for (const field of group.fields) {
    if (field.visibleIf && !conditionHolds(field.visibleIf, scopes)) continue;
    const path = `${base}/${field.id}`;
    const raw = own(input, field.id);
    if (isEmpty(raw)) {
      if (field.required && !options.partial) {
        errors.push({ field: path, code: 'required', messageKey: field.type === 'checkbox' ? 'app.answer.must_check' : 'field.required' });
      }
      continue;
    }
    const result = checkValue(field, raw, env);
    if ('error' in result) {
      errors.push({ field: result.at ? `${path}${result.at}` : path, code: field.type, messageKey: result.error, ...(result.vars ? { vars: result.vars } : {}) });
      continue;
    }
    if (field.type === 'checkbox' && result.value === false && field.required && !options.partial) {
      errors.push({ field: path, code: 'required', messageKey: 'app.answer.must_check' });
      continue;
    }
    out[field.id] = result.value;
  }
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1' || v === 1;
const falsy = (v: unknown) => v === false || v === 'false' || v === 'off' || v === '0' || v === 0;

function checkValue(field: FieldDefinition, raw: unknown, env: AnswerEnv): Result {
  switch (field.type) {
    case 'text':
    case 'long_text': {
      const text = typeof raw === 'string' ? meaningfulText(raw) : undefined;
      if (text === undefined) return { error: 'app.answer.text' };
      const max = field.maxLength ?? (field.type === 'text' ? DEFAULT_MAX_TEXT : DEFAULT_MAX_LONG_TEXT);
      return text.length > max ? { error: 'field.maxLength', vars: { limit: max } } : { value: text };
    }
    case 'number': {
      const n = toNumber(raw);
      if (n === undefined) return { error: 'app.answer.number' };
      if (field.integer && !Number.isSafeInteger(n)) return { error: 'app.answer.integer' };
      return bounded(n, field);
    }
    case 'rupiah': {
      const n = toRupiah(raw);
      if (n === undefined) return { error: 'app.answer.rupiah' };
      return bounded(n, field);
    }
    case 'date': {
      if (typeof raw !== 'string' || !isApiDate(raw.trim())) return { error: 'app.answer.date' };
      const date = raw.trim();
      const min = field.minDate === 'today' ? env.today : field.minDate;
      const max = field.maxDate === 'today' ? env.today : field.maxDate;
      if (min && date < min) return { error: 'app.answer.date_min', vars: { date: min } };
      if (max && date > max) return { error: 'app.answer.date_max', vars: { date: max } };
      return { value: date };
    }
    case 'select': {
      if (typeof raw !== 'string' || !(field.options ?? []).some((o) => o.value === raw)) return { error: 'field.enum' };
      return { value: raw };
    }
    case 'multi_select': {
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || !(field.options ?? []).some((o) => o.value === v))) return { error: 'field.enum' };
      const unique = [...new Set(list as string[])];
      if (field.maxChoices && unique.length > field.maxChoices) return { error: 'app.answer.choices', vars: { limit: field.maxChoices } };
      return { value: unique };
    }
    case 'checkbox':
      if (truthy(raw)) return { value: true };
      if (falsy(raw)) return { value: false };
      return { error: 'app.answer.checkbox' };
    case 'nik': {
      if (typeof raw !== 'string') return { error: 'identity.nik.format' };
      const parsed = parseNik(raw, env.now);
      return parsed.ok ? { value: parsed.nik } : { error: `identity.${parsed.code}` as MessageKey };
    }
    case 'region':
      return checkRegion(raw, field.level ?? 'village');
    case 'address':
      return checkAddress(raw);
    case 'phone': {
      const phone = typeof raw === 'string' ? normalizeIndonesianMobile(raw) : undefined;
      return phone ? { value: phone } : { error: 'app.answer.phone' };
    }
    case 'email': {
      const email = typeof raw === 'string' ? normalizeEmail(raw) : undefined;
      return email ? { value: email } : { error: 'app.answer.email' };
    }
    case 'map_point':
      return checkPoint(raw);
    case 'file':
      return checkFiles(raw, field);
  }
}

function bounded(n: number, field: FieldDefinition): Result {
  if (field.min !== undefined && n < field.min) return { error: 'field.minimum', vars: { limit: field.min } };
  if (field.max !== undefined && n > field.max) return { error: 'field.maximum', vars: { limit: field.max } };
  return { value: n };
}

/** A number, or a numeric string as forms post it ("12", "12.5", "12,5"). */
function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string' || !/^\s*-?\d{1,15}([.,]\d{1,6})?\s*$/.test(raw)) return undefined;
  return Number(raw.trim().replace(',', '.'));
}

/** Whole rupiah ≥ 0: a number, or text as people type it ("Rp 1.500.000", "1500000"); no decimals. */
function toRupiah(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim().replace(/^rp\.?\s*/i, '');
  if (!/^(\d{1,3}(\.\d{3})+|\d{1,16})$/.test(text)) return undefined;
  const n = Number(text.replace(/\./g, ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

const LEVEL_PARTS = { province: 1, regency: 2, district: 3, village: 4 } as const;

function checkRegion(raw: unknown, level: keyof typeof LEVEL_PARTS): Result {
  if (typeof raw !== 'string' || raw.length > 20) return { error: 'app.answer.region' };
  const region = findRegion(raw.trim());
  if (!region || region.code.split('.').length !== LEVEL_PARTS[level]) return { error: 'app.answer.region' };
  return { value: region.code };
}

function checkAddress(raw: unknown): Result {
  if (!isRecord(raw)) return { error: 'app.answer.address' };
  const street = typeof raw.street === 'string' ? meaningfulText(raw.street) : undefined;
  if (!street || street.length > 500) return { error: 'app.answer.address_street', at: '/street' };
  const region = checkRegion(raw.regionCode, 'village');
  if ('error' in region) return { ...region, at: '/regionCode' };
  const postal = raw.postalCode;
  if (postal !== undefined && postal !== null && postal !== '' && (typeof postal !== 'string' || !/^\d{5}$/.test(postal.trim()))) {
    return { error: 'app.answer.postal_code', at: '/postalCode' };
  }
  return { value: { street, regionCode: region.value, ...(typeof postal === 'string' && postal.trim() ? { postalCode: postal.trim() } : {}) } };
}

function checkPoint(raw: unknown): Result {
  let lat: unknown;
  let lng: unknown;
  if (typeof raw === 'string') [lat, lng] = raw.split(',').map((s) => toNumber(s));
  else if (isRecord(raw)) [lat, lng] = [toNumber(raw.lat), toNumber(raw.lng)];
  if (typeof lat !== 'number' || typeof lng !== 'number' || Math.abs(lat) > 90 || Math.abs(lng) > 180) return { error: 'app.answer.point' };
  return { value: { lat, lng } };
}

const FILE_ID = /^[0-9A-Za-z_-]{1,64}$/;

function checkFiles(raw: unknown, field: FieldDefinition): Result {
  const list = Array.isArray(raw) ? raw : [raw];
  const accept: readonly string[] = field.accept ?? FILE_DEFAULTS.accept;
  const maxBytes = field.maxBytes ?? FILE_DEFAULTS.maxBytes;
  const maxFiles = field.maxFiles ?? FILE_DEFAULTS.maxFiles;
  if (list.length > maxFiles) return { error: 'app.answer.files_count', vars: { limit: maxFiles } };
  const files: FileRef[] = [];
  for (const [i, f] of list.entries()) {
    if (!isRecord(f) || typeof f.fileId !== 'string' || !FILE_ID.test(f.fileId) || typeof f.name !== 'string' || f.name.length > 255) {
      return { error: 'app.answer.file', at: `/${i}` };
    }
    if (typeof f.mime !== 'string' || !accept.includes(f.mime)) return { error: 'app.answer.file_type', vars: { types: accept.join(', ') }, at: `/${i}` };
    if (typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 1 || f.size > maxBytes) {
      return { error: 'app.answer.file_size', vars: { limit: Math.floor(maxBytes / 1024) }, at: `/${i}` };
    }
    files.push({ fileId: f.fileId, name: f.name, mime: f.mime, size: f.size });
  }
  return { value: files };
}

/** The errors of one group's fields (a page of a long form shows only its own). */
export function errorsOfGroup(form: FormDefinition, errors: readonly PendingFieldError[], groupId: string): PendingFieldError[] {
  const group = form.groups.find((g) => g.id === groupId);
  if (!group) return [];
  const prefixes = group.repeatable ? [`/answers/${group.id}`] : group.fields.map((f) => `/answers/${f.id}`);
  return errors.filter((e) => prefixes.some((p) => e.field === p || e.field.startsWith(`${p}/`)));
}

/** The files an answer set refers to, with the field they answer (for linking them to the application). */
export function filesIn(form: FormDefinition, answers: Answers): { fieldId: string; file: FileRef }[] {
  const out: { fieldId: string; file: FileRef }[] = [];
  for (const group of form.groups) {
    const scopes = group.repeatable ? ((answers[group.id] as Answers[] | undefined) ?? []) : [answers];
    for (const scope of scopes) {
      for (const field of group.fields) {
        if (field.type === 'file' && Array.isArray(scope[field.id])) for (const file of scope[field.id] as FileRef[]) out.push({ fieldId: field.id, file });
      }
    }
  }
  return out;
}

/**
 * The answers with every entry of a file field passed through `replace` (an entry is what the client
 * sent: a reference object, or a bare file id as a no-JavaScript form sends it). Tolerates any shape —
 * it runs before validation, so that the server, not the client, says what a file's name, type and
 * size are.
 */
export function mapFileEntries(form: FormDefinition, input: unknown, replace: (entry: unknown) => unknown): unknown {
  if (!isRecord(input)) return input;
  const out: Answers = { ...input };
  const inScope = (scope: Answers, fields: readonly FieldDefinition[]) => {
    const copy: Answers = { ...scope };
    for (const field of fields) {
      if (field.type !== 'file' || copy[field.id] === undefined || copy[field.id] === null) continue;
      const value = copy[field.id];
      copy[field.id] = Array.isArray(value) ? value.map(replace) : replace(value);
    }
    return copy;
  };
  for (const group of form.groups) {
    if (group.repeatable) {
      const items = out[group.id];
      if (Array.isArray(items)) out[group.id] = items.map((item) => (isRecord(item) ? inScope(item, group.fields) : item));
    } else Object.assign(out, inScope(out, group.fields));
  }
  return out;
}

/** The file id an entry of a file field names, if any (a reference object or a bare id). */
export function fileIdOf(entry: unknown): string | undefined {
  const id = typeof entry === 'string' ? entry : isRecord(entry) ? entry.fileId : undefined;
  return typeof id === 'string' && FILE_ID.test(id) ? id : undefined;
}
