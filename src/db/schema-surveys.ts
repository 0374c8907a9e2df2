// The tables of migration 0076 owned by surveys (issue 21): invitations, responses, daily aggregates.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A date column: read as 'YYYY-MM-DD' (the pool's date parser), written as the same. */
type Day = ColumnType<string, string, string>;

export type SurveyChannel = 'online' | 'kiosk' | 'import';

interface ElementColumns<T> {
  persyaratan: T;
  prosedur: T;
  waktu: T;
  biaya: T;
  produk: T;
  kompetensi: T;
  perilaku: T;
  pengaduan: T;
  sarana: T;
}

export interface SurveyInvitationTable {
  tenant_id: string;
  application_id: string;
  citizen_id: string;
  service_id: string;
  agency_id: string;
  tracking_number: string;
  closed_at: Timestamp;
}

export interface SurveyResponseTable extends ElementColumns<number> {
  tenant_id: string;
  id: string;
  channel: SurveyChannel;
  application_id: string | null;
  kiosk_code: string | null;
  import_source: string | null;
  agency_id: string;
  service_id: string;
  submitted_at: Timestamp;
  day: Day;
  sex: string | null;
  age_band: string | null;
  education: string | null;
  occupation: string | null;
  suggestion: string | null;
  created_at: Timestamp;
}

export interface SurveyDailyTable extends ElementColumns<ColumnType<number, number | undefined, number>> {
  tenant_id: string;
  agency_id: string;
  service_id: string;
  day: Day;
  respondents: ColumnType<number, number | undefined, number>;
  served: ColumnType<number, number | undefined, number>;
}

export interface SurveyTables {
  survey_invitations: SurveyInvitationTable;
  survey_responses: SurveyResponseTable;
  survey_daily: SurveyDailyTable;
}
