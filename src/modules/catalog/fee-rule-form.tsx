// The fee rule's part of the service-version admin form (fees.ts holds the rule): how the fee is reached
// — the fixed amount of the "Biaya" field, a price per unit of a number the applicant gives, or a table
// whose row a choice on the form picks. Plain fields, no JavaScript: every field is shown, and those the
// chosen kind does not use are ignored (their hints say so). The table is a text area, one row per line,
// so a row is added by typing a line rather than by a script.
import { DomainError, type FieldError } from '../../platform/errors.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { Field, type FormValues, Radios, TextArea } from '../../web/form.js';
import type { FeeRule } from './fees.js';
import './strings.js';

export const FEE_KINDS = ['fixed', 'per_unit', 'table'] as const;

/** The form's fields for the rule's pointers (`/feeRule/...`, from fees.ts and the publication's check). */
export function feeRuleFieldFor(pointer: string): string | undefined {
  if (!pointer.startsWith('/feeRule')) return undefined;
  if (pointer.startsWith('/feeRule/rows')) return 'fee_rows';
  const map: Record<string, string> = {
    '/feeRule': 'fee_kind',
    '/feeRule/field': 'fee_field',
    '/feeRule/unitPrice': 'fee_unit_price',
    '/feeRule/minimum': 'fee_minimum',
    '/feeRule/unit/id': 'fee_unit_id',
  };
  return map[pointer] ?? 'fee_kind';
}

/**
 * A whole number as typed: "25.000" is how rupiah are written in Indonesian, "25000" too. Anything else is
 * passed on as NaN or a fraction, so the service's check names the error beside the field.
 */
export function parseAmount(raw: string | undefined): number | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  if (/^\d{1,3}(\.\d{3})+$/.test(text)) return Number(text.replace(/\./g, ''));
  return Number(text.replace(',', '.'));
}

const SEPARATOR = '|';

/** The rule as the form's values (the fields of the kinds it is not are left empty). */
export function feeRuleToForm(rule: FeeRule | null | undefined): FormValues {
  const form: FormValues = { fee_kind: rule?.kind ?? 'fixed', fee_field: '', fee_unit_price: '', fee_unit_id: '', fee_unit_en: '', fee_minimum: '', fee_rows: '' };
  if (rule?.kind === 'per_unit') {
    Object.assign(form, {
      fee_field: rule.field,
      fee_unit_price: String(rule.unitPrice),
      fee_unit_id: rule.unit.id,
      fee_unit_en: rule.unit.en ?? '',
      fee_minimum: rule.minimum === undefined ? '' : String(rule.minimum),
    });
  } else if (rule?.kind === 'table') {
    form.fee_field = rule.field;
    form.fee_rows = rule.rows.map((r) => [r.value, r.label.id, ...(r.label.en ? [r.label.en] : []), String(r.amount)].join(` ${SEPARATOR} `)).join('\n');
  }
  return form;
}

const refuse = (errors: FieldError[]) => new DomainError('catalog.invalid_service', 400, 'error.catalog.invalid_service', {}, errors);

/**
 * The rule the form's fields describe; errors point into the definition (`/feeRule/...`), as the API's do. What only the form can get wrong — a kind not offered, no field
 * named, a table line that is not "value | label | label (en) | amount" — is refused here with the line
 * it is on (400, nothing saved); whether amounts are whole rupiah and row values distinct is fees.ts's
 * check, run by the save like the API's.
 */
export function feeRuleFromForm(lang: Lang, form: FormValues): FeeRule | null {
  const s = (k: string) => (form[k] ?? '').trim();
  const kind = s('fee_kind') || 'fixed';
  if (!(FEE_KINDS as readonly string[]).includes(kind)) throw refuse([{ field: '/feeRule', code: 'enum', message: t(lang, 'catalog.fee_rule.kind_invalid') }]);
  if (kind === 'fixed') return null;
  const errors: FieldError[] = [];
  if (s('fee_field') === '') errors.push({ field: '/feeRule/field', code: 'required', message: t(lang, 'catalog.fee_rule.field_required') });
  if (kind === 'per_unit') {
    const unitPrice = parseAmount(form.fee_unit_price);
    if (unitPrice === null) errors.push({ field: '/feeRule/unitPrice', code: 'required', message: t(lang, 'catalog.fee_rule.unit_price_required') });
    if (s('fee_unit_id') === '') errors.push({ field: '/feeRule/unit/id', code: 'required', message: t(lang, 'catalog.fee_rule.unit_required') });
    if (errors.length > 0) throw refuse(errors);
    const minimum = parseAmount(form.fee_minimum);
    return {
      kind: 'per_unit',
      field: s('fee_field'),
      unitPrice: unitPrice!,
      unit: { id: s('fee_unit_id'), ...(s('fee_unit_en') ? { en: s('fee_unit_en') } : {}) },
      ...(minimum === null ? {} : { minimum }),
    };
  }
  const lines = s('fee_rows')
    .split(/\r?\n/)
    .map((line, i) => ({ line: i + 1, parts: line.split(SEPARATOR).map((p) => p.trim()) }))
    .filter((l) => l.parts.some((p) => p !== ''));
  if (lines.length === 0) errors.push({ field: '/feeRule/rows', code: 'required', message: t(lang, 'catalog.fee_rule.rows_empty') });
  const rows: Extract<FeeRule, { kind: 'table' }>['rows'] = [];
  for (const { line, parts } of lines) {
    // "value | label | amount" (no English label) or "value | label | label (en) | amount".
    const [value, labelId, labelEn, rawAmount] = parts.length === 3 ? [parts[0], parts[1], '', parts[2]] : parts;
    const amount = parseAmount(rawAmount);
    if ((parts.length !== 3 && parts.length !== 4) || !value || !labelId || amount === null) {
      errors.push({ field: '/feeRule/rows', code: 'format', message: t(lang, 'catalog.fee_rule.row_format', { line }) });
    } else if (!Number.isSafeInteger(amount) || amount < 0) {
      errors.push({ field: '/feeRule/rows', code: 'fee', message: t(lang, 'catalog.fee_rule.row_amount', { line }) });
    } else {
      rows.push({ value, label: { id: labelId, ...(labelEn ? { en: labelEn } : {}) }, amount });
    }
  }
  if (errors.length > 0) throw refuse(errors);
  return { kind: 'table', field: s('fee_field'), rows };
}

/** The fieldset of the edit form: the kind, then each kind's fields with what they are for. */
export function FeeRuleFields({ lang, form, errors }: { lang: Lang; form: FormValues; errors?: readonly FieldError[] }) {
  const optional = (name: string, label: string, hint?: string, inputMode?: string) => (
    <Field name={name} label={label} lang={lang} errors={errors} value={form[name]} hint={hint} required={false} inputMode={inputMode} />
  );
  return (
    <fieldset id="f-fee_rule">
      <legend>{t(lang, 'catalog.fee_rule.legend')}</legend>
      <Radios
        name="fee_kind"
        legend={t(lang, 'catalog.fee_rule.kind')}
        lang={lang}
        errors={errors}
        value={form.fee_kind || 'fixed'}
        options={FEE_KINDS.map((k) => ({ value: k, label: t(lang, `catalog.fee_rule.kind.${k}`) }))}
      />
      {optional('fee_field', t(lang, 'catalog.fee_rule.field'), t(lang, 'catalog.fee_rule.field_hint'))}
      {optional('fee_unit_price', t(lang, 'catalog.fee_rule.unit_price'), t(lang, 'catalog.fee_rule.per_unit_only'), 'numeric')}
      {optional('fee_unit_id', `${t(lang, 'catalog.fee_rule.unit')} (${t(lang, 'catalog.f.lang_id')})`, t(lang, 'catalog.fee_rule.unit_hint'))}
      {optional('fee_unit_en', `${t(lang, 'catalog.fee_rule.unit')} (${t(lang, 'catalog.f.lang_en')})`, t(lang, 'catalog.fee_rule.per_unit_only'))}
      {optional('fee_minimum', t(lang, 'catalog.fee_rule.minimum'), t(lang, 'catalog.fee_rule.per_unit_only'), 'numeric')}
      <TextArea name="fee_rows" label={t(lang, 'catalog.fee_rule.rows')} lang={lang} errors={errors} value={form.fee_rows} rows={4} hint={t(lang, 'catalog.fee_rule.rows_hint')} required={false} />
    </fieldset>
  );
}
