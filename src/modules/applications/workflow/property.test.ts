// Properties over random runs: any sequence of allowed events, at any times (deadline instants
// included), keeps the state sound, and the agency's time never includes the applicant's — checked
// directly (no agency interval overlaps a span with the applicant) and by stretching every span with
// the applicant by whole weeks on a weekends-only calendar, which must change no figure and no step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../../platform/calendar/index.js';
import { stepOf, type WorkflowDefinition } from './definition.js';
import { apply, type AvailableAction, availableActions, measureTime, tick } from './engine.js';
import { presetRiskBased, presetVerifyApproveIssue, RISK_LEVELS } from './presets.js';
import type { Interval, WorkflowEvent, WorkflowState } from './state.js';
import { begin, calendar, summary } from './testing.js';
import { validateWorkflow } from './validate.js';

const DAY_MS = 86_400_000;

/** A parallel with a payment in one branch, a loop back to the start and every lapse policy. */
const stress: WorkflowDefinition = {
  version: 1,
  serviceDays: 12,
  revisionPolicy: 'pause',
  deemedApproval: true,
  start: 'intake',
  steps: [
    {
      id: 'intake',
      kind: 'task',
      name: { id: 'Penerimaan', en: 'Intake' },
      role: 'verifier',
      deadline: { days: 2, onLapse: { action: 'escalate', role: 'agency_admin', days: 1 } },
      actions: { approve: { to: 'split' }, reject: { to: 'rejected' }, request_revision: {}, escalate: { role: 'agency_admin' } },
    },
    { id: 'split', kind: 'parallel', name: { id: 'Serentak', en: 'Side by side' }, branches: ['tech', 'pay'], join: 'decide' },
    {
      id: 'tech',
      kind: 'task',
      name: { id: 'Kajian teknis', en: 'Technical review' },
      role: 'verifier',
      agency: 'dinkes',
      deadline: { days: 3, onLapse: { action: 'escalate', role: 'agency_admin', days: 1 } },
      actions: { approve: { to: 'decide' }, forward: { to: 'tech-review' }, request_revision: {} },
    },
    {
      id: 'tech-review',
      kind: 'task',
      name: { id: 'Kajian teknis lanjutan', en: 'Further technical review' },
      role: 'approver',
      agency: 'dinkes',
      deadline: { days: 2, onLapse: { action: 'escalate', role: 'agency_admin', days: 1 } },
      actions: { approve: { to: 'decide' }, reject: { to: 'rejected' }, forward: { to: 'tech' } },
    },
    { id: 'pay', kind: 'wait', name: { id: 'Pembayaran', en: 'Payment' }, event: 'paid', waitsOn: 'applicant', next: 'decide' },
    {
      id: 'decide',
      kind: 'task',
      name: { id: 'Keputusan', en: 'Decision' },
      role: 'approver',
      deadline: { days: 4, onLapse: { action: 'deemed_approval' } },
      actions: { approve: { to: 'sign' }, reject: { to: 'rejected' }, request_revision: {}, forward: { to: 'intake' } },
    },
    {
      id: 'sign',
      kind: 'wait',
      name: { id: 'Tanda tangan', en: 'Signature' },
      event: 'signed',
      waitsOn: 'agency',
      next: 'issued',
      deadline: { days: 1, onLapse: { action: 'escalate', role: 'signer', days: 1 } },
    },
    { id: 'issued', kind: 'end', name: { id: 'Terbit', en: 'Issued' }, outcome: 'issued' },
    { id: 'rejected', kind: 'end', name: { id: 'Ditolak', en: 'Rejected' }, outcome: 'rejected' },
  ],
};

const DEFINITIONS: [string, WorkflowDefinition][] = [
  ['stress (parallel, payment, loops)', stress],
  ['stress, restart policy', { ...stress, revisionPolicy: 'restart' }],
  ['verify → approve → issue, fiktif positif', presetVerifyApproveIssue({ deemedApproval: true })],
  ['verify → approve → issue, restart', presetVerifyApproveIssue({ revisionPolicy: 'restart' })],
  ...RISK_LEVELS.map((level): [string, WorkflowDefinition] => [`PP 28/2025 ${level}`, presetRiskBased(level, { deemedApproval: true })]),
];

/** Monday–Friday, no holidays: shifting any time by whole weeks changes no working-day count. */
const weekdays: Calendar = {
  isWorkingDay: (date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()),
  holiday: () => undefined,
  isConfirmedYear: () => true,
};

interface Move {
  pick: number;
  /** Minutes to wait, or (`toDeadline`) the next due instant shifted by -1, 0 or +1 ms. */
  wait: { kind: 'minutes'; minutes: number } | { kind: 'toDeadline'; shift: -1 | 0 | 1 };
  withdraw: boolean;
}

const moveArb: fc.Arbitrary<Move> = fc.record({
  pick: fc.nat(),
  wait: fc.oneof(
    fc.record({ kind: fc.constant('minutes' as const), minutes: fc.integer({ min: 0, max: 14 * 24 * 60 }) }),
    fc.record({ kind: fc.constant('toDeadline' as const), shift: fc.constantFrom(-1 as const, 0 as const, 1 as const) }),
  ),
  withdraw: fc.integer({ min: 0, max: 24 }).map((n) => n === 0),
});
const runArb = fc.record({
  submittedAt: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 10, 30) }),
  moves: fc.array(moveArb, { minLength: 1, maxLength: 40 }),
});

function eventFor(state: WorkflowState, action: AvailableAction): WorkflowEvent {
  switch (action.type) {
    case 'external':
      return { type: 'external', name: action.name, stepId: action.stepId };
    case 'revision_submitted':
    case 'withdrawn':
      return { type: action.type, expectedVersion: state.version };
    default: {
      const base = { stepId: action.stepId, expectedVersion: state.version, actor: { id: 'o-1', roles: [action.role], agency: action.agency } };
      if (action.type === 'reject') return { ...base, type: 'reject', reason: 'Tidak memenuhi syarat' };
      if (action.type === 'request_revision') return { ...base, type: 'request_revision', message: 'Lengkapi berkas' };
      return { ...base, type: action.type };
    }
  }
}

/** The instant of the next running deadline, if any. */
function nextDue(state: WorkflowState): number | null {
  const due = state.active.flatMap((a) => (a.deadline?.since && a.deadline.dueAt && !a.deadline.lapsed ? [Date.parse(a.deadline.dueAt)] : []));
  return due.length ? Math.min(...due) : null;
}

/**
 * Time with the applicant — a revision, or only waits on the applicant (a payment) — judged from the
 * status and the definition, not from the engine's own clock (which is what is under test).
 */
function onApplicant(def: WorkflowDefinition, state: WorkflowState): boolean {
  if (state.status === 'with_applicant') return true;
  return state.status === 'in_progress' && state.active.every((a) => {
    const step = stepOf(def, a.stepId);
    return step.kind === 'wait' && step.waitsOn === 'applicant';
  });
}

interface Step {
  at: number;
  state: WorkflowState;
}

/**
 * Plays the moves: at each, the sweeper visits first (as it would), then one allowed event is taken.
 * `stretch(state)` adds time to a wait that starts in `state`. Returns every state with its instant.
 */
function play(def: WorkflowDefinition, cal: Calendar, submittedAt: number, moves: Move[], stretch: (s: WorkflowState) => number = () => 0): Step[] {
  let state = begin(def, new Date(submittedAt).toISOString(), { calendar: cal }).state;
  let at = submittedAt;
  const steps: Step[] = [{ at, state }];
  for (const move of moves) {
    if (state.status === 'closed') break;
    const due = nextDue(state);
    const wait = move.wait.kind === 'toDeadline' && due !== null ? Math.max(0, due + move.wait.shift - at) : move.wait.kind === 'minutes' ? move.wait.minutes * 60_000 : 3_600_000;
    at += wait + stretch(state);
    const now = new Date(at).toISOString();
    const swept = tick(def, state, { now, calendar: cal });
    expect(swept.state.version).toBe(state.version + (swept.effects.length ? 1 : 0));
    state = swept.state;
    // Rejections and withdrawals end a run: keep them rare so runs go deep.
    const options = availableActions(def, state).filter((a) => a.type !== 'withdrawn');
    const lasting = options.filter((a) => a.type !== 'reject');
    const pool = move.pick % 8 === 0 || lasting.length === 0 ? options : lasting;
    const chosen = move.withdraw || pool.length === 0 ? ({ type: 'withdrawn' } as const) : pool[Math.floor(move.pick / 8) % pool.length]!;
    const result = apply(def, state, eventFor(state, chosen), { now, calendar: cal });
    if ('error' in result) throw new Error(`${JSON.stringify(chosen)} refused at ${now}: ${result.error.code}`);
    expect(result.state.version).toBe(state.version + 1);
    state = result.state;
    steps.push({ at, state });
  }
  return steps;
}

function checkSound(def: WorkflowDefinition, state: WorkflowState, at: number): void {
  const closed = state.status === 'closed';
  expect(closed).toBe(state.outcome !== null);
  expect(closed).toBe(state.closedAt !== null);
  expect(state.status === 'with_applicant').toBe(state.revision !== null);
  if (closed) expect([state.active, state.parallels, state.clock.since, state.serviceDue]).toEqual([[], {}, null, null]);
  else expect(state.active.length).toBeGreaterThan(0);
  expect(new Set(state.active.map((a) => a.stepId)).size).toBe(state.active.length);
  for (const active of state.active) {
    const step = stepOf(def, active.stepId);
    expect(['task', 'wait']).toContain(step.kind);
    if (step.kind === 'task') expect(active.role && active.agency && active.deadline).toBeTruthy();
    expect(active.pausedSince !== null).toBe(state.status === 'with_applicant');
    const deadline = active.deadline;
    if (deadline?.since && !deadline.lapsed) {
      // The sweeper visited: no running deadline is left past due.
      expect(Date.parse(deadline.dueAt!)).toBeGreaterThan(at);
    }
    if (state.status === 'with_applicant') expect(deadline?.since ?? null).toBeNull();
    for (const ref of active.branch) expect(state.parallels[ref.parallelId]).toBeDefined();
  }
  // Every open parallel: each branch has either joined or exactly one step still in it.
  for (const [id, arrived] of Object.entries(state.parallels)) {
    const parallel = stepOf(def, id);
    if (parallel.kind !== 'parallel') throw new Error(`${id} is not a parallel`);
    for (const branch of parallel.branches) {
      const inside = state.active.filter((a) => a.branch.some((r) => r.parallelId === id && r.branchId === branch)).length;
      expect(arrived.includes(branch) ? 0 : 1).toBe(inside);
    }
  }
  // The agency's clock runs exactly while some agency step is active and the file is not with the applicant.
  const agencyWork = state.status === 'in_progress' && state.active.some((a) => {
    const step = stepOf(def, a.stepId);
    return step.kind === 'task' || (step.kind === 'wait' && step.waitsOn === 'agency');
  });
  expect(state.clock.since !== null).toBe(agencyWork);
  const legs = [...state.clock.legs, ...(state.clock.since ? [{ from: state.clock.since, to: state.clock.since }] : [])];
  for (let i = 0; i < legs.length; i++) {
    expect(Date.parse(legs[i]!.from)).toBeLessThanOrEqual(Date.parse(legs[i]!.to));
    if (i > 0) expect(Date.parse(legs[i - 1]!.to)).toBeLessThanOrEqual(Date.parse(legs[i]!.from));
  }
  if (state.deemedApprovals.length) expect(def.deemedApproval).toBe(true);
}

describe('random runs of allowed events', () => {
  it('the definitions under test are valid', () => {
    for (const [, def] of DEFINITIONS) expect(validateWorkflow(def).ok).toBe(true);
  });

  it.each(DEFINITIONS)('%s: never reach an unsound state, and agency time never overlaps the applicant’s', (_, def) => {
    fc.assert(
      fc.property(runArb, ({ submittedAt, moves }) => {
        const steps = play(def, calendar, submittedAt, moves);
        const applicantSpans: Interval[] = [];
        steps.forEach(({ state, at }, i) => {
          checkSound(def, state, at);
          expect(Date.parse(state.updatedAt)).toBeLessThanOrEqual(at);
          const next = steps[i + 1];
          if (next && onApplicant(def, state)) applicantSpans.push({ from: new Date(at).toISOString(), to: new Date(next.at).toISOString() });
        });
        const last = steps.at(-1)!.state;
        for (const leg of last.clock.legs) {
          for (const span of applicantSpans) {
            const apart = Date.parse(leg.to) <= Date.parse(span.from) || Date.parse(leg.from) >= Date.parse(span.to);
            expect(apart, `agency leg ${JSON.stringify(leg)} overlaps time with the applicant ${JSON.stringify(span)}`).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it.each(DEFINITIONS)('%s: weeks more with the applicant change no agency figure and no step', (_, def) => {
    fc.assert(
      fc.property(runArb, fc.integer({ min: 1, max: 8 }), ({ submittedAt, moves }, weeks) => {
        const base = play(def, weekdays, submittedAt, moves);
        const stretched = play(def, weekdays, submittedAt, moves, (s) => (onApplicant(def, s) ? weeks * 7 * DAY_MS : 0));
        expect(stretched.map((s) => summary(s.state))).toEqual(base.map((s) => summary(s.state)));
        base.forEach((step, i) => {
          const other = stretched[i]!;
          const figures = (s: Step) => {
            const t = measureTime(def, s.state, new Date(s.at).toISOString(), weekdays);
            return [t.agencyDays, t.standardDays, t.running];
          };
          expect(figures(other)).toEqual(figures(step));
        });
      }),
      { numRuns: 100 },
    );
  });
});
