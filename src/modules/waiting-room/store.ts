// The SQL of the waiting-room tables (migration 0098). Every function takes the tenant first;
// row-level security checks it again (callers run them inside withTenant). Admission runs under a
// transaction-scoped advisory lock per service, taken only when free (tryLockRoom), so the processes
// sharing the database admit in one order — the tickets' — and never more than the room's size
// between them.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/index.js';
import type { WaitingRoomTable, WaitingRoomTicketTable } from '../../db/schema-waiting-room.js';

export const TABLES = ['waiting_rooms', 'waiting_room_tickets'] as const;

export type RoomRow = Selectable<WaitingRoomTable>;
export type TicketRow = Selectable<WaitingRoomTicketTable>;

export async function selectRoom(db: DbOrTx, tenantId: string, serviceId: string): Promise<RoomRow | undefined> {
  return db.selectFrom('waiting_rooms').selectAll().where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).executeTakeFirst();
}

export async function upsertRoom(db: DbOrTx, row: Insertable<WaitingRoomTable>): Promise<RoomRow> {
  const { tenant_id: _t, service_id: _s, ...rest } = row;
  return db
    .insertInto('waiting_rooms')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'service_id']).doUpdateSet(rest))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Takes the service's admission lock if no other transaction holds it (released at commit): one
 * admitter at a time across every process, and nobody waits for it — a request that finds it taken
 * leaves admission to its holder, which admits in ticket order anyway. (Waiting for it instead held a
 * pool connection per queued request: in a surge, every connection, and every other route with them.)
 */
export async function tryLockRoom(trx: Tx, tenantId: string, serviceId: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${`waiting-room:${tenantId}:${serviceId}`}, 0)) as locked`.execute(trx);
  return rows[0]!.locked;
}

/** The citizen's live ticket (not finished); an admitted one whose window is over is finished first. */
export async function selectLiveTicket(trx: Tx, tenantId: string, serviceId: string, citizenId: string, now: Date): Promise<TicketRow | undefined> {
  await trx
    .updateTable('waiting_room_tickets')
    .set({ finished_at: now })
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('citizen_id', '=', citizenId)
    .where('finished_at', 'is', null)
    .where('admitted_until', '<=', now)
    .execute();
  return trx
    .selectFrom('waiting_room_tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('citizen_id', '=', citizenId)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
}

/** A new ticket; undefined when the citizen already holds a live one (a second tab got there first). */
export async function insertTicket(trx: Tx, row: Insertable<WaitingRoomTicketTable>): Promise<TicketRow | undefined> {
  return trx
    .insertInto('waiting_room_tickets')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'service_id', 'citizen_id']).where('finished_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export interface RoomCounts {
  /** Admitted, not finished, window not over. */
  active: number;
  /** Admitted in the minute before `now`. */
  lastMinute: number;
  /** Admitted since `dayStart`. */
  today: number;
  waiting: number;
}

/** What the room holds now (admitted windows that are over count as finished). */
export async function countRoom(db: DbOrTx, tenantId: string, serviceId: string, now: Date, dayStart: Date): Promise<RoomCounts> {
  const minuteAgo = new Date(now.getTime() - 60_000);
  const row = await db
    .selectFrom('waiting_room_tickets')
    .select([
      sql<string>`count(*) filter (where admitted_at is not null and finished_at is null and admitted_until > ${now})`.as('active'),
      sql<string>`count(*) filter (where admitted_at > ${minuteAgo})`.as('last_minute'),
      sql<string>`count(*) filter (where admitted_at >= ${dayStart})`.as('today'),
      sql<string>`count(*) filter (where admitted_at is null and finished_at is null)`.as('waiting'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where((eb) => eb.or([eb('finished_at', 'is', null), eb('admitted_at', '>=', dayStart < minuteAgo ? dayStart : minuteAgo)]))
    .executeTakeFirstOrThrow();
  return { active: Number(row.active), lastMinute: Number(row.last_minute), today: Number(row.today), waiting: Number(row.waiting) };
}

/** Admits the first `count` waiting tickets, in arrival order. */
export async function admitNext(trx: Tx, tenantId: string, serviceId: string, count: number, now: Date, until: Date): Promise<number> {
  if (count <= 0) return 0;
  const result = await sql`
    update waiting_room_tickets set admitted_at = ${now}, admitted_until = ${until}
    where tenant_id = ${tenantId} and service_id = ${serviceId} and seq in (
      select seq from waiting_room_tickets
      where tenant_id = ${tenantId} and service_id = ${serviceId} and admitted_at is null and finished_at is null
      order by seq limit ${count}
    )`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Tickets waiting ahead of `seq`. */
export async function countAhead(db: DbOrTx, tenantId: string, serviceId: string, seq: string): Promise<number> {
  const row = await db
    .selectFrom('waiting_room_tickets')
    .select((eb) => eb.fn.countAll<string>().as('ahead'))
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('admitted_at', 'is', null)
    .where('finished_at', 'is', null)
    .where('seq', '<', seq)
    .executeTakeFirstOrThrow();
  return Number(row.ahead);
}

/** Frees the citizen's place (their application is in); false when they held none. */
export async function finishTicket(db: DbOrTx, tenantId: string, serviceId: string, citizenId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('waiting_room_tickets')
    .set({ finished_at: now })
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('citizen_id', '=', citizenId)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every live ticket of the room (it was turned off: the next rush starts with an empty line). */
export async function finishAllTickets(db: DbOrTx, tenantId: string, serviceId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('waiting_room_tickets')
    .set({ finished_at: now })
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Opens an admitted ticket's whole window (its holder came back after admission). */
export async function extendTicket(db: DbOrTx, tenantId: string, serviceId: string, seq: string, until: Date): Promise<void> {
  await db.updateTable('waiting_room_tickets').set({ admitted_until: until }).where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).where('seq', '=', seq).execute();
}

/** Removes a citizen's tickets (their erasure): a place in a past or present queue names them. */
export async function deleteTicketsOf(db: DbOrTx, tenantId: string, citizenId: string): Promise<number> {
  const result = await db.deleteFrom('waiting_room_tickets').where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
