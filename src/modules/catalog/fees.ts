// How a service's fee is reached (the "biaya" of its standard): a fixed amount, a price per unit of a
// number the applicant gives on the form (per m² of a building), or a table whose row a choice on the
// form picks (by class of vehicle). One definition serves both the service page ("Rp10.000 per m²")
// and the invoice of an application, from the frozen version it was made under — so what a citizen
// read is what they are billed. Pure: no I/O, tested with tables of cases.
import type { PendingFieldError } from '../../platform/errors.js';
import './strings.js';

/** model.ts's Bilingual (repeated: model.ts imports this file). */
type Bilingual = { id: string; en?: string };

export type FeeRule =
  | { kind: 'fixed' }
  | { kind: 'per_unit'; unitPrice: number; field: string; unit: Bilingual; minimum?: number }
  | { kind: 'table'; field: string; rows: { value: string; label: Bilingual; amount: number }[] };

/** What an invoice records of how its amount was reached (`payment_invoices.fee_basis`). */
export type FeeBasis =
  | { rule: 'fixed'; fee: number }
  | { rule: 'per_unit'; unitPrice: number; field: string; quantity: number; unit: Bilingual; minimum: number | null }
  | { rule: 'table'; field: string; value: string; label: Bilingual };

export type FeeResult = { ok: true; amount: number; basis: FeeBasis } | { ok: false; reason: 'missing_answer' | 'unknown_row' | 'fee_unset' };

const rupiah = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** What a draft's fee rule must hold to be saved: integers ≥ 0, a field named, table rows with distinct values. */
export function feeRuleErrors(rule: FeeRule | null | undefined): PendingFieldError[] {
  if (!rule || rule.kind === 'fixed') return [];
  const errors: PendingFieldError[] = [];
  const bad = (field: string) => errors.push({ field: `/feeRule/${field}`, code: 'fee', messageKey: 'catalog.field.fee' });
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(rule.field)) errors.push({ field: '/feeRule/field', code: 'pattern', messageKey: 'catalog.field.fee_field' });
  if (rule.kind === 'per_unit') {
    if (!rupiah(rule.unitPrice) || rule.unitPrice === 0) bad('unitPrice');
    if (rule.minimum !== undefined && !rupiah(rule.minimum)) bad('minimum');
    if (rule.unit.id.trim() === '') errors.push({ field: '/feeRule/unit/id', code: 'required', messageKey: 'field.required' });
  } else {
    if (rule.rows.length === 0) errors.push({ field: '/feeRule/rows', code: 'required', messageKey: 'field.required' });
    const seen = new Set<string>();
    rule.rows.forEach((row, i) => {
      if (!rupiah(row.amount)) bad(`rows/${i}/amount`);
      if (row.value === '' || seen.has(row.value)) errors.push({ field: `/feeRule/rows/${i}/value`, code: 'unique', messageKey: 'catalog.field.fee_row' });
      seen.add(row.value);
    });
  }
  return errors;
}

/** The form field a rule reads (the applications module checks at publication that the form has it). */
export function feeRuleField(rule: FeeRule | null | undefined): { field: string; type: 'number' | 'choice'; values?: string[] } | null {
  if (!rule || rule.kind === 'fixed') return null;
  return rule.kind === 'per_unit' ? { field: rule.field, type: 'number' } : { field: rule.field, type: 'choice', values: rule.rows.map((r) => r.value) };
}

/**
 * The fee of one application: its amount in rupiah and how it was reached, from the service version's
 * fee and rule and the applicant's answers (top-level fields). 0 means nothing to pay.
 */
export function computeFee(def: { fee: number | null; feeRule?: FeeRule | null }, answers: Record<string, unknown>): FeeResult {
  const rule = def.feeRule;
  if (!rule || rule.kind === 'fixed') {
    if (def.fee === null) return { ok: false, reason: 'fee_unset' };
    return { ok: true, amount: def.fee, basis: { rule: 'fixed', fee: def.fee } };
  }
  const answer = answers[rule.field];
  if (rule.kind === 'per_unit') {
    const quantity = typeof answer === 'number' ? answer : typeof answer === 'string' && answer.trim() !== '' ? Number(answer) : NaN;
    if (!Number.isFinite(quantity) || quantity < 0) return { ok: false, reason: 'missing_answer' };
    // Rupiah are whole: a fractional quantity (12.5 m²) gives a product rounded up to the next rupiah.
    const amount = Math.max(Math.ceil(rule.unitPrice * quantity), rule.minimum ?? 0);
    return { ok: true, amount, basis: { rule: 'per_unit', unitPrice: rule.unitPrice, field: rule.field, quantity, unit: rule.unit, minimum: rule.minimum ?? null } };
  }
  if (typeof answer !== 'string' || answer === '') return { ok: false, reason: 'missing_answer' };
  const row = rule.rows.find((r) => r.value === answer);
  if (!row) return { ok: false, reason: 'unknown_row' };
  return { ok: true, amount: row.amount, basis: { rule: 'table', field: rule.field, value: row.value, label: row.label } };
}
