// The catalogue's one extension point for publishing: other modules (applications: the service's form
// and workflow) register a check that runs inside the publishing transaction. A check may refuse the
// publication with field errors (422, together with the catalogue's own), may freeze what it keeps
// for the new version in the same transaction (rolled back with it when the publication is refused),
// and may say it has changes of its own to publish when the standard itself has none. The catalogue
// imports no module that registers one (that would be a cycle).
import type { Tx } from '../../db/index.js';
import type { ServiceContext } from '../../platform/context.js';
import type { PendingFieldError } from '../../platform/errors.js';
import type { ServiceDefinition } from './model.js';

export interface PublishCheckInput {
  tenantId: string;
  serviceId: string;
  agencyId: string;
  /** The version about to be published (its row is written after the checks, in the same transaction). */
  versionId: string;
  version: number;
  definition: ServiceDefinition;
  /** The standard's requirements ("persyaratan"), one line each, in Bahasa Indonesia. */
  requirements: string[];
  /** The publisher's context, its database the publishing transaction. */
  ctx: ServiceContext;
}

export interface PublishCheckResult {
  errors: PendingFieldError[];
  /** The module has changes to publish with this version even if the standard has none. */
  pending?: boolean;
}

export type PublishCheck = (trx: Tx, input: PublishCheckInput) => Promise<PublishCheckResult>;

const checks = new Set<PublishCheck>();

/** Adds a check to every publication (registering the same function twice adds it once). */
export function registerPublishCheck(check: PublishCheck): void {
  checks.add(check);
}

/** Runs every registered check, in registration order; their errors and whether any has changes. */
export async function runPublishChecks(trx: Tx, input: PublishCheckInput): Promise<{ errors: PendingFieldError[]; pending: boolean }> {
  const errors: PendingFieldError[] = [];
  let pending = false;
  for (const check of checks) {
    const result = await check(trx, input);
    errors.push(...result.errors);
    pending ||= result.pending === true;
  }
  return { errors, pending };
}
