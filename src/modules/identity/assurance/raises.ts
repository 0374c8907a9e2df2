// Recording a raise of a citizen's level of assurance, for the places that raise it (confirmation
// with a registry match, the counter, the online registry check). Apart from service.ts so that
// citizens/ can call it without a cycle of files (service.ts reads citizens' profiles).
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../db/index.js';
import type { TenantContext } from '../../../platform/context.js';
import { type AssuranceRaiseRow, insertAssuranceRaise } from './store.js';

export type RaiseMethod = AssuranceRaiseRow['method'];

/**
 * Records a raise of the citizen's level, inside the transaction that set the citizens row's level
 * (so the history exists exactly when the level does). The raising tenant is the context's.
 */
export async function recordAssuranceRaise(
  trx: Tx,
  ctx: Pick<TenantContext, 'tenant' | 'now'>,
  input: { citizenId: string; level: AssuranceRaiseRow['level']; method: RaiseMethod; officerId?: string | null },
): Promise<void> {
  await insertAssuranceRaise(trx, input.citizenId, {
    id: randomUUID(),
    level: input.level,
    method: input.method,
    tenantId: ctx.tenant.id,
    officerId: input.officerId ?? null,
    raisedAt: ctx.now(),
  });
}

