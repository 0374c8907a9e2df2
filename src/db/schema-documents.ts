// The tables of migration 0065 owned by documents (issue 20): the tenants' signing keys and the
// documents they issued.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type DocumentType = 'izin' | 'sertifikat' | 'sertifikat_standar' | 'surat_keterangan' | 'rekomendasi';
export type DocumentStatus = 'pending' | 'valid' | 'revoked';
export interface PrintedField { label: string; value: string }

export interface DocumentSigningKeyTable {
  tenant_id: string;
  id: string;
  certificate_chain: string[];
  private_key_sealed: Buffer;
  development: boolean;
  certificate_subject: string;
  common_name: string;
  fingerprint: string;
  not_after: Timestamp;
  created_at: Timestamp;
  created_by: string;
  retired_at: Timestamp | null;
}

export interface DocumentTable {
  tenant_id: string;
  id: string;
  code: string;
  number: string;
  type: DocumentType;
  title: string;
  application_id: string | null;
  tracking_number: string | null;
  service_id: string | null;
  service_name: string;
  agency_id: string;
  agency_name: string;
  holder_citizen_id: string;
  holder_name: string;
  fields: ColumnType<PrintedField[], string | undefined, string>;
  status: DocumentStatus;
  issued_at: Timestamp | null;
  valid_until: Timestamp | null;
  signing_key_id: string | null;
  signer_name: string | null;
  signer_position: string | null;
  storage_key: string | null;
  sha256: string | null;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  revoked_by: string | null;
  created_at: Timestamp;
}

/** Migration 0074: a holder's link to one document, until it expires or is revoked. */
export interface DocumentShareLinkTable {
  tenant_id: string;
  id: string;
  document_id: string;
  holder_citizen_id: string;
  token_sha256: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface DocumentTables {
  document_signing_keys: DocumentSigningKeyTable;
  documents: DocumentTable;
  document_share_links: DocumentShareLinkTable;
}
