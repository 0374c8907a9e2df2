// The output document's fieldset on the service's admin edit page (no JavaScript): the template as form
// fields and back. The printed answers are one textarea, a line per field ("kode | label | label en"),
// so any number of them needs no script to add rows; publication checks the codes against the form.
import type { FieldError } from '../../platform/errors.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { Field, type FormValues, Select, TextArea } from '../../web/form.js';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentTemplate } from './document-template.js';
import './template-strings.js';

const NAMES = ['tpl_kind', 'tpl_title_id', 'tpl_title_en', 'tpl_fields', 'tpl_validity', 'tpl_signer'] as const;

/** The template the fieldset holds; null when it is left empty (the service issues the default document). */
export function templateFromForm(form: FormValues): DocumentTemplate | null {
  const s = (k: (typeof NAMES)[number]) => (form[k] ?? '').trim();
  // The kind alone (a select always sends one) is not a template; anything typed is kept and checked.
  if (NAMES.every((k) => k === 'tpl_kind' || s(k) === '')) return null;
  const validity = s('tpl_validity');
  return {
    kind: s('tpl_kind') as DocumentKind,
    title: { id: s('tpl_title_id'), en: s('tpl_title_en') },
    fields: s('tpl_fields')
      .split('\n')
      .map((line) => line.split('|').map((part) => part.trim()))
      .filter((parts) => parts.some((p) => p !== ''))
      .map(([field = '', id = '', en = '']) => ({ field, label: { id, en } })),
    // Not a whole number: NaN, which the template's check names as the field's error.
    validityMonths: validity === '' ? null : /^\d+$/.test(validity) ? Number(validity) : NaN,
    signerPosition: s('tpl_signer'),
  };
}

export function templateFormValues(tpl: DocumentTemplate | null | undefined): FormValues {
  if (!tpl) return { tpl_kind: 'izin' };
  return {
    tpl_kind: tpl.kind,
    tpl_title_id: tpl.title.id,
    tpl_title_en: tpl.title.en ?? '',
    tpl_fields: tpl.fields.map((f) => [f.field, f.label.id, f.label.en ?? ''].join(' | ').replace(/ \| $/, '')).join('\n'),
    tpl_validity: tpl.validityMonths === null ? '' : String(tpl.validityMonths),
    tpl_signer: tpl.signerPosition,
  };
}

/** The form field showing an error of the template (the definition's JSON pointer). */
export function templateFieldFor(pointer: string): string | undefined {
  const rest = /^\/documentTemplate\/(\w+)/.exec(pointer)?.[1];
  if (!rest) return undefined;
  const map: Record<string, string> = { kind: 'tpl_kind', title: 'tpl_title_id', fields: 'tpl_fields', validityMonths: 'tpl_validity', signerPosition: 'tpl_signer' };
  return map[rest];
}

export function TemplateFieldset(props: { lang: Lang; form: FormValues; errors: FieldError[] | undefined }) {
  const { lang, form, errors } = props;
  return (
    <fieldset>
      <legend>{t(lang, 'catalog.tpl.legend')}</legend>
      <p class="hint">{t(lang, 'catalog.tpl.intro')}</p>
      <Select
        name="tpl_kind"
        label={t(lang, 'catalog.tpl.kind')}
        lang={lang}
        errors={errors}
        required={false}
        value={form.tpl_kind}
        options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(lang, `catalog.tpl.kind.${k}`) }))}
      />
      <Field name="tpl_title_id" label={t(lang, 'catalog.tpl.title_id')} lang={lang} errors={errors} required={false} value={form.tpl_title_id} />
      <Field name="tpl_title_en" label={t(lang, 'catalog.tpl.title_en')} lang={lang} errors={errors} required={false} value={form.tpl_title_en} />
      <TextArea name="tpl_fields" label={t(lang, 'catalog.tpl.fields')} lang={lang} errors={errors} required={false} value={form.tpl_fields} rows={5} hint={t(lang, 'catalog.tpl.fields_hint')} />
      <Field name="tpl_validity" label={t(lang, 'catalog.tpl.validity')} lang={lang} errors={errors} required={false} value={form.tpl_validity} inputMode="numeric" />
      <Field name="tpl_signer" label={t(lang, 'catalog.tpl.signer_position')} lang={lang} errors={errors} required={false} value={form.tpl_signer} />
    </fieldset>
  );
}
