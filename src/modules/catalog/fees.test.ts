// The fee rules as tables of cases: what a draft may hold, and the amount and basis of an application.
import { describe, expect, it } from 'vitest';
import { computeFee, type FeeRule, feeRuleErrors } from './fees.js';

const perM2: FeeRule = { kind: 'per_unit', unitPrice: 10_000, field: 'luas', unit: { id: 'm²', en: 'm²' }, minimum: 50_000 };
const byClass: FeeRule = {
  kind: 'table',
  field: 'golongan',
  rows: [
    { value: 'roda2', label: { id: 'Roda dua', en: 'Two wheels' }, amount: 25_000 },
    { value: 'roda4', label: { id: 'Roda empat', en: 'Four wheels' }, amount: 100_000 },
  ],
};

describe('computeFee', () => {
  it.each([
    ['a fixed fee', { fee: 150_000 }, {}, 150_000],
    ['a free service', { fee: 0, feeRule: { kind: 'fixed' } as FeeRule }, {}, 0],
    ['per m² above the minimum', { fee: 0, feeRule: perM2 }, { luas: 12 }, 120_000],
    ['per m² below the minimum', { fee: 0, feeRule: perM2 }, { luas: 2 }, 50_000],
    ['per m² of a fractional area, rounded up to a whole rupiah', { fee: 0, feeRule: { ...perM2, unitPrice: 333, minimum: undefined } as FeeRule }, { luas: 1.5 }, 500],
    ['per m² typed as text on a form', { fee: 0, feeRule: perM2 }, { luas: '7' }, 70_000],
    ['the row a choice picks', { fee: 0, feeRule: byClass }, { golongan: 'roda4' }, 100_000],
  ])('%s', (_name, def, answers, amount) => {
    const result = computeFee(def, answers);
    expect(result).toMatchObject({ ok: true, amount });
  });

  it('records how the amount was reached', () => {
    expect(computeFee({ fee: 0, feeRule: perM2 }, { luas: 12 })).toEqual({
      ok: true,
      amount: 120_000,
      basis: { rule: 'per_unit', unitPrice: 10_000, field: 'luas', quantity: 12, unit: { id: 'm²', en: 'm²' }, minimum: 50_000 },
    });
    expect(computeFee({ fee: 0, feeRule: byClass }, { golongan: 'roda2' })).toMatchObject({ basis: { rule: 'table', value: 'roda2', label: { id: 'Roda dua' } } });
  });

  it.each([
    ['no answer to the unit field', perM2, {}, 'missing_answer'],
    ['a negative quantity', perM2, { luas: -3 }, 'missing_answer'],
    ['a choice outside the table', byClass, { golongan: 'roda6' }, 'unknown_row'],
    ['no choice', byClass, {}, 'missing_answer'],
  ])('cannot bill %s', (_name, rule, answers, reason) => {
    expect(computeFee({ fee: 0, feeRule: rule }, answers)).toEqual({ ok: false, reason });
  });
});

describe('feeRuleErrors', () => {
  it.each([
    ['a negative unit price', { ...perM2, unitPrice: -1 }, ['/feeRule/unitPrice']],
    ['a fractional minimum', { ...perM2, minimum: 10.5 }, ['/feeRule/minimum']],
    ['a field name that is no field id', { ...perM2, field: 'Luas Tanah' }, ['/feeRule/field']],
    ['a unit without a name', { ...perM2, unit: { id: ' ' } }, ['/feeRule/unit/id']],
    ['an empty table', { ...byClass, rows: [] }, ['/feeRule/rows']],
    ['two rows with one value and a fractional amount', { ...byClass, rows: [byClass.rows[0]!, { ...byClass.rows[0]!, amount: 1.5 }] }, ['/feeRule/rows/1/amount', '/feeRule/rows/1/value']],
  ])('refuses %s', (_name, rule, fields) => {
    expect(feeRuleErrors(rule as FeeRule).map((e) => e.field)).toEqual(fields);
  });

  it('accepts valid rules and no rule', () => {
    expect(feeRuleErrors(perM2)).toEqual([]);
    expect(feeRuleErrors(byClass)).toEqual([]);
    expect(feeRuleErrors(null)).toEqual([]);
  });
});
