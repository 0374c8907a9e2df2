// The declarative, versioned workflow of a service (issue 18): its steps, who acts at each, the actions
// and where they lead, deadlines in working days and what happens when one lapses. One TypeBox schema
// is the source of the TypeScript types, of the admin API's validation and of the stored JSON's check;
// the rules a schema cannot say (reachability, dead ends, joins…) are in validate.ts.
import { type Static, type TLiteral, type TUnion, Type } from '@sinclair/typebox';
import type { Role } from '../../../platform/auth/roles.js';

/** The officer roles a step can be given (platform/auth/roles.ts): the ones that process applications. */
export const WORKFLOW_ROLES = ['verifier', 'approver', 'signer', 'treasurer', 'agency_admin'] as const satisfies readonly Role[];
export type WorkflowRole = (typeof WORKFLOW_ROLES)[number];

/** What an officer can do at a task step. */
export const OFFICER_ACTIONS = ['approve', 'reject', 'request_revision', 'forward', 'escalate'] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];

export const OUTCOMES = ['approved', 'issued', 'rejected'] as const;
export type EndOutcome = (typeof OUTCOMES)[number];

/** Deadlines are 1..366 working days (the calendar's own limit, platform/calendar MAX_WORKING_DAYS). */
export const MIN_DAYS = 1;
export const MAX_DAYS = 366;

/** A union of string literals: JSON Schema `anyOf` of `const`s, which TypeBox's Value can check (Unsafe enums it cannot). */
const literals = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiteral<T[number]>[]>;
const closed = { additionalProperties: false } as const;

const StepId = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$', description: 'Stable id: lower-case letters, digits, _ and -' });
const Name = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { ...closed, description: 'Name in Bahasa Indonesia and English' },
);
const Days = Type.Integer({ minimum: MIN_DAYS, maximum: MAX_DAYS, description: 'Working days (hari kerja)' });
const Role = literals(WORKFLOW_ROLES);
const Target = Type.Object({ to: StepId }, closed);

/** What happens when a step's deadline lapses. */
export const LapsePolicySchema = Type.Union([
  Type.Object(
    { action: Type.Literal('escalate'), role: Role, days: Days },
    { ...closed, description: 'Hand the step to a supervisor role, who has `days` more working days' },
  ),
  Type.Object(
    { action: Type.Literal('deemed_approval') },
    { ...closed, description: 'Fiktif positif (PP 28/2025): the step is deemed approved; the service must enable it' },
  ),
]);

export const DeadlineSchema = Type.Object({ days: Days, onLapse: LapsePolicySchema }, closed);

export const TaskStepSchema = Type.Object(
  {
    id: StepId,
    kind: Type.Literal('task'),
    name: Name,
    role: Role,
    agency: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        description: "Another agency's code, for a technical recommendation; absent: the service's own agency",
      }),
    ),
    deadline: DeadlineSchema,
    actions: Type.Object(
      {
        approve: Type.Optional(Target),
        reject: Type.Optional(Type.Object({ to: StepId }, { ...closed, description: 'Must lead to a "rejected" end; a reason is required' })),
        request_revision: Type.Optional(Type.Object({}, { ...closed, description: 'Back to the applicant with a message; returns here' })),
        forward: Type.Optional(Target),
        escalate: Type.Optional(Type.Object({ role: Role }, { ...closed, description: 'Hand the step to a supervisor role' })),
      },
      closed,
    ),
  },
  { ...closed, description: 'An officer with `role` acts' },
);

export const WaitStepSchema = Type.Object(
  {
    id: StepId,
    kind: Type.Literal('wait'),
    name: Name,
    event: Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,62}$', description: 'e.g. "paid" (payments), "signed" (documents)' }),
    waitsOn: literals(['applicant', 'agency'] as const),
    next: StepId,
    deadline: Type.Optional(DeadlineSchema),
  },
  { ...closed, description: 'Waits for an event; time waiting on the applicant never counts against the agency' },
);

export const ParallelStepSchema = Type.Object(
  {
    id: StepId,
    kind: Type.Literal('parallel'),
    name: Name,
    branches: Type.Array(StepId, { minItems: 2, maxItems: 10, description: 'First step of each branch' }),
    join: StepId,
  },
  { ...closed, description: 'Every branch runs; the join step starts once all of them have led to it' },
);

export const EndStepSchema = Type.Object({ id: StepId, kind: Type.Literal('end'), name: Name, outcome: literals(OUTCOMES) }, closed);

/** Each kind's schema, so a bad step is explained against its own kind rather than "no union member". */
export const STEP_SCHEMAS = {
  task: TaskStepSchema,
  wait: WaitStepSchema,
  parallel: ParallelStepSchema,
  end: EndStepSchema,
} as const;

export const WorkflowStepSchema = Type.Union([TaskStepSchema, WaitStepSchema, ParallelStepSchema, EndStepSchema]);

export const WorkflowDefinitionSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'An application keeps the version it started with' }),
    serviceDays: Type.Integer({
      minimum: MIN_DAYS,
      maximum: MAX_DAYS,
      description: 'The standard\'s "jangka waktu pelayanan" in working days (UU 25/2009 Pasal 21)',
    }),
    revisionPolicy: literals(['pause', 'restart'] as const),
    deemedApproval: Type.Boolean({ description: 'Fiktif positif enabled for this service (PP 28/2025)' }),
    start: StepId,
    steps: Type.Array(WorkflowStepSchema, { minItems: 1, maxItems: 100 }),
  },
  { ...closed, $id: 'ApplicationWorkflowDefinition' },
);

export type LapsePolicy = Static<typeof LapsePolicySchema>;
export type Deadline = Static<typeof DeadlineSchema>;
export type TaskStep = Static<typeof TaskStepSchema>;
export type WaitStep = Static<typeof WaitStepSchema>;
export type ParallelStep = Static<typeof ParallelStepSchema>;
export type EndStep = Static<typeof EndStepSchema>;
export type WorkflowStep = Static<typeof WorkflowStepSchema>;
export type StepKind = WorkflowStep['kind'];
export type RevisionPolicy = 'pause' | 'restart';
export type WorkflowDefinition = Static<typeof WorkflowDefinitionSchema>;

/** The steps a step can lead to, in definition order (a parallel leads to its branches, not its join). */
export function targetsOf(step: WorkflowStep): string[] {
  switch (step.kind) {
    case 'task':
      return [step.actions.approve?.to, step.actions.reject?.to, step.actions.forward?.to].filter((t): t is string => t !== undefined);
    case 'wait':
      return [step.next];
    case 'parallel':
      return [...step.branches];
    case 'end':
      return [];
  }
}

/** A step by id; throws when the definition does not have it (a validated definition always does). */
export function stepOf(def: WorkflowDefinition, id: string): WorkflowStep {
  const step = def.steps.find((s) => s.id === id);
  if (!step) throw new Error(`workflow version ${def.version} has no step "${id}"`);
  return step;
}

/**
 * The outcome of the end a step leads to when everything after it goes on as planned (a wait answered,
 * a task approved, a parallel joined), or null when that path loops or stops elsewhere: what a document
 * prepared at the step will be (an izin for "issued", a surat keterangan for "approved").
 */
export function outcomeAhead(def: WorkflowDefinition, stepId: string): EndOutcome | null {
  let step = def.steps.find((s) => s.id === stepId);
  for (let hops = 0; step && hops <= def.steps.length; hops++) {
    if (step.kind === 'end') return step.outcome;
    const next: string | undefined = step.kind === 'wait' ? step.next : step.kind === 'task' ? step.actions.approve?.to : step.join;
    step = next === undefined ? undefined : def.steps.find((s) => s.id === next);
  }
  return null;
}
