// What the public and the PPID's pages show of an item alike: its facts, its update status and its
// documents, with dates in the tenant's zone and sizes people read.
import { type Lang, t } from '../../platform/i18n/index.js';
import type { InformationItem } from './service.js';
import './strings.js';

/** "15 Januari 2026" from an instant, in the tenant's zone. */
export function formatInstant(lang: Lang, timeZone: string, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeZone }).format(new Date(iso));
}

/** "15 Juli 2026" from a calendar day (YYYY-MM-DD). */
export function formatDay(lang: Lang, day: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

export function formatSize(lang: Lang, bytes: number): string {
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return `${number(bytes / 1024 / 1024)} MB`;
  return `${number(Math.max(1, bytes / 1024))} KB`;
}

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
};

export const agencyName = (item: InformationItem, lang: Lang) => (lang === 'en' && item.agency.nameEn) || item.agency.name;

/** The berkala flag: overdue (with the day it was due), or when the next update is due. */
export function UpdateFlag({ item, lang }: { item: InformationItem; lang: Lang }) {
  if (!item.updateDueDay || item.retired) return null;
  return item.overdue ? (
    <p class="flag flag-warning" data-overdue="true">
      {t(lang, 'dip.overdue', { day: formatDay(lang, item.updateDueDay) })}
    </p>
  ) : (
    <p class="meta">{t(lang, 'dip.due', { day: formatDay(lang, item.updateDueDay) })}</p>
  );
}

export function ItemFacts({ item, lang, timeZone }: { item: InformationItem; lang: Lang; timeZone: string }) {
  return (
    <dl class="facts">
      <dt>{t(lang, 'dip.field.class')}</dt>
      <dd>{t(lang, `dip.class.${item.class}`)}</dd>
      <dt>{t(lang, 'dip.field.agency')}</dt>
      <dd>{agencyName(item, lang)}</dd>
      <dt>{t(lang, 'dip.field.official')}</dt>
      <dd>{item.official}</dd>
      <dt>{t(lang, 'dip.field.periodFormat')}</dt>
      <dd>{item.periodFormat}</dd>
      <dt>{t(lang, 'dip.field.retention')}</dt>
      <dd>{item.retention}</dd>
      {item.legalGround ? (
        <>
          <dt>{t(lang, 'dip.field.legalGround')}</dt>
          <dd>{item.legalGround}</dd>
        </>
      ) : null}
      <dt>{t(lang, 'dip.field.lastUpdated')}</dt>
      <dd>{formatInstant(lang, timeZone, item.lastUpdatedAt)}</dd>
    </dl>
  );
}

/** The documents, each a download link with its type and size; withheld ones counted. */
export function DocumentList({ item, lang, hrefOf }: { item: InformationItem; lang: Lang; hrefOf: (fileId: string) => string }) {
  return (
    <>
      {item.documents.length > 0 ? (
        <ul class="attachments" id="dip-documents">
          {item.documents.map((d) => (
            <li key={d.fileId}>
              <a href={hrefOf(d.fileId)}>{d.name}</a> <span class="meta">({t(lang, 'dip.document.meta', { type: TYPE_NAMES[d.mime] ?? d.mime, size: formatSize(lang, d.size) })})</span>
            </li>
          ))}
        </ul>
      ) : item.documentsWithheld === 0 ? (
        <p>{t(lang, 'dip.documents.none')}</p>
      ) : null}
      {item.documentsWithheld > 0 ? <p id="dip-withheld">{t(lang, 'dip.documents.withheld', { count: item.documentsWithheld })}</p> : null}
    </>
  );
}
