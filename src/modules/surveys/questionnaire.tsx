// The questionnaire's fields, the same on the applicant's page and the kiosk: the nine elements with
// the official four answers of PermenPANRB 14/2017, the optional demographics and a suggestion. Field
// names (answers.<key>, demographics.<key>, suggestion) are what readResponseForm reads back.
import type { FieldError } from '../../platform/errors.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { type FormValues, Radios, Select, TextArea } from '../../web/form.js';
import { DEMOGRAPHIC_KEYS, DEMOGRAPHICS, type ResponseInput, SUGGESTION_MAX } from './answers.js';
import { ELEMENTS } from './ikm.js';
import './strings.js';

export function QuestionFields({ lang, values, errors }: { lang: Lang; values: FormValues; errors?: FieldError[] | undefined }) {
  return (
    <>
      {ELEMENTS.map((key, i) => (
        <Radios
          key={key}
          name={`answers.${key}`}
          pointer={`/answers/${key}`}
          lang={lang}
          errors={errors}
          legend={`${i + 1}. ${t(lang, `svy.q.${key}`)}`}
          value={values[`answers.${key}`]}
          options={[1, 2, 3, 4].map((score) => ({ value: String(score), label: t(lang, `svy.a.${key}.${score}` as 'svy.a.persyaratan.1') }))}
        />
      ))}
      <h2>{t(lang, 'svy.demographics')}</h2>
      {DEMOGRAPHIC_KEYS.map((key) => (
        <Select
          key={key}
          name={`demographics.${key}`}
          pointer={`/demographics/${key}`}
          label={t(lang, `svy.d.${key}`)}
          lang={lang}
          errors={errors}
          required={false}
          value={values[`demographics.${key}`]}
          emptyLabel={t(lang, 'svy.d.none')}
          options={DEMOGRAPHICS[key].map((v) => ({ value: v, label: t(lang, `svy.d.${key}.${v}` as 'svy.d.sex.perempuan') }))}
        />
      ))}
      <TextArea name="suggestion" label={t(lang, 'svy.suggestion')} lang={lang} errors={errors} required={false} rows={4} maxLength={SUGGESTION_MAX} value={values.suggestion ?? ''} />
    </>
  );
}

/** The questionnaire's answers as the form sent them. */
export function readResponseForm(values: FormValues): ResponseInput {
  const pick = (prefix: string, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, values[`${prefix}.${k}`]]));
  return { answers: pick('answers', ELEMENTS), demographics: pick('demographics', DEMOGRAPHIC_KEYS), suggestion: values.suggestion ?? null };
}
