// SQL for assisted_sessions (migration 0043): one row each time an officer acts for a citizen at a
// counter, with the consent recorded. Called inside withTenant() transactions; tenant first.
import type { Tx } from '../../../db/index.js';

export interface AssistedSessionRow {
  id: string;
  citizenId: string;
  officerId: string;
  officerName: string | null;
  purpose: string | null;
  consent: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

export async function insertAssistedSession(
  trx: Tx,
  tenantId: string,
  row: { id: string; citizenId: string; officerId: string; sessionId: string; purpose: string; consent: string; startedAt: Date },
): Promise<void> {
  await trx
    .insertInto('assisted_sessions')
    .values({
      tenant_id: tenantId,
      id: row.id,
      citizen_id: row.citizenId,
      officer_id: row.officerId,
      session_id: row.sessionId,
      purpose: row.purpose,
      consent: row.consent,
      started_at: row.startedAt,
    })
    .execute();
}

/** Marks the assistance carried by this session as ended; returns its row id (none: not assisted). */
export async function updateAssistedSessionEnded(trx: Tx, tenantId: string, sessionId: string, at: Date): Promise<{ id: string; citizenId: string } | undefined> {
  return trx
    .updateTable('assisted_sessions')
    .set({ ended_at: at })
    .where('tenant_id', '=', tenantId)
    .where('session_id', '=', sessionId)
    .where('ended_at', 'is', null)
    .returning(['id', 'citizen_id as citizenId'])
    .executeTakeFirst();
}

export function selectAssistedSessions(trx: Tx, tenantId: string, citizenId: string, limit = 200): Promise<AssistedSessionRow[]> {
  return trx
    .selectFrom('assisted_sessions as a')
    .leftJoin('officers as o', (j) => j.onRef('o.tenant_id', '=', 'a.tenant_id').onRef('o.id', '=', 'a.officer_id'))
    .select([
      'a.id',
      'a.citizen_id as citizenId',
      'a.officer_id as officerId',
      'o.name as officerName',
      'a.purpose',
      'a.consent',
      'a.started_at as startedAt',
      'a.ended_at as endedAt',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.citizen_id', '=', citizenId)
    .orderBy('a.started_at', 'desc')
    .limit(limit)
    .execute();
}

/** Who registered the citizen at a counter, with the consent recorded then (none: self-registered). */
export function selectAssistedRegistration(
  trx: Tx,
  tenantId: string,
  citizenId: string,
): Promise<{ officerId: string | null; officerName: string | null; consent: string | null; at: Date } | undefined> {
  return trx
    .selectFrom('citizens as c')
    // The officer is this tenant's (a registration at another tenant's counter shows no name here).
    .leftJoin('officers as o', (j) => j.on('o.tenant_id', '=', tenantId).onRef('o.id', '=', 'c.assisted_by'))
    .select(['c.assisted_by as officerId', 'o.name as officerName', 'c.assisted_consent as consent', 'c.created_at as at'])
    .where('c.id', '=', citizenId)
    .where('c.assisted_by', 'is not', null)
    .executeTakeFirst();
}

/** Erasure: the statement and purpose may name the person; who and when stay. */
export async function clearAssistedSessionTexts(trx: Tx, tenantId: string, citizenId: string): Promise<void> {
  await trx.updateTable('assisted_sessions').set({ consent: null, purpose: null }).where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).execute();
}
