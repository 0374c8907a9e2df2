// SQL for each service's form and workflow (the draft an admin edits, the copy frozen with each
// published version) and the tenant's application settings. Tenant first, inside withTenant().
import { type DbOrTx, sql, type Tx } from '../../../db/index.js';
import type { FormDefinition } from '../forms/definition.js';
import type { WorkflowDefinition } from '../workflow/index.js';

export interface SetupRow {
  serviceId: string;
  form: FormDefinition | null;
  workflow: WorkflowDefinition | null;
  pending: boolean;
  updatedAt: Date;
  updatedBy: string;
}

export async function selectSetup(db: DbOrTx, tenantId: string, serviceId: string, lock = false): Promise<SetupRow | undefined> {
  let query = db
    .selectFrom('application_service_setups')
    .select(['service_id as serviceId', 'form', 'workflow', 'pending', 'updated_at as updatedAt', 'updated_by as updatedBy'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as SetupRow | undefined;
}

/** Which services of the tenant have a draft form or workflow, and whether it awaits publication (the admin's list). */
export async function selectSetupStates(db: DbOrTx, tenantId: string): Promise<{ serviceId: string; hasForm: boolean; hasWorkflow: boolean; pending: boolean }[]> {
  return db
    .selectFrom('application_service_setups')
    .select(['service_id as serviceId', 'pending'])
    .select((eb) => [eb('form', 'is not', null).as('hasForm'), eb('workflow', 'is not', null).as('hasWorkflow')])
    .where('tenant_id', '=', tenantId)
    .execute() as Promise<{ serviceId: string; hasForm: boolean; hasWorkflow: boolean; pending: boolean }[]>;
}

/** Saves the draft form or workflow (the other is kept); the setup is pending publication. */
export async function upsertSetup(
  trx: Tx,
  tenantId: string,
  serviceId: string,
  patch: { form?: FormDefinition; workflow?: WorkflowDefinition },
  by: string,
  at: Date,
): Promise<void> {
  const form = patch.form ? JSON.stringify(patch.form) : null;
  const workflow = patch.workflow ? JSON.stringify(patch.workflow) : null;
  await trx
    .insertInto('application_service_setups')
    .values({ tenant_id: tenantId, service_id: serviceId, form, workflow, pending: true, updated_at: at, updated_by: by })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'service_id']).doUpdateSet({
        ...(patch.form ? { form } : {}),
        ...(patch.workflow ? { workflow } : {}),
        pending: true,
        updated_at: at,
        updated_by: by,
      }),
    )
    .execute();
}

export async function markPublished(trx: Tx, tenantId: string, serviceId: string): Promise<void> {
  await trx.updateTable('application_service_setups').set({ pending: false }).where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
}

export interface FrozenRow {
  serviceVersionId: string;
  serviceId: string;
  version: number;
  form: FormDefinition;
  workflow: WorkflowDefinition;
  frozenAt: Date;
}

export async function insertFrozen(trx: Tx, tenantId: string, row: Omit<FrozenRow, 'frozenAt'> & { frozenAt: Date }): Promise<void> {
  await trx
    .insertInto('application_service_versions')
    .values({
      tenant_id: tenantId,
      service_version_id: row.serviceVersionId,
      service_id: row.serviceId,
      version: row.version,
      form: JSON.stringify(row.form),
      workflow: JSON.stringify(row.workflow),
      frozen_at: row.frozenAt,
    })
    .execute();
}

export async function selectFrozen(db: DbOrTx, tenantId: string, serviceVersionId: string): Promise<FrozenRow | undefined> {
  return (await db
    .selectFrom('application_service_versions')
    .select(['service_version_id as serviceVersionId', 'service_id as serviceId', 'version', 'form', 'workflow', 'frozen_at as frozenAt'])
    .where('tenant_id', '=', tenantId)
    .where('service_version_id', '=', serviceVersionId)
    .executeTakeFirst()) as FrozenRow | undefined;
}

export interface SettingsRow {
  draftTtlDays: number;
  draftReminderDays: number;
}

export async function selectSettings(db: DbOrTx, tenantId: string): Promise<SettingsRow | undefined> {
  return db
    .selectFrom('application_settings')
    .select(['draft_ttl_days as draftTtlDays', 'draft_reminder_days as draftReminderDays'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

export async function upsertSettings(trx: Tx, tenantId: string, s: SettingsRow): Promise<void> {
  await trx
    .insertInto('application_settings')
    .values({ tenant_id: tenantId, draft_ttl_days: s.draftTtlDays, draft_reminder_days: s.draftReminderDays })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ draft_ttl_days: s.draftTtlDays, draft_reminder_days: s.draftReminderDays, updated_at: sql<Date>`now()` }))
    .execute();
}
