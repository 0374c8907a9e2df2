// The output document of a service version (issue 20): what the signed PDF issued at the end of an
// application says — its kind (izin, sertifikat standar, surat keterangan, rekomendasi), its title,
// the answers of the application form it prints (with their labels), how long it is valid and the
// position of whoever signs it. Part of the definition, so it is frozen with the version like the fee;
// the applications module checks at publication that the form has every printed field (the catalogue
// cannot know the form), and the documents module draws from it. Pure: no I/O.
import type { PendingFieldError } from '../../platform/errors.js';
import './template-strings.js';

/** model.ts's Bilingual (repeated: model.ts imports this file). */
type Bilingual = { id: string; en?: string };

export const DOCUMENT_KINDS = ['izin', 'sertifikat', 'sertifikat_standar', 'surat_keterangan', 'rekomendasi'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentTemplate {
  kind: DocumentKind;
  title: Bilingual;
  /** Answers of the application form printed on the document, in this order (top-level fields). */
  fields: { field: string; label: Bilingual }[];
  /** Months from the issue date; null: valid without end. */
  validityMonths: number | null;
  /** The signer's position as printed under the name ("Kepala Dinas …"). */
  signerPosition: string;
}

/** A page holds about twenty lines of answers beside the letterhead, signature and QR code. */
export const MAX_PRINTED_FIELDS = 20;
export const FIELD_ID = /^[a-z][a-z0-9_]{0,62}$/;

/** What a draft's template must hold to be saved: a title, a position, whole months, named fields with labels, each once. */
export function documentTemplateErrors(tpl: DocumentTemplate | null | undefined): PendingFieldError[] {
  if (!tpl) return [];
  const errors: PendingFieldError[] = [];
  const at = (field: string, code: string, messageKey: PendingFieldError['messageKey'], vars?: Record<string, string | number>) =>
    errors.push({ field: `/documentTemplate/${field}`, code, messageKey, ...(vars ? { vars } : {}) });
  if (!(DOCUMENT_KINDS as readonly string[]).includes(tpl.kind)) at('kind', 'enum', 'catalog.tpl.error.kind');
  if (tpl.title.id.trim() === '') at('title/id', 'required', 'field.required');
  if (tpl.signerPosition.trim() === '') at('signerPosition', 'required', 'field.required');
  if (tpl.validityMonths !== null && (!Number.isSafeInteger(tpl.validityMonths) || tpl.validityMonths < 1 || tpl.validityMonths > 1200)) {
    at('validityMonths', 'validity', 'catalog.tpl.error.validity');
  }
  if (tpl.fields.length > MAX_PRINTED_FIELDS) at('fields', 'max_items', 'catalog.tpl.error.too_many', { limit: MAX_PRINTED_FIELDS });
  const seen = new Set<string>();
  tpl.fields.forEach((f, i) => {
    if (!FIELD_ID.test(f.field)) at(`fields/${i}/field`, 'pattern', 'catalog.tpl.error.field_id', { field: f.field });
    else if (seen.has(f.field)) at(`fields/${i}/field`, 'unique', 'catalog.tpl.error.field_twice', { field: f.field });
    if (f.label.id.trim() === '') at(`fields/${i}/label/id`, 'required', 'catalog.tpl.error.label', { field: f.field });
    seen.add(f.field);
  });
  return errors;
}

/** The form fields a template prints (the applications module checks at publication that the form has them). */
export function documentTemplateFields(tpl: DocumentTemplate | null | undefined): string[] {
  return tpl ? tpl.fields.map((f) => f.field) : [];
}

/** The expiry of a document issued at `issuedAt` (calendar months; the 31st becomes the month's last day). */
export function documentValidUntil(tpl: Pick<DocumentTemplate, 'validityMonths'>, issuedAt: Date): Date | null {
  if (tpl.validityMonths === null) return null;
  const out = new Date(issuedAt);
  const day = out.getUTCDate();
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + tpl.validityMonths);
  const last = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, last));
  return out;
}
