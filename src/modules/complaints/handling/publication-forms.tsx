// The report page's publication pieces for the coordinator (publication.ts): the verify form's
// fields for the text the public will read (prefilled with the reporter's, to be redacted), and what
// the public reads since verification beside the reporter's original when they differ.
import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import { Field, type FormValues, TextArea } from '../../../web/form.js';
import { LIMITS } from '../intake/contract.js';
import { fmtDate } from '../ui.js';
import type { OfficerComplaint } from '../views.js';

/** The verify form's publication fields; none for a confidential report (never published). */
export function PublishFields({ lang, c, values, errors }: { lang: FastifyRequest['lang']; c: OfficerComplaint; values: FormValues; errors?: FieldError[] }) {
  if (c.privacy === 'rahasia') return null;
  // Prefilled with the reporter's text (what is published if left as it is), or what was typed when refused.
  const text = (name: 'publishedTitle' | 'publishedDescription', id: `f-${string}`, original: string) => ({ name, id, lang, errors, value: values[name] ?? original, required: false });
  return (
    <fieldset class="field" aria-describedby="h-publish">
      <legend>{t(lang, 'cp.publish.legend')}</legend>
      <p class="hint" id="h-publish">
        {t(lang, 'cp.publish.hint')}
      </p>
      <Field {...text('publishedTitle', 'f-published-title', c.title)} label={t(lang, 'cp.field.published_title')} maxLength={LIMITS.title} />
      <TextArea {...text('publishedDescription', 'f-published-description', c.description)} label={t(lang, 'cp.field.published_description')} rows={5} maxLength={LIMITS.description} />
    </fieldset>
  );
}

/** Whether and since when the public sees the report, and the published text when the coordinator edited it. */
export function PublicationSummary({ request, c }: { request: FastifyRequest; c: OfficerComplaint }) {
  const lang = request.lang;
  const timeZone = request.tenant?.timeZone ?? 'Asia/Jakarta';
  const p = c.publication;
  const edited = p !== null && (p.title !== c.title || p.description !== c.description);
  return (
    <section aria-labelledby="publication-h" class="publication">
      <h3 id="publication-h">{t(lang, 'cp.publication.title')}</h3>
      {p === null ? (
        <p class="meta">{t(lang, c.privacy === 'rahasia' ? 'cp.publication.never' : 'cp.publication.not_yet')}</p>
      ) : (
        <>
          <p class="meta">
            {t(lang, 'cp.publication.since', { date: fmtDate(p.at, lang, timeZone) })} {t(lang, edited ? 'cp.publication.edited' : 'cp.publication.same')}
          </p>
          {edited ? (
            <>
              <p>
                <strong>{p.title}</strong>
              </p>
              <p class="message-body">{p.description}</p>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
