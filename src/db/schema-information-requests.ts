// The tables of migration 0084 owned by information-requests (issue 21, PPID): requests, consequence
// tests, objections, and legal entities' identity-document uploads.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A date column: read as 'YYYY-MM-DD' (the pool's date parser), written as the same. */
type Day = ColumnType<string, string, string>;
type NullableDay = ColumnType<string | null, string | null | undefined, string | null>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type InformationDelivery = 'view' | 'copy' | 'email';
export type InformationDecision = 'granted_full' | 'granted_part' | 'refused_exempt' | 'not_held' | 'not_documented';
export type ObjectionGround = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';

export interface InformationConsequenceTestTable {
  tenant_id: string;
  id: string;
  document: string;
  exempt_part: string;
  legal_ground: string;
  reasoning: string;
  created_by: string;
  created_at: Timestamp;
}

export interface InformationRequestUploadTable {
  tenant_id: string;
  file_id: string;
  citizen_id: string;
  created_at: Timestamp;
}

export interface InformationRequestTable {
  tenant_id: string;
  id: string;
  number: string;
  channel: 'online' | 'paper';
  citizen_id: Optional<string>;
  requester_name: string;
  requester_contact: Optional<string>;
  requester_kind: 'person' | 'legal_entity';
  entity_name: Optional<string>;
  entity_document_file_id: Optional<string>;
  information: string;
  purpose: string;
  delivery: InformationDelivery;
  received_at: Timestamp;
  received_on: Day;
  due_on: Day;
  due_at: Timestamp;
  calendar_confirmed: boolean;
  extension_days: Optional<number>;
  extension_reason: Optional<string>;
  extended_at: NullableTimestamp;
  decision: Optional<InformationDecision>;
  redaction: Optional<string>;
  holder: Optional<string>;
  consequence_test_id: Optional<string>;
  answer_text: Optional<string>;
  decided_at: NullableTimestamp;
  decided_on: NullableDay;
  decided_working_days: Optional<number>;
  /** Migration 0102: the actor who decided ('officer:<id>'); NULL while open, and for a decision made before 0102 whose audit entry was not sequenced. */
  decided_by: Optional<string>;
  recorded_by: string;
  created_at: Timestamp;
  /** Migration 0091: a copy handed over or sent (all four, or none). */
  copy_handed_over_on: NullableDay;
  copy_handover_method: Optional<CopyHandoverMethod>;
  copy_recorded_at: NullableTimestamp;
  copy_recorded_by: Optional<string>;
}

export type CopyHandoverMethod = 'in_person' | 'post' | 'courier';

/** Migration 0091: the PPID's answer files of a request (delivered when the decision names them). */
export interface InformationAnswerFileTable {
  tenant_id: string;
  request_id: string;
  file_id: string;
  name: string;
  mime: string;
  size: ColumnType<number, number, number>;
  uploaded_by: string;
  uploaded_at: Timestamp;
  delivered_at: NullableTimestamp;
}

/** Migration 0091: a link to a request's answer files (only its token's SHA-256). */
export interface InformationAnswerLinkTable {
  tenant_id: string;
  id: string;
  request_id: string;
  token_sha256: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface InformationObjectionTable {
  tenant_id: string;
  request_id: string;
  ground: ObjectionGround;
  reason: string;
  filed_at: Timestamp;
  filed_by: string;
  due_on: Day;
  due_at: Timestamp;
  answer: Optional<string>;
  upheld: Optional<boolean>;
  answered_at: NullableTimestamp;
  answered_by: Optional<string>;
}

export interface InformationRequestTables {
  information_consequence_tests: InformationConsequenceTestTable;
  information_request_uploads: InformationRequestUploadTable;
  information_requests: InformationRequestTable;
  information_objections: InformationObjectionTable;
  information_answer_files: InformationAnswerFileTable;
  information_answer_links: InformationAnswerLinkTable;
}
