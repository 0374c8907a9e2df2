// The tables and views read and written by transparency (issue 22, migration 0092): per-row facts,
// monthly aggregates, the refresh watermarks and the installation's health checks.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A date column: read as 'YYYY-MM-DD' (the pool's date parser), written as the same. */
type Day = ColumnType<string, string, string>;
type Counter = ColumnType<number, number | undefined, number>;

export interface TransparencyApplicationSourceView {
  tenant_id: string;
  id: string;
  agency_id: string;
  service_id: string;
  status: string;
  outcome: string | null;
  deemed_approved: boolean;
  submitted_at: Date;
  closed_at: Date | null;
  service_due_at: Date | null;
  updated_at: Date;
}

export interface TransparencyComplaintSourceView {
  tenant_id: string;
  id: string;
  agency_id: string | null;
  category_code: string;
  status: string;
  outcome: string | null;
  submitted_at: Date;
  verified_at: Date | null;
  verify_due_at: Date | null;
  first_follow_up_at: Date | null;
  follow_up_due_at: Date | null;
  rating: number | null;
  latitude: number | null;
  longitude: number | null;
  hidden: boolean;
  updated_at: Date;
}

export interface TransparencyApplicationFactTable {
  tenant_id: string;
  application_id: string;
  agency_id: string;
  service_id: string;
  received_month: Day;
  closed_month: Day | null;
  completed: boolean;
  timed: boolean;
  on_time: boolean;
  deemed: boolean;
  working_days: number | null;
}

export interface TransparencyApplicationMonthlyTable {
  tenant_id: string;
  agency_id: string;
  service_id: string;
  month: Day;
  received: Counter;
  closed: Counter;
  completed: Counter;
  timed: Counter;
  on_time: Counter;
  deemed: Counter;
}

export interface TransparencyCompletionDaysTable {
  tenant_id: string;
  agency_id: string;
  service_id: string;
  month: Day;
  working_days: number;
  applications: Counter;
}

export interface TransparencyComplaintFactTable {
  tenant_id: string;
  complaint_id: string;
  agency_key: string;
  month: Day;
  category_code: string;
  verified: boolean;
  verified_on_time: boolean;
  answered: boolean;
  answered_on_time: boolean;
  resolved: boolean;
  rating: number | null;
  cell: string | null;
}

export interface TransparencyComplaintMonthlyTable {
  tenant_id: string;
  agency_key: string;
  month: Day;
  category_code: string;
  received: Counter;
  verified: Counter;
  verified_on_time: Counter;
  answered: Counter;
  answered_on_time: Counter;
  resolved: Counter;
  rated: Counter;
  rating_sum: Counter;
}

export interface TransparencyComplaintCellTable {
  tenant_id: string;
  agency_key: string;
  month: Day;
  cell: string;
  complaints: Counter;
}

export interface TransparencyWatermarkTable {
  tenant_id: string;
  source: 'applications' | 'complaints' | 'payments' | 'sign_ins';
  updated_at: Timestamp;
  id: string;
  refreshed_at: Timestamp;
  /** The audit chain's sequence number (sign_ins only; migration 0100). */
  seq: ColumnType<string | null, number | null | undefined, number | null>;
  /** Every row at or before (resume_at, resume_id) is counted (migration 0103). */
  resume_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  resume_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TransparencyPaymentFactTable {
  tenant_id: string;
  ledger_id: string;
}

export interface TransparencyPaymentMonthlyTable {
  tenant_id: string;
  agency_id: string;
  service_key: string;
  month: Day;
  paid: Counter;
  amount: ColumnType<string, number | undefined, number>;
}

export interface TransparencyActiveCitizenTable {
  tenant_id: string;
  month: Day;
  citizen_key: string;
}

export interface TransparencyResponseHourTable {
  hour: Timestamp;
  buckets: ColumnType<number[], number[], number[]>;
}

export interface TransparencyHealthCheckTable {
  minute: Timestamp;
  ok: boolean;
  round_trip_ms: number;
}

export interface TransparencyTables {
  transparency_application_source: TransparencyApplicationSourceView;
  transparency_complaint_source: TransparencyComplaintSourceView;
  transparency_application_facts: TransparencyApplicationFactTable;
  transparency_application_monthly: TransparencyApplicationMonthlyTable;
  transparency_completion_days: TransparencyCompletionDaysTable;
  transparency_complaint_facts: TransparencyComplaintFactTable;
  transparency_complaint_monthly: TransparencyComplaintMonthlyTable;
  transparency_complaint_cells: TransparencyComplaintCellTable;
  transparency_watermarks: TransparencyWatermarkTable;
  transparency_health_checks: TransparencyHealthCheckTable;
  transparency_payment_facts: TransparencyPaymentFactTable;
  transparency_payment_monthly: TransparencyPaymentMonthlyTable;
  transparency_active_citizens: TransparencyActiveCitizenTable;
  transparency_response_hours: TransparencyResponseHourTable;
}
