// What a response is made of, checked in one place for the API, the form and the CSV import: the nine
// answers (each 1–4, none missing: an incomplete questionnaire does not count, PermenPANRB 14/2017),
// the optional demographics from fixed lists, the optional suggestion.
import type { PendingFieldError } from '../../platform/errors.js';
import { ELEMENTS, type ElementKey } from './ikm.js';
import './strings.js';

export const DEMOGRAPHICS = {
  sex: ['laki_laki', 'perempuan'],
  age_band: ['lt20', '20_29', '30_39', '40_49', '50_59', '60plus'],
  education: ['sd', 'smp', 'sma', 'diploma', 's1', 's2plus'],
  occupation: ['pns', 'tni', 'polri', 'swasta', 'wirausaha', 'lainnya'],
} as const;
export type DemographicKey = keyof typeof DEMOGRAPHICS;
export const DEMOGRAPHIC_KEYS = Object.keys(DEMOGRAPHICS) as DemographicKey[];

export const SUGGESTION_MAX = 2000;

export type Answers = Record<ElementKey, number>;
export type Demographics = { [K in DemographicKey]: string | null };

export interface ResponseInput {
  /** Per element key: 1–4 (a number, or its digit as a form sends it). */
  answers: Partial<Record<string, unknown>>;
  demographics?: Partial<Record<string, unknown>>;
  suggestion?: string | null;
}

export interface CheckedResponse {
  answers: Answers;
  demographics: Demographics;
  suggestion: string | null;
}

/** One answer as a score 1–4, or null when it is missing or anything else. */
export function scoreOf(value: unknown): number | null {
  const n = typeof value === 'string' && /^\s*[0-9]+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 4 ? n : null;
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The checked response, or the field errors (every one of them, not the first). */
export function checkResponse(input: ResponseInput): { ok: CheckedResponse } | { errors: PendingFieldError[] } {
  const errors: PendingFieldError[] = [];
  const answers = {} as Answers;
  for (const key of ELEMENTS) {
    const raw = input.answers[key];
    const score = scoreOf(raw);
    if (score === null) {
      const missing = isEmpty(raw);
      errors.push({ field: `/answers/${key}`, code: missing ? 'missing' : 'out_of_range', messageKey: missing ? 'svy.error.missing' : 'svy.error.out_of_range', vars: { element: key } });
    } else answers[key] = score;
  }
  const demographics = {} as Demographics;
  for (const key of DEMOGRAPHIC_KEYS) {
    const raw = input.demographics?.[key];
    if (isEmpty(raw)) demographics[key] = null;
    else if (typeof raw === 'string' && (DEMOGRAPHICS[key] as readonly string[]).includes(raw.trim())) demographics[key] = raw.trim();
    else errors.push({ field: `/demographics/${key}`, code: 'bad_choice', messageKey: 'svy.error.bad_choice' });
  }
  const suggestion = typeof input.suggestion === 'string' && input.suggestion.trim() !== '' ? input.suggestion.trim() : null;
  if (suggestion && suggestion.length > SUGGESTION_MAX) errors.push({ field: '/suggestion', code: 'too_long', messageKey: 'svy.error.suggestion_too_long' });
  return errors.length > 0 ? { errors } : { ok: { answers, demographics, suggestion } };
}
