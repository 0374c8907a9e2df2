// The tables of migration 0094 owned by open-data (issue 22): the tenant's datasets and every
// published version of each.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Day = ColumnType<string, string, string>;

export type OpenDataLicense = 'CC-BY-4.0' | 'ODbL-1.0';
export type OpenDataSource = 'auto' | 'upload';
export type ColumnTypeName = 'text' | 'integer' | 'number' | 'date' | 'boolean' | 'region';
export interface DeclaredColumn {
  name: string;
  type: ColumnTypeName;
}

export interface OpenDatasetTable {
  tenant_id: string;
  id: string;
  agency_id: string | null;
  name: string;
  title: string;
  description: string;
  license_id: OpenDataLicense;
  frequency: string;
  temporal_start: Day | null;
  temporal_end: Day | null;
  spatial_code: string | null;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  source: OpenDataSource;
  auto_kind: string | null;
  columns: ColumnType<DeclaredColumn[], string | undefined, string>;
  csv_resource_id: string;
  json_resource_id: string;
  created_at: Timestamp;
  modified_at: Timestamp;
}

export interface OpenDatasetVersionTable {
  tenant_id: string;
  dataset_id: string;
  version: number;
  created_at: Timestamp;
  created_by: string;
  csv: string;
  records: ColumnType<Record<string, unknown>[], string, string>;
  row_count: number;
  suppressed_cells: ColumnType<number, number | undefined, number>;
  csv_sha256: string;
}

export interface OpenDataTables {
  open_datasets: OpenDatasetTable;
  open_dataset_versions: OpenDatasetVersionTable;
}
