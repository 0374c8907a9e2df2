// The seams the next issues plug into (payments, signed documents, satisfaction surveys), without this
// module importing theirs (they import this one). In: `recordApplicationEvent` (handling/service.ts) —
// a module tells an application that what a wait step waits for happened ("paid", "signed"). Out: the
// hooks here, called in the transaction that saves the transition — a wait step began (issue an
// invoice, prepare a document for signature), an application closed (issue the product, invite to the
// survey). A hook that throws refuses the transition: it runs in the same transaction.
import type { Tx } from '../../db/index.js';
import type { PolicyKey } from '../../platform/auth/index.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { ApplicationContext } from './context.js';
import type { Outcome } from './workflow/index.js';

export interface ApplicationRef {
  tenantId: string;
  applicationId: string;
  trackingNumber: string;
  serviceId: string;
  serviceVersionId: string;
  /** The agency that delivers the service (the survey's aggregates are per agency). */
  agencyId: string;
  applicantId: string;
}

export interface AwaitInfo extends ApplicationRef {
  stepId: string;
  /** What the step waits for: "paid", "signed", "self_declared", … */
  event: string;
  waitsOn: 'applicant' | 'agency';
  /** When the step began (the transition's clock): what the hook issues dates from it. */
  at: Date;
  /** The outcome of the end the step leads to when answered (through approvals and waits), if one: what a prepared document will be. */
  outcomeAhead: Outcome | null;
}

export interface ClosedInfo extends ApplicationRef {
  outcome: Outcome;
  /** Fiktif positif: decided by deemed approval (PP 28/2025). */
  deemed: boolean;
  at: string;
  /** The tenant's zone (WIB/WITA/WIT): the day the closing counts on. */
  timeZone: string;
}

/** A link another module adds to the applicant's page of an application (the survey of a closed one). */
export interface ApplicantLink {
  label: MessageKey;
  /** Under the tenant's base path, e.g. `/survei/<application>`. */
  path: string;
}

export interface ApplicationHook {
  /** `ctx` is the transition's (its actor, clock and audit log; `ctx.db` is `trx`). */
  onAwait?(trx: Tx, info: AwaitInfo, ctx: ApplicationContext): Promise<void>;
  onClosed?(trx: Tx, info: ClosedInfo): Promise<void>;
  /** Links for the applicant's page, from what the page already knows (no query per hook). */
  applicantLinks?(application: { id: string; status: string; outcome: Outcome | null }): ApplicantLink[];
}

const hooks = new Set<ApplicationHook>();

/** Adds a module's hook to every transition (the same object twice is added once). */
export function registerApplicationHook(hook: ApplicationHook): void {
  hooks.add(hook);
}

/**
 * How an officer answers a wait step another module owns (documents: "signed" → its signing page): the
 * application page links to `path` — labelled `label` for whoever `policy` lets in, `viewLabel` (to
 * look, not act) for the other officers who see the application.
 */
export interface WaitStepAction {
  event: string;
  policy: PolicyKey;
  label: MessageKey;
  viewLabel: MessageKey;
  /** Under the tenant's base path. */
  path(applicationId: string): string;
}

const waitActions = new Map<string, WaitStepAction>();

export function registerWaitStepAction(action: WaitStepAction): void {
  waitActions.set(action.event, action);
}

export function waitStepAction(event: string): WaitStepAction | undefined {
  return waitActions.get(event);
}

export async function runAwaitHooks(trx: Tx, info: AwaitInfo, ctx: ApplicationContext): Promise<void> {
  for (const hook of hooks) await hook.onAwait?.(trx, info, { ...ctx, db: trx });
}

export async function runClosedHooks(trx: Tx, info: ClosedInfo): Promise<void> {
  for (const hook of hooks) await hook.onClosed?.(trx, info);
}

export function applicantLinksOf(application: { id: string; status: string; outcome: Outcome | null }): ApplicantLink[] {
  return [...hooks].flatMap((hook) => hook.applicantLinks?.(application) ?? []);
}
