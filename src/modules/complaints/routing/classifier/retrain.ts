// Retraining a tenant's model from the shipped base set plus the tenant's own labelled reports, and
// the rule that decides whether the candidate replaces the current model. Pure: no database.
//
// Both the current model and the candidate are re-created with the same recipe on the training
// parts only (the base set's train split + the tenant examples outside their held-out slice) and
// scored on what neither saw: the shipped held-out set and the tenant's held-out slice. A model
// that saw the held-out reports would score itself too well. The model that is swapped in is then
// fitted on everything (base set + all the tenant's examples), the usual last step once a recipe is
// chosen.
import { type Evaluation, evaluateClassifier, type RoutingExample, type RoutingModel, splitExamples, trainClassifier } from './classifier.js';
import { CORRECTION_WEIGHT, ROUTING_DATASET } from './dataset.js';

export type TenantExample = Omit<RoutingExample, 'weight'>;

export interface RetrainOptions {
  /** How much worse (absolute accuracy, 0..1) the candidate may score and still be swapped in. */
  tolerance: number;
}

export interface Scores {
  category: number;
  agency: number;
  tenantCategory: number | null;
  tenantAgency: number | null;
}

export interface RetrainOutcome {
  swap: boolean;
  /** A stable code for the record: why it was (not) swapped. */
  reason: 'better_or_equal' | 'within_tolerance' | 'worse_on_base' | 'worse_on_tenant' | 'no_examples';
  before: Scores;
  after: Scores;
  baseHeldOut: number;
  tenantHeldOut: number;
  /** The model to store when `swap` (fitted on everything). */
  model?: RoutingModel;
}

function recipe(baseTrain: readonly RoutingExample[], tenantTrain: readonly TenantExample[]): RoutingModel {
  return trainClassifier([...baseTrain, ...tenantTrain.map((e) => ({ ...e, weight: CORRECTION_WEIGHT }))]);
}

function scores(base: Evaluation, tenant: Evaluation | null): Scores {
  return {
    category: base.categoryAccuracy,
    agency: base.agencyAccuracy,
    tenantCategory: tenant ? tenant.categoryAccuracy : null,
    tenantAgency: tenant ? tenant.agencyAccuracy : null,
  };
}

/**
 * `current`: the tenant examples the current model was trained with ([] for the shipped model);
 * `candidate`: all of the tenant's examples now. On the shipped held-out set only the category is
 * compared (a tenant may legitimately send a category to another agency than the shipped default);
 * on the tenant's held-out slice both category and agency are.
 */
export function retrainTenantModel(
  current: readonly TenantExample[],
  candidate: readonly TenantExample[],
  options: RetrainOptions,
  dataset: readonly RoutingExample[] = ROUTING_DATASET,
): RetrainOutcome {
  const base = splitExamples(dataset);
  const tenant = splitExamples(candidate);
  const heldOutTexts = new Set(tenant.heldOut.map((e) => e.text.trim()));
  const currentTrain = current.filter((e) => !heldOutTexts.has(e.text.trim()));
  const evaluate = (model: RoutingModel) =>
    scores(evaluateClassifier(model, base.heldOut), tenant.heldOut.length > 0 ? evaluateClassifier(model, tenant.heldOut) : null);
  const before = evaluate(recipe(base.train, currentTrain));
  const after = evaluate(recipe(base.train, tenant.train));

  const worse = (a: number | null, b: number | null) => a !== null && b !== null && a < b - options.tolerance;
  let reason: RetrainOutcome['reason'];
  // Without examples of its own a tenant is best served by the shipped model.
  if (candidate.length === 0) reason = 'no_examples';
  else if (worse(after.category, before.category)) reason = 'worse_on_base';
  else if (worse(after.tenantCategory, before.tenantCategory) || worse(after.tenantAgency, before.tenantAgency)) reason = 'worse_on_tenant';
  else {
    const allBetter =
      after.category >= before.category &&
      (after.tenantCategory ?? 0) >= (before.tenantCategory ?? 0) &&
      (after.tenantAgency ?? 0) >= (before.tenantAgency ?? 0);
    reason = allBetter ? 'better_or_equal' : 'within_tolerance';
  }
  const swap = reason === 'better_or_equal' || reason === 'within_tolerance';
  return {
    swap,
    reason,
    before,
    after,
    baseHeldOut: base.heldOut.length,
    tenantHeldOut: tenant.heldOut.length,
    model: swap ? recipe(dataset, candidate) : undefined,
  };
}
