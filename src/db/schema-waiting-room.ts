// The tables of migration 0098 owned by waiting-room (issue 23): each service's waiting room and its tickets.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface WaitingRoomTable {
  tenant_id: string;
  service_id: string;
  enabled: boolean;
  max_active: number;
  admit_per_minute: number;
  window_minutes: number;
  max_queue: number;
  registry_daily_quota: number | null;
  payment_per_minute: number | null;
  signing_per_minute: number | null;
  updated_at: Timestamp;
  updated_by: string;
}

export interface WaitingRoomTicketTable {
  tenant_id: string;
  service_id: string;
  seq: Generated<string>;
  citizen_id: string;
  issued_at: Timestamp;
  admitted_at: Timestamp | null;
  admitted_until: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface WaitingRoomTables {
  waiting_rooms: WaitingRoomTable;
  waiting_room_tickets: WaitingRoomTicketTable;
}
