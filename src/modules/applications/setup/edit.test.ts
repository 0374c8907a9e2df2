// The builder's edits as pure functions: a field read from posted fields (only its type's settings),
// fields renamed, moved and removed with their conditions and mappings, and workflow steps inserted
// and removed so the result still passes the engine's check.
import { describe, expect, it } from 'vitest';
import { validateForm } from '../forms/validate.js';
import { presetVerifyApproveIssue, validateWorkflow } from '../workflow/index.js';
import { fieldFromPosted, move, putField, remove } from './form-edit.js';
import { insertStep, removeStep, stepFromPosted, stepsInOrder } from './workflow-edit.js';

const form = {
  groups: [
    {
      id: 'data',
      title: { id: 'Data', en: 'Data' },
      fields: [
        { id: 'punya', type: 'checkbox' as const, label: { id: 'Punya usaha', en: 'Has a business' }, required: false },
        { id: 'nama_usaha', type: 'text' as const, label: { id: 'Nama usaha', en: 'Business name' }, required: true, visibleIf: { field: 'punya', op: 'equals' as const, value: 'true' } },
      ],
    },
  ],
  requirements: [{ requirement: 'KTP', fields: ['punya'] }],
};

describe('form edits', () => {
  it.each([
    [{ id: 'x', type: 'file', label_id: 'Berkas', accept: ['application/pdf', 'text/html'], maxMb: '2,5', maxFiles: '2', options: 'a' }, { accept: ['application/pdf'], maxBytes: 2621440, maxFiles: 2 }],
    [{ id: 'x', type: 'rupiah', label_id: 'Biaya', min: '1.000.000', max: '5000000', maxMb: '3' }, { min: 1000000, max: 5000000 }],
    [{ id: 'x', type: 'select', label_id: 'Pilih', options: 'Laki-laki\np | Perempuan | Female' }, { options: [{ value: 'laki_laki', label: { id: 'Laki-laki', en: 'Laki-laki' } }, { value: 'p', label: { id: 'Perempuan', en: 'Female' } }] }],
  ])('reads %o with only its type’s settings', (posted, expected) => {
    const read = fieldFromPosted(posted);
    expect(read.errors).toEqual([]);
    expect(read.field).toMatchObject({ ...expected, label: { id: posted.label_id, en: posted.label_id } });
    expect(read.field).not.toHaveProperty('maxMb');
    if (posted.type !== 'file') expect(read.field).not.toHaveProperty('maxBytes');
  });

  it('names the input of each mistake', () => {
    expect(fieldFromPosted({ id: '1x', type: 'number', label_id: '', min: 'satu', when_field: 'a' }).errors.map((e) => e.field)).toEqual(['/id', '/label_id', '/when_value', '/min']);
  });

  it('follows a renamed field in conditions and mappings, and maps it to one requirement', () => {
    const next = putField(form, { group: form.groups[0]!, field: { ...form.groups[0]!.fields[0]!, id: 'ada_usaha' }, previousId: 'punya', requirement: 'KK' });
    expect(validateForm(next).ok).toBe(true);
    expect(next.groups[0]!.fields[1]!.visibleIf!.field).toBe('ada_usaha');
    expect(next.requirements).toEqual([{ requirement: 'KK', fields: ['ada_usaha'] }]);
  });

  it('moves within a group (an end stays put) and removes with mappings', () => {
    expect(move(form, 'field', 'punya', 'down').groups[0]!.fields.map((f) => f.id)).toEqual(['nama_usaha', 'punya']);
    expect(move(form, 'field', 'punya', 'up').groups[0]!.fields.map((f) => f.id)).toEqual(['punya', 'nama_usaha']);
    expect(remove(form, 'field', 'punya').requirements).toEqual([]);
    expect(remove(form, 'group', 'data').groups).toEqual([]);
  });
});

describe('workflow edits', () => {
  it('inserts a step after another that takes over where it went on, and removes it again', () => {
    const wf = presetVerifyApproveIssue();
    const added = insertStep(wf, { after: 'verify', kind: 'task', id: 'survey', name_id: 'Survei', role: 'verifier' });
    expect(added.errors).toEqual([]);
    expect(validateWorkflow(added.workflow).ok).toBe(true);
    const order = stepsInOrder(added.workflow).map((s) => s.id);
    expect(order.slice(0, 2)).toEqual(['verify', 'survey']);
    expect(order.indexOf('approve')).toBeGreaterThan(order.indexOf('survey'));
    const removed = removeStep(added.workflow, 'survey');
    expect(removed).toEqual(wf);
  });

  it('refuses a taken id and reads a wait step with an optional deadline', () => {
    const wf = presetVerifyApproveIssue();
    expect(insertStep(wf, { after: 'verify', id: 'approve', name_id: 'X' }).errors.map((e) => e.field)).toEqual(['/id']);
    const sign = wf.steps.find((s) => s.kind === 'wait')!;
    const read = stepFromPosted({ name_id: 'TTE', event: 'signed', waitsOn: 'agency', next: 'issued', days: '' }, sign);
    expect(read.errors).toEqual([]);
    expect(read.step).not.toHaveProperty('deadline');
    expect(stepFromPosted({ name_id: 'TTE', event: 'Signed!', next: 'issued', days: '0' }, sign).errors.map((e) => e.field)).toEqual(['/event', '/days']);
  });
});
