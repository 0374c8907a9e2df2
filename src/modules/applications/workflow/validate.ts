// Checks a workflow definition when it is saved (issue 18): first its shape against the schema, then
// what a schema cannot say — every target exists, every step can be reached, every step can finish (no
// dead end, no cycle without an exit), parallel branches join and stay apart, fiktif positif only where
// the service enables it. Every error names the step, in Bahasa Indonesia and English.
import { Value, type ValueError, ValueErrorType } from '@sinclair/typebox/value';
import {
  MAX_DAYS,
  MIN_DAYS,
  type ParallelStep,
  STEP_SCHEMAS,
  targetsOf,
  WORKFLOW_ROLES,
  type WorkflowDefinition,
  WorkflowDefinitionSchema,
  type WorkflowStep,
} from './definition.js';

export type ValidationCode =
  | 'invalid'
  | 'missing_role'
  | 'deadline_range'
  | 'duplicate_step'
  | 'unknown_target'
  | 'reject_target'
  | 'approve_target'
  | 'applicant_wait_deadline'
  | 'deemed_approval_disabled'
  | 'deemed_approval_without_approve'
  | 'parallel_join_invalid'
  | 'unreachable'
  | 'dead_end'
  | 'cycle_without_exit'
  | 'parallel_no_join'
  | 'branch_crossing';

export interface ValidationError {
  /** The step at fault; null for the definition as a whole. */
  stepId: string | null;
  code: ValidationCode;
  messageId: string;
  messageEn: string;
}

export type ValidationResult = { ok: true; definition: WorkflowDefinition } | { ok: false; errors: ValidationError[] };

interface Subject {
  id: string | null;
  name?: { id?: unknown; en?: unknown } | undefined;
}

/** `Langkah "verify" (Verifikasi berkas)` / `Step "verify" (Document check)`. */
function label(step: Subject, lang: 'id' | 'en'): string {
  if (step.id === null) return lang === 'id' ? 'Alur kerja' : 'The workflow';
  const name = step.name?.[lang];
  const named = typeof name === 'string' && name ? ` (${name})` : '';
  return `${lang === 'id' ? 'Langkah' : 'Step'} "${step.id}"${named}`;
}

const ROLE_LIST = WORKFLOW_ROLES.join(', ');

/** The words of each error: `[Indonesian, English]` after the step's label. */
const MESSAGES: Record<ValidationCode, (x: Record<string, string>) => [string, string]> = {
  invalid: (x) => [`isian ${x.path} tidak sah: ${x.detail}.`, `field ${x.path} is invalid: ${x.detail}.`],
  missing_role: () => [`tidak punya peran petugas yang sah (${ROLE_LIST}).`, `has no valid officer role (${ROLE_LIST}).`],
  deadline_range: (x) => [
    `tenggat ${x.path} harus bilangan bulat ${MIN_DAYS} sampai ${MAX_DAYS} hari kerja.`,
    `deadline ${x.path} must be a whole number from ${MIN_DAYS} to ${MAX_DAYS} working days.`,
  ],
  duplicate_step: () => ['memakai id yang sudah dipakai langkah lain.', 'uses an id another step already has.'],
  unknown_target: (x) => [`menuju langkah "${x.target}" yang tidak ada.`, `leads to step "${x.target}", which does not exist.`],
  reject_target: (x) => [
    `menolak ke "${x.target}", padahal penolakan harus berakhir di langkah akhir "rejected".`,
    `rejects to "${x.target}", but a rejection must lead to an end step with outcome "rejected".`,
  ],
  approve_target: (x) => [
    `menyetujui ke "${x.target}", langkah akhir penolakan.`,
    `approves to "${x.target}", an end step that rejects.`,
  ],
  applicant_wait_deadline: () => [
    'menunggu pemohon tetapi diberi tenggat: waktu di tangan pemohon tidak dihitung sebagai waktu instansi.',
    "waits on the applicant but has a deadline: time with the applicant never counts against the agency.",
  ],
  deemed_approval_disabled: () => [
    'memakai persetujuan fiktif positif, tetapi layanan ini tidak mengaktifkannya.',
    'uses deemed approval (fiktif positif), but this service does not enable it.',
  ],
  deemed_approval_without_approve: () => [
    'memakai persetujuan fiktif positif, tetapi tidak punya tindakan "setujui" yang dapat dianggap diambil.',
    'uses deemed approval (fiktif positif) but has no "approve" action to deem taken.',
  ],
  parallel_join_invalid: (x) => [
    `menggabungkan cabang di "${x.target}", yang merupakan langkah paralel itu sendiri atau salah satu cabangnya (atau cabangnya berulang).`,
    `joins its branches at "${x.target}", which is the parallel step itself or one of its branches (or a branch is listed twice).`,
  ],
  unreachable: () => ['tidak dapat dicapai dari langkah awal.', 'cannot be reached from the start step.'],
  dead_end: () => [
    'buntu: bukan langkah akhir dan tidak punya jalan keluar (setujui, tolak atau teruskan).',
    'is a dead end: not an end step, and it has no way out (approve, reject or forward).',
  ],
  cycle_without_exit: (x) => [
    `berada dalam putaran tanpa jalan keluar ke langkah akhir: ${x.cycle}.`,
    `is in a cycle with no way out to an end step: ${x.cycle}.`,
  ],
  parallel_no_join: (x) => [
    `punya cabang "${x.target}" yang tidak pernah sampai ke langkah penggabungan "${x.join}".`,
    `has a branch "${x.target}" that never reaches the join step "${x.join}".`,
  ],
  branch_crossing: (x) => [
    `termasuk lebih dari satu bagian alur (${x.partsId}): cabang paralel harus terpisah satu sama lain dan dari alur utama.`,
    `belongs to more than one part of the workflow (${x.partsEn}): parallel branches must stay apart from each other and from the main flow.`,
  ],
};

function error(step: Subject, code: ValidationCode, vars: Record<string, string> = {}): ValidationError {
  const [id, en] = MESSAGES[code](vars);
  return { stepId: step.id, code, messageId: `${label(step, 'id')} ${id}`, messageEn: `${label(step, 'en')} ${en}` };
}

/** Checks a definition (typically JSON from the admin API or the database). Returns it typed when it is sound. */
export function validateWorkflow(input: unknown): ValidationResult {
  if (!Value.Check(WorkflowDefinitionSchema, input)) return { ok: false, errors: schemaErrors(input) };
  const def = input as WorkflowDefinition;
  const errors = checkSteps(def);
  // Graph checks on a definition with unknown targets or duplicate ids would only echo those mistakes.
  if (errors.length === 0) errors.push(...checkGraph(def));
  return errors.length ? { ok: false, errors } : { ok: true, definition: def };
}

// ---- Shape ------------------------------------------------------------------------------------------

interface RawError {
  path: string;
  message: string;
  value: unknown;
}

/**
 * TypeBox reports a value that fits no member of a union as one error carrying each member's errors.
 * Keep the member that fits best (fewest errors), so `{ action: 'escalate', days: 1.5 }` is explained
 * as a bad `days`, not as "no union member"; a plain value that fits no literal lists the literals.
 */
function explain(errors: Iterable<ValueError>, prefix = ''): RawError[] {
  const out: RawError[] = [];
  for (const e of errors) {
    const members = e.type === ValueErrorType.Union && e.value !== null && typeof e.value === 'object' ? e.errors.map((it) => explain(it, prefix)) : [];
    if (members.length) {
      out.push(...members.reduce((best, m) => (m.length < best.length ? m : best)));
      continue;
    }
    const literals = (e.schema.anyOf as { const?: unknown }[] | undefined)?.map((m) => m.const);
    const message = e.type === ValueErrorType.Union && literals?.every((l) => typeof l === 'string') ? `expected one of ${literals.join(', ')}` : e.message;
    out.push({ path: prefix + e.path, message, value: e.value });
  }
  return out;
}

function schemaErrors(input: unknown): ValidationError[] {
  const steps: unknown[] = Array.isArray((input as { steps?: unknown })?.steps) ? (input as { steps: unknown[] }).steps : [];
  const raw: RawError[] = [];
  for (const e of Value.Errors(WorkflowDefinitionSchema, input)) {
    const whole = /^\/steps\/(\d+)$/.exec(e.path);
    const step = whole ? (steps[Number(whole[1])] as { kind?: unknown } | undefined) : undefined;
    if (whole && e.type === ValueErrorType.Union && step && typeof step === 'object') {
      // Explain the step against the schema of its own kind.
      const schema = STEP_SCHEMAS[step.kind as keyof typeof STEP_SCHEMAS];
      if (!schema) raw.push({ path: `${e.path}/kind`, message: 'expected task, wait, parallel or end', value: step.kind });
      else raw.push(...explain(Value.Errors(schema, step), e.path));
    } else raw.push(...explain([e]));
  }
  const seen = new Set<string>();
  return raw.flatMap((e) => {
    if (seen.has(e.path)) return []; // a missing property is reported twice (required, then its type)
    seen.add(e.path);
    const m = /^\/steps\/(\d+)(\/.*)?$/.exec(e.path);
    const step = m ? (steps[Number(m[1])] as { id?: unknown; name?: Subject['name']; kind?: unknown } | undefined) : undefined;
    const subject: Subject = step && typeof step.id === 'string' ? { id: step.id, name: step.name } : { id: null };
    const path = m ? (m[2] ?? '/') : e.path || '/';
    const where = subject.id === null && m ? `${e.path}` : path;
    if (m && path === '/role' && step?.kind === 'task') return [error(subject, 'missing_role')];
    if (/\/(days|serviceDays)$/.test(e.path) && (e.value === undefined || typeof e.value === 'number')) {
      return [error(subject, 'deadline_range', { path: where })];
    }
    return [error(subject, 'invalid', { path: where, detail: e.message.toLowerCase() })];
  });
}

// ---- Steps one by one -------------------------------------------------------------------------------

function checkSteps(def: WorkflowDefinition): ValidationError[] {
  const errors: ValidationError[] = [];
  const byId = new Map<string, WorkflowStep>();
  for (const step of def.steps) {
    if (byId.has(step.id)) errors.push(error(step, 'duplicate_step'));
    else byId.set(step.id, step);
  }
  if (!byId.has(def.start)) errors.push(error({ id: null }, 'unknown_target', { target: def.start }));
  for (const step of def.steps) {
    const targets = step.kind === 'parallel' ? [...step.branches, step.join] : targetsOf(step);
    for (const target of new Set(targets)) if (!byId.has(target)) errors.push(error(step, 'unknown_target', { target }));
    if (step.kind === 'task') {
      const { approve, reject } = step.actions;
      const rejectEnd = reject && byId.get(reject.to);
      if (rejectEnd && !(rejectEnd.kind === 'end' && rejectEnd.outcome === 'rejected')) errors.push(error(step, 'reject_target', { target: reject.to }));
      const approveEnd = approve && byId.get(approve.to);
      if (approveEnd?.kind === 'end' && approveEnd.outcome === 'rejected') errors.push(error(step, 'approve_target', { target: approve!.to }));
    }
    if (step.kind === 'wait' && step.waitsOn === 'applicant' && step.deadline) errors.push(error(step, 'applicant_wait_deadline'));
    if ((step.kind === 'task' || step.kind === 'wait') && step.deadline?.onLapse.action === 'deemed_approval') {
      if (!def.deemedApproval) errors.push(error(step, 'deemed_approval_disabled'));
      if (step.kind !== 'task' || !step.actions.approve) errors.push(error(step, 'deemed_approval_without_approve'));
    }
    if (step.kind === 'parallel' && (step.join === step.id || step.branches.includes(step.join) || step.branches.includes(step.id) || new Set(step.branches).size !== step.branches.length)) {
      errors.push(error(step, 'parallel_join_invalid', { target: step.join }));
    }
  }
  return errors;
}

// ---- The graph --------------------------------------------------------------------------------------

/** The steps a step leads to when it completes: a parallel completes through its join. */
function finishEdges(step: WorkflowStep): string[] {
  return step.kind === 'parallel' ? [step.join] : targetsOf(step);
}

function checkGraph(def: WorkflowDefinition): ValidationError[] {
  const errors: ValidationError[] = [];
  const byId = new Map(def.steps.map((s) => [s.id, s]));

  // Reachable: a parallel leads into its branches; its join is reached only through them.
  const reachable = new Set<string>([def.start]);
  const queue = [def.start];
  while (queue.length) {
    for (const next of targetsOf(byId.get(queue.pop()!)!)) {
      if (reachable.has(next)) continue;
      reachable.add(next);
      queue.push(next);
    }
  }
  for (const step of def.steps) if (!reachable.has(step.id)) errors.push(error(step, 'unreachable'));

  // Can finish: reaches an end step, a parallel counting as finishing through its join.
  const finishing = new Set(def.steps.filter((s) => s.kind === 'end').map((s) => s.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const step of def.steps) {
      if (finishing.has(step.id) || !finishEdges(step).some((t) => finishing.has(t))) continue;
      finishing.add(step.id);
      grew = true;
    }
  }
  const stuck = def.steps.filter((s) => reachable.has(s.id) && !finishing.has(s.id));
  for (const step of stuck) if (finishEdges(step).length === 0) errors.push(error(step, 'dead_end'));
  for (const cycle of cyclesAmong(stuck)) {
    const names = cycle.map((s) => `"${s.id}"`).join(' → ');
    errors.push(error(cycle[0]!, 'cycle_without_exit', { cycle: names }));
  }

  errors.push(...checkParallels(def, byId, reachable));
  return errors;
}

/** The strongly connected sets of `steps` (by finishing edges) that loop: more than one step, or a step leading to itself. */
function cyclesAmong(steps: WorkflowStep[]): WorkflowStep[][] {
  const inSet = new Map(steps.map((s) => [s.id, s]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: WorkflowStep[][] = [];
  let counter = 0;
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    const edges = finishEdges(inSet.get(id)!).filter((t) => inSet.has(t));
    for (const next of edges) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id)!, index.get(next)!));
    }
    if (low.get(id) !== index.get(id)) return;
    const component: string[] = [];
    for (let top = ''; top !== id; ) {
      top = stack.pop()!;
      onStack.delete(top);
      component.push(top);
    }
    if (component.length > 1 || edges.includes(id)) found.push(component.reverse().map((c) => inSet.get(c)!));
  };
  for (const step of steps) if (!index.has(step.id)) visit(step.id);
  return found;
}

/**
 * Parallel branches must each be able to reach their join, and every part of the flow — the main flow
 * and each branch — must keep to its own steps (ends aside), or a token could leave a branch without
 * joining, or enter one from outside, and the join would wait forever.
 */
function checkParallels(def: WorkflowDefinition, byId: Map<string, WorkflowStep>, reachable: Set<string>): ValidationError[] {
  const errors: ValidationError[] = [];
  const parts = new Map<string, { id: string; en: string }[]>();
  /** The steps of one part: from its first step, a parallel jumping to its join, stopping at ends and at `stop`. */
  const walk = (first: string, stop: string | null, part: { id: string; en: string }) => {
    const seen = new Set<string>();
    let joins = false;
    for (const queue = [first]; queue.length; ) {
      const id = queue.pop()!;
      if (id === stop) {
        joins = true;
        continue;
      }
      const step = byId.get(id)!;
      if (seen.has(id) || step.kind === 'end') continue;
      seen.add(id);
      parts.set(id, [...(parts.get(id) ?? []), part]);
      queue.push(...finishEdges(step));
    }
    return joins;
  };
  walk(def.start, null, { id: 'alur utama', en: 'the main flow' });
  const parallels = def.steps.filter((s): s is ParallelStep => s.kind === 'parallel' && reachable.has(s.id));
  for (const p of parallels) {
    for (const branch of p.branches) {
      const part = { id: `cabang "${branch}" dari "${p.id}"`, en: `branch "${branch}" of "${p.id}"` };
      if (!walk(branch, p.join, part)) errors.push(error(p, 'parallel_no_join', { target: branch, join: p.join }));
    }
  }
  for (const step of def.steps) {
    const inParts = parts.get(step.id) ?? [];
    if (inParts.length > 1) {
      errors.push(error(step, 'branch_crossing', { partsId: inParts.map((p) => p.id).join('; '), partsEn: inParts.map((p) => p.en).join('; ') }));
    }
  }
  return errors;
}
