// The tables owned by surveys (issue 21): invitations, responses, daily aggregates (migration 0076;
// topics and follow-ups 0089; kiosk codes 0090).
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
  /** An element key or 'umum' (src/modules/surveys/topics.ts); set exactly when there is a suggestion. */
  suggestion_topic: string | null;
  created_at: Timestamp;
}

type Count = ColumnType<number, number | undefined, number>;

/** Suggestions per topic: sug_<element key>, sug_umum. */
type TopicCounts = { [K in keyof ElementColumns<unknown> | 'umum' as `sug_${K}`]: Count };

export interface SurveyDailyTable extends ElementColumns<Count>, TopicCounts {
  tenant_id: string;
  agency_id: string;
  service_id: string;
  day: Day;
  respondents: ColumnType<number, number | undefined, number>;
  served: ColumnType<number, number | undefined, number>;
}

export interface SurveyFollowUpTable {
  tenant_id: string;
  agency_id: string;
  period_from: Day;
  period_to: Day;
  follow_up: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface SurveyKioskCodeTable {
  tenant_id: string;
  code: string;
  agency_id: string;
  service_id: string;
  issued_by: string;
  issued_at: Timestamp;
  expires_at: Timestamp;
  answered_at: Timestamp | null;
}

export interface SurveyTables {
  survey_follow_ups: SurveyFollowUpTable;
  survey_kiosk_codes: SurveyKioskCodeTable;
  survey_invitations: SurveyInvitationTable;
  survey_responses: SurveyResponseTable;
  survey_daily: SurveyDailyTable;
}
