// The workflow editor's edits as pure functions: a step from the structured fields an admin posts, the
// service-level settings, a step inserted after another (so it is reachable at once), a step removed
// (the steps leading to it then lead where it led). The page saves the result through
// saveServiceWorkflow, whose check (workflow/validate.ts: reachability, dead ends, roles, joins,
// cycles without an exit, fiktif positif only where enabled) stays the one judge.
import type { PendingFieldError } from '../../../platform/errors.js';
import {
  type LapsePolicy,
  MAX_DAYS,
  MIN_DAYS,
  OUTCOMES,
  type TaskStep,
  type WaitStep,
  WORKFLOW_ROLES,
  type WorkflowDefinition,
  type WorkflowRole,
  type WorkflowStep,
} from '../workflow/index.js';
import { many, one, type Posted } from './form-edit.js';
import './strings.js';

const STEP_ID = /^[a-z][a-z0-9_-]{0,62}$/;
const EVENT = /^[a-z][a-z0-9_.-]{0,62}$/;
const AGENCY = /^[a-z0-9][a-z0-9-]{0,62}$/;

const err = (field: string, messageKey: PendingFieldError['messageKey']): PendingFieldError => ({ field, code: 'invalid', messageKey });

const isRole = (s: string): s is WorkflowRole => (WORKFLOW_ROLES as readonly string[]).includes(s);

function days(v: Posted, key: string, errors: PendingFieldError[], required: boolean): number | undefined {
  const text = one(v, key);
  if (text === '' && !required) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < MIN_DAYS || n > MAX_DAYS) {
    errors.push(err(`/${key}`, 'app.builder.days_invalid'));
    return undefined;
  }
  return n;
}

function role(v: Posted, key: string, errors: PendingFieldError[]): WorkflowRole {
  const r = one(v, key);
  if (!isRole(r)) errors.push(err(`/${key}`, 'field.required'));
  return isRole(r) ? r : 'verifier';
}

function lapse(v: Posted, errors: PendingFieldError[]): LapsePolicy {
  if (one(v, 'lapse') === 'deemed_approval') return { action: 'deemed_approval' };
  return { action: 'escalate', role: role(v, 'lapse_role', errors), days: days(v, 'lapse_days', errors, true) ?? 1 };
}

function name(v: Posted, errors: PendingFieldError[]): { id: string; en: string } {
  const id = one(v, 'name_id');
  if (id === '') errors.push(err('/name_id', 'field.required'));
  return { id, en: one(v, 'name_en') || id };
}

/** A step of the current step's kind from the posted fields (its id and kind do not change here). */
export function stepFromPosted(v: Posted, current: WorkflowStep): { step: WorkflowStep; errors: PendingFieldError[] } {
  const errors: PendingFieldError[] = [];
  const base = { id: current.id, name: name(v, errors) };
  switch (current.kind) {
    case 'task': {
      const agency = one(v, 'agency');
      if (agency !== '' && !AGENCY.test(agency)) errors.push(err('/agency', 'field.required'));
      const to = (key: string) => one(v, key);
      const actions: TaskStep['actions'] = {};
      if (to('approve_to')) actions.approve = { to: to('approve_to') };
      if (to('reject_to')) actions.reject = { to: to('reject_to') };
      if (one(v, 'revision') === 'true') actions.request_revision = {};
      if (to('forward_to')) actions.forward = { to: to('forward_to') };
      if (to('escalate_role')) actions.escalate = { role: role(v, 'escalate_role', errors) };
      const step: TaskStep = {
        ...base,
        kind: 'task',
        role: role(v, 'role', errors),
        deadline: { days: days(v, 'days', errors, true) ?? 1, onLapse: lapse(v, errors) },
        actions,
      };
      if (agency !== '') step.agency = agency;
      return { step, errors };
    }
    case 'wait': {
      const event = one(v, 'event');
      if (!EVENT.test(event)) errors.push(err('/event', 'app.builder.event_invalid'));
      const d = days(v, 'days', errors, false);
      const step: WaitStep = { ...base, kind: 'wait', event, waitsOn: one(v, 'waitsOn') === 'applicant' ? 'applicant' : 'agency', next: one(v, 'next') };
      if (d !== undefined) step.deadline = { days: d, onLapse: lapse(v, errors) };
      return { step, errors };
    }
    case 'parallel':
      return { step: { ...base, kind: 'parallel', branches: many(v, 'branches'), join: one(v, 'join') }, errors };
    case 'end': {
      const outcome = one(v, 'outcome');
      const known = (OUTCOMES as readonly string[]).includes(outcome);
      if (!known) errors.push(err('/outcome', 'field.required'));
      return { step: { ...base, kind: 'end', outcome: known ? (outcome as (typeof OUTCOMES)[number]) : 'approved' }, errors };
    }
  }
}

/** The service-level settings: revisions pause or restart the clock, fiktif positif, the first step, the jangka waktu. */
export function settingsFromPosted(v: Posted, current: WorkflowDefinition): { workflow: WorkflowDefinition; errors: PendingFieldError[] } {
  const errors: PendingFieldError[] = [];
  const serviceDays = days(v, 'serviceDays', errors, true) ?? current.serviceDays;
  return {
    workflow: {
      ...current,
      revisionPolicy: one(v, 'revisionPolicy') === 'restart' ? 'restart' : 'pause',
      deemedApproval: one(v, 'deemedApproval') === 'true',
      start: one(v, 'start') || current.start,
      serviceDays,
    },
    errors,
  };
}

/** Where a step goes on: a task's approval, a wait's next step. */
const onwardOf = (step: WorkflowStep): string | undefined => (step.kind === 'task' ? step.actions.approve?.to : step.kind === 'wait' ? step.next : undefined);

/**
 * An arrow a new step can be put on: from a step, by one of its ways on (a task's approval, rejection
 * or forward, a wait's next step, one branch of a parallel). `value` is what the form posts: the step's
 * id alone for its way on (approval or next step), else `<step>:<action>[:<branch>]`.
 */
export interface InsertionPoint {
  value: string;
  from: WorkflowStep;
  action: 'approve' | 'next' | 'reject' | 'forward' | 'branch';
  to: string;
}

/** The arrows a new step may be put on, in the order an application meets them. */
export function insertionPoints(workflow: WorkflowDefinition): InsertionPoint[] {
  return stepsInOrder(workflow).flatMap((from): InsertionPoint[] => {
    switch (from.kind) {
      case 'task':
        return (['approve', 'reject', 'forward'] as const).flatMap((action) => {
          const to = from.actions[action]?.to;
          return to ? [{ value: action === 'approve' ? from.id : `${from.id}:${action}`, from, action, to }] : [];
        });
      case 'wait':
        return [{ value: from.id, from, action: 'next', to: from.next }];
      case 'parallel':
        return from.branches.map((to) => ({ value: `${from.id}:branch:${to}`, from, action: 'branch', to }));
      case 'end':
        return [];
    }
  });
}

/** The step `from` with the arrow `point` leading to `to` instead. */
function redirectArrow(from: WorkflowStep, point: InsertionPoint, to: string): WorkflowStep {
  switch (from.kind) {
    case 'task': {
      const action = point.action as 'approve' | 'reject' | 'forward';
      return { ...from, actions: { ...from.actions, [action]: { to } } };
    }
    case 'wait':
      return { ...from, next: to };
    case 'parallel':
      return { ...from, branches: from.branches.map((b) => (b === point.to ? to : b)) };
    case 'end':
      return from;
  }
}

/** Rows of the add-step form for a parallel step's branches (empty rows are left out; two at least). */
export const BRANCH_ROWS = 4;

/** A task step an officer decides (a new step, a parallel's branch): sent back for revision, rejected to the workflow's first "rejected" end. */
function newTask(workflow: WorkflowDefinition, id: string, name: { id: string; en: string }, role: WorkflowRole, to: string, agency?: string): TaskStep {
  const rejected = workflow.steps.find((s) => s.kind === 'end' && s.outcome === 'rejected');
  return {
    id,
    kind: 'task',
    name,
    role,
    ...(agency ? { agency } : {}),
    deadline: { days: 3, onLapse: { action: 'escalate', role: 'agency_admin', days: 2 } },
    actions: { approve: { to }, ...(rejected ? { reject: { to: rejected.id } } : {}), request_revision: {} },
  };
}

/**
 * The new steps of a parallel: the parallel step, and a task per branch row (a name, optionally another
 * agency for a technical recommendation), each leading to the join — where the arrow went before.
 */
function parallelSteps(workflow: WorkflowDefinition, v: Posted, id: string, name: { id: string; en: string }, join: string, errors: PendingFieldError[]): WorkflowStep[] {
  const role = isRole(one(v, 'role')) ? (one(v, 'role') as WorkflowRole) : 'verifier';
  const branches: TaskStep[] = [];
  for (let n = 1; n <= BRANCH_ROWS; n++) {
    const branchName = one(v, `branch_${n}`);
    const agency = one(v, `branch_agency_${n}`);
    if (agency !== '' && !AGENCY.test(agency)) errors.push(err(`/branch_agency_${n}`, 'field.required'));
    if (branchName === '') continue;
    const branchId = `${id}-${n}`;
    if (workflow.steps.some((s) => s.id === branchId)) errors.push(err(`/branch_${n}`, 'app.builder.step_taken'));
    branches.push(newTask(workflow, branchId, { id: branchName, en: branchName }, role, join, agency || undefined));
  }
  if (branches.length < 2) errors.push(err('/branch_1', 'app.builder.branches_min'));
  return [{ id, kind: 'parallel', name, branches: branches.map((b) => b.id), join }, ...branches];
}

/**
 * A new step on an arrow (`after`: an insertion point's value): a task, a wait or a parallel takes over
 * where the arrow led (a parallel joins there), and the arrow now leads to it, so it is reachable at
 * once; an end step ends the arrow there — what it led to before must still be reached another way, or
 * the workflow check refuses it, naming the step.
 */
export function insertStep(workflow: WorkflowDefinition, v: Posted): { workflow: WorkflowDefinition; stepId: string; errors: PendingFieldError[] } {
  const errors: PendingFieldError[] = [];
  const id = one(v, 'id');
  if (!STEP_ID.test(id)) errors.push(err('/id', 'app.builder.step_id'));
  else if (workflow.steps.some((s) => s.id === id)) errors.push(err('/id', 'app.builder.step_taken'));
  const stepName = name(v, errors);
  const point = insertionPoints(workflow).find((p) => p.value === one(v, 'after'));
  if (!point) errors.push(err('/after', 'field.required'));
  const kind = one(v, 'kind');
  const outcome = one(v, 'outcome');
  if (kind === 'end' && !(OUTCOMES as readonly string[]).includes(outcome)) errors.push(err('/outcome', 'field.required'));
  if (errors.length > 0 || !point) return { workflow, stepId: id, errors };
  const added: WorkflowStep[] =
    kind === 'wait'
      ? [{ id, kind: 'wait', name: stepName, event: one(v, 'event') || 'signed', waitsOn: 'agency', next: point.to }]
      : kind === 'parallel'
        ? parallelSteps(workflow, v, id, stepName, point.to, errors)
        : kind === 'end'
          ? [{ id, kind: 'end', name: stepName, outcome: outcome as (typeof OUTCOMES)[number] }]
          : [newTask(workflow, id, stepName, isRole(one(v, 'role')) ? (one(v, 'role') as WorkflowRole) : 'verifier', point.to)];
  if (errors.length > 0) return { workflow, stepId: id, errors };
  const steps = workflow.steps.flatMap((s) => (s.id === point.from.id ? [redirectArrow(s, point, id), ...added] : [s]));
  return { workflow: { ...workflow, steps }, stepId: id, errors };
}

/** The steps of a parallel's branches: from each branch's first step up to the join, ends aside. */
function branchSteps(workflow: WorkflowDefinition, parallel: WorkflowStep): Set<string> {
  const inside = new Set<string>();
  if (parallel.kind !== 'parallel') return inside;
  const byId = new Map(workflow.steps.map((s) => [s.id, s]));
  const queue = [...parallel.branches];
  while (queue.length > 0) {
    const step = byId.get(queue.shift()!);
    if (!step || step.kind === 'end' || step.id === parallel.join || step.id === parallel.id || inside.has(step.id)) continue;
    inside.add(step.id);
    queue.push(...(step.kind === 'parallel' ? [...step.branches, step.join] : arrowsOf(step).map(([, to]) => to)));
  }
  return inside;
}

/**
 * Removes a step: what led to it leads where it went on (a task's approval, a wait's next step, a
 * parallel's join — a parallel goes with its branches' steps); the check judges the rest.
 */
export function removeStep(workflow: WorkflowDefinition, id: string): WorkflowDefinition {
  const gone = workflow.steps.find((s) => s.id === id);
  if (!gone) return workflow;
  const onward = gone.kind === 'parallel' ? gone.join : onwardOf(gone);
  const removed = new Set([id, ...branchSteps(workflow, gone)]);
  const redirect = (to: string) => (to === id && onward ? onward : to);
  const steps = workflow.steps
    .filter((s) => !removed.has(s.id))
    .map((s): WorkflowStep => {
      switch (s.kind) {
        case 'task': {
          const a = { ...s.actions };
          if (a.approve) a.approve = { to: redirect(a.approve.to) };
          if (a.forward) a.forward = { to: redirect(a.forward.to) };
          return { ...s, actions: a };
        }
        case 'wait':
          return { ...s, next: redirect(s.next) };
        case 'parallel':
          return { ...s, branches: s.branches.map(redirect), join: redirect(s.join) };
        default:
          return s;
      }
    });
  return { ...workflow, start: redirect(workflow.start), steps };
}

/** Replaces one step. */
export const putStep = (workflow: WorkflowDefinition, step: WorkflowStep): WorkflowDefinition => ({ ...workflow, steps: workflow.steps.map((s) => (s.id === step.id ? step : s)) });

/** Where each step leads, for the text diagram: `[action, target]` pairs in the engine's order. */
export function arrowsOf(step: WorkflowStep): [string, string][] {
  switch (step.kind) {
    case 'task':
      return (
        [
          ['approve', step.actions.approve?.to],
          ['reject', step.actions.reject?.to],
          ['forward', step.actions.forward?.to],
        ] as [string, string | undefined][]
      ).filter((p): p is [string, string] => p[1] !== undefined);
    case 'wait':
      return [['next', step.next]];
    case 'parallel':
      return [...step.branches.map((b): [string, string] => ['branch', b]), ['join', step.join]];
    case 'end':
      return [];
  }
}

/** The steps in the order an application meets them (breadth first from the start), then any unreachable ones. */
export function stepsInOrder(workflow: WorkflowDefinition): WorkflowStep[] {
  const byId = new Map(workflow.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const queue = [workflow.start];
  const out: WorkflowStep[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const step = byId.get(id);
    if (!step || seen.has(id)) continue;
    seen.add(id);
    out.push(step);
    queue.push(...arrowsOf(step).map(([, to]) => to));
  }
  return [...out, ...workflow.steps.filter((s) => !seen.has(s.id))];
}
