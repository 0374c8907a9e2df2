// What the applications pages share: dates in the unit's zone, service names in the reader's language,
// the time against the standard's jangka waktu (shown wherever an application is), the timeline and
// messages in words (never codes or ids), and the answers as the applicant gave them.
import type { FieldError, PendingFieldError } from '../../platform/errors.js';
import { type Lang, type MessageKey, t } from '../../platform/i18n/index.js';
import type { Answers } from './forms/answers.js';
import type { FormDefinition, GroupDefinition } from './forms/definition.js';
import { answerText, groupVisible, visibleFields } from './intake/form-fields.js';
import type { EventRow, MessageRow } from './store.js';
import './strings.js';
import type { Badge } from './view.js';
import type { TimeSummary } from './workflow/index.js';

export const name = (n: { id: string; en?: string }, lang: Lang) => (lang === 'en' && n.en ? n.en : n.id);

/** Pending field errors in the request's language. */
export const translated = (lang: Lang, errors: readonly PendingFieldError[]): FieldError[] =>
  errors.map((e) => ({ field: e.field, code: e.code, message: t(lang, e.messageKey, e.vars) }));

/**
 * One formatter per language, zone and style, made once: a new Intl.DateTimeFormat per date took 5 % of
 * the work-queue page's CPU (25 rows a page; measured 2026-12-05, bench:applications).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, timeZone: string, style: 'datetime' | 'date'): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = style === 'datetime' ? { timeZone, dateStyle: 'medium', timeStyle: 'short' } : { timeZone, dateStyle: 'long' };
    formatters.set(key, (f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', options)));
  }
  return f;
}

export function fmtDateTime(d: Date | string | null, lang: Lang, timeZone = 'Asia/Jakarta'): string {
  if (!d) return '—';
  return formatter(lang, timeZone, 'datetime').format(new Date(d));
}

/** A calendar date (YYYY-MM-DD, already the unit's). */
export function fmtDate(date: string | null, lang: Lang): string {
  if (!date) return '—';
  return formatter(lang, 'UTC', 'date').format(new Date(`${date}T00:00:00Z`));
}

/** The time against the standard: days used of the jangka waktu, left or over, and whether the clock runs. */
export function TimeFacts({ lang, time, dueDate }: { lang: Lang; time: Pick<TimeSummary, 'standardDays' | 'standardLimit' | 'remainingDays' | 'overrunDays' | 'running'>; dueDate: string | null }) {
  return (
    <dl class="facts time-facts">
      <div>
        <dt>{t(lang, 'app.page.time.used')}</dt>
        <dd>{t(lang, 'app.page.time.used_value', { used: time.standardDays, limit: time.standardLimit })}</dd>
      </div>
      <div>
        <dt>{time.overrunDays > 0 ? t(lang, 'app.page.time.overrun') : t(lang, 'app.page.time.remaining')}</dt>
        <dd>{t(lang, 'app.page.time.days', { days: time.overrunDays > 0 ? time.overrunDays : time.remainingDays })}</dd>
      </div>
      <div>
        <dt>{t(lang, 'app.page.time.due')}</dt>
        <dd>{time.running && dueDate ? fmtDate(dueDate, lang) : t(lang, 'app.page.time.stopped')}</dd>
      </div>
    </dl>
  );
}

const EVENT_WORDS: Record<string, MessageKey> = {
  submitted: 'app.page.event.submitted',
  approved_step: 'app.page.event.approved_step',
  rejected_step: 'app.page.event.rejected_step',
  revision_requested: 'app.page.event.revision_requested',
  revision_submitted: 'app.page.event.revision_submitted',
  withdrawn: 'app.page.event.withdrawn',
  closed: 'app.page.event.closed',
  deemed_approved: 'app.page.event.deemed_approved',
  escalated: 'app.page.event.escalated',
  deadline_lapsed: 'app.page.event.deadline_lapsed',
  overdue: 'app.page.event.deadline_lapsed',
  forwarded: 'app.page.event.forwarded',
  event_received: 'app.page.event.event_received',
  deadline_moved: 'app.page.event.deadline_moved',
  deadline_recomputed: 'app.page.event.deadline_moved',
  claimed: 'app.page.event.claimed',
  released: 'app.page.event.released',
  assigned: 'app.page.event.assigned',
};

/** Who did it, in words: the applicant, an officer (never an id), the system. */
function actorWords(actor: string, lang: Lang, viewer: 'applicant' | 'officer'): string {
  if (actor.startsWith('officer:')) return t(lang, 'app.page.actor.officer');
  if (actor === 'applicant' || actor.startsWith('citizen:')) return t(lang, viewer === 'applicant' ? 'app.page.actor.you' : 'app.page.actor.applicant');
  return t(lang, 'app.page.actor.system');
}

export function Timeline({ lang, events, timeZone, viewer, steps }: { lang: Lang; events: EventRow[]; timeZone: string; viewer: 'applicant' | 'officer'; steps: Map<string, string> }) {
  if (events.length === 0) return <p>{t(lang, 'app.page.timeline.empty')}</p>;
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li key={e.id} class={e.internal ? 'internal' : undefined}>
          <p class="meta">
            {fmtDateTime(e.at, lang, timeZone)} · {actorWords(e.actor, lang, viewer)}
            {e.internal ? ` · ${t(lang, 'app.page.internal')}` : ''}
          </p>
          <p>
            {t(lang, EVENT_WORDS[e.action] ?? 'app.page.event.other')}
            {e.stepId && steps.get(e.stepId) ? ` — ${steps.get(e.stepId)}` : ''}
          </p>
          {e.text ? <p class="message-body">{e.text}</p> : null}
        </li>
      ))}
    </ol>
  );
}

export function Messages({ lang, messages, timeZone, viewer }: { lang: Lang; messages: MessageRow[]; timeZone: string; viewer: 'applicant' | 'officer' }) {
  if (messages.length === 0) return <p>{t(lang, 'app.page.messages.empty')}</p>;
  return (
    <ol class="timeline messages">
      {messages.map((m) => (
        <li key={m.id}>
          <p class="meta">
            {fmtDateTime(m.at, lang, timeZone)} ·{' '}
            {m.sender === 'officer' ? t(lang, 'app.page.actor.officer') : t(lang, viewer === 'applicant' ? 'app.page.actor.you' : 'app.page.actor.applicant')}
          </p>
          <p class="message-body">{m.body}</p>
        </li>
      ))}
    </ol>
  );
}

export function BadgeList({ lang, badges }: { lang: Lang; badges: readonly Badge[] }) {
  if (badges.length === 0) return null;
  return (
    <>
      {badges.map((b) => (
        <span class={`badge badge-${b}`} key={b}>
          {t(lang, `app.page.badge.${b}`)}
        </span>
      ))}
    </>
  );
}

/** One group's answers as a list of questions and answers. */
export function AnswerList({ group, answers, lang }: { group: GroupDefinition; answers: Answers; lang: Lang }) {
  if (!group.repeatable) {
    return (
      <dl class="facts">
        {visibleFields(group, answers).map((f) => (
          <div key={f.id}>
            <dt>{f.label[lang]}</dt>
            <dd>{answerText(f, answers[f.id], lang)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  const items = Array.isArray(answers[group.id]) ? (answers[group.id] as Answers[]) : [];
  if (items.length === 0) return <p>{t(lang, 'app.page.not_answered')}</p>;
  return (
    <>
      {items.map((item, i) => (
        <div key={i}>
          <h4>
            {group.repeatable!.itemLabel[lang]} {i + 1}
          </h4>
          <dl class="facts">
            {visibleFields(group, answers, item).map((f) => (
              <div key={f.id}>
                <dt>{f.label[lang]}</dt>
                <dd>{answerText(f, item[f.id], lang)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </>
  );
}

/** Every group the answers show, each with its heading (level 3, under the page's "Isian" heading). */
export function AllAnswers({ form, answers, lang }: { form: FormDefinition; answers: Answers; lang: Lang }) {
  return (
    <>
      {form.groups
        .filter((g) => groupVisible(g, answers))
        .map((g) => (
          <section key={g.id}>
            <h3>{g.title[lang]}</h3>
            <AnswerList group={g} answers={answers} lang={lang} />
          </section>
        ))}
    </>
  );
}
