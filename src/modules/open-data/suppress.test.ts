// The small-count rule and the upload checks as pure functions, by tables of cases: which cells are
// withheld (primary and secondary suppression, derived columns, zeros, a threshold of 1), and which
// lines of a CSV are refused and why.
import { describe, expect, it } from 'vitest';
import type { DeclaredColumn } from '../../db/schema-open-data.js';
import { parseSearch } from './ckan.js';
import { suppressSmallCounts } from './suppress.js';
import { readUploadedCsv } from './table.js';

const rows = (...cells: [string, string, number][]) => cells.map(([agency, category, n]) => ({ agency, category, n }));

describe('suppressSmallCounts', () => {
  it.each([
    { name: 'nothing small: all published', input: rows(['a', 'x', 9], ['a', 'y', 5]), expected: [9, 5], cells: 0 },
    { name: 'one small cell in a group: it and the next smallest are withheld', input: rows(['a', 'x', 3], ['a', 'y', 7], ['a', 'z', 20]), expected: ['<5', '<5', 20], cells: 2 },
    { name: 'two small cells in a group: no secondary needed', input: rows(['a', 'x', 3], ['a', 'y', 1], ['a', 'z', 20]), expected: ['<5', '<5', 20], cells: 2 },
    { name: 'groups are independent', input: rows(['a', 'x', 2], ['a', 'y', 8], ['b', 'x', 6], ['b', 'y', 9]), expected: ['<5', '<5', 6, 9], cells: 2 },
    { name: 'zeros are published and never chosen as the second cell', input: rows(['a', 'x', 4], ['a', 'y', 0], ['a', 'z', 11]), expected: ['<5', 0, '<5'], cells: 2 },
    { name: 'a lone small cell in its group stays withheld', input: rows(['a', 'x', 1]), expected: ['<5'], cells: 1 },
  ])('$name', ({ input, expected, cells }) => {
    const out = suppressSmallCounts(input, { threshold: 5, count: 'n', groupBy: 'agency' });
    expect(out.records.map((r) => r.n)).toEqual(expected);
    expect(out.suppressedCells).toBe(cells);
    expect(input.map((r) => r.n)).not.toContain('<5'); // the input is left alone
  });

  it('withholds derived columns with their count, and a threshold of 1 withholds nothing', () => {
    const input = [{ agency: 'a', respondents: 2, ikm: 91.5 }];
    expect(suppressSmallCounts(input, { threshold: 5, count: 'respondents', derived: ['ikm'], groupBy: 'agency' })).toEqual({ records: [{ agency: 'a', respondents: '<5', ikm: null }], suppressedCells: 2 });
    expect(suppressSmallCounts(input, { threshold: 1, count: 'respondents', derived: ['ikm'] }).records).toEqual(input);
  });
});

describe('readUploadedCsv', () => {
  const columns: DeclaredColumn[] = [
    { name: 'kode', type: 'region' },
    { name: 'n', type: 'integer' },
    { name: 'ok', type: 'boolean' },
  ];
  const errorsOf = (csv: string | Buffer) => {
    const read = readUploadedCsv(Buffer.isBuffer(csv) ? csv : Buffer.from(csv), columns);
    return 'errors' in read ? read.errors.map((e) => `${e.field} ${e.messageKey}`) : [];
  };
  it.each([
    { csv: 'kode,n,ok\n73.71,5,true\n', errors: [] },
    { csv: 'kode,n\n73.71,5\n', errors: ['/csv/1 od.error.csv.header'] },
    { csv: 'kode,n,ok\n', errors: ['/csv/2 od.error.csv.empty'] },
    { csv: 'kode,n,ok\n73.71,5\n73.71,x,maybe\n', errors: ['/csv/2 od.error.csv.width', '/csv/3 od.error.csv.type.integer', '/csv/3 od.error.csv.type.boolean'] },
    { csv: 'kode,n,ok\n"73.71,5,true\n', errors: ['/csv/2 od.error.csv.syntax'] },
    { csv: Buffer.from([0x6b, 0x6f, 0x64, 0x65, 0xff, 0x0a]), errors: ['/csv/0 od.error.csv.encoding'] },
  ])('$csv → $errors', ({ csv, errors }) => {
    expect(errorsOf(csv)).toEqual(errors);
  });

  it('types the cells of a clean file and reports at most 100 problems', () => {
    const read = readUploadedCsv(Buffer.from('kode,n,ok\n73.71,5,true\n33,,false\n'), columns);
    expect('table' in read && read.table.records).toEqual([
      { kode: '73.71', n: 5, ok: true },
      { kode: '33', n: null, ok: false },
    ]);
    const many = `kode,n,ok\n${'99.99,x,y\n'.repeat(200)}`;
    expect(errorsOf(many)).toHaveLength(100);
  });
});

describe('parseSearch (the Solr subset of package_search)', () => {
  it.each([
    { q: '*:*', fq: '', expected: { words: [], impossible: false } },
    { q: 'data pengaduan', fq: '+organization:dpmptsp', expected: { words: ['data', 'pengaduan'], organizations: ['dpmptsp'], impossible: false } },
    { q: 'tags:"sp4n lapor"', fq: 'license_id:CC-BY-4.0 AND res_format:CSV', expected: { words: [], keyword: 'sp4n lapor', licenseId: 'CC-BY-4.0', impossible: false } },
    { q: '', fq: 'res_format:SHP', expected: { words: [], impossible: true } },
  ])('q=$q fq=$fq', ({ q, fq, expected }) => {
    expect(parseSearch(q, fq)).toEqual(expected);
  });
  it.each(['a OR b', '-tags:x', 'metadata_modified:[2026-01-01T00:00:00Z TO *]', 'groups:x'])('refuses %s', (q) => {
    expect(() => parseSearch(q, '')).toThrow(/Search Query is invalid/);
  });
});
