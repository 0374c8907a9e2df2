// The tables of migration 0096 owned by oversight (issue 22): the job's cursor over the audit chain,
// the officer actions it read, the irregularity flags, the officers' kinship look-up keys.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type BigIntNumber = ColumnType<number, number | bigint, number | bigint>;

export type FlagKind = 'peer_outlier' | 'own_or_relative' | 'payment_amount' | 'reassigned_near_deadline' | 'after_hours_burst';
export type OversightActionKind = 'submitted' | 'decided' | 'assigned' | 'payment_held';

export interface OversightCursorTable {
  tenant_id: string;
  last_seq: BigIntNumber;
  ran_at: Timestamp;
}

export interface OversightActionTable {
  tenant_id: string;
  seq: BigIntNumber;
  at: Timestamp;
  officer_id: string | null;
  action: OversightActionKind;
  verb: string;
  application_id: string | null;
  invoice_id: string | null;
  service_id: string | null;
  agency_id: string | null;
  step_id: string | null;
  waited_ms: BigIntNumber | null;
  due_at: Timestamp | null;
  on_time: boolean | null;
  closing_ms: BigIntNumber | null;
}

export interface OversightFlagTable {
  tenant_id: string;
  id: string;
  kind: FlagKind;
  dedupe_key: string;
  officer_id: string | null;
  application_id: string | null;
  invoice_id: string | null;
  evidence_seqs: ColumnType<number[], number[], number[]>;
  detail: ColumnType<Record<string, unknown>, string, string>;
  detected_at: Timestamp;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_note: string | null;
}

export interface OversightOfficerKeyTable {
  tenant_id: string;
  officer_id: string;
  nik_key: string;
  kk_key: string | null;
  set_at: Timestamp;
  set_by: string;
}

export interface OversightTables {
  oversight_cursors: OversightCursorTable;
  oversight_actions: OversightActionTable;
  oversight_flags: OversightFlagTable;
  oversight_officer_keys: OversightOfficerKeyTable;
}
