// What the citizen's and the officer's pages of a request both show: its facts, deadline, extension,
// decision and objection, in the reader's language (no codes: every kind and ground by its words).
import type { Lang } from '../../platform/i18n/index.js';
import { t } from '../../platform/i18n/index.js';
import type { AnswerFileView } from './answers.js';
import type { InformationRequestView } from './service.js';
import './strings.js';

const dayFormats = new Map<Lang, Intl.DateTimeFormat>();
/** A YYYY-MM-DD as "10 Maret 2026" / "10 March 2026". */
export function formatDay(lang: Lang, day: string): string {
  let format = dayFormats.get(lang);
  if (!format) dayFormats.set(lang, (format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeZone: 'UTC' })));
  return format.format(new Date(`${day}T00:00:00Z`));
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
/** An instant as a date and time in the tenant's zone. */
export function formatInstant(lang: Lang, timeZone: string, iso: string): string {
  const key = `${lang}|${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) timeFormats.set(key, (format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone })));
  return format.format(new Date(iso));
}

export function statusOf(lang: Lang, r: Pick<InformationRequestView, 'decision' | 'overdue'> | { decision: string | null; overdue: boolean }): string {
  const decision = r.decision === null ? null : typeof r.decision === 'string' ? r.decision : r.decision.kind;
  if (decision) return t(lang, `ppid.decision.${decision}` as 'ppid.decision.granted_full');
  return t(lang, r.overdue ? 'ppid.status.overdue' : 'ppid.status.open');
}

/** The answer files as links to their downloads, with their size (and, for officers, their scan state and whether delivered). */
export function AnswerFiles({ lang, files, href, officer = false }: { lang: Lang; files: readonly AnswerFileView[]; href: (fileId: string) => string; officer?: boolean }) {
  return (
    <ul id="answer-files">
      {files.map((f) => (
        <li key={f.id}>
          {f.state === 'clean' ? <a href={href(f.id)} download>{f.name}</a> : f.name} ({t(lang, 'ppid.files.kb', { kb: Math.max(1, Math.round(f.size / 1024)) })}
          {officer ? `; ${t(lang, `ppid.files.state.${f.state}`)}${f.delivered ? `; ${t(lang, 'ppid.files.delivered')}` : ''}` : ''})
        </li>
      ))}
    </ul>
  );
}

const GRANTED = new Set(['granted_full', 'granted_part']);

export function RequestFacts({ lang, timeZone, request, fileHref, officer = false }: { lang: Lang; timeZone: string; request: InformationRequestView; fileHref: (fileId: string) => string; officer?: boolean }) {
  const r = request;
  return (
    <>
      <dl class="facts" id="request-facts">
        <dt>{t(lang, 'ppid.f.number')}</dt>
        <dd id="request-number">{r.number}</dd>
        <dt>{t(lang, 'ppid.f.requester')}</dt>
        <dd>
          {r.requesterName}
          {r.entityName ? ` — ${t(lang, 'ppid.f.for_entity', { entity: r.entityName })}` : ''}
        </dd>
        <dt>{t(lang, 'ppid.f.information')}</dt>
        <dd>{r.information}</dd>
        <dt>{t(lang, 'ppid.f.purpose')}</dt>
        <dd>{r.purpose}</dd>
        <dt>{t(lang, 'ppid.f.delivery')}</dt>
        <dd>{t(lang, `ppid.delivery.${r.delivery}`)}</dd>
        <dt>{t(lang, 'ppid.f.received')}</dt>
        <dd>
          {formatInstant(lang, timeZone, r.receivedAt)}
          {r.channel === 'paper' ? ` (${t(lang, 'ppid.f.paper')})` : ''}
        </dd>
        <dt>{t(lang, 'ppid.f.due')}</dt>
        <dd id="request-due">
          {formatDay(lang, r.dueOn)}
          {r.extension ? ` (${t(lang, 'ppid.f.extended', { days: r.extension.days })})` : ''}
        </dd>
        <dt>{t(lang, 'ppid.f.status')}</dt>
        <dd id="request-status">{statusOf(lang, r)}</dd>
      </dl>
      {r.calendarConfirmed ? null : <p class="notice">{t(lang, 'ppid.calendar_unconfirmed')}</p>}
      {r.extension ? (
        <section aria-labelledby="extension-title">
          <h2 id="extension-title">{t(lang, 'ppid.extension.title')}</h2>
          <p id="extension-reason">{r.extension.reason}</p>
        </section>
      ) : null}
      {r.decision ? (
        <section aria-labelledby="decision-title" id="decision">
          <h2 id="decision-title">{t(lang, 'ppid.decision.title')}</h2>
          <p>
            <strong>{t(lang, `ppid.decision.${r.decision.kind}`)}</strong> · {formatInstant(lang, timeZone, r.decision.decidedAt)}
          </p>
          <p id="decision-answer">{r.decision.answer}</p>
          {r.decision.redaction ? (
            <p>
              <strong>{t(lang, 'ppid.f.redaction')}:</strong> {r.decision.redaction}
            </p>
          ) : null}
          {r.decision.holder ? (
            <p>
              <strong>{t(lang, 'ppid.f.holder')}:</strong> {r.decision.holder}
            </p>
          ) : null}
          {r.decision.consequenceTest ? (
            <dl class="facts">
              <dt>{t(lang, 'ppid.ct.document')}</dt>
              <dd>{r.decision.consequenceTest.document}</dd>
              <dt>{t(lang, 'ppid.ct.exempt_part')}</dt>
              <dd>{r.decision.consequenceTest.exemptPart}</dd>
              <dt>{t(lang, 'ppid.ct.legal_ground')}</dt>
              <dd>{t(lang, 'ppid.ct.ground', { letter: r.decision.consequenceTest.legalGround })}</dd>
              <dt>{t(lang, 'ppid.ct.reasoning')}</dt>
              <dd>{r.decision.consequenceTest.reasoning}</dd>
            </dl>
          ) : null}
        </section>
      ) : null}
      {r.answerFiles.length > 0 ? (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{t(lang, 'ppid.files.title')}</h2>
          <AnswerFiles lang={lang} files={r.answerFiles} href={fileHref} officer={officer} />
        </section>
      ) : null}
      {r.copy || (r.delivery === 'copy' && r.decision && GRANTED.has(r.decision.kind)) ? (
        <section aria-labelledby="copy-title">
          <h2 id="copy-title">{t(lang, 'ppid.copy.title')}</h2>
          <p id="copy-status">{r.copy ? t(lang, 'ppid.copy.done', { method: t(lang, `ppid.copy.method.${r.copy.method}`), date: formatDay(lang, r.copy.handedOverOn) }) : t(lang, 'ppid.copy.waiting')}</p>
        </section>
      ) : null}
      {r.objection ? (
        <section aria-labelledby="objection-title" id="objection">
          <h2 id="objection-title">{t(lang, 'ppid.objection.title')}</h2>
          <p>
            <strong>{t(lang, `ppid.ground.${r.objection.ground}`)}</strong> · {formatInstant(lang, timeZone, r.objection.filedAt)}
          </p>
          <p>{r.objection.reason}</p>
          {r.objection.answer ? (
            <>
              <h3>{t(lang, 'ppid.objection.answer_title')}</h3>
              <p>
                <strong>{t(lang, r.objection.answer.upheld ? 'ppid.objection.upheld' : 'ppid.objection.rejected')}</strong>
              </p>
              <p id="objection-answer">{r.objection.answer.text}</p>
            </>
          ) : (
            <p id="objection-due">{t(lang, r.objection.overdue ? 'ppid.objection.overdue' : 'ppid.objection.due', { date: formatDay(lang, r.objection.dueOn) })}</p>
          )}
          {r.objection.answer || r.objection.overdue ? (
            <p class="notice" id="commission">
              {t(lang, 'ppid.objection.commission', { date: formatDay(lang, r.objection.commissionBy) })}
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
