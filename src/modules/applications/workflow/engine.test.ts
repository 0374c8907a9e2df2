// Every event from every state of the presets, as tables: an allowed event gives the next state (and,
// where written after "|", its effects in order); a refused one gives its code ("!code") and leaves the
// state as it was. Then the rules the tables cannot show: who may act, concurrency, parallel joins in
// either order, events from other modules.
import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from './definition.js';
import { apply, type AvailableAction, availableActions, start, tick } from './engine.js';
import { presetRiskBased, presetVerifyApproveIssue } from './presets.js';
import { AGENCY, begin, calendar, drive, effectWords, officerFor, send, summary } from './testing.js';

const SUBMITTED = '2025-06-02T09:00:00+07:00'; // a Monday
const EVENT_AT = '2025-06-03T10:00:00+07:00';
const OFFICER_ACTIONS = ['approve', 'reject', 'request_revision', 'forward', 'escalate'];

interface StateRow {
  /** The events that lead to the state from submission. */
  path: string[];
  /** Event word → expectation; `step:*` and `*` cover the rest; `=`: unchanged, no effects. */
  expect: Record<string, string>;
}

const CLOSED: StateRow['expect'] = { tick: '=', '*': '!closed' };
const WITH_APPLICANT = { withdrawn: 'closed:withdrawn', signed: '!not_awaited', paid: '!not_awaited', self_declared: '!not_awaited', tick: '=', '*': '!with_applicant' };
const COMMON = { revision_submitted: '!not_allowed', withdrawn: 'closed:withdrawn', signed: '!not_awaited', paid: '!not_awaited', self_declared: '!not_awaited', tick: '=' };

const SIMPLE: Record<string, StateRow> = {
  verify: {
    path: [],
    expect: {
      ...COMMON,
      'verify:approve': 'approve | audit:approved_step cancel:verify notify:approver@dpmptsp:task_assigned schedule:approve',
      'verify:reject': 'closed:rejected | audit:rejected_step cancel:verify closed:rejected notify:applicant:closed audit:closed',
      'verify:request_revision': 'with_applicant:verify | audit:revision_requested notify:applicant:revision_requested cancel:verify',
      'verify:forward': '!not_allowed',
      'verify:escalate': 'verify^agency_admin | audit:escalated notify:agency_admin@dpmptsp:escalated',
      withdrawn: 'closed:withdrawn | notify:verifier@dpmptsp:withdrawn audit:withdrawn cancel:verify closed:withdrawn notify:applicant:closed audit:closed',
      'approve:*': '!step_not_active',
      'sign:*': '!step_not_active',
    },
  },
  'with_applicant:verify': {
    path: ['verify:request_revision'],
    expect: {
      ...WITH_APPLICANT,
      revision_submitted: 'verify | audit:revision_submitted schedule:verify notify:verifier@dpmptsp:revision_received',
    },
  },
  'verify^agency_admin': {
    path: ['verify:escalate'],
    expect: {
      ...COMMON,
      'verify:approve': 'approve',
      'verify:reject': 'closed:rejected',
      'verify:request_revision': 'with_applicant:verify^agency_admin',
      'verify:forward': '!not_allowed',
      'verify:escalate': '!not_allowed',
      'approve:*': '!step_not_active',
      'sign:*': '!step_not_active',
    },
  },
  approve: {
    path: ['verify:approve'],
    expect: {
      ...COMMON,
      'approve:approve': 'sign | audit:approved_step cancel:approve await:signed schedule:sign',
      'approve:reject': 'closed:rejected',
      'approve:request_revision': 'with_applicant:approve',
      'approve:forward': 'verify | audit:forwarded cancel:approve notify:verifier@dpmptsp:task_assigned schedule:verify',
      'approve:escalate': 'approve^agency_admin',
      'verify:*': '!step_not_active',
      'sign:*': '!step_not_active',
    },
  },
  'with_applicant:approve': {
    path: ['verify:approve', 'approve:request_revision'],
    expect: { ...WITH_APPLICANT, revision_submitted: 'approve' },
  },
  'approve^agency_admin': {
    path: ['verify:approve', 'approve:escalate'],
    expect: {
      ...COMMON,
      'approve:approve': 'sign',
      'approve:reject': 'closed:rejected',
      'approve:request_revision': 'with_applicant:approve^agency_admin',
      'approve:forward': 'verify',
      'approve:escalate': '!not_allowed',
      'verify:*': '!step_not_active',
      'sign:*': '!step_not_active',
    },
  },
  sign: {
    path: ['verify:approve', 'approve:approve'],
    expect: {
      ...COMMON,
      signed: 'closed:issued | audit:event_received cancel:sign closed:issued notify:applicant:closed audit:closed',
      // A wait takes no officer action: the documents module signs and sends "signed".
      'sign:*': '!not_allowed',
      'verify:*': '!step_not_active',
      'approve:*': '!step_not_active',
    },
  },
  'closed:issued': { path: ['verify:approve', 'approve:approve', 'signed'], expect: CLOSED },
  'closed:rejected': { path: ['verify:reject'], expect: CLOSED },
  'closed:withdrawn': { path: ['withdrawn'], expect: CLOSED },
};

const REC = ['recommend-dinkes', 'recommend-dishub'] as const;
const MENENGAH_TINGGI: Record<string, StateRow> = {
  check: {
    path: [],
    expect: {
      ...COMMON,
      'check:approve': `${REC.join('+')} | audit:approved_step cancel:check notify:verifier@dinkes:task_assigned schedule:recommend-dinkes notify:verifier@dishub:task_assigned schedule:recommend-dishub`,
      'check:reject': 'closed:rejected',
      'check:request_revision': 'with_applicant:check',
      'check:forward': '!not_allowed',
      'check:escalate': 'check^agency_admin',
      '*': '!step_not_active',
    },
  },
  [REC.join('+')]: {
    path: ['check:approve'],
    expect: {
      ...COMMON,
      // The first branch to finish waits at the join: nothing starts yet.
      'recommend-dinkes:approve': 'recommend-dishub | audit:approved_step cancel:recommend-dinkes',
      'recommend-dishub:approve': 'recommend-dinkes | audit:approved_step cancel:recommend-dishub',
      // A refused recommendation ends the whole application, the other branch with it.
      'recommend-dinkes:reject': 'closed:rejected | audit:rejected_step cancel:recommend-dinkes cancel:recommend-dishub closed:rejected notify:applicant:closed audit:closed',
      'recommend-dishub:reject': 'closed:rejected',
      'recommend-dinkes:request_revision': `with_applicant:${REC.join('+')} | audit:revision_requested notify:applicant:revision_requested cancel:recommend-dinkes cancel:recommend-dishub`,
      'recommend-dishub:request_revision': `with_applicant:${REC.join('+')}`,
      'recommend-dinkes:forward': '!not_allowed',
      'recommend-dishub:forward': '!not_allowed',
      'recommend-dinkes:escalate': 'recommend-dinkes^agency_admin+recommend-dishub | audit:escalated notify:agency_admin@dinkes:escalated',
      'recommend-dishub:escalate': 'recommend-dinkes+recommend-dishub^agency_admin',
      '*': '!step_not_active',
    },
  },
  'recommend-dishub': {
    path: ['check:approve', 'recommend-dinkes:approve'],
    expect: {
      ...COMMON,
      'recommend-dishub:approve': 'verify | audit:approved_step cancel:recommend-dishub notify:verifier@dpmptsp:task_assigned schedule:verify',
      'recommend-dishub:reject': 'closed:rejected',
      'recommend-dishub:request_revision': 'with_applicant:recommend-dishub',
      'recommend-dishub:forward': '!not_allowed',
      'recommend-dishub:escalate': 'recommend-dishub^agency_admin',
      '*': '!step_not_active',
    },
  },
  'recommend-dinkes': {
    path: ['check:approve', 'recommend-dishub:approve'],
    expect: {
      ...COMMON,
      'recommend-dinkes:approve': 'verify',
      'recommend-dinkes:reject': 'closed:rejected',
      'recommend-dinkes:request_revision': 'with_applicant:recommend-dinkes',
      'recommend-dinkes:forward': '!not_allowed',
      'recommend-dinkes:escalate': 'recommend-dinkes^agency_admin',
      '*': '!step_not_active',
    },
  },
  [`with_applicant:${REC.join('+')}`]: {
    path: ['check:approve', 'recommend-dishub:request_revision'],
    expect: {
      ...WITH_APPLICANT,
      // Both clocks resume; the officers who asked are told.
      revision_submitted: `${REC.join('+')} | audit:revision_submitted schedule:recommend-dinkes schedule:recommend-dishub notify:verifier@dishub:revision_received`,
    },
  },
  verify: {
    path: ['check:approve', 'recommend-dinkes:approve', 'recommend-dishub:approve'],
    expect: {
      ...COMMON,
      'verify:approve': 'sign | audit:approved_step cancel:verify await:signed schedule:sign',
      'verify:reject': 'closed:rejected',
      'verify:request_revision': 'with_applicant:verify',
      'verify:forward': '!not_allowed',
      'verify:escalate': 'verify^agency_admin',
      '*': '!step_not_active',
    },
  },
  sign: {
    path: ['check:approve', 'recommend-dinkes:approve', 'recommend-dishub:approve', 'verify:approve'],
    expect: { ...COMMON, signed: 'closed:issued', 'sign:*': '!not_allowed', '*': '!step_not_active' },
  },
  'closed:issued': { path: ['check:approve', 'recommend-dinkes:approve', 'recommend-dishub:approve', 'verify:approve', 'signed'], expect: CLOSED },
};

const TINGGI: Record<string, StateRow> = {
  check: {
    path: [],
    expect: {
      ...COMMON,
      'check:approve': 'approve | audit:approved_step cancel:check notify:approver@dpmptsp:task_assigned schedule:approve',
      'check:reject': 'closed:rejected',
      'check:request_revision': 'with_applicant:check',
      'check:forward': '!not_allowed',
      'check:escalate': 'check^agency_admin',
      '*': '!step_not_active',
    },
  },
  approve: {
    path: ['check:approve'],
    expect: {
      ...COMMON,
      'approve:approve': 'sign',
      'approve:reject': 'closed:rejected',
      'approve:request_revision': 'with_applicant:approve',
      'approve:forward': 'check',
      'approve:escalate': 'approve^agency_admin',
      '*': '!step_not_active',
    },
  },
  'with_applicant:approve': { path: ['check:approve', 'approve:request_revision'], expect: { ...WITH_APPLICANT, revision_submitted: 'approve' } },
  sign: { path: ['check:approve', 'approve:approve'], expect: { ...COMMON, signed: 'closed:issued', 'sign:*': '!not_allowed', '*': '!step_not_active' } },
  'closed:issued': { path: ['check:approve', 'approve:approve', 'signed'], expect: CLOSED },
  'closed:rejected': { path: ['check:reject'], expect: CLOSED },
};

const MENENGAH_RENDAH: Record<string, StateRow> = {
  // The applicant's self-declaration is the only way on; officers have nothing to do.
  declare: {
    path: [],
    expect: { ...COMMON, self_declared: 'closed:issued | audit:event_received closed:issued notify:applicant:closed audit:closed', 'declare:*': '!not_allowed', '*': '!step_not_active' },
  },
  'closed:issued': { path: ['self_declared'], expect: CLOSED },
};

const RENDAH: Record<string, StateRow> = { 'closed:issued': { path: [], expect: CLOSED } };

const TABLES: [string, WorkflowDefinition, Record<string, StateRow>][] = [
  ['verify → approve → issue', presetVerifyApproveIssue(), SIMPLE],
  ['PP 28/2025 menengah tinggi', presetRiskBased('menengah_tinggi'), MENENGAH_TINGGI],
  ['PP 28/2025 tinggi', presetRiskBased('tinggi'), TINGGI],
  ['PP 28/2025 menengah rendah', presetRiskBased('menengah_rendah'), MENENGAH_RENDAH],
  ['PP 28/2025 rendah', presetRiskBased('rendah'), RENDAH],
];

function eventWords(def: WorkflowDefinition): string[] {
  const tasks = def.steps.filter((s) => s.kind === 'task' || s.kind === 'wait').map((s) => s.id);
  return [...tasks.flatMap((id) => OFFICER_ACTIONS.map((a) => `${id}:${a}`)), 'revision_submitted', 'withdrawn', 'signed', 'paid', 'self_declared', 'tick'];
}

/** An available action as an event word. */
const wordOf = (a: AvailableAction) => (a.type === 'external' ? a.name : 'stepId' in a ? `${a.stepId}:${a.type}` : a.type);

function expectation(row: StateRow, word: string): string {
  const found = row.expect[word] ?? row.expect[`${word.split(':')[0]}:*`] ?? row.expect['*'];
  if (!found) throw new Error(`the table has no expectation for ${word}`);
  return found;
}

const cases = TABLES.flatMap(([preset, def, table]) =>
  Object.entries(table).flatMap(([name, row]) => eventWords(def).map((word) => [preset, name, word, expectation(row, word), def, row] as const)),
);

describe('every event from every state of the presets', () => {
  it.each(cases)('%s — at %s, %s → %s', (_, name, word, expected, def, row) => {
    const { state } = drive(def, begin(def, SUBMITTED).state, row.path, '2025-06-02T10:00:00+07:00');
    expect(summary(state)).toBe(name);
    const result = send(def, state, word, EVENT_AT);
    if (expected.startsWith('!')) {
      expect('error' in result && result.error.code).toBe(expected.slice(1));
      expect('error' in result && result.error.state).toBe(state);
      return;
    }
    if ('error' in result) throw new Error(`refused: ${result.error.code}`);
    if (expected === '=') {
      expect(result).toEqual({ state, effects: [] });
      return;
    }
    const [next, effects] = expected.split(' | ');
    expect(summary(result.state)).toBe(next);
    expect(result.state.version).toBe(state.version + 1);
    if (effects) expect(effectWords(result.effects)).toEqual(effects.split(' '));
    // What availableActions offers is exactly what the engine allows.
    if (word !== 'tick') expect(availableActions(def, state).map(wordOf)).toContain(word);
  });

  it('offers nothing the engine refuses', () => {
    for (const [, def, table] of TABLES) {
      for (const row of Object.values(table)) {
        const { state } = drive(def, begin(def, SUBMITTED).state, row.path, '2025-06-02T10:00:00+07:00');
        for (const word of availableActions(def, state).map(wordOf)) expect(expectation(row, word), word).not.toMatch(/^!/);
      }
    }
  });
});

describe('start', () => {
  it.each([
    ['verify → approve → issue', presetVerifyApproveIssue(), 'verify', 'audit:submitted notify:applicant:received notify:verifier@dpmptsp:task_assigned schedule:verify'],
    ['rendah: issued at once', presetRiskBased('rendah'), 'closed:issued', 'audit:submitted notify:applicant:received closed:issued notify:applicant:closed audit:closed'],
    ['menengah rendah: the applicant declares', presetRiskBased('menengah_rendah'), 'declare', 'audit:submitted notify:applicant:received await:self_declared notify:applicant:action_required'],
  ])('%s', (_, def, next, effects) => {
    const { state, effects: got } = begin(def, SUBMITTED);
    expect([summary(state), state.version]).toEqual([next, 1]);
    expect(effectWords(got)).toEqual(effects.split(' '));
  });

  it('refuses a definition that does not validate', () => {
    const def = { ...presetVerifyApproveIssue(), start: 'nowhere' };
    expect(() => start(def, { submittedAt: SUBMITTED, timeZone: 'Asia/Jakarta', calendar, agency: AGENCY })).toThrow(/workflow leads to step "nowhere"/);
  });
});

describe('who may act', () => {
  const def = presetRiskBased('menengah_tinggi');
  const { state } = drive(def, begin(def, SUBMITTED).state, ['check:approve']);
  const approve = (stepId: string, roles: string[], agency: string) => apply(def, state, { type: 'approve', stepId, expectedVersion: state.version, actor: { id: 'o-9', roles, agency } }, { now: EVENT_AT, calendar });

  it.each([
    ['the verifier of the recommending agency', 'recommend-dinkes', ['verifier'], 'dinkes', null],
    ['a verifier of another agency', 'recommend-dinkes', ['verifier'], 'dishub', 'forbidden'],
    ["a verifier of the service's agency", 'recommend-dinkes', ['verifier'], 'dpmptsp', 'forbidden'],
    ['an approver of the right agency', 'recommend-dinkes', ['approver', 'signer'], 'dinkes', 'forbidden'],
    ['an officer with several roles, one of them right', 'recommend-dishub', ['signer', 'verifier'], 'dishub', null],
  ])('%s', (_, stepId, roles, agency, code) => {
    const result = approve(stepId, roles, agency);
    expect('error' in result ? result.error.code : null).toBe(code);
  });

  it('after an escalation, the supervisor acts and the first role no longer may', () => {
    const simple = presetVerifyApproveIssue();
    const { state: escalated } = drive(simple, begin(simple, SUBMITTED).state, ['verify:escalate']);
    const as = (roles: string[]) => apply(simple, escalated, { type: 'approve', stepId: 'verify', expectedVersion: escalated.version, actor: { id: 'o-1', roles, agency: AGENCY } }, { now: EVENT_AT, calendar });
    expect(as(['verifier'])).toMatchObject({ error: { code: 'forbidden' } });
    expect(as(['agency_admin'])).toMatchObject({ state: { active: [{ stepId: 'approve' }] } });
  });

  it.each([
    ['a rejection without a reason', { type: 'reject', reason: '  ' }, 'reason_required'],
    ['a revision request without a message', { type: 'request_revision', message: '' }, 'message_required'],
  ] as const)('refuses %s', (_, extra, code) => {
    const simple = presetVerifyApproveIssue();
    const { state: s } = begin(simple, SUBMITTED);
    const result = apply(simple, s, { ...extra, stepId: 'verify', expectedVersion: 1, actor: officerFor(s, 'verify') }, { now: EVENT_AT, calendar });
    expect('error' in result && result.error.code).toBe(code);
  });
});

describe('two officers on the same step at once', () => {
  const def = presetVerifyApproveIssue();
  const { state } = begin(def, SUBMITTED);

  it('exactly one succeeds; the other is refused as stale with the state it must now see', () => {
    const first = apply(def, state, { type: 'approve', stepId: 'verify', expectedVersion: 1, actor: officerFor(state, 'verify') }, { now: EVENT_AT, calendar });
    if ('error' in first) throw new Error(first.error.code);
    // The second officer saw version 1 too; the module gives the engine the state as saved now.
    const second = apply(def, first.state, { type: 'reject', reason: 'Tidak lengkap', stepId: 'verify', expectedVersion: 1, actor: officerFor(state, 'verify') }, { now: EVENT_AT, calendar });
    expect(second).toEqual({ error: { code: 'stale', stepId: 'verify', state: first.state } });
    expect(summary(first.state)).toBe('approve');
  });

  it('an applicant event with a stale version is refused too; without one it is taken', () => {
    const { state: asked } = drive(def, state, ['verify:request_revision']);
    expect(apply(def, asked, { type: 'revision_submitted', expectedVersion: 1 }, { now: EVENT_AT, calendar })).toMatchObject({ error: { code: 'stale' } });
    expect(apply(def, asked, { type: 'revision_submitted' }, { now: EVENT_AT, calendar })).toMatchObject({ state: { status: 'in_progress' } });
  });

  it('a state of another definition version is refused, and the sweeper says so loudly', () => {
    const v2 = presetVerifyApproveIssue({ version: 2 });
    expect(apply(v2, state, { type: 'tick' }, { now: EVENT_AT, calendar })).toMatchObject({ error: { code: 'definition_mismatch' } });
    expect(() => tick(v2, state, { now: EVENT_AT, calendar })).toThrow(/definition_mismatch/);
  });

  it('never changes the state it is given', () => {
    const frozen = structuredClone(state);
    drive(def, state, ['verify:request_revision', 'revision_submitted', 'verify:approve', 'approve:approve', 'signed']);
    expect(state).toEqual(frozen);
  });
});

describe('parallel technical recommendations', () => {
  const def = presetRiskBased('menengah_tinggi');
  const { state: split } = drive(def, begin(def, SUBMITTED).state, [['check:approve', '2025-06-02T10:00:00+07:00']]);

  it.each([
    ['dinkes first, then dishub', ['recommend-dinkes:approve', 'recommend-dishub:approve']],
    ['dishub first, then dinkes', ['recommend-dishub:approve', 'recommend-dinkes:approve']],
  ])('joins when both are given: %s', (_, order) => {
    const first = drive(def, split, [[order[0]!, '2025-06-03T09:00:00+07:00']]);
    expect(first.state.parallels).toEqual({ recommend: [order[0]!.split(':')[0]] });
    expect(first.effects.some((e) => e.type === 'notify' && e.stepId === 'verify')).toBe(false);
    const both = drive(def, first.state, [[order[1]!, '2025-06-05T14:00:00+07:00']]);
    expect(summary(both.state)).toBe('verify');
    expect(both.state.parallels).toEqual({});
    // The join starts when the last branch arrives and its deadline counts from then: 5 HK from Thursday
    // 5 June 2025 skip 6 June (Idul Adha) and 9 June (cuti bersama): 10, 11, 12, 13, 16 June.
    expect(both.state.active[0]).toMatchObject({ stepId: 'verify', activatedAt: '2025-06-05T07:00:00.000Z', branch: [], deadline: { dueDate: '2025-06-16' } });
  });

  it("each branch's step records its branch and its agency", () => {
    expect(split.active.map((a) => [a.stepId, a.agency, a.branch])).toEqual([
      ['recommend-dinkes', 'dinkes', [{ parallelId: 'recommend', branchId: 'recommend-dinkes' }]],
      ['recommend-dishub', 'dishub', [{ parallelId: 'recommend', branchId: 'recommend-dishub' }]],
    ]);
  });
});

describe('events from other modules', () => {
  const def = presetVerifyApproveIssue();
  const { state: signing } = drive(def, begin(def, SUBMITTED).state, ['verify:approve', 'approve:approve']);

  it('a repeated delivery finds nothing waiting and is refused as not awaited (safe to ignore)', () => {
    const once = drive(def, signing, ['signed']);
    expect(summary(once.state)).toBe('closed:issued');
    expect(send(def, once.state, 'signed', EVENT_AT)).toMatchObject({ error: { code: 'closed' } });
    expect(send(def, signing, 'paid', EVENT_AT)).toMatchObject({ error: { code: 'not_awaited' } });
  });

  it('an event can name the step it is for', () => {
    const wrong = apply(def, signing, { type: 'external', name: 'signed', stepId: 'approve' }, { now: EVENT_AT, calendar });
    expect(wrong).toMatchObject({ error: { code: 'not_awaited' } });
    const right = apply(def, signing, { type: 'external', name: 'signed', stepId: 'sign' }, { now: EVENT_AT, calendar });
    expect('state' in right && summary(right.state)).toBe('closed:issued');
  });
});
