// The dashboard's tables as CSV (one per chart): the same rows the page shows beside each chart.
import { type Lang, t } from '../../platform/i18n/index.js';
import type { Performance } from './service.js';

export const CSV_TABLES = ['bulan', 'instansi', 'waktu', 'wilayah'] as const;
export type TableName = (typeof CSV_TABLES)[number];

/** A CSV field: quoted when it holds a separator, quote or line break; formula-leading text neutralised. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tableRows(report: Performance, table: TableName, lang: Lang): (string | number | null)[][] {
  switch (table) {
    case 'bulan':
      return [
        [
          t(lang, 'tr.col.month'),
          t(lang, 'tr.col.received'),
          t(lang, 'tr.col.completed'),
          t(lang, 'tr.col.on_time'),
          t(lang, 'tr.col.complaints'),
          t(lang, 'tr.col.paid'),
          t(lang, 'tr.col.amount'),
          ...(report.activeUsers === null ? [] : [t(lang, 'tr.col.active')]),
        ],
        ...report.months.map((m) => [m.month, m.received, m.completed, m.onTimeShare, m.complaints, m.paid, m.amount, ...(report.activeUsers === null ? [] : [m.activeUsers])]),
      ];
    case 'instansi':
      return [
        [t(lang, 'tr.col.agency'), t(lang, 'tr.col.received'), t(lang, 'tr.col.completed'), t(lang, 'tr.col.on_time'), t(lang, 'tr.col.ikm'), t(lang, 'tr.col.grade'), t(lang, 'tr.col.respondents')],
        ...report.agencies.map((a) => [lang === 'en' && a.nameEn ? a.nameEn : a.name, a.received, a.completed, a.onTimeShare, a.ikm, a.grade, a.respondents]),
      ];
    case 'waktu':
      return [[t(lang, 'tr.col.days'), t(lang, 'tr.col.applications')], ...report.applications.distribution.map((d) => [d.workingDays, d.applications])];
    case 'wilayah':
      return [[t(lang, 'tr.col.cell'), t(lang, 'tr.col.complaints')], ...report.areas.map((a) => [`${a.south}, ${a.west}`, a.complaints])];
  }
}

export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return `${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
