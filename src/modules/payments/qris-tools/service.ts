// Reading a QRIS for people: the codec's fields and error codes (../qris.ts) turned into what an
// officer reads — each field named in words in the request's language, each error a sentence naming
// the field. One function for the API and the page, so both say the same. It stores nothing and
// changes nothing: an invalid QRIS is an answer ("not valid, because …"), not a refusal. Only input
// that is not a QRIS text at all (empty, longer than 512) is refused, on the form's field.
import { DomainError } from '../../../platform/errors.js';
import type { ServiceContext } from '../../../platform/context.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import { isTemplate, parseQris, QRIS_MAX_LENGTH, type QrisErrorCode, type TlvField } from '../qris.js';
import './strings.js';

export interface NamedField {
  /** "59", or "62.01" for a sub-field. */
  tag: string;
  /** The field's name in words ("Nama merchant"). */
  name: string;
  value: string;
  children?: NamedField[];
}

export interface QrisReading {
  fields: NamedField[];
  pointOfInitiation: 'static' | 'dynamic' | null;
  /** Integer rupiah. */
  amount: number | null;
  merchantName: string | null;
  merchantCity: string | null;
  nmid: string | null;
  billNumber: string | null;
  crcValid: boolean;
  errors: Array<{ code: QrisErrorCode; tag: string | null; message: string }>;
}

const isAccount = (tag: string) => Number(tag) >= 2 && Number(tag) <= 51;

/** The words for a tag ("59", "62.01", "26.00"); an unknown one says so. */
export function fieldName(lang: Lang, tag: string): string {
  const [top = '', sub] = tag.split('.');
  const keys: string[] = [];
  if (sub === undefined) keys.push(`pay.qris.tag.${top}`, ...(isAccount(top) ? ['pay.qris.tag.account'] : []));
  else keys.push(`pay.qris.tag.${top}.${sub}`, ...(isAccount(top) ? [`pay.qris.tag.account.${sub}`] : []));
  for (const key of keys) {
    const text = t(lang, key as MessageKey);
    if (text !== key) return text;
  }
  return t(lang, 'pay.qris.field.unknown');
}

function nameFields(lang: Lang, fields: readonly TlvField[], parent?: string): NamedField[] {
  return fields.map((f) => {
    const tag = parent ? `${parent}.${f.tag}` : f.tag;
    const named: NamedField = { tag, name: fieldName(lang, tag), value: f.value };
    if (f.children && !parent && isTemplate(f.tag)) named.children = nameFields(lang, f.children, f.tag);
    return named;
  });
}

/** Reads a QRIS text into named fields, what they mean, and every problem in words. */
export function readQris(ctx: Pick<ServiceContext, 'lang'>, input: { payload: string }): QrisReading {
  const { lang } = ctx;
  const parsed = parseQris(input.payload);
  return {
    fields: nameFields(lang, parsed.fields),
    pointOfInitiation: parsed.pointOfInitiation ?? null,
    amount: parsed.amount ?? null,
    merchantName: parsed.merchantName ?? null,
    merchantCity: parsed.merchantCity ?? null,
    nmid: parsed.nmid ?? null,
    billNumber: parsed.billNumber ?? null,
    crcValid: parsed.crcValid,
    errors: parsed.errors.map((e) => ({
      code: e.code,
      tag: e.tag ?? null,
      message: t(lang, `pay.qris.error.${e.code}`, {
        field: e.tag ? t(lang, 'pay.qris.field', { name: fieldName(lang, e.tag), tag: e.tag }) : t(lang, 'pay.qris.error.unnamed'),
      }),
    })),
  };
}

const refusal = (code: string, messageKey: MessageKey) =>
  new DomainError('pay.qris.invalid_input', 400, 'error.pay.qris.invalid_input', {}, [{ field: '/payload', code, messageKey }]);

/** The API's check of a JSON body before its schema coerces it: `payload`, when given, must be text. */
export function refuseNonTextPayload(body: unknown): void {
  if (body && typeof body === 'object' && 'payload' in body && typeof body.payload !== 'string') throw refusal('type', 'pay.qris.payload_not_text');
}

/** The form's check before reading: something pasted, and no more than a QRIS can hold. */
export function checkQrisPayload(payload: string | undefined): string {
  const text = (payload ?? '').trim();
  if (!text) throw refusal('required', 'pay.qris.payload_required');
  if (text.length > QRIS_MAX_LENGTH) throw refusal('too_long', 'pay.qris.payload_too_long');
  return text;
}
