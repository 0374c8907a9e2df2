// SQL for the personal-data access log (personal_data_access) and data-subject requests (data_requests).
import type { Tx } from '../../../db/index.js';

export interface AccessRow {
  id: string;
  accessorKind: 'officer' | 'system' | 'api_key' | 'citizen';
  accessorId: string;
  accessorName: string | null;
  purpose: string;
  fields: string[];
  at: Date;
}

export async function insertAccess(trx: Tx, tenantId: string, citizenId: string, row: AccessRow): Promise<void> {
  await trx
    .insertInto('personal_data_access')
    .values({
      tenant_id: tenantId,
      id: row.id,
      citizen_id: citizenId,
      accessor_kind: row.accessorKind,
      accessor_id: row.accessorId,
      accessor_name: row.accessorName,
      purpose: row.purpose,
      fields: row.fields,
      at: row.at,
    })
    .execute();
}

export function selectAccessLog(trx: Tx, tenantId: string, citizenId: string, limit = 500): Promise<AccessRow[]> {
  return trx
    .selectFrom('personal_data_access')
    .select(['id', 'accessor_kind as accessorKind', 'accessor_id as accessorId', 'accessor_name as accessorName', 'purpose', 'fields', 'at'])
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

export function selectOfficerName(trx: Tx, tenantId: string, officerId: string): Promise<string | undefined> {
  return trx
    .selectFrom('officers')
    .select('name')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', officerId)
    .executeTakeFirst()
    .then((r) => r?.name);
}

export interface DataRequestRow {
  id: string;
  kind: 'correction' | 'erasure' | 'consent_withdrawal';
  details: string;
  status: 'received' | 'in_progress' | 'done' | 'refused';
  dueAt: Date;
  createdAt: Date;
  closedAt: Date | null;
}

export async function insertDataRequest(trx: Tx, tenantId: string, citizenId: string, row: Omit<DataRequestRow, 'status' | 'closedAt'>): Promise<void> {
  await trx
    .insertInto('data_requests')
    .values({ tenant_id: tenantId, id: row.id, citizen_id: citizenId, kind: row.kind, details: row.details, due_at: row.dueAt, created_at: row.createdAt })
    .execute();
}

export function selectDataRequests(trx: Tx, tenantId: string, citizenId: string): Promise<DataRequestRow[]> {
  return trx
    .selectFrom('data_requests')
    .select(['id', 'kind', 'details', 'status', 'due_at as dueAt', 'created_at as createdAt', 'closed_at as closedAt'])
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .orderBy('created_at', 'desc')
    .execute();
}
