// Kysely table types of the applications module's tables (migration 0050), kept apart so schema.ts
// stays readable. Keep in step with the migration.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ApplicationSettingsTable {
  tenant_id: string;
  draft_ttl_days: number;
  draft_reminder_days: number;
  updated_at: Timestamp;
}

export interface ApplicationServiceSetupTable {
  tenant_id: string;
  service_id: string;
  /** A FormDefinition (src/modules/applications/forms) as JSON, or null. */
  form: ColumnType<unknown, string | null, string | null>;
  /** A WorkflowDefinition (src/modules/applications/workflow) as JSON, or null. */
  workflow: ColumnType<unknown, string | null, string | null>;
  pending: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ApplicationServiceVersionTable {
  tenant_id: string;
  service_version_id: string;
  service_id: string;
  version: number;
  form: ColumnType<unknown, string, string>;
  workflow: ColumnType<unknown, string, string>;
  frozen_at: Timestamp;
}

export interface ApplicationTable {
  tenant_id: string;
  id: string;
  tracking_number: string;
  service_id: string;
  service_version_id: string;
  agency_id: string;
  agencies: ColumnType<string[], string[], string[]>;
  applicant_id: string;
  assisted_by: string | null;
  assisted_session_id: string | null;
  birth_date_key: string | null;
  lang: 'id' | 'en';
  /** The workflow engine's WorkflowState as JSON. */
  state: ColumnType<unknown, string, string>;
  version: number;
  status: 'in_progress' | 'with_applicant' | 'closed';
  outcome: 'approved' | 'issued' | 'rejected' | 'withdrawn' | null;
  deemed_approved: ColumnType<boolean, boolean | undefined, boolean>;
  next_due_at: Date | null;
  service_due_at: Date | null;
  submitted_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

export interface ApplicationTaskTable {
  tenant_id: string;
  id: string;
  application_id: string;
  step_id: string;
  service_id: string;
  agency_id: string;
  role: string;
  kind: 'task' | 'wait';
  activated_at: Date;
  due_at: Date | null;
  escalated: boolean;
  lapsed: boolean;
  paused: boolean;
  claimed_by: string | null;
  claimed_at: Date | null;
}

export interface ApplicationAnswerTable {
  tenant_id: string;
  application_id: string;
  round: number;
  answers: ColumnType<unknown, string, string>;
  submitted_at: Date;
  submitted_by: string;
}

export interface ApplicationUploadTable {
  tenant_id: string;
  file_id: string;
  citizen_id: string;
  service_id: string;
  field_id: string;
  uploaded_by: string;
  created_at: Date;
}

export interface ApplicationFileTable {
  tenant_id: string;
  application_id: string;
  round: number;
  field_id: string;
  file_id: string;
  name: string;
  mime: string;
  size: number;
}

export interface ApplicationEventTable {
  tenant_id: string;
  application_id: string;
  id: Generated<number>;
  at: Date;
  actor: string;
  action: string;
  step_id: string | null;
  text: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  internal: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ApplicationNoteTable {
  tenant_id: string;
  application_id: string;
  id: Generated<number>;
  at: Date;
  officer_id: string;
  step_id: string | null;
  body: string;
}

export interface ApplicationMessageTable {
  tenant_id: string;
  application_id: string;
  id: Generated<number>;
  at: Date;
  sender: 'applicant' | 'officer';
  officer_id: string | null;
  body: string;
}

export interface ApplicationDraftTable {
  tenant_id: string;
  id: string;
  citizen_id: string;
  service_id: string;
  answers: ColumnType<unknown, string, string>;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  reminded_at: Date | null;
}

export interface ApplicationTrackThrottleTable {
  tenant_id: string;
  key: string;
  failures: number;
  since: Date;
  blocked_until: Date | null;
}
