// The action forms on the report page: the officer's panel (what the workflow allows this officer in
// this state, asked of workflow.ts — one form per action, the refused one showing its errors and what
// was typed) and the reporter's rating and reopening. They post to handling's pages (pages.tsx).
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../platform/errors.js';
import { CSRF_FIELD } from '../../../platform/http/csrf.js';
import { t } from '../../../platform/i18n/index.js';
import { Csrf, ErrorSummary, type FormValues, Select, TextArea } from '../../../web/form.js';
import { type OfficerAccess, roleOf } from '../access.js';
import { MAX_PHOTO_BYTES } from '../intake/photo-sanitizer.js';
import { k, type MapTiles, WithoutProofBadge } from '../ui.js';
import type { OfficerComplaint, PublicComplaint } from '../views.js';
import { availableActions, CLOSE_OUTCOMES, type OfficerAction, REJECT_GROUNDS, reporterActions, TIERS } from '../workflow.js';
import { ACTION_LIMITS } from './actions.js';
import { ATTACHMENT_MAX_BYTES, MAX_ATTACHMENTS } from './attachments.js';
import { PublicationSummary, PublishFields } from './publication-forms.js';
import { PointMap } from './point-map.js';

/** The action form that was refused: its messages beside the fields and what the officer typed. */
export interface FailedAction {
  action: string;
  values: FormValues;
  errors: FieldError[];
}

/** The panel's forms, in the order they are shown (merge and transfer are the API's). */
const PANEL_ACTIONS = ['verify', 'dispatch', 'reject', 'start', 'answer', 'close', 'note'] as const satisfies readonly OfficerAction[];

/** Each field's control id: one page holds every form, so ids name the form where names repeat. */
const IDS: Record<string, Record<string, `f-${string}`>> = {
  verify: { tier: 'f-tier', publishedTitle: 'f-published-title', publishedDescription: 'f-published-description' },
  dispatch: { agencyId: 'f-agency' },
  reject: { ground: 'f-ground', reason: 'f-reject-reason' },
  answer: { templateId: 'f-template', text: 'f-answer', attachments: 'f-attachments' },
  close: { outcome: 'f-outcome', reason: 'f-close-reason' },
  note: { text: 'f-note' },
  reveal: { reason: 'f-reveal-reason' },
  hide: { reason: 'f-hide-reason' },
  unhide: { reason: 'f-unhide-reason' },
};

export function OfficerPanel(props: {
  request: FastifyRequest;
  access: OfficerAccess;
  c: OfficerComplaint;
  duplicates: { trackingNumber: string; title: string; similarity: number; distanceMeters: number }[];
  agencies: readonly { id: string; code: string; name: string }[];
  templates: readonly { id: string; title: string; body: string }[];
  failed?: FailedAction;
  /** The tile server for the map of the report's point (without it: the coordinates and a link). */
  map?: MapTiles;
}) {
  const { request, access, c, duplicates, agencies, templates, failed } = props;
  const lang = request.lang;
  const action = `${request.basePath}/pengaduan/${c.trackingNumber}/tindakan`;
  // Only the refused form shows errors and keeps values; the other forms stay as they were.
  const state = (name: string) => (failed?.action === name ? failed : { values: {} as FormValues, errors: undefined });
  const field = (form: string, name: string) => ({ name, id: IDS[form]?.[name], lang, errors: state(form).errors, value: state(form).values[name] });
  const form = (name: string, body: ComponentChildren, label: string, opts: { files?: boolean; buttonClass?: string } = {}) => {
    const known = Object.keys(IDS[name] ?? {}).map((n) => `/${n}`);
    // Errors without a field of this form (e.g. the report changed state meanwhile) go on top of it.
    const general = (state(name).errors ?? []).filter((e) => !known.includes(e.field));
    // A form with files is multipart: its CSRF token travels in the action URL (csrf.ts).
    const target = opts.files ? `${action}?${CSRF_FIELD}=${encodeURIComponent(request.csrfToken())}` : action;
    return (
      <form method="post" action={target} class="action-form" id={`form-${name}`} enctype={opts.files ? 'multipart/form-data' : undefined}>
        <Csrf request={request} />
        <input type="hidden" name="action" value={name} />
        {general.map((e) => (
          <p class="field-error" role="alert" key={e.code}>
            {e.message}
          </p>
        ))}
        {body}
        <button type="submit" class={opts.buttonClass}>
          {label}
        </button>
      </form>
    );
  };
  const reason = (name: string, required = true, label = t(lang, 'cp.field.reason')) => (
    <TextArea {...field(name, 'reason')} label={label} rows={2} maxLength={ACTION_LIMITS.reason} required={required} />
  );
  const allowed = new Set(availableActions(c.status, roleOf(access)));
  const forms: Record<(typeof PANEL_ACTIONS)[number], () => ComponentChildren> = {
    verify: () =>
      form(
        'verify',
        <>
          <Select {...field('verify', 'tier')} label={t(lang, 'cp.field.tier')} options={TIERS.map((tier) => ({ value: tier, label: t(lang, k(`cp.tier.${tier}`)) }))} />
          <PublishFields lang={lang} c={c} values={state('verify').values} errors={state('verify').errors} />
        </>,
        t(lang, 'cp.action.verify'),
      ),
    dispatch: () => {
      // The agency holding the report is chosen until the coordinator picks another.
      const chosen = state('dispatch').values.agencyId ?? agencies.find((a) => a.id === c.agencyId)?.code;
      return form(
        'dispatch',
        <Select {...field('dispatch', 'agencyId')} value={chosen} label={t(lang, 'cp.field.agency')} options={agencies.map((a) => ({ value: a.code, label: a.name }))} />,
        t(lang, 'cp.action.dispatch'),
      );
    },
    reject: () =>
      form(
        'reject',
        <>
          <Select {...field('reject', 'ground')} label={t(lang, 'cp.field.ground')} options={REJECT_GROUNDS.map((g) => ({ value: g, label: t(lang, k(`cp.ground.${g}`)) }))} />
          {reason('reject')}
        </>,
        t(lang, 'cp.action.reject'),
      ),
    start: () => form('start', null, t(lang, 'cp.action.start')),
    answer: () =>
      form(
        'answer',
        <>
          {templates.length > 0 ? (
            <Select
              {...field('answer', 'templateId')}
              label={t(lang, 'cp.field.template')}
              hint={t(lang, 'cp.template.hint')}
              required={false}
              emptyLabel={t(lang, 'cp.template.none')}
              options={templates.map((x) => ({ value: x.id, label: x.title }))}
            />
          ) : null}
          {templates.length > 0 ? (
            <details class="template-texts">
              <summary>{t(lang, 'cp.template.preview')}</summary>
              <dl>
                {templates.map((x) => (
                  <div key={x.id}>
                    <dt>{x.title}</dt>
                    <dd class="message-body">{x.body}</dd>
                  </div>
                ))}
              </dl>
            </details>
          ) : null}
          {/* Optional: a chosen template answers when the text is left empty. */}
          <TextArea {...field('answer', 'text')} label={t(lang, 'cp.field.answer')} rows={4} maxLength={ACTION_LIMITS.text} required={false} />
          <AttachmentField lang={lang} errors={state('answer').errors} again={failed?.action === 'answer'} />
        </>,
        t(lang, 'cp.action.answer'),
        { files: true },
      ),
    close: () =>
      form(
        'close',
        <>
          <Select {...field('close', 'outcome')} label={t(lang, 'cp.field.outcome')} options={CLOSE_OUTCOMES.map((o) => ({ value: o, label: t(lang, k(`cp.status.closed.${o}`)) }))} />
          {reason('close')}
        </>,
        t(lang, 'cp.action.close'),
      ),
    note: () => form('note', <TextArea {...field('note', 'text')} label={t(lang, 'cp.field.note')} rows={2} maxLength={ACTION_LIMITS.text} />, t(lang, 'cp.action.note')),
  };
  return (
    <section aria-labelledby="officer-h">
      <h2 id="officer-h">{t(lang, 'cp.officer.title')}</h2>
      {failed ? <ErrorSummary lang={lang} errors={failed.errors} ids={IDS[failed.action]} /> : null}
      {c.withoutProof ? (
        <p class="warning">
          <WithoutProofBadge lang={lang} /> {t(lang, 'cp.without_proof.hint')}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t(lang, 'cp.field.privacy')}</dt>
        <dd>{t(lang, k(`cp.privacy.${c.privacy}`))}</dd>
        <dt>{t(lang, 'cp.field.reporter')}</dt>
        <dd>
          {c.reporter.state === 'shown'
            ? [c.reporter.name, c.reporter.email, c.reporter.phone].filter(Boolean).join(' · ') || '—'
            : t(lang, k(`cp.reporter.${c.reporter.state}`))}
        </dd>
        <dt>{t(lang, 'cp.field.category')}</dt>
        <dd>{c.categoryName ?? '—'}</dd>
        <dt>{t(lang, 'cp.field.suggestion')}</dt>
        <dd>
          {c.suggestion.category === null ? '—' : (c.suggestion.categoryName ?? t(lang, 'cp.category.unknown'))}
          {c.suggestion.confidence !== null ? ` (${Math.round(c.suggestion.confidence * 100)}%)` : ''}
        </dd>
        {c.latitude !== null && c.longitude !== null ? (
          <>
            <dt>{t(lang, 'cp.field.location')}</dt>
            <dd>
              {c.latitude}, {c.longitude}
              {c.outsideArea ? <strong class="warning"> · {t(lang, 'cp.outside_area')}</strong> : null}
              <PointMap lang={lang} latitude={c.latitude} longitude={c.longitude} tiles={props.map} />
            </dd>
          </>
        ) : null}
        {c.outsideArea ? (
          <>
            <dt>{t(lang, 'cp.warning')}</dt>
            <dd>{t(lang, 'cp.outside_area.hint')}</dd>
          </>
        ) : null}
        {c.lateFiling ? (
          <>
            <dt>{t(lang, 'cp.warning')}</dt>
            <dd>{t(lang, 'complaint.warning.late_filing')}</dd>
          </>
        ) : null}
      </dl>
      <PublicationSummary request={request} c={c} />
      {/* The photos are on the report above (ComplaintDetail), for officers as for everyone who may see them. */}
      {duplicates.length > 0 ? (
        <>
          <h3>{t(lang, 'cp.duplicates')}</h3>
          <ul>
            {duplicates.map((d) => (
              <li key={d.trackingNumber}>
                <a href={`${request.basePath}/pengaduan/${d.trackingNumber}`}>{d.trackingNumber}</a> — {d.title} ({d.distanceMeters} m, {Math.round(d.similarity * 100)}%)
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {PANEL_ACTIONS.filter((a) => allowed.has(a)).map((a) => forms[a]())}
      {access.coordinator && c.privacy === 'rahasia' ? (
        <form method="post" action={`${request.basePath}/pengaduan/${c.trackingNumber}/buka-identitas`} class="action-form">
          <Csrf request={request} />
          {reason('reveal')}
          <button type="submit" class="secondary">
            {t(lang, 'cp.action.reveal')}
          </button>
        </form>
      ) : null}
      {/* A confidential report is never public: nothing to hide, unless it was hidden before. */}
      {allowed.has(c.hidden ? 'unhide' : 'hide') && (c.privacy !== 'rahasia' || c.hidden) ? (
        <section aria-labelledby="moderation-h" class="moderation">
          <h3 id="moderation-h">{t(lang, 'cp.moderation.title')}</h3>
          <p class={c.hidden ? 'warning' : 'meta'}>{t(lang, c.hidden ? 'cp.moderation.hidden' : 'cp.moderation.visible')}</p>
          {c.hidden
            ? form('unhide', reason('unhide', false), t(lang, 'cp.action.unhide'), { buttonClass: 'secondary' })
            : form('hide', reason('hide', true, t(lang, 'cp.field.hide_reason')), t(lang, 'cp.action.hide'), { buttonClass: 'secondary' })}
        </section>
      ) : null}
    </section>
  );
}

/** The answer's files: a file input (the kit has none: files are not kept when a form comes back). */
function AttachmentField({ lang, errors, again }: { lang: FastifyRequest['lang']; errors?: readonly FieldError[]; again: boolean }) {
  const error = errors?.find((e) => e.field === '/attachments');
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for="f-attachments">
        {t(lang, 'cp.field.attachments', { max: MAX_ATTACHMENTS, mb: ATTACHMENT_MAX_BYTES / 1024 / 1024, photoMb: MAX_PHOTO_BYTES / 1024 / 1024 })} ({t(lang, 'form.optional')})
      </label>
      <p class="hint" id="h-f-attachments">
        {t(lang, 'cp.hint.attachments')}
        {again ? ` ${t(lang, 'cp.hint.attachments_again')}` : ''}
      </p>
      {error ? (
        <p class="field-error" id="e-f-attachments">
          {error.message}
        </p>
      ) : null}
      <input
        id="f-attachments"
        name="attachments"
        type="file"
        accept="application/pdf,image/jpeg,image/png,image/webp"
        multiple
        aria-describedby={error ? 'h-f-attachments e-f-attachments' : 'h-f-attachments'}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

/**
 * The reporter's forms once the report is answered (what the workflow allows them): rate it and say
 * whether it is resolved, or reopen it. `code`: the reporter holding the secret code (the tracking
 * page); else the signed-in reporter names the report.
 */
export function ReporterForms({ request, complaint, code, errors }: { request: FastifyRequest; complaint: PublicComplaint; code?: string; errors?: FieldError[] }) {
  const lang = request.lang;
  const allowed = reporterActions(complaint.status);
  if (allowed.length === 0) return null;
  const action = `${request.basePath}/pengaduan/lacak/tindakan`;
  const hidden = (
    <>
      <Csrf request={request} />
      {code ? <input type="hidden" name="secretCode" value={code} /> : <input type="hidden" name="ref" value={complaint.trackingNumber} />}
    </>
  );
  return (
    <section aria-labelledby="rate-h">
      <h2 id="rate-h">{t(lang, 'cp.rate.title')}</h2>
      <ErrorSummary lang={lang} errors={errors} />
      {allowed.includes('confirm') ? (
        <form method="post" action={action}>
          {hidden}
          <input type="hidden" name="action" value="confirm" />
          <fieldset class="field">
            <legend>{t(lang, 'cp.rate.rating')}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <span class="radio inline" key={n}>
                <input type="radio" id={`r-${n}`} name="rating" value={String(n)} checked={n === 5} />
                <label for={`r-${n}`}>{n}</label>
              </span>
            ))}
          </fieldset>
          <fieldset class="field">
            <legend>{t(lang, 'cp.rate.resolved')}</legend>
            <span class="radio inline">
              <input type="radio" id="res-yes" name="resolved" value="true" checked />
              <label for="res-yes">{t(lang, 'cp.yes')}</label>
            </span>
            {/* "Not resolved" offers the reopen in the same step; closing as not resolved is the declined offer. */}
            {allowed.includes('reopen') ? (
              <span class="radio">
                <input type="radio" id="res-reopen" name="resolved" value="reopen" />
                <label for="res-reopen">{t(lang, 'cp.rate.no_reopen')}</label>
              </span>
            ) : null}
            <span class={allowed.includes('reopen') ? 'radio' : 'radio inline'}>
              <input type="radio" id="res-no" name="resolved" value="false" />
              <label for="res-no">{t(lang, allowed.includes('reopen') ? 'cp.rate.no_close' : 'cp.no')}</label>
            </span>
          </fieldset>
          <TextArea name="comment" id="f-comment" label={t(lang, 'cp.rate.comment')} lang={lang} rows={3} maxLength={ACTION_LIMITS.comment} required={false} />
          <button type="submit">{t(lang, 'cp.rate.button')}</button>
        </form>
      ) : null}
      {allowed.includes('reopen') ? (
        <>
          <h2>{t(lang, 'cp.reopen.title')}</h2>
          <form method="post" action={action}>
            {hidden}
            <input type="hidden" name="action" value="reopen" />
            <TextArea name="reason" id="f-reopen" label={t(lang, 'cp.reopen.reason')} lang={lang} rows={3} maxLength={ACTION_LIMITS.reason} />
            <button type="submit" class="secondary">
              {t(lang, 'cp.reopen.button')}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
