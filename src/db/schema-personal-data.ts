// Kysely table types of citizens' personal-data requests (migrations 0007, 0040, 0058), kept apart so
// schema.ts stays readable. Keep in step with the migrations.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface DataRequestTable {
  tenant_id: string;
  id: string;
  citizen_id: string;
  kind: 'correction' | 'erasure' | 'consent_withdrawal';
  details: string;
  status: ColumnType<'received' | 'in_progress' | 'done' | 'refused', 'received' | undefined, 'received' | 'in_progress' | 'done' | 'refused'>;
  due_at: Timestamp;
  created_at: Timestamp;
  closed_at: Nullable<Date>;
  /** 0040: the reason given on resolution (shown to the citizen) and the officer who resolved it. */
  resolution: ColumnType<string | null, string | null | undefined, string | null>;
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0058: what a correction corrects, to what; when an officer approved it and when it was carried out. */
  correction_field: ColumnType<'name' | 'email' | 'phone' | null, 'name' | 'email' | 'phone' | null | undefined, 'name' | 'email' | 'phone' | null>;
  correction_value: ColumnType<string | null, string | null | undefined, string | null>;
  approved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  carried_out_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  deadline_flagged_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** 0058: one registered holder's part in carrying out a data request. */
export interface DataRequestStepTable {
  tenant_id: string;
  request_id: string;
  holder: string;
  status: ColumnType<'pending' | 'done' | 'failed', 'pending' | 'done' | 'failed' | undefined, 'pending' | 'done' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  result: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  done_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_at: ColumnType<Date, Date, Date>;
}
