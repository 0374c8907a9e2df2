// Table tests of the pure form parts: definitions (validateForm), their fit with the standard's
// requirements (checkRequirements), and answers (validateAnswers) — every field type, conditional
// visibility, repeatable groups, drafts (partial).
import { describe, expect, it } from 'vitest';
import { validateAnswers } from './answers.js';
import type { FieldDefinition, FormDefinition } from './definition.js';
import { checkRequirements, validateForm } from './validate.js';

const T = (id: string) => ({ id, en: id });
const field = (id: string, type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id,
  type,
  label: T(id),
  required: true,
  ...extra,
});
const form = (fields: FieldDefinition[], extra: Partial<FormDefinition> = {}): FormDefinition => ({
  groups: [{ id: 'main', title: T('Utama'), fields }],
  requirements: [],
  ...extra,
});
const env = { today: '2026-06-01', now: new Date('2026-06-01T03:00:00Z') };
const codes = (r: { ok: boolean; errors?: { field: string; code: string }[] }) => (r.ok ? [] : r.errors!.map((e) => `${e.field}:${e.code}`));

describe('validateForm', () => {
  const cases: [string, unknown, string[]][] = [
    ['a valid form', form([field('name', 'text'), field('kind', 'select', { options: [{ value: 'a', label: T('A') }] })]), []],
    ['an unknown field type', form([{ ...field('x', 'text'), type: 'signature' as never }]), ['/groups/0/fields/0/type:invalid']],
    ['a duplicate field id', form([field('x', 'text'), field('x', 'number')]), ['/groups/0/fields/1/id:duplicate_id']],
    ['a field id equal to a group id', form([field('main', 'text')]), ['/groups/0/fields/0/id:duplicate_id']],
    [
      'a condition naming an unknown field',
      form([field('x', 'text', { visibleIf: { field: 'nope', op: 'filled' } })]),
      ['/groups/0/fields/0/visibleIf/field:unknown_condition_field'],
    ],
    [
      'a condition naming a later field',
      form([field('x', 'text', { visibleIf: { field: 'y', op: 'filled' } }), field('y', 'checkbox')]),
      ['/groups/0/fields/0/visibleIf/field:unknown_condition_field'],
    ],
    ['equals without a value', form([field('y', 'checkbox'), field('x', 'text', { visibleIf: { field: 'y', op: 'equals' } })]), ['/groups/0/fields/1/visibleIf/value:condition_value']],
    ['a setting of another type', form([field('x', 'text', { options: [{ value: 'a', label: T('A') }] })]), ['/groups/0/fields/0/options:setting_not_allowed']],
    ['a select without options', form([field('x', 'select')]), ['/groups/0/fields/0/options:options_missing']],
    ['duplicate options', form([field('x', 'select', { options: [{ value: 'a', label: T('A') }, { value: 'a', label: T('B') }] })]), ['/groups/0/fields/0/options:duplicate_option']],
    ['min above max', form([field('x', 'number', { min: 5, max: 1 })]), ['/groups/0/fields/0/min:range']],
    ['a fractional rupiah bound', form([field('x', 'rupiah', { min: 0.5 })]), ['/groups/0/fields/0/min:rupiah_bound']],
    ['a mapping to an unknown field', form([field('x', 'file')], { requirements: [{ requirement: 'KTP', fields: ['ktp'] }] }), ['/requirements/0/fields/0:unknown_field']],
    [
      'a requirement mapped twice',
      form([field('x', 'file')], { requirements: [{ requirement: 'KTP', fields: ['x'] }, { requirement: ' ktp ', fields: ['x'] }] }),
      ['/requirements/1/requirement:duplicate_requirement'],
    ],
    [
      'a condition on a field of another repeating group',
      {
        groups: [
          { id: 'kids', title: T('Anak'), repeatable: { min: 0, max: 5, itemLabel: T('Anak') }, fields: [field('kid_name', 'text')] },
          { id: 'other', title: T('Lain'), fields: [field('x', 'text', { visibleIf: { field: 'kid_name', op: 'filled' } })] },
        ],
        requirements: [],
      },
      ['/groups/1/fields/0/visibleIf/field:condition_repeat'],
    ],
    ['not an object', 'form', ['/:invalid']],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(codes(validateForm(input))).toEqual(expected);
  });
});

describe('checkRequirements', () => {
  const f = form([field('ktp', 'file'), field('kk', 'file')], {
    requirements: [
      { requirement: 'Fotokopi KTP-el pemohon', fields: ['ktp'] },
      { requirement: 'Surat lama yang sudah dihapus', fields: ['kk'] },
    ],
  });
  it('names each requirement without a field and each mapping the standard no longer has', () => {
    const errors = checkRequirements(f, ['fotokopi  KTP-el pemohon', 'Fotokopi Kartu Keluarga (KK)']);
    expect(errors.map((e) => `${e.field}:${e.code}:${e.vars?.requirement}`)).toEqual([
      '/components/persyaratan/1:requirement_unmapped:Fotokopi Kartu Keluarga (KK)',
      '/form/requirements/1:requirement_stale:Surat lama yang sudah dihapus',
    ]);
  });
  it('passes when every requirement is mapped', () => {
    expect(checkRequirements(f, ['Fotokopi KTP-el pemohon', 'Surat lama yang sudah dihapus'])).toEqual([]);
  });
});

describe('validateAnswers: one field of each type', () => {
  const pdf = { fileId: 'f1', name: 'ktp.pdf', mime: 'application/pdf', size: 1000 };
  const cases: [string, FieldDefinition, unknown, unknown | string][] = [
    ['text', field('a', 'text'), '  Siti  ', 'Siti'],
    ['text too long', field('a', 'text', { maxLength: 3 }), 'abcd', 'field.maxLength'],
    ['text only invisible characters', field('a', 'text'), '\u200b', 'app.answer.text'],
    ['long text', field('a', 'long_text'), 'Baris satu\nbaris dua', 'Baris satu\nbaris dua'],
    ['number from a form', field('a', 'number'), '12,5', 12.5],
    ['number not a number', field('a', 'number'), '12a', 'app.answer.number'],
    ['integer', field('a', 'number', { integer: true }), 2.5, 'app.answer.integer'],
    ['number over max', field('a', 'number', { max: 10 }), 11, 'field.maximum'],
    ['date', field('a', 'date'), '2024-02-29', '2024-02-29'],
    ['date that does not exist', field('a', 'date'), '2025-02-29', 'app.answer.date'],
    ['date after today', field('a', 'date', { maxDate: 'today' }), '2026-06-02', 'app.answer.date_max'],
    ['select', field('a', 'select', { options: [{ value: 'x', label: T('X') }] }), 'x', 'x'],
    ['select unknown option', field('a', 'select', { options: [{ value: 'x', label: T('X') }] }), 'y', 'field.enum'],
    ['multi-select', field('a', 'multi_select', { options: [{ value: 'x', label: T('X') }, { value: 'y', label: T('Y') }] }), ['x', 'y', 'x'], ['x', 'y']],
    ['multi-select over the limit', field('a', 'multi_select', { maxChoices: 1, options: [{ value: 'x', label: T('X') }, { value: 'y', label: T('Y') }] }), ['x', 'y'], 'app.answer.choices'],
    ['checkbox from a form', field('a', 'checkbox'), 'on', true],
    ['required checkbox left unticked', field('a', 'checkbox'), 'false', 'app.answer.must_check'],
    ['NIK with separators', field('a', 'nik'), '7371-0141-0190-0001', '7371014101900001'],
    ['NIK with a bad day', field('a', 'nik'), '7371013501900001', 'identity.nik.birth_day'],
    ['NIK with month 13', field('a', 'nik'), '7371011013900001', 'identity.nik.birth_date'],
    ['region (village)', field('a', 'region'), '73.71.01.1001', '73.71.01.1001'],
    ['region at the wrong level', field('a', 'region'), '73.71', 'app.answer.region'],
    ['region (regency)', field('a', 'region', { level: 'regency' }), '73.71', '73.71'],
    ['unknown region', field('a', 'region'), '99.99.99.9999', 'app.answer.region'],
    ['address', field('a', 'address'), { street: 'Jl. Sombaopu 1', regionCode: '73.71.01.1001', postalCode: '90111' }, { street: 'Jl. Sombaopu 1', regionCode: '73.71.01.1001', postalCode: '90111' }],
    ['address without a street', field('a', 'address'), { street: ' ', regionCode: '73.71.01.1001' }, 'app.answer.address_street'],
    ['phone', field('a', 'phone'), '0812-3456-7890', '+6281234567890'],
    ['landline', field('a', 'phone'), '0411 123456', 'app.answer.phone'],
    ['e-mail', field('a', 'email'), ' Siti@Contoh.GO.ID ', 'Siti@contoh.go.id'],
    ['bad e-mail', field('a', 'email'), 'siti@', 'app.answer.email'],
    ['rupiah typed with dots', field('a', 'rupiah'), 'Rp 1.500.000', 1500000],
    ['rupiah with cents', field('a', 'rupiah'), '1500000,50', 'app.answer.rupiah'],
    ['negative rupiah', field('a', 'rupiah'), -1, 'app.answer.rupiah'],
    ['map point', field('a', 'map_point'), '-5.1477,119.4327', { lat: -5.1477, lng: 119.4327 }],
    ['map point out of range', field('a', 'map_point'), { lat: 91, lng: 0 }, 'app.answer.point'],
    ['file', field('a', 'file'), [pdf], [pdf]],
    ['file of a type not accepted', field('a', 'file', { accept: ['image/jpeg'] }), [pdf], 'app.answer.file_type'],
    ['file too large', field('a', 'file', { maxBytes: 999 }), [pdf], 'app.answer.file_size'],
    ['too many files', field('a', 'file'), [pdf, { ...pdf, fileId: 'f2' }], 'app.answer.files_count'],
    ['required and empty', field('a', 'text'), '', 'field.required'],
  ];
  it.each(cases)('%s', (_name, f, value, expected) => {
    const result = validateAnswers(form([f]), { a: value }, env);
    if (typeof expected === 'string' && (expected.startsWith('app.') || expected.startsWith('field.') || expected.startsWith('identity.'))) {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors[0]!.messageKey).toBe(expected);
    } else {
      expect(result).toEqual({ ok: true, answers: { a: expected } });
    }
  });
});

describe('validateAnswers: visibility, repeats, drafts', () => {
  const f = form([
    field('married', 'checkbox', { required: false }),
    field('spouse', 'text', { visibleIf: { field: 'married', op: 'equals', value: true } }),
    field('note', 'text', { required: false }),
  ]);
  it('a hidden field is neither required nor kept', () => {
    expect(validateAnswers(f, { spouse: 'Budi', unknown: 'x' }, env)).toEqual({ ok: true, answers: {} });
  });
  it('a shown field is required', () => {
    expect(codes(validateAnswers(f, { married: 'on' }, env))).toEqual(['/answers/spouse:required']);
  });
  it('a draft checks formats but requires nothing', () => {
    expect(validateAnswers(f, { married: true }, env, { partial: true })).toEqual({ ok: true, answers: { married: true } });
  });
  it('rejects answers that are not an object', () => {
    expect(codes(validateAnswers(f, ['x'], env))).toEqual(['/answers:type']);
  });

  const family: FormDefinition = {
    groups: [
      { id: 'applicant', title: T('Pemohon'), fields: [field('has_children', 'checkbox', { required: false })] },
      {
        id: 'children',
        title: T('Anak'),
        visibleIf: { field: 'has_children', op: 'filled' },
        repeatable: { min: 1, max: 3, itemLabel: T('Anak') },
        fields: [field('child_name', 'text'), field('disabled', 'checkbox', { required: false }), field('aid', 'rupiah', { visibleIf: { field: 'disabled', op: 'filled' } })],
      },
    ],
    requirements: [],
  };
  it('validates each item of a repeating group with its own conditions', () => {
    const result = validateAnswers(family, { has_children: true, children: [{ child_name: 'Ani' }, { child_name: 'Ali', disabled: 'on' }, { child_name: '' }] }, env);
    expect(codes(result)).toEqual(['/answers/children/1/aid:required', '/answers/children/2/child_name:required']);
  });
  it('counts items within the group’s bounds', () => {
    expect(codes(validateAnswers(family, { has_children: true, children: [] }, env))).toEqual(['/answers/children:items']);
    expect(codes(validateAnswers(family, { has_children: true, children: Array(4).fill({ child_name: 'A' }) }, env))).toEqual(['/answers/children:items']);
  });
  it('drops a hidden repeating group', () => {
    expect(validateAnswers(family, { children: [{ child_name: 'Ani' }] }, env)).toEqual({ ok: true, answers: {} });
  });
  it('keeps cleaned items', () => {
    expect(validateAnswers(family, { has_children: 'on', children: [{ child_name: ' Ani ', disabled: 'on', aid: '1.000' }] }, env)).toEqual({
      ok: true,
      answers: { has_children: true, children: [{ child_name: 'Ani', disabled: true, aid: 1000 }] },
    });
  });
});
