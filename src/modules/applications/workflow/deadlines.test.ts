// Deadlines in working days (DOMAIN.md §10) across the 2025 and 2026 holidays, pauses while the
// application is with the applicant, lapses at the exact instant, and recomputation after a calendar
// amendment. Every expected date was counted by hand on the calendar data (the first table checks the
// days the counts rely on); 2025-03-27 is a Thursday.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../platform/calendar/index.js';
import type { WorkflowDefinition } from './definition.js';
import { recomputeDeadlines } from './deadlines.js';
import { apply, measureTime, tick } from './engine.js';
import { presetVerifyApproveIssue } from './presets.js';
import type { WorkflowState } from './state.js';
import { begin, calendar, drive, effectWords, officerFor, summary } from './testing.js';

// verify 3 HK → approve 5 HK → sign 1 HK; the standard's jangka waktu is their sum, 9 HK.
const simple = presetVerifyApproveIssue();
const deemed = presetVerifyApproveIssue({ deemedApproval: true });
const restart = presetVerifyApproveIssue({ revisionPolicy: 'restart' });
const endOf = (date: string, offset = '+07:00') => `${date}T23:59:59.999${offset}`;
const verifyOf = (state: WorkflowState) => state.active.find((a) => a.stepId === 'verify')!;

describe('the calendar data the cases count on', () => {
  it.each([
    ['2025-03-28', 'collective_leave', /Nyepi/],
    ['2025-03-29', 'national_holiday', /Nyepi/],
    ['2025-03-31', 'national_holiday', /Idul Fitri/],
    ['2025-04-01', 'national_holiday', /Idul Fitri/],
    ['2025-04-02', 'collective_leave', /Idul Fitri/],
    ['2025-04-03', 'collective_leave', /Idul Fitri/],
    ['2025-04-04', 'collective_leave', /Idul Fitri/],
    ['2025-04-07', 'collective_leave', /Idul Fitri/],
    ['2025-04-18', 'national_holiday', /Wafat Yesus Kristus/],
    ['2025-05-01', 'national_holiday', /Buruh/],
    ['2025-06-06', 'national_holiday', /Idul Adha/],
    ['2025-06-09', 'collective_leave', /Idul Adha/],
    ['2025-12-25', 'national_holiday', /Natal/],
    ['2025-12-26', 'collective_leave', /Natal/],
    ['2026-01-01', 'national_holiday', /Tahun Baru/],
    ['2026-03-18', 'collective_leave', /Nyepi/],
    ['2026-03-19', 'national_holiday', /Nyepi/],
    ['2026-03-20', 'collective_leave', /Idul Fitri/],
    ['2026-03-23', 'collective_leave', /Idul Fitri/],
    ['2026-03-24', 'collective_leave', /Idul Fitri/],
    ['2026-04-03', 'national_holiday', /Wafat Yesus Kristus/],
    ['2026-12-24', 'collective_leave', /Natal/],
    ['2026-12-25', 'national_holiday', /Natal/],
  ])('%s is a day off (%s)', (date, type, name) => {
    expect(calendar.holiday(date)).toMatchObject({ type, name: expect.stringMatching(name) });
  });
});

describe('deadlines across holidays', () => {
  it.each([
    // [case, submitted, zone, verification due (3 HK), the standard's 9 HK due, confirmed]
    ['Thursday before Lebaran 2025: 3 HK are 8, 9, 10 April', '2025-03-27T10:00:00+07:00', 'Asia/Jakarta', endOf('2025-04-10'), endOf('2025-04-21'), true],
    ['on Nyepi (Saturday): received Tuesday 8 April, the first working day', '2025-03-29T08:00:00+07:00', 'Asia/Jakarta', endOf('2025-04-11'), endOf('2025-04-22'), true],
    ['on Idul Fitri (Monday 31 March)', '2025-03-31T10:00:00+07:00', 'Asia/Jakarta', endOf('2025-04-11'), endOf('2025-04-22'), true],
    ['23:30 WIB on Thursday is 00:30 Friday (cuti bersama) in WITA', '2025-03-27T23:30:00+07:00', 'Asia/Makassar', endOf('2025-04-11', '+08:00'), endOf('2025-04-22', '+08:00'), true],
    ['23:30 WIB on Thursday in WIB', '2025-03-27T23:30:00+07:00', 'Asia/Jakarta', endOf('2025-04-10'), endOf('2025-04-21'), true],
    ['the day before Christmas 2025: 29, 30, 31 December', '2025-12-24T10:00:00+07:00', 'Asia/Jakarta', endOf('2025-12-31'), endOf('2026-01-09'), true],
    ['before Nyepi and Lebaran 2026: 25, 26, 27 March', '2026-03-17T10:00:00+07:00', 'Asia/Jakarta', endOf('2026-03-27'), endOf('2026-04-07'), true],
    ['before Christmas 2026, into 2027 (no SKB on file)', '2026-12-23T10:00:00+07:00', 'Asia/Jayapura', endOf('2026-12-30', '+09:00'), endOf('2027-01-08', '+09:00'), false],
  ])('%s', (_, submittedAt, timeZone, verifyDue, serviceDue, confirmed) => {
    const { state } = begin(simple, submittedAt, { timeZone });
    expect(verifyOf(state).deadline).toMatchObject({ days: 3, dueAt: verifyDue, confirmed: true });
    expect(state.serviceDue).toEqual({ dueDate: serviceDue.slice(0, 10), dueAt: serviceDue, confirmed });
  });

  it('a step starts its own count when the application reaches it', () => {
    // Verified on Tuesday 8 April: approval 5 HK = 9, 10, 11, 14, 15 April.
    const { state } = drive(simple, begin(simple, '2025-03-27T10:00:00+07:00').state, [['verify:approve', '2025-04-08T09:00:00+07:00']]);
    expect(state.active[0]).toMatchObject({ stepId: 'approve', deadline: { dueAt: endOf('2025-04-15') } });
    // The standard keeps running from submission: 1 HK used (8 April) of 9.
    expect(state.serviceDue?.dueAt).toBe(endOf('2025-04-21'));
  });
});

describe('with the applicant: the clock pauses, then resumes or restarts', () => {
  // Submitted Monday 14 April 2025; verification due 17 April. The verifier asks for a revision on
  // Wednesday 16 April at 11:00 (15 and 16 April used: 1 HK left); the applicant answers on Tuesday
  // 22 April (18 April is Good Friday).
  const asked = (def: WorkflowDefinition) =>
    drive(def, begin(def, '2025-04-14T09:00:00+07:00').state, [['verify:request_revision', '2025-04-16T11:00:00+07:00']]).state;
  const answered = (def: WorkflowDefinition) => drive(def, asked(def), [['revision_submitted', '2025-04-22T10:00:00+07:00']]);

  it('while with the applicant no deadline runs and no agency time counts', () => {
    const state = asked(simple);
    expect(verifyOf(state)).toMatchObject({ pausedSince: '2025-04-16T04:00:00.000Z', deadline: { days: 3, since: null, spent: [{ from: '2025-04-14T02:00:00.000Z', to: '2025-04-16T04:00:00.000Z' }] } });
    expect(verifyOf(state).deadline?.dueAt).toBeUndefined();
    expect(state.serviceDue).toBeNull();
    expect(measureTime(simple, state, '2025-04-21T12:00:00+07:00', calendar)).toMatchObject({ agencyDays: 2, standardDays: 2, running: false, serviceDue: null });
    expect(tick(simple, state, { now: '2025-06-30T12:00:00+07:00', calendar }).effects).toEqual([]);
  });

  it.each([
    // [policy, verification due, the standard's due, standard days on 23 April, agency days on 23 April]
    ['pause: the 1 HK left runs from the answer (23 April)', simple, endOf('2025-04-23'), endOf('2025-05-02'), 3, 3],
    ['restart: 3 HK from the answer (23, 24, 25 April)', restart, endOf('2025-04-25'), endOf('2025-05-06'), 1, 3],
  ])('%s', (_, def, verifyDue, serviceDue, standardDays, agencyDays) => {
    const { state, effects } = answered(def);
    expect(summary(state)).toBe('verify');
    expect(verifyOf(state)).toMatchObject({
      pausedSince: null,
      pauses: [{ from: '2025-04-16T04:00:00.000Z', to: '2025-04-22T03:00:00.000Z' }],
      deadline: { dueAt: verifyDue },
    });
    expect(effects).toContainEqual({ type: 'schedule_deadline', stepId: 'verify', at: verifyDue });
    // 1 May is Labour Day. Pause: 2 HK before + 7 after (23–30 April, 2 May). Restart: 9 from 22 April.
    expect(state.serviceDue?.dueAt).toBe(serviceDue);
    // Time with the applicant (16 April 11:00 → 22 April 10:00) never counts; the published figure
    // (agency days) keeps the days before the revision even when the standard restarts.
    expect(measureTime(def, state, '2025-04-23T15:00:00+07:00', calendar)).toMatchObject({ standardDays, agencyDays, standardLimit: 9, running: true });
  });

  it('answered during the Lebaran leave: the count resumes on the first working day after it', () => {
    // Submitted Wednesday 26 March 2025, due 9 April (27 March, 8, 9 April). Revision on 27 March at
    // 14:00 (1 HK used); answered on 2 April (cuti bersama), received 8 April: 2 HK left → 9, 10 April.
    const flow = (def: WorkflowDefinition) =>
      drive(def, begin(def, '2025-03-26T10:00:00+07:00').state, [
        ['verify:request_revision', '2025-03-27T14:00:00+07:00'],
        ['revision_submitted', '2025-04-02T10:00:00+07:00'],
      ]).state;
    expect(verifyOf(flow(simple)).deadline?.dueAt).toBe(endOf('2025-04-10'));
    expect(verifyOf(flow(restart)).deadline?.dueAt).toBe(endOf('2025-04-11'));
  });

  it('a revision asked on the due day leaves, under "pause", the day the answer is received', () => {
    // Due 27 March 2025 (25, 26, 27 March); asked at 16:00 that day: nothing left. Answered 9 April.
    const { state } = drive(simple, begin(simple, '2025-03-24T10:00:00+07:00').state, [
      ['verify:request_revision', '2025-03-27T16:00:00+07:00'],
      ['revision_submitted', '2025-04-09T10:00:00+07:00'],
    ]);
    expect(verifyOf(state).deadline?.dueAt).toBe(endOf('2025-04-09'));
  });

  it('a wait on the applicant (a payment) stops the agency clock too', () => {
    const withPayment: WorkflowDefinition = {
      ...simple,
      serviceDays: 2,
      steps: simple.steps.map((s) => (s.id === 'verify' && s.kind === 'task' ? { ...s, actions: { ...s.actions, approve: { to: 'pay' } } } : s)).concat({
        id: 'pay',
        kind: 'wait',
        name: { id: 'Pembayaran retribusi', en: 'Fee payment' },
        event: 'paid',
        waitsOn: 'applicant',
        next: 'approve',
      }),
    };
    // Verified Tuesday 8 July 2025 (1 HK); paid Monday 14 July (the week in between is the applicant's);
    // approved and signed Wednesday 16 July (15, 16 July: 2 HK). 7 HK passed; the agency used 3.
    const { state } = drive(withPayment, begin(withPayment, '2025-07-07T09:00:00+07:00').state, [
      ['verify:approve', '2025-07-08T10:00:00+07:00'],
      ['paid', '2025-07-14T09:00:00+07:00'],
      ['approve:approve', '2025-07-16T11:00:00+07:00'],
      ['signed', '2025-07-16T15:00:00+07:00'],
    ]);
    expect(summary(state)).toBe('closed:issued');
    expect(state.clock.legs).toEqual([
      { from: '2025-07-07T02:00:00.000Z', to: '2025-07-08T03:00:00.000Z' },
      { from: '2025-07-14T02:00:00.000Z', to: '2025-07-16T08:00:00.000Z' },
    ]);
    expect(measureTime(withPayment, state, '2025-08-01T00:00:00+07:00', calendar)).toEqual({
      agencyDays: 3,
      standardDays: 3,
      standardLimit: 2,
      remainingDays: 0,
      overrunDays: 1,
      running: false,
      serviceDue: null,
    });
  });
});

describe('a deadline lapses at its due instant, not a millisecond before', () => {
  // Verification due 10 April 2025 (submitted 27 March): the end of that day in WIB.
  const submitted = () => begin(simple, '2025-03-27T10:00:00+07:00').state;

  it('escalates to the supervisor, who gets 2 HK of their own; a second lapse marks it overdue', () => {
    const state = submitted();
    expect(tick(simple, state, { now: '2025-04-10T23:59:59.998+07:00', calendar })).toEqual({ state, effects: [] });
    const escalated = tick(simple, state, { now: '2025-04-10T23:59:59.999+07:00', calendar });
    expect(summary(escalated.state)).toBe('verify^agency_admin');
    // From the lapse on 10 April: 11 and 14 April.
    expect(verifyOf(escalated.state)).toMatchObject({ role: 'agency_admin', lapses: 1, deadline: { days: 2, dueAt: endOf('2025-04-14'), lapsed: false } });
    expect(effectWords(escalated.effects)).toEqual(['audit:deadline_lapsed', 'notify:agency_admin@dpmptsp:escalated', 'schedule:verify']);

    expect(tick(simple, escalated.state, { now: '2025-04-14T23:59:59.998+07:00', calendar }).effects).toEqual([]);
    const overdue = tick(simple, escalated.state, { now: '2025-04-14T23:59:59.999+07:00', calendar });
    expect(effectWords(overdue.effects)).toEqual(['audit:deadline_lapsed', 'notify:agency_admin@dpmptsp:overdue']);
    expect(verifyOf(overdue.state)).toMatchObject({ lapses: 2, deadline: { lapsed: true } });
    expect(tick(simple, overdue.state, { now: '2025-05-30T12:00:00+07:00', calendar }).effects).toEqual([]);
    // Late is still better than never: the supervisor can decide.
    expect(summary(drive(simple, overdue.state, [['verify:approve', '2025-04-15T09:00:00+07:00']]).state)).toBe('approve');
  });

  describe('deemed approval (fiktif positif)', () => {
    // Verified 8 April 2025: approval due 15 April (9, 10, 11, 14, 15 April).
    const approving = () => drive(deemed, begin(deemed, '2025-03-27T10:00:00+07:00').state, [['verify:approve', '2025-04-08T09:00:00+07:00']]).state;
    const LAPSE = '2025-04-15T23:59:59.999+07:00';
    const BEFORE = '2025-04-15T23:59:59.998+07:00';

    it('nothing a millisecond before; at the instant, approved as deemed and recorded as such', () => {
      const state = approving();
      expect(tick(deemed, state, { now: BEFORE, calendar })).toEqual({ state, effects: [] });
      const lapsed = tick(deemed, state, { now: LAPSE, calendar });
      expect(summary(lapsed.state)).toBe('sign');
      expect(lapsed.state.deemedApprovals).toEqual([{ stepId: 'approve', at: '2025-04-15T16:59:59.999Z' }]);
      expect(lapsed.effects).toContainEqual({ type: 'deemed_approval', stepId: 'approve', at: '2025-04-15T16:59:59.999Z', basis: 'PP 28/2025 (fiktif positif)' });
      expect(effectWords(lapsed.effects)).toEqual([
        'audit:deadline_lapsed',
        'audit:deemed_approved',
        'deemed:approve',
        'notify:applicant:deemed_approved',
        'cancel:approve',
        'await:signed',
        'schedule:sign',
      ]);
      // The signature's 1 HK counts from the lapse: 16 April.
      expect(lapsed.state.active[0]!.deadline?.dueAt).toBe(endOf('2025-04-16'));
      const issued = drive(deemed, lapsed.state, [['signed', '2025-04-16T10:00:00+07:00']]);
      expect(issued.effects).toContainEqual({ type: 'closed', outcome: 'issued', at: '2025-04-16T03:00:00.000Z', deemed: true });
    });

    it('an officer deciding a millisecond before decides; at the instant, the decision is refused as lapsed', () => {
      const state = approving();
      const reject = (now: string) =>
        apply(deemed, state, { type: 'reject', reason: 'Tidak memenuhi syarat', stepId: 'approve', expectedVersion: state.version, actor: officerFor(state, 'approve') }, { now, calendar });
      expect(reject(BEFORE)).toMatchObject({ state: { status: 'closed', outcome: 'rejected', deemedApprovals: [] } });
      expect(reject(LAPSE)).toEqual({ error: { code: 'lapsed', stepId: 'approve', state } });
    });

    it('a sweeper visiting late dates everything from the lapse, and lapses what fell due since', () => {
      const late = tick(deemed, approving(), { now: '2025-04-17T10:00:00+07:00', calendar });
      expect(late.state.deemedApprovals).toEqual([{ stepId: 'approve', at: '2025-04-15T16:59:59.999Z' }]);
      // The signature was due 16 April; escalated at that lapse: 17 April, (18 Good Friday), 21 April.
      expect(summary(late.state)).toBe('sign^agency_admin');
      expect(late.state.active[0]!.deadline).toMatchObject({ days: 2, dueAt: endOf('2025-04-21') });
    });

    it('a service without fiktif positif escalates instead', () => {
      const state = drive(simple, begin(simple, '2025-03-27T10:00:00+07:00').state, [['verify:approve', '2025-04-08T09:00:00+07:00']]).state;
      const lapsed = tick(simple, state, { now: LAPSE, calendar });
      expect([summary(lapsed.state), lapsed.state.deemedApprovals]).toEqual(['approve^agency_admin', []]);
    });
  });
});

describe('recomputing deadlines after a calendar amendment', () => {
  it('the SKB gives 24 December 2026 back as a working day: the due dates move earlier, and who is concerned is told', () => {
    // Submitted Monday 21 December 2026: 22, 23, 28 December (24 cuti bersama, 25 Christmas).
    const { state } = begin(simple, '2026-12-21T10:00:00+07:00');
    expect(verifyOf(state).deadline?.dueAt).toBe(endOf('2026-12-28'));
    const amended = createCalendar([{ date: '2026-12-24', action: 'remove', source: 'SKB perubahan' }]);
    const result = recomputeDeadlines(simple, state, amended);
    expect(result.moved).toEqual([
      { stepId: 'verify', from: endOf('2026-12-28'), to: endOf('2026-12-24') },
      // The standard's 9 HK: 6 January 2027 before, 5 January after.
      { stepId: null, from: endOf('2027-01-06'), to: endOf('2027-01-05') },
    ]);
    expect(effectWords(result.effects)).toEqual(['notify:verifier@dpmptsp:deadline_moved', 'schedule:verify', 'notify:applicant:deadline_moved', 'audit:deadline_recomputed']);
    expect(result.state.version).toBe(state.version + 1);
    expect(verifyOf(result.state).deadline?.dueAt).toBe(endOf('2026-12-24'));
  });

  it('a day of leave added mid-year moves a deadline later', () => {
    const { state } = begin(simple, '2025-03-27T10:00:00+07:00');
    const result = recomputeDeadlines(simple, state, createCalendar([{ date: '2025-04-09', action: 'add', type: 'collective_leave', source: 'SKB perubahan' }]));
    expect(result.moved[0]).toEqual({ stepId: 'verify', from: endOf('2025-04-10'), to: endOf('2025-04-11') });
  });

  it('counts again the time spent before a pause: a holiday added there gives the step a day back', () => {
    // The pause case above: 15 and 16 April used, answered 22 April, due 23 April. 15 April made a
    // holiday: only 16 April was used, 2 HK left from 22 April → 24 April.
    const state = drive(simple, begin(simple, '2025-04-14T09:00:00+07:00').state, [
      ['verify:request_revision', '2025-04-16T11:00:00+07:00'],
      ['revision_submitted', '2025-04-22T10:00:00+07:00'],
    ]).state;
    const result = recomputeDeadlines(simple, state, createCalendar([{ date: '2025-04-15', action: 'add', source: 'Keputusan kepala daerah' }]));
    expect(result.moved[0]).toEqual({ stepId: 'verify', from: endOf('2025-04-23'), to: endOf('2025-04-24') });
  });

  it.each([
    ['an amendment that touches no open deadline', () => begin(simple, '2025-03-27T10:00:00+07:00').state, '2025-08-18'],
    ['an application with the applicant (no deadline runs)', () => drive(simple, begin(simple, '2025-03-27T10:00:00+07:00').state, [['verify:request_revision', '2025-04-08T09:00:00+07:00']]).state, '2025-04-09'],
    ['a closed application', () => drive(simple, begin(simple, '2025-03-27T10:00:00+07:00').state, [['withdrawn', '2025-04-08T09:00:00+07:00']]).state, '2025-04-09'],
  ])('moves nothing for %s', (_, make, added) => {
    const state = make();
    const result = recomputeDeadlines(simple, state, createCalendar([{ date: added, action: 'add', source: 'SKB perubahan' }]));
    expect(result).toEqual({ state, moved: [], effects: [] });
  });

  it('leaves a lapsed deadline where it was; the standard still moves', () => {
    // Verification lapsed on 10 April 2025, then its escalation on 14 April: overdue.
    const lapsed = tick(simple, begin(simple, '2025-03-27T10:00:00+07:00').state, { now: endOf('2025-04-10'), calendar }).state;
    const overdue = tick(simple, lapsed, { now: endOf('2025-04-14'), calendar }).state;
    const result = recomputeDeadlines(simple, overdue, createCalendar([{ date: '2025-04-11', action: 'add', source: 'SKB perubahan' }]));
    expect(result.moved).toEqual([{ stepId: null, from: endOf('2025-04-21'), to: endOf('2025-04-22') }]);
    expect(verifyOf(result.state).deadline?.dueAt).toBe(endOf('2025-04-14'));
  });
});
