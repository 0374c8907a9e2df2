// The tables of migration 0087 owned by information-list (issue 21): the public list of information
// (DIP), the documents attached to its items, and each item's history.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type InformationClass = 'berkala' | 'serta_merta' | 'setiap_saat' | 'dikecualikan';
export type InformationHistoryAction = 'created' | 'edited' | 'document_attached' | 'marked_updated' | 'retired';

export interface InformationItemTable {
  tenant_id: string;
  id: string;
  agency_id: string;
  class: InformationClass;
  title: string;
  summary: string;
  official: string;
  period_format: string;
  retention: string;
  legal_ground: string | null;
  last_updated_at: Timestamp;
  created_at: Timestamp;
  retired_at: Timestamp | null;
  retired_reason: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface InformationDocumentTable {
  tenant_id: string;
  item_id: string;
  file_id: string;
  name: string;
  mime: string;
  size: ColumnType<number, number, number>;
  attached_at: Timestamp;
  attached_by: string;
}

export interface InformationItemHistoryTable {
  tenant_id: string;
  item_id: string;
  seq: number;
  at: Timestamp;
  changed_by: string;
  action: InformationHistoryAction;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface InformationListTables {
  information_items: InformationItemTable;
  information_documents: InformationDocumentTable;
  information_item_history: InformationItemHistoryTable;
}
