// The shape of a service definition (the standard of UU 25/2009 Pasal 21 / PermenPANRB 15/2014 and
// what the portal needs around it) and the pure rules on it: what a draft may hold, what publishing
// requires. No I/O here, so the rules are tested with tables of cases.
import type { PendingFieldError } from '../../platform/errors.js';
import { isApiDate } from '../../platform/dates.js';
import { type DocumentTemplate, documentTemplateErrors } from './document-template.js';
import { type FeeRule, feeRuleErrors } from './fees.js';
import './strings.js';

/** Text in Bahasa Indonesia (required) and English (optional; the page falls back to Indonesian). */
export interface Bilingual {
  id: string;
  en?: string;
}

/** The six service-delivery components, shown first on the citizen page (DOMAIN.md §1). */
export const DELIVERY_COMPONENTS = ['persyaratan', 'prosedur', 'jangka_waktu', 'biaya', 'produk', 'pengaduan'] as const;
/** The eight management components, shown on the second tab. */
export const MANAGEMENT_COMPONENTS = [
  'dasar_hukum',
  'sarana',
  'kompetensi',
  'pengawasan',
  'jumlah_pelaksana',
  'jaminan_pelayanan',
  'jaminan_keamanan',
  'evaluasi_kinerja',
] as const;
export const COMPONENTS = [...DELIVERY_COMPONENTS, ...MANAGEMENT_COMPONENTS] as const;
export type ComponentKey = (typeof COMPONENTS)[number];

/**
 * Components whose text is a list, one item per line: requirements become a checklist, the procedure
 * numbered steps, the legal basis a list.
 */
export const LIST_COMPONENTS: readonly ComponentKey[] = ['persyaratan', 'prosedur', 'dasar_hukum'];

export const ASSURANCE_LEVELS = ['unverified', 'registry', 'in_person'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

export const CHANNELS = ['online', 'counter', 'both'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CATEGORIES = [
  'kependudukan',
  'perizinan_usaha',
  'bangunan',
  'kesehatan',
  'pendidikan',
  'sosial',
  'perhubungan',
  'pajak_retribusi',
  'informasi',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const LIFE_EVENTS = [
  'kelahiran',
  'kematian',
  'pindah_domisili',
  'menikah',
  'memulai_usaha',
  'membangun_rumah',
  'sekolah',
  'sakit',
  'kehilangan_dokumen',
  'kesulitan_ekonomi',
  'memiliki_kendaraan',
] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];

export interface ServiceHall {
  name: string;
  address: string;
  hours: string;
}

/** A service's whole definition: what a draft holds and what a published version freezes. */
export interface ServiceDefinition {
  code: string;
  name: Bilingual;
  summary: Bilingual;
  category: Category;
  /** Life events this service belongs to; `step` orders the services on the life-event page. */
  lifeEvents: { event: LifeEvent; step: number }[];
  /** Extra words people use for this service (added to the search index). */
  keywords: string[];
  /** Integer rupiah; 0 means "Gratis". null only in a draft. */
  fee: number | null;
  /**
   * How the fee is reached when it is not one amount (fees.ts): per unit of a number on the form, or a
   * table a choice on the form picks a row of. Absent or fixed: `fee` is the amount.
   */
  feeRule?: FeeRule | null;
  /** The signed document an application of this version ends with (document-template.ts); absent: the default. */
  documentTemplate?: DocumentTemplate | null;
  /** Working days (> 0). null only in a draft. */
  completionDays: number | null;
  channel: Channel;
  hall: ServiceHall | null;
  minAssurance: AssuranceLevel;
  components: Partial<Record<ComponentKey, Bilingual>>;
  /** The decree (SK) that set the standard, and when it must be reviewed (YYYY-MM-DD). */
  sk: { number: string; date: string } | null;
  reviewDate: string | null;
  /** Online application form and workflow (a later issue): references kept here, unused for now. */
  formRef: string | null;
  workflowRef: string | null;
}

export const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

const present = (text: Bilingual | undefined) => Boolean(text && text.id.trim() !== '');

/**
 * Errors that make a definition unfit to be saved even as a draft: a draft may be incomplete, but
 * what it holds must be valid (a fee is an integer ≥ 0, a completion time > 0, dates are real dates).
 */
export function draftErrors(def: ServiceDefinition): PendingFieldError[] {
  const errors: PendingFieldError[] = [];
  if (!CODE_PATTERN.test(def.code)) errors.push({ field: '/code', code: 'pattern', messageKey: 'catalog.field.code' });
  if (def.name.id.trim() === '') errors.push({ field: '/name/id', code: 'required', messageKey: 'field.required' });
  if (def.fee !== null && (!Number.isSafeInteger(def.fee) || def.fee < 0)) {
    errors.push({ field: '/fee', code: 'fee', messageKey: 'catalog.field.fee' });
  }
  errors.push(...feeRuleErrors(def.feeRule));
  errors.push(...documentTemplateErrors(def.documentTemplate));
  if (def.completionDays !== null && (!Number.isSafeInteger(def.completionDays) || def.completionDays <= 0)) {
    errors.push({ field: '/completionDays', code: 'completion_days', messageKey: 'catalog.field.completion_days' });
  }
  if (def.sk && def.sk.date !== '' && !isApiDate(def.sk.date)) {
    errors.push({ field: '/sk/date', code: 'date', messageKey: 'catalog.field.date' });
  }
  if (def.reviewDate && !isApiDate(def.reviewDate)) {
    errors.push({ field: '/reviewDate', code: 'date', messageKey: 'catalog.field.date' });
  }
  def.lifeEvents.forEach((le, i) => {
    if (!Number.isSafeInteger(le.step) || le.step < 1) {
      errors.push({ field: `/lifeEvents/${i}/step`, code: 'minimum', messageKey: 'field.minimum', vars: { limit: 1 } });
    }
  });
  return errors;
}

/** What publishing needs beyond a valid draft: all 14 components, the SK, a review date, a hall for counters. */
export function publishErrors(def: ServiceDefinition): PendingFieldError[] {
  const errors = draftErrors(def);
  for (const key of COMPONENTS) {
    const missing =
      key === 'biaya' ? def.fee === null : key === 'jangka_waktu' ? def.completionDays === null : !present(def.components[key]);
    if (missing) {
      errors.push({
        field: key === 'biaya' ? '/fee' : key === 'jangka_waktu' ? '/completionDays' : `/components/${key}`,
        code: 'component_missing',
        messageKey: 'catalog.field.component_missing',
      });
    }
  }
  if (!present(def.summary)) errors.push({ field: '/summary/id', code: 'required', messageKey: 'field.required' });
  if (!def.sk || def.sk.number.trim() === '' || def.sk.date === '') {
    errors.push({ field: '/sk', code: 'required', messageKey: 'catalog.field.sk' });
  }
  if (!def.reviewDate) errors.push({ field: '/reviewDate', code: 'required', messageKey: 'field.required' });
  if (def.channel !== 'online' && (!def.hall || def.hall.address.trim() === '' || def.hall.hours.trim() === '')) {
    errors.push({ field: '/hall', code: 'required', messageKey: 'catalog.field.hall' });
  }
  return errors;
}

/** The lines of a list component (requirements, procedure, legal basis). */
export function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((l) => l !== '');
}

/** Text in the wanted language, falling back to Indonesian. */
export function pick(text: Bilingual | undefined, lang: 'id' | 'en'): string {
  if (!text) return '';
  return lang === 'en' && text.en && text.en.trim() !== '' ? text.en : text.id;
}

/** Whether a standard's review date has passed (flagged to the agency admin). */
export function reviewOverdue(def: Pick<ServiceDefinition, 'reviewDate'>, today: string): boolean {
  return def.reviewDate !== null && def.reviewDate < today;
}

export function emptyDefinition(code: string, name: string): ServiceDefinition {
  return {
    code,
    name: { id: name },
    summary: { id: '' },
    category: 'kependudukan',
    lifeEvents: [],
    keywords: [],
    fee: null,
    completionDays: null,
    channel: 'counter',
    hall: null,
    minAssurance: 'unverified',
    components: {},
    sk: null,
    reviewDate: null,
    formRef: null,
    workflowRef: null,
  };
}
