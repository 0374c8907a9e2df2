// Kysely table types. Keep in step with src/db/migrations (a test compares them through queries).
import type { ColumnType, Generated } from 'kysely';
import type {
  ApplicationSettingsTable,
  ApplicationServiceSetupTable,
  ApplicationServiceVersionTable,
  ApplicationTable,
  ApplicationTaskTable,
  ApplicationAnswerTable,
  ApplicationFileTable,
  ApplicationUploadTable,
  ApplicationEventTable,
  ApplicationNoteTable,
  ApplicationMessageTable,
  ApplicationDraftTable,
  ApplicationTrackThrottleTable,
} from './schema-applications.js';
import type { CitizenTenantTable } from './schema-citizens.js';
import type { OidcClientTable, OidcPayloadTable, OidcSigningKeyTable } from './schema-oidc.js';
import type { DataRequestStepTable, DataRequestTable } from './schema-personal-data.js';
import type { AssuranceRaiseTable } from './schema-assurance.js';
import type { DocumentTables } from './schema-documents.js';
import type { PaymentTables } from './schema-payments.js';
import type { PaymentSandboxTables } from './schema-payments-sandbox.js';
import type { SurveyTables } from './schema-surveys.js';
import type { InformationRequestTables } from './schema-information-requests.js';
import type { InformationListTables } from './schema-information-list.js';
import type { TransparencyTables } from './schema-transparency.js';
import type { OpenDataTables } from './schema-open-data.js';
import type { WaitingRoomTables } from './schema-waiting-room.js';
import type { OversightTables } from './schema-oversight.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantTable {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  kind: 'province' | 'regency' | 'city' | 'ministry';
  region_code: string | null;
  time_zone: string;
  hosts: ColumnType<string[], string[] | undefined, string[]>;
  brand_color: ColumnType<string, string | undefined, string>;
  /** GeoJSON Polygon or MultiPolygon ([longitude, latitude]); NULL: none set. */
  area: ColumnType<unknown, string | null | undefined, string | null>;
  /** The province tenant a regency or city belongs to (0059); NULL: none on the installation. */
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}


export interface AgencyTable {
  tenant_id: string;
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: ColumnType<string, string | undefined, string>;
  description: string | null;
  description_en: string | null;
  created_at: Timestamp;
}

export interface CalendarOverrideTable {
  tenant_id: string;
  date: ColumnType<string, string, string>;
  action: 'add' | 'remove';
  type: 'national_holiday' | 'collective_leave' | 'regional_holiday' | null;
  name: string | null;
  source: string;
  created_at: Timestamp;
}

export interface JobTable {
  id: Generated<number>;
  tenant_id: string | null;
  kind: string;
  payload: ColumnType<unknown, string | undefined, string>;
  priority: ColumnType<number, number | undefined, number>;
  state: ColumnType<'queued' | 'done' | 'failed', 'queued' | undefined, 'queued' | 'done' | 'failed'>;
  run_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface IdempotencyRecordTable {
  id: Buffer;
  request_mac: Buffer;
  response: Buffer | null;
  created_at: Generated<Date>;
}

export interface RateLimitTable {
  key: string;
  count: number;
  reset_at: Timestamp;
}

/** Accepted proof-of-work challenges, kept until they expire (single use; migration 0041). */
export interface AltchaReplayTable {
  challenge_id: string;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  seq: number;
  recorded_at: Timestamp;
  tenant_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  entry: Buffer;
  leaf_hash: Buffer;
  chain_hash: Buffer;
  signature: Buffer;
  key_id: string;
  /** The audit_pending row this was sequenced from (migration 0030); null for older rows. */
  pending_id: Generated<number | null>;
}

/** Committed events waiting for the sequencer (migration 0030, docs/audit.md). */
export interface AuditPendingTable {
  id: Generated<number>;
  recorded_at: Timestamp;
  tenant_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  data: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  chain_hash: Buffer;
}

export interface AuditCheckpointTable {
  tree_size: number;
  root_hash: Buffer;
  chain_hash: Buffer;
  created_at: Timestamp;
  key_id: string;
  signature: Buffer;
}

export type NotificationChannel = 'email' | 'sms' | 'whatsapp';
export type NotificationStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'bounced' | 'cancelled';

export interface DevMailboxTable {
  id: Generated<number>;
  channel: NotificationChannel;
  message_id: string | null;
  sender: string | null;
  recipient: string;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  received_at: Timestamp;
}

export type TemplateChannel = NotificationChannel | 'inapp';

export interface NotificationTemplateTable {
  id: string;
  /** NULL: the platform default; a tenant's row overrides it. */
  tenant_id: string | null;
  event: string;
  lang: 'id' | 'en';
  channel: TemplateChannel;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  updated_at: Timestamp;
  updated_by: string;
}

// Identity core (0005).
/** Installation-level since 0057: one account per NIK; `citizen_tenants` links it to the tenants used. */
export interface CitizenTable {
  id: string;
  name: string;
  assurance: ColumnType<'unverified' | 'registry' | 'in_person', 'unverified' | 'registry' | 'in_person' | undefined>;
  status: ColumnType<'pending' | 'active' | 'locked' | 'erased', 'pending' | 'active' | 'locked' | 'erased' | undefined>;
  lang: ColumnType<'id' | 'en', 'id' | 'en' | undefined>;
  created_at: Timestamp;
}

export interface OfficerTable {
  tenant_id: string;
  id: string;
  name: string;
  email: string;
  status: ColumnType<'invited' | 'active' | 'disabled', 'invited' | 'active' | 'disabled' | undefined>;
  lang: ColumnType<'id' | 'en', 'id' | 'en' | undefined>;
  created_at: Timestamp;
}

export interface OfficerRoleTable {
  tenant_id: string;
  officer_id: string;
  role: string;
  agency_id: string | null;
  granted_at: Timestamp;
}

export interface SessionTable {
  tenant_id: string;
  /** SHA-256 (hex) of the cookie's token. */
  id: string;
  subject_kind: 'citizen' | 'officer';
  subject_id: string;
  assisted_by: string | null;
  second_factor: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Date | null;
}

// Identity accounts (0007).
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface CitizenAccountColumns {
  nik_hash: Nullable<string>;
  email_hash: Nullable<string>;
  phone_hash: Nullable<string>;
  password_hash: Nullable<string>;
  contact_verified_at: Nullable<Date>;
  registry_checked_at: Nullable<Date>;
  registry_result: Nullable<string>;
  assisted_by: Nullable<string>;
  assisted_consent: Nullable<string>;
  /** The tenant whose pseudonym key made the look-up keys (accounts from before 0057), until rekeyed. */
  keys_tenant_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CitizenProfileTable {
  citizen_id: string;
  nik: string;
  birth_date: ColumnType<string, string, string>;
  sex: 'L' | 'P';
  email: string;
  phone: string;
  region_code: string;
  address: Nullable<string>;
  kk_number: Nullable<string>;
  channels: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: Timestamp;
}

export interface OfficerAccountColumns {
  password_hash: Nullable<string>;
  totp_secret: Nullable<string>;
  totp_last_step: Nullable<number>;
  totp_enrolled_at: Nullable<Date>;
  recovery_code_hashes: ColumnType<string[], string[] | undefined, string[]>;
}

export interface OfficerInvitationTable {
  tenant_id: string;
  id: string;
  officer_id: string;
  token_hash: string;
  expires_at: Timestamp;
  accepted_at: Nullable<Date>;
  created_by: Nullable<string>;
  created_at: Timestamp;
}

export interface PersonalDataAccessTable {
  tenant_id: string;
  id: string;
  citizen_id: string;
  accessor_kind: 'officer' | 'system' | 'api_key' | 'citizen';
  accessor_id: string;
  accessor_name: Nullable<string>;
  purpose: string;
  fields: string[];
  at: Timestamp;
}

export interface AssistedSessionTable {
  tenant_id: string;
  id: string;
  citizen_id: string;
  officer_id: string;
  session_id: string;
  purpose: Nullable<string>;
  consent: Nullable<string>;
  started_at: Date;
  ended_at: Nullable<Date>;
}

export interface ApiKeyTable {
  tenant_id: string;
  id: string;
  agency_id: Nullable<string>;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  created_by: Nullable<string>;
  created_at: Timestamp;
  last_used_at: Nullable<Date>;
  revoked_at: Nullable<Date>;
}

export interface PasskeyTable {
  tenant_id: string;
  id: string;
  citizen_id: Nullable<string>;
  officer_id: Nullable<string>;
  credential_id: string;
  public_key: Buffer;
  counter: number;
  transports: string[];
  rp_id: string;
  multi_device: boolean;
  backed_up: boolean;
  name: string;
  created_at: Timestamp;
  last_used_at: Nullable<Date>;
}

export interface PasskeyChallengeTable {
  tenant_id: string;
  id: string;
  purpose: 'register' | 'sign_in' | 'second_factor';
  subject_kind: 'citizen' | 'officer';
  subject_id: Nullable<string>;
  challenge: string;
  rp_id: string;
  origin: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface PopulationRegistryTable {
  tenant_id: string;
  /** Tenant pseudonym (HMAC) of the NIK; the NIK itself is not stored. */
  nik_hash: string;
  name_key: string;
  birth_date: ColumnType<string, string, string>;
  imported_at: Timestamp;
}

export interface IdentitySettingsTable {
  tenant_id: string;
  registry: ColumnType<'none' | 'builtin' | 'http', 'none' | 'builtin' | 'http' | undefined, 'none' | 'builtin' | 'http'>;
  registry_url: string | null;
  registry_key: string | null;
  updated_at: Timestamp;
}

export interface OneTimeCodeTable {
  tenant_id: string;
  id: string;
  purpose: string;
  subject: string;
  code_hash: string;
  expires_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  consumed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
}

export interface LoginThrottleTable {
  tenant_id: string;
  key: string;
  failures: number;
  since: Timestamp;
  blocked_until: Date | null;
}

// ---- complaints (0020) ----

export type ComplaintKind = 'pengaduan' | 'aspirasi' | 'permintaan_informasi';
export type ComplaintPrivacy = 'public' | 'rahasia' | 'anonim';
export type ComplaintStatus = 'submitted' | 'verified' | 'forwarded' | 'in_follow_up' | 'responded' | 'closed' | 'rejected';
export type ComplaintOutcome = 'resolved' | 'unresolved' | 'transferred' | 'duplicate';
export type ComplaintTier = 'simple' | 'dispute' | 'field';

export interface ComplaintSettingsTable {
  tenant_id: string;
  tier_simple_days: ColumnType<number, number | undefined, number>;
  tier_dispute_days: ColumnType<number, number | undefined, number>;
  tier_field_days: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface ComplaintCategoryTable {
  tenant_id: string;
  code: string;
  name: string;
  name_en: string | null;
  description: string | null;
  agency_id: string | null;
  requires_location: ColumnType<boolean, boolean | undefined, boolean>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface ComplaintTable {
  tenant_id: string;
  id: string;
  tracking_number: string;
  kind: ComplaintKind;
  title: string;
  description: string;
  category_code: string;
  agency_id: string | null;
  privacy: ComplaintPrivacy;
  reporter_citizen_id: string | null;
  reporter_name: string | null;
  reporter_email: string | null;
  reporter_phone: string | null;
  secret_code_hash: string | null;
  service_received_on: ColumnType<string | null, string | null | undefined, string | null>;
  late_filing: ColumnType<boolean, boolean | undefined, boolean>;
  /** Sent by someone not signed in without a proof of work (the form without JavaScript); internal. */
  without_proof: ColumnType<boolean, boolean | undefined, boolean>;
  /** The point lies outside the tenant's area and the reporter confirmed it; internal. */
  outside_area: ColumnType<boolean, boolean | undefined, boolean>;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  status: ColumnType<ComplaintStatus, ComplaintStatus | undefined, ComplaintStatus>;
  outcome: ComplaintOutcome | null;
  tier: ComplaintTier | null;
  due_at: Date | null;
  verify_due_at: Date | null;
  follow_up_due_at: Date | null;
  resolution_due_at: Date | null;
  escalated_at: Date | null;
  suggested_category: string | null;
  suggested_agency_code: string | null;
  suggestion_confidence: number | null;
  reopen_count: ColumnType<number, number | undefined, number>;
  rating: number | null;
  rating_comment: string | null;
  merged_into: string | null;
  transferred_to: string | null;
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  /** When a coordinator's verification published the report (never for 'rahasia'); null: not public. */
  published_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The text the public reads (the coordinator may redact it); masked again on every public view. */
  published_title: ColumnType<string | null, string | null | undefined, string | null>;
  published_description: ColumnType<string | null, string | null | undefined, string | null>;
  submitted_at: Timestamp;
  verified_at: Date | null;
  forwarded_at: Date | null;
  first_follow_up_at: Date | null;
  responded_at: Date | null;
  closed_at: Date | null;
  updated_at: Timestamp;
}

export interface ComplaintEventTable {
  tenant_id: string;
  complaint_id: string;
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  body: string | null;
  internal: ColumnType<boolean, boolean | undefined, boolean>;
  agency_id: string | null;
}

export interface ComplaintDispositionTable {
  tenant_id: string;
  complaint_id: string;
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  from_agency_id: string | null;
  to_agency_id: string | null;
  to_tenant_slug: string | null;
  reason: string | null;
}

export interface ComplaintPhotoTable {
  tenant_id: string;
  complaint_id: string;
  idx: number;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  data: Buffer;
}

export interface ComplaintAnswerAttachmentTable {
  tenant_id: string;
  id: string;
  complaint_id: string;
  /** The answer's timeline event (complaint_events.id). */
  event_id: number;
  idx: number;
  name: string;
  mime: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  data: Buffer;
  created_at: Timestamp;
}

export interface ComplaintResponseTemplateTable {
  tenant_id: string;
  id: string;
  agency_id: string | null;
  title: string;
  body: string;
  created_at: Timestamp;
}

export interface Open311ApiKeyTable {
  tenant_id: string;
  id: string;
  key_hash: string;
  label: string;
  created_at: Timestamp;
  revoked_at: Date | null;
}

// catalog (0015)

export interface CatalogServiceTable {
  tenant_id: string;
  id: string;
  agency_id: string;
  code: string;
  draft: ColumnType<unknown, string, string>;
  draft_pending: ColumnType<boolean, boolean | undefined, boolean>;
  comments_open: ColumnType<boolean, boolean | undefined, boolean>;
  latest_version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CatalogServiceVersionTable {
  tenant_id: string;
  id: string;
  service_id: string;
  version: number;
  effective_from: ColumnType<string, string, string>;
  revision: number;
  content: ColumnType<unknown, string, never>;
  published_at: Timestamp;
  published_by: string;
}

export interface CatalogCommentTable {
  tenant_id: string;
  id: string;
  service_id: string;
  author_name: string | null;
  body: string;
  created_at: Timestamp;
}

export interface CatalogRevisionTable {
  tenant_id: string;
  revision: ColumnType<number, number | undefined, number>;
}

export interface NotificationTable {
  tenant_id: string;
  id: string;
  channel: NotificationChannel;
  /** E-mail address or E.164 phone number: personal data. */
  recipient: string;
  kind: string;
  lang: 'id' | 'en';
  subject: string | null;
  body_text: string;
  body_html: string | null;
  status: ColumnType<NotificationStatus, NotificationStatus | undefined, NotificationStatus>;
  priority: ColumnType<number, number | undefined, number>;
  send_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  provider_message_id: string | null;
  job_id: number | null;
  created_at: Timestamp;
  sent_at: Date | null;
  updated_at: Timestamp;
  /** Keyed hash (tenant pseudonym) of the normalised recipient, for rate limits (0004). */
  recipient_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the provider reported delivery (0004). */
  delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The caller's reference, for cancelling by reference (0012). */
  ref: ColumnType<string | null, string | null | undefined, string | null>;
}

export type PersonKind = 'citizen' | 'officer';

/** The in-app inbox (0010): one row per message to a citizen or officer. */

export interface NotificationInboxTable {
  tenant_id: string;
  id: string;
  recipient_kind: PersonKind;
  recipient_id: string;
  event: string;
  lang: 'id' | 'en';
  title: string;
  body_text: string;
  visible_at: Timestamp;
  created_at: Timestamp;
  read_at: Date | null;
  digested_at: Date | null;
  /** The caller's reference (0012). */
  ref: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Notification preferences per person (0011). */

export interface NotificationPreferenceTable {
  tenant_id: string;
  person_kind: PersonKind;
  person_id: string;
  lang: 'id' | 'en' | null;
  /** { [event]: channels } as JSON. */
  channels: ColumnType<Record<string, TemplateChannel[]>, string | undefined, string>;
  digest: ColumnType<'none' | 'daily', 'none' | 'daily' | undefined, 'none' | 'daily'>;
  /** Where an officer's daily digest goes: personal data (decision 0008). */
  digest_email: string | null;
  last_digest_at: Date | null;
  updated_at: Timestamp;
}

// ---- complaint routing that learns (0042) ----

export type TrainingOutcome = 'confirmed' | 'corrected';
export type RetrainTrigger = 'threshold' | 'nightly' | 'manual';

export interface ComplaintTrainingExampleTable {
  tenant_id: string;
  complaint_id: string;
  seq: Generated<number>;
  text: string;
  suggested_category: string | null;
  suggested_agency_code: string | null;
  category_code: string;
  agency_code: string;
  outcome: TrainingOutcome;
  labelled_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ComplaintRoutingModelTable {
  tenant_id: string;
  version: number;
  /** A RoutingModel (src/modules/complaints/classifier/classifier.ts) as JSON. */
  model: ColumnType<unknown, string, string>;
  examples_through: number;
  tenant_examples: number;
  category_accuracy: number;
  agency_accuracy: number;
  trained_at: Timestamp;
}

export interface ComplaintRetrainRunTable {
  tenant_id: string;
  id: Generated<number>;
  trigger: RetrainTrigger;
  started_at: Date;
  finished_at: Timestamp;
  examples_through: number;
  base_examples: number;
  tenant_examples: number;
  new_corrections: number;
  base_held_out: number;
  tenant_held_out: number;
  before_category: number;
  before_agency: number;
  before_tenant_category: number | null;
  before_tenant_agency: number | null;
  after_category: number;
  after_agency: number;
  after_tenant_category: number | null;
  after_tenant_agency: number | null;
  swapped: boolean;
  model_version: number | null;
  reason: string;
}

export interface ComplaintServiceAreaTable {
  tenant_id: string;
  id: string;
  name: string;
  agency_id: string;
  category_code: string | null;
  /** GeoJSON Polygon or MultiPolygon. */
  area: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

/** Uploaded files and their quarantine state (platform/files, docs/files.md). */
export interface FileTable {
  tenant_id: string;
  id: string;
  storage_key: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  state: ColumnType<'pending' | 'clean' | 'infected', 'pending' | undefined, 'clean' | 'infected'>;
  scanner: string | null;
  scanned_at: Date | null;
  threat: string | null;
  created_at: Timestamp;
}

export interface Database extends PaymentTables, PaymentSandboxTables, DocumentTables, SurveyTables, InformationRequestTables, InformationListTables, OpenDataTables, WaitingRoomTables, OversightTables, TransparencyTables {
  tenants: TenantTable;
  agencies: AgencyTable;
  calendar_overrides: CalendarOverrideTable;
  jobs: JobTable;
  idempotency_records: IdempotencyRecordTable;
  rate_limits: RateLimitTable;
  altcha_replays: AltchaReplayTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_pending: AuditPendingTable;
  audit_checkpoints: AuditCheckpointTable;
  notifications: NotificationTable;
  dev_mailbox: DevMailboxTable;
  notification_templates: NotificationTemplateTable;
  citizens: CitizenTable & CitizenAccountColumns;
  officers: OfficerTable & OfficerAccountColumns;
  officer_roles: OfficerRoleTable;
  sessions: SessionTable;
  population_registry: PopulationRegistryTable;
  identity_settings: IdentitySettingsTable;
  one_time_codes: OneTimeCodeTable;
  login_throttle: LoginThrottleTable;
  citizen_profiles: CitizenProfileTable;
  citizen_tenants: CitizenTenantTable;
  officer_invitations: OfficerInvitationTable;
  personal_data_access: PersonalDataAccessTable;
  data_requests: DataRequestTable;
  data_request_steps: DataRequestStepTable;
  assisted_sessions: AssistedSessionTable;
  api_keys: ApiKeyTable;
  passkeys: PasskeyTable;
  passkey_challenges: PasskeyChallengeTable;
  complaint_settings: ComplaintSettingsTable;
  complaint_categories: ComplaintCategoryTable;
  complaints: ComplaintTable;
  complaint_events: ComplaintEventTable;
  complaint_dispositions: ComplaintDispositionTable;
  complaint_photos: ComplaintPhotoTable;
  complaint_answer_attachments: ComplaintAnswerAttachmentTable;
  files: FileTable;
  complaint_response_templates: ComplaintResponseTemplateTable;
  open311_api_keys: Open311ApiKeyTable;
  complaint_training_examples: ComplaintTrainingExampleTable;
  complaint_routing_models: ComplaintRoutingModelTable;
  complaint_retrain_runs: ComplaintRetrainRunTable;
  complaint_service_areas: ComplaintServiceAreaTable;
  catalog_services: CatalogServiceTable;
  catalog_service_versions: CatalogServiceVersionTable;
  catalog_comments: CatalogCommentTable;
  catalog_revisions: CatalogRevisionTable;
  notification_inbox: NotificationInboxTable;
  notification_preferences: NotificationPreferenceTable;
  application_settings: ApplicationSettingsTable;
  application_service_setups: ApplicationServiceSetupTable;
  application_service_versions: ApplicationServiceVersionTable;
  applications: ApplicationTable;
  application_tasks: ApplicationTaskTable;
  application_answers: ApplicationAnswerTable;
  application_uploads: ApplicationUploadTable;
  application_files: ApplicationFileTable;
  application_events: ApplicationEventTable;
  application_notes: ApplicationNoteTable;
  application_messages: ApplicationMessageTable;
  application_drafts: ApplicationDraftTable;
  application_track_throttle: ApplicationTrackThrottleTable;
  oidc_clients: OidcClientTable;
  oidc_payloads: OidcPayloadTable;
  assurance_raises: AssuranceRaiseTable;
  oidc_signing_keys: OidcSigningKeyTable;
}
