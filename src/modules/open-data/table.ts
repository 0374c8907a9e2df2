// A published table: declared columns, typed records, and the CSV both resources are made from.
// Uploads are checked here before anything is saved — UTF-8, the header against the declared columns,
// the width of every row, each cell against its column's type — and every bad line is reported with
// its number, so the agency fixes the file once instead of line by line.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ColumnTypeName, DeclaredColumn } from '../../db/schema-open-data.js';
import type { PendingFieldError } from '../../platform/errors.js';
import { findRegion } from '../../platform/regions/index.js';

export const COLUMN_TYPES: readonly ColumnTypeName[] = ['text', 'integer', 'number', 'date', 'boolean', 'region'];
/** Errors reported per upload: enough to fix a file, not a wall of text. */
export const MAX_REPORTED_ERRORS = 100;
/** The largest CSV an agency uploads (a dataset is a table, not a document archive). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export type Cell = string | number | boolean | null;
export type TableRecord = Record<string, Cell>;

export interface PublishedTable {
  columns: DeclaredColumn[];
  records: TableRecord[];
  csv: string;
  sha256: string;
  /** Cells withheld by the small-count rule (suppress.ts). */
  suppressedCells: number;
}

/** The CSV of typed records (header first, RFC 4180, UTF-8 without BOM). */
export function tableOf(columns: DeclaredColumn[], records: TableRecord[], suppressedCells = 0): PublishedTable {
  const csv = stringify(
    records.map((r) => columns.map((c) => r[c.name] ?? '')),
    { header: true, columns: columns.map((c) => c.name), cast: { boolean: (v) => (v ? 'true' : 'false') } },
  );
  return { columns, records, csv, sha256: createHash('sha256').update(csv).digest('hex'), suppressedCells };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A cell as its column's type, or undefined when it is not one; an empty cell is null (missing). */
export function typedCell(type: ColumnTypeName, raw: string): Cell | undefined {
  const value = raw.trim();
  if (value === '') return null;
  switch (type) {
    case 'text':
      return raw;
    case 'integer':
      return /^-?\d{1,15}$/.test(value) ? Number(value) : undefined;
    case 'number':
      return /^-?\d{1,15}(\.\d{1,10})?$/.test(value) ? Number(value) : undefined;
    case 'date':
      return isDay(value) ? value : undefined;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : undefined;
    case 'region':
      return findRegion(value) ? value : undefined;
  }
}

const lineError = (line: number, messageKey: PendingFieldError['messageKey'], vars: Record<string, string | number> = {}): PendingFieldError => ({
  field: `/csv/${line}`,
  code: 'csv',
  messageKey,
  vars: { line, ...vars },
});

/**
 * Reads an uploaded CSV against the declared columns: the table, or every problem found (at most
 * MAX_REPORTED_ERRORS, each on `/csv/<line>`, line 1 being the header).
 */
export function readUploadedCsv(data: Buffer, columns: DeclaredColumn[]): { table: PublishedTable } | { errors: PendingFieldError[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return { errors: [lineError(0, 'od.error.csv.encoding')] };
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    return { errors: [lineError(line, 'od.error.csv.syntax')] };
  }
  const [header, ...body] = rows;
  const expected = columns.map((c) => c.name);
  if (!header || header.record.length !== expected.length || header.record.some((name, i) => name.trim() !== expected[i])) {
    return { errors: [lineError(1, 'od.error.csv.header', { expected: expected.join(',') })] };
  }
  if (body.length === 0) return { errors: [lineError(2, 'od.error.csv.empty')] };
  const errors: PendingFieldError[] = [];
  const records: TableRecord[] = [];
  for (const { record, info } of body) {
    if (errors.length >= MAX_REPORTED_ERRORS) break;
    if (record.length !== columns.length) {
      errors.push(lineError(info.lines, 'od.error.csv.width', { found: record.length, expected: columns.length }));
      continue;
    }
    const out: TableRecord = {};
    columns.forEach((column, i) => {
      const cell = typedCell(column.type, record[i]!);
      if (cell === undefined) errors.push(lineError(info.lines, `od.error.csv.type.${column.type}`, { column: column.name, value: record[i]!.slice(0, 40) }));
      else out[column.name] = cell;
    });
    records.push(out);
  }
  if (errors.length > 0) return { errors: errors.slice(0, MAX_REPORTED_ERRORS) };
  return { table: tableOf(columns, records) };
}
