// Table tests of validateWorkflow: every kind of bad definition is refused, naming the step in both
// languages; the presets pass.
import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition, WorkflowStep } from './definition.js';
import { presetRiskBased, presetVerifyApproveIssue, RISK_LEVELS } from './presets.js';
import { validateWorkflow } from './validate.js';

const name = (id: string) => ({ id: `Langkah ${id}`, en: `Step ${id}` });
const task = (id: string, actions: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ id, kind: 'task', name: name(id), role: 'verifier', deadline: { days: 3, onLapse: { action: 'escalate', role: 'agency_admin', days: 2 } }, actions, ...extra }) as WorkflowStep;
const end = (id: string, outcome: 'approved' | 'issued' | 'rejected') => ({ id, kind: 'end', name: name(id), outcome }) as WorkflowStep;
const ENDS = [end('done', 'issued'), end('rejected', 'rejected')];
const def = (steps: WorkflowStep[], extra: Partial<WorkflowDefinition> = {}): WorkflowDefinition => ({
  version: 1,
  serviceDays: 10,
  revisionPolicy: 'pause',
  deemedApproval: false,
  start: steps[0]!.id,
  steps,
  ...extra,
});

describe('validateWorkflow accepts', () => {
  it.each<[string, WorkflowDefinition]>([
    ['verify → approve → issue', presetVerifyApproveIssue()],
    ['verify → approve → issue with fiktif positif and restart', presetVerifyApproveIssue({ deemedApproval: true, revisionPolicy: 'restart' })],
    ...RISK_LEVELS.flatMap((level) => [
      [`PP 28/2025 ${level}`, presetRiskBased(level)] as [string, WorkflowDefinition],
      [`PP 28/2025 ${level} with fiktif positif`, presetRiskBased(level, { deemedApproval: true })] as [string, WorkflowDefinition],
    ]),
    ['a cycle with an exit (send back to verification)', def([task('a', { approve: { to: 'b' } }), task('b', { approve: { to: 'done' }, forward: { to: 'a' } }), ENDS[0]!])],
  ])('%s', (_, definition) => {
    expect(validateWorkflow(definition)).toEqual({ ok: true, definition });
  });
});

describe('validateWorkflow refuses, naming the step', () => {
  const cases: [string, unknown, string | null, string, RegExp][] = [
    // [case, definition, step named, code, English message]
    ['a task without a role', def([{ ...task('a', { approve: { to: 'done' } }), role: undefined } as unknown as WorkflowStep, ...ENDS]), 'a', 'missing_role', /^Step "a" \(Step a\) has no valid officer role/],
    ['a task with an unknown role', def([{ ...task('a', { approve: { to: 'done' } }), role: 'lurah' } as unknown as WorkflowStep, ...ENDS]), 'a', 'missing_role', /has no valid officer role/],
    ['a deadline of 0 days', def([task('a', { approve: { to: 'done' } }, { deadline: { days: 0, onLapse: { action: 'deemed_approval' } } }), ...ENDS]), 'a', 'deadline_range', /deadline \/deadline\/days must be a whole number from 1 to 366/],
    ['a deadline of 367 days', def([task('a', { approve: { to: 'done' } }, { deadline: { days: 367, onLapse: { action: 'deemed_approval' } } }), ...ENDS]), 'a', 'deadline_range', /from 1 to 366/],
    ['an escalation of 1.5 days', def([task('a', { approve: { to: 'done' } }, { deadline: { days: 3, onLapse: { action: 'escalate', role: 'approver', days: 1.5 } } }), ...ENDS]), 'a', 'deadline_range', /\/deadline\/onLapse\/days/],
    ['a jangka waktu of 400 days', def([task('a', { approve: { to: 'done' } }), ...ENDS], { serviceDays: 400 }), null, 'deadline_range', /^The workflow deadline \/serviceDays/],
    ['a step of an unknown kind', def([task('a', { approve: { to: 'x' } }), { id: 'x', kind: 'gateway', name: name('x') } as unknown as WorkflowStep, ...ENDS]), 'x', 'invalid', /field \/kind is invalid/],
    ['a task with an unknown action', def([task('a', { approve: { to: 'done' }, delegate: { to: 'done' } }), ...ENDS]), 'a', 'invalid', /field \/actions\/delegate is invalid/],
    ['two steps with one id', def([task('a', { approve: { to: 'done' } }), task('a', { approve: { to: 'done' } }), ...ENDS]), 'a', 'duplicate_step', /uses an id another step already has/],
    ['an unknown start', def([task('a', { approve: { to: 'done' } }), ...ENDS], { start: 'nowhere' }), null, 'unknown_target', /^The workflow leads to step "nowhere", which does not exist/],
    ['an unknown target', def([task('a', { approve: { to: 'b' } }), ...ENDS]), 'a', 'unknown_target', /^Step "a" \(Step a\) leads to step "b", which does not exist/],
    ['an unknown wait target', def([task('a', { approve: { to: 'w' } }), { id: 'w', kind: 'wait', name: name('w'), event: 'paid', waitsOn: 'applicant', next: 'zz' }, ...ENDS]), 'w', 'unknown_target', /leads to step "zz"/],
    ['an unknown join', def([{ id: 'p', kind: 'parallel', name: name('p'), branches: ['b1', 'b2'], join: 'j' }, task('b1', { approve: { to: 'done' } }), task('b2', { approve: { to: 'done' } }), ...ENDS]), 'p', 'unknown_target', /leads to step "j"/],
    ['a rejection to an approving end', def([task('a', { approve: { to: 'done' }, reject: { to: 'done' } }), ...ENDS]), 'a', 'reject_target', /a rejection must lead to an end step with outcome "rejected"/],
    ['an approval to a rejecting end', def([task('a', { approve: { to: 'rejected' }, forward: { to: 'done' } }), ...ENDS]), 'a', 'approve_target', /approves to "rejected"/],
    ['a deadline on a wait for the applicant', def([task('a', { approve: { to: 'w' } }), { id: 'w', kind: 'wait', name: name('w'), event: 'paid', waitsOn: 'applicant', next: 'done', deadline: { days: 5, onLapse: { action: 'escalate', role: 'treasurer', days: 1 } } }, ...ENDS]), 'w', 'applicant_wait_deadline', /time with the applicant never counts against the agency/],
    ['deemed approval on a service that does not enable it', def([task('a', { approve: { to: 'done' } }, { deadline: { days: 3, onLapse: { action: 'deemed_approval' } } }), ...ENDS]), 'a', 'deemed_approval_disabled', /^Step "a" \(Step a\) uses deemed approval \(fiktif positif\), but this service does not enable it/],
    ['deemed approval on a step that cannot approve', def([task('a', { forward: { to: 'done' } }, { deadline: { days: 3, onLapse: { action: 'deemed_approval' } } }), ...ENDS], { deemedApproval: true }), 'a', 'deemed_approval_without_approve', /no "approve" action/],
    ['deemed approval on a wait', def([task('a', { approve: { to: 'w' } }), { id: 'w', kind: 'wait', name: name('w'), event: 'signed', waitsOn: 'agency', next: 'done', deadline: { days: 2, onLapse: { action: 'deemed_approval' } } }, ...ENDS], { deemedApproval: true }), 'w', 'deemed_approval_without_approve', /no "approve" action/],
    ['a parallel joining at one of its branches', def([{ id: 'p', kind: 'parallel', name: name('p'), branches: ['b1', 'b2'], join: 'b2' }, task('b1', { approve: { to: 'b2' } }), task('b2', { approve: { to: 'done' } }), ...ENDS]), 'p', 'parallel_join_invalid', /joins its branches at "b2"/],
    ['an unreachable step', def([task('a', { approve: { to: 'done' } }), task('orphan', { approve: { to: 'done' } }), ...ENDS]), 'orphan', 'unreachable', /^Step "orphan" \(Step orphan\) cannot be reached from the start step/],
    ['a dead end', def([task('a', { approve: { to: 'b' } }), task('b', { request_revision: {}, escalate: { role: 'approver' } }), ...ENDS]), 'b', 'dead_end', /is a dead end/],
    ['a cycle without an exit', def([task('a', { approve: { to: 'b' }, reject: { to: 'rejected' } }), task('b', { forward: { to: 'c' } }), task('c', { approve: { to: 'b' } }), ...ENDS]), 'b', 'cycle_without_exit', /is in a cycle with no way out to an end step: "b" → "c"/],
    ['a step approving to itself', def([task('a', { approve: { to: 'b' }, reject: { to: 'rejected' } }), task('b', { approve: { to: 'b' } }), ...ENDS]), 'b', 'cycle_without_exit', /"b"/],
    ['parallel branches that never join', def([{ id: 'p', kind: 'parallel', name: name('p'), branches: ['b1', 'b2'], join: 'j' }, task('b1', { approve: { to: 'j' } }), task('b2', { approve: { to: 'done' }, reject: { to: 'rejected' } }), task('j', { approve: { to: 'done' } }), ...ENDS]), 'p', 'parallel_no_join', /has a branch "b2" that never reaches the join step "j"/],
    ['a branch leaving into the main flow', def([task('a', { approve: { to: 'p' } }), { id: 'p', kind: 'parallel', name: name('p'), branches: ['b1', 'b2'], join: 'j' }, task('b1', { approve: { to: 'j' }, forward: { to: 'k' } }), task('b2', { approve: { to: 'j' } }), task('j', { approve: { to: 'k' } }), task('k', { approve: { to: 'done' } }), ...ENDS]), 'k', 'branch_crossing', /belongs to more than one part of the workflow \(the main flow; branch "b1" of "p"\)/],
    ['two branches sharing a step', def([{ id: 'p', kind: 'parallel', name: name('p'), branches: ['b1', 'b2'], join: 'j' }, task('b1', { approve: { to: 's' } }), task('b2', { approve: { to: 's' } }), task('s', { approve: { to: 'j' } }), task('j', { approve: { to: 'done' } }), ...ENDS]), 's', 'branch_crossing', /branch "b1" of "p"; branch "b2" of "p"/],
    ['a branch looping back to its split', def([{ id: 'p', kind: 'parallel', name: name('p'), branches: ['b1', 'b2'], join: 'j' }, task('b1', { approve: { to: 'j' }, forward: { to: 'p' } }), task('b2', { approve: { to: 'j' } }), task('j', { approve: { to: 'done' } }), ...ENDS]), 'p', 'branch_crossing', /the main flow; branch "b1" of "p"/],
  ];
  it.each(cases)('%s', (_, definition, stepId, code, message) => {
    const result = validateWorkflow(definition);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const found = errors.find((e) => e.code === code);
    expect(found, JSON.stringify(errors)).toBeDefined();
    expect(found!.stepId).toBe(stepId);
    expect(found!.messageEn).toMatch(message);
    expect(found!.messageId).toMatch(stepId === null ? /^Alur kerja / : new RegExp(`^Langkah "${stepId}"`));
  });

  it('reports every error at once, one per problem', () => {
    const result = validateWorkflow(def([task('a', { approve: { to: 'x' } }), task('b', { approve: { to: 'y' } }), ...ENDS], { deemedApproval: false }));
    expect(result.ok ? [] : result.errors.map((e) => [e.stepId, e.code])).toEqual([
      ['a', 'unknown_target'],
      ['b', 'unknown_target'],
    ]);
  });

  it('refuses what is not a definition at all', () => {
    const result = validateWorkflow('workflow');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.stepId)).toEqual([null]);
  });

  it('names a step in Bahasa Indonesia too', () => {
    const result = validateWorkflow(def([task('a', { approve: { to: 'done' } }), task('orphan', { approve: { to: 'done' } }), ...ENDS]));
    expect(result.ok ? '' : result.errors[0]!.messageId).toBe('Langkah "orphan" (Langkah orphan) tidak dapat dicapai dari langkah awal.');
  });
});
