// Server-rendered complaint pages (no JavaScript needed, mobile first): the submission form (photos
// by multipart), the tracking page, "Laporan saya", the public list and detail, the coordinator and
// agency queues with deadline status, and the officer detail with its action forms. Every text is
// rendered by Preact, which escapes it: a <script> in a title is shown, never run.
import multipart from '@fastify/multipart';
import type { VNode } from 'preact';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/index.js';
import { DomainError, type FieldError, toProblem } from '../../platform/errors.js';
import { readMultipartForm } from '../../platform/http/multipart.js';
import { requireTenant } from '../../platform/http/tenant.js';
import { type Lang, type MessageKey, t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { ALTCHA_FIELD, needsProof, withSubmissionProof } from './antispam.js';
import { ATTACHMENT_MAX_BYTES, attachmentTooLarge, MAX_ATTACHMENTS, tooManyAttachments } from './attachments.js';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, photoTooLarge } from './photo-sanitizer.js';
import { type AreaBounds, getServiceAreaBounds } from './service-areas.js';
import { type ComplaintRouteDeps, contextFor, officerAccess, sendAttachment, toOfficerAction, viewerOf, warningsIn } from './routes.js';
import {
  actAsReporter,
  actOnComplaint,
  getComplaint,
  getTrackedAttachment,
  type ListItem,
  listCategories,
  listMyComplaints,
  listPublicComplaints,
  MAP_MAX_FEATURES,
  type MapTiles,
  OSM_TILES,
  listQueue,
  listResponseTemplates,
  type OfficerComplaint,
  type PublicComplaint,
  revealIdentity,
  type SubmitInput,
  submitComplaint,
  suggestDuplicates,
  trackComplaint,
} from './service.js';

const k = (key: string) => key as MessageKey;

// The ALTCHA web component (src/web/client/altcha.ts registers it in the browser).
declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'altcha-widget': { name: string; language: string; challenge: string; auto?: 'off' | 'onfocus' | 'onload' | 'onsubmit' };
    }
  }
}

function fmtDate(iso: string | null, lang: Lang, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function statusLabel(lang: Lang, status: string, outcome: string | null): string {
  return t(lang, k(outcome && status !== 'rejected' ? `cp.status.${status}.${outcome}` : `cp.status.${status}`));
}

function Deadline({ lang, state, dueAt, timeZone }: { lang: Lang; state: string; dueAt: string | null; timeZone: string }) {
  if (state === 'none') return <span class="meta">—</span>;
  return (
    <span class={`badge deadline-${state}`}>
      {t(lang, k(`cp.deadline.${state}`))} · {fmtDate(dueAt, lang, timeZone)}
    </span>
  );
}

export function ErrorSummary({ lang, errors }: { lang: Lang; errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{t(lang, 'cp.errors.title')}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#f-${e.field.replace(/^\//, '').replace(/\//g, '-')}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FailedAction {
  action: string;
  values: Values;
  errors: FieldError[];
}

export function fieldErr(errors: FieldError[], name: string) {
  const e = errors.find((x) => x.field === `/${name}` || x.field === `/reporter/${name.replace('reporter-', '')}`);
  return e ? (
    <p class="field-error" id={`e-${name}`}>
      {e.message}
    </p>
  ) : null;
}

export function problemOf(error: unknown, lang: Lang): FieldError[] | undefined {
  if (!(error instanceof DomainError) || error.status >= 500) return undefined;
  const problem = toProblem(error, lang);
  return problem.errors ?? [{ field: '/', code: error.code, message: problem.title }];
}

function fileSize(bytes: number, lang: Lang): string {
  const fmt = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 });
  return bytes < 1024 * 1024 ? `${fmt.format(Math.max(bytes / 1024, 0.1))} kB` : `${fmt.format(bytes / 1024 / 1024)} MB`;
}

/**
 * Where the answer's files are downloaded: by link for whoever sees the report with a session or in
 * public; by a small POST form for the reporter holding the secret code (the code never goes in a URL).
 */
type AttachmentAccess = { kind: 'link'; base: string; complaintId: string } | { kind: 'code'; base: string; code: string; csrf: string };

function Attachments({ lang, files, access }: { lang: Lang; files: NonNullable<PublicComplaint['timeline'][number]['attachments']>; access: AttachmentAccess }) {
  return (
    <ul class="attachments" aria-label={t(lang, 'cp.attachments')}>
      {files.map((f) => {
        const label = `${t(lang, 'cp.attachment.download', { name: f.name })} (${f.mime === 'application/pdf' ? 'PDF' : t(lang, 'cp.photos')}, ${fileSize(f.size, lang)})`;
        return (
          <li key={f.id}>
            {access.kind === 'link' ? (
              <a href={`${access.base}/api/v1/complaints/${access.complaintId}/attachments/${f.id}`} download={f.name}>
                {label}
              </a>
            ) : (
              <form method="post" action={`${access.base}/pengaduan/lacak/lampiran/${f.id}`} class="inline-form">
                <input type="hidden" name="_csrf" value={access.csrf} />
                <input type="hidden" name="code" value={access.code} />
                <button type="submit" class="link-button">
                  {label}
                </button>
              </form>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Timeline({ lang, entries, timeZone, files }: { lang: Lang; entries: PublicComplaint['timeline']; timeZone: string; files: AttachmentAccess }) {
  return (
    <ol class="timeline">
      {entries.map((e, i) => (
        <li key={i} class={e.internal ? 'internal' : undefined}>
          <p class="meta">
            {fmtDate(e.at, lang, timeZone)} · {t(lang, k(`cp.event.${e.action}`))}
            {e.internal ? ` · ${t(lang, 'cp.internal')}` : ''}
            {e.actor ? ` · ${e.actor}` : ''}
          </p>
          {e.body ? <p class="message-body">{e.body}</p> : null}
          {e.attachments ? <Attachments lang={lang} files={e.attachments} access={files} /> : null}
          {e.reason ? <p>{e.reason}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** A report sent without a proof of work (the form without JavaScript): the coordinator checks it for spam. */
function WithoutProofBadge({ lang }: { lang: Lang }) {
  return (
    <span class="badge without-proof" title={t(lang, 'cp.without_proof.hint')}>
      {t(lang, 'cp.without_proof')}
    </span>
  );
}

function ComplaintList({ lang, items, base, timeZone, officer }: { lang: Lang; items: ListItem[]; base: string; timeZone: string; officer?: boolean }) {
  if (items.length === 0) return <p>{t(lang, 'cp.list.empty')}</p>;
  return (
    <ul class="card-list">
      {items.map((c) => (
        <li class={`card${c.deadline === 'overdue' && officer ? ' overdue' : ''}`} key={c.id}>
          <h3>
            <a href={`${base}/pengaduan/${c.trackingNumber}`}>{c.title}</a>
          </h3>
          <p class="meta">
            {c.trackingNumber} · {statusLabel(lang, c.status, c.outcome)} · {c.agencyName ?? t(lang, 'cp.agency.none')} · {fmtDate(c.submittedAt, lang, timeZone)}
            {officer && c.privacy ? ` · ${t(lang, k(`cp.privacy.${c.privacy}`))}` : ''}
          </p>
          {officer || c.status !== 'closed' ? <Deadline lang={lang} state={c.deadline} dueAt={c.dueAt} timeZone={timeZone} /> : null}
          {officer && c.withoutProof ? (
            <>
              {' '}
              <WithoutProofBadge lang={lang} />
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export type Values = Record<string, string>;

export function Field(props: { name: string; label: string; lang: Lang; errors: FieldError[]; values: Values; type?: string; hint?: string; required?: boolean; inputMode?: string }) {
  const err = fieldErr(props.errors, props.name);
  const describedBy = [props.hint ? `h-${props.name}` : '', err ? `e-${props.name}` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={`f-${props.name}`}>
        {props.label}
        {props.required ? '' : ` (${t(props.lang, 'cp.optional')})`}
      </label>
      {props.hint ? (
        <p class="hint" id={`h-${props.name}`}>
          {props.hint}
        </p>
      ) : null}
      {err}
      <input
        id={`f-${props.name}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.values[props.name] ?? ''}
        required={props.required}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={describedBy}
        inputMode={props.inputMode as never}
      />
    </div>
  );
}

function Radios(props: { name: string; legend: string; options: { value: string; label: string; hint?: string }[]; values: Values; lang: Lang; errors: FieldError[] }) {
  const err = fieldErr(props.errors, props.name);
  return (
    <fieldset class={`field${err ? ' has-error' : ''}`} id={`f-${props.name}`}>
      <legend>{props.legend}</legend>
      {err}
      {props.options.map((o) => (
        <div class="radio" key={o.value}>
          <input type="radio" id={`f-${props.name}-${o.value}`} name={props.name} value={o.value} checked={(props.values[props.name] ?? props.options[0]!.value) === o.value} />
          <label for={`f-${props.name}-${o.value}`}>
            {o.label}
            {o.hint ? <span class="hint"> — {o.hint}</span> : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** The optional category select (`categoryCode`), its error beside it; empty means `emptyLabel`. */
export function CategorySelect(props: {
  lang: Lang;
  errors: FieldError[];
  values: Values;
  categories: { code: string; name: string; nameEn?: string | null; requiresLocation?: boolean }[];
  label: string;
  hint: string;
  emptyLabel: string;
  showLocationNeed?: boolean;
}) {
  const { lang } = props;
  const err = fieldErr(props.errors, 'categoryCode');
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for="f-categoryCode">
        {props.label} ({t(lang, 'cp.optional')})
      </label>
      <p class="hint" id="h-categoryCode">
        {props.hint}
      </p>
      {err}
      <select id="f-categoryCode" name="categoryCode" aria-describedby={err ? 'h-categoryCode e-categoryCode' : 'h-categoryCode'} aria-invalid={err ? 'true' : undefined}>
        <option value="">{props.emptyLabel}</option>
        {props.categories.map((c) => (
          <option value={c.code} selected={props.values.categoryCode === c.code} key={c.code}>
            {lang === 'en' && c.nameEn ? c.nameEn : c.name}
            {props.showLocationNeed && c.requiresLocation ? ` — ${t(lang, 'cp.category.needs_location')}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The proof-of-work widget for reporters who are not signed in (decision 0015): it fetches a fresh
 * challenge when the reporter ticks it (or, untouched, when the form is sent: `auto="onsubmit"`) and
 * fills the hidden `altcha` field. Self-hosted island
 * (static/build/altcha.js); without JavaScript the element stays empty and the form still posts.
 */
function ProofField({ request, errors }: { request: FastifyRequest; errors: FieldError[] }) {
  const lang = request.lang;
  const err = fieldErr(errors, ALTCHA_FIELD);
  return (
    <div class={`field${err ? ' has-error' : ''}`} id={`f-${ALTCHA_FIELD}`}>
      <link rel="stylesheet" href="/static/build/altcha.css" />
      <script type="module" src="/static/build/altcha.js" />
      <p class="label">{t(lang, 'cp.proof.label')}</p>
      <p class="hint" id={`h-${ALTCHA_FIELD}`}>
        {t(lang, 'cp.proof.hint')}
      </p>
      {err}
      <altcha-widget name={ALTCHA_FIELD} language={lang} challenge={`${request.basePath}/api/v1/complaints/challenge`} auto="onsubmit" />
    </div>
  );
}

/** The tile server of the maps (MAP_TILE_URL; its origin is in the CSP img-src) and its attribution. */
export function mapTiles(deps: ComplaintRouteDeps): MapTiles {
  return deps.complaints.map ?? OSM_TILES;
}

/**
 * The map above the coordinate fields (island static/build/location-picker.js, which fetches the
 * Leaflet map when the fieldset comes near the screen): a tap or the browser's position fills
 * `latitude` and `longitude`. Hidden until the map runs, so without JavaScript the fieldset is the
 * text fields only. Every text the island shows is here, in `data-*`.
 */
function LocationPicker({ lang, tiles, bounds }: { lang: Lang; tiles: { tileUrl: string; attribution: string }; bounds: AreaBounds | undefined }) {
  const msg = (key: string) => t(lang, k(`cp.picker.${key}`));
  return (
    <div
      id="location-picker"
      class="location-picker"
      hidden
      data-tiles={tiles.tileUrl}
      data-attribution={tiles.attribution}
      data-bounds={bounds?.join(',')}
      data-pin={msg('pin')}
      data-zoom-in={msg('zoom_in')}
      data-zoom-out={msg('zoom_out')}
      data-msg-placed={msg('placed')}
      data-msg-cleared={msg('cleared')}
      data-msg-locating={msg('locating')}
      data-msg-located={msg('located')}
      data-msg-denied={msg('denied')}
      data-msg-unavailable={msg('unavailable')}
      data-msg-timeout={msg('timeout')}
      data-msg-unsupported={msg('unsupported')}
    >
      <p class="hint" id="h-location-map">
        {msg('hint')}
      </p>
      <div id="location-map" class="location-map" role="region" aria-label={msg('map_label')} aria-describedby="h-location-map" />
      <p class="location-actions">
        <button type="button" class="secondary" data-action="locate">
          {msg('locate')}
        </button>{' '}
        <button type="button" class="secondary" data-action="clear">
          {msg('clear')}
        </button>
      </p>
      <p class="location-status" role="status" />
      <script type="module" src="/static/build/location-picker.js" />
    </div>
  );
}

async function SubmitForm(request: FastifyRequest, deps: ComplaintRouteDeps, values: Values, errors: FieldError[]) {
  const lang = request.lang;
  const tenant = requireTenant(request);
  const [categories, bounds] = await Promise.all([listCategories(deps, tenant), getServiceAreaBounds(contextFor(request, deps), tenant)]);
  const descErr = fieldErr(errors, 'description');
  return (
    <>
      <h1>{t(lang, 'cp.submit.title')}</h1>
      <p class="lead">{t(lang, 'cp.submit.intro')}</p>
      <ErrorSummary lang={lang} errors={errors} />
      <form method="post" action={`${request.basePath}/pengaduan/baru?_csrf=${encodeURIComponent(request.csrfToken())}`} enctype="multipart/form-data" novalidate>
        <Radios
          name="kind"
          legend={t(lang, 'cp.field.kind')}
          lang={lang}
          errors={errors}
          values={values}
          options={['pengaduan', 'aspirasi', 'permintaan_informasi'].map((v) => ({ value: v, label: t(lang, k(`cp.kind.${v}`)) }))}
        />
        <Field name="title" label={t(lang, 'cp.field.title')} lang={lang} errors={errors} values={values} required />
        <div class={`field${descErr ? ' has-error' : ''}`}>
          <label for="f-description">{t(lang, 'cp.field.description')}</label>
          <p class="hint" id="h-description">
            {t(lang, 'cp.hint.description')}
          </p>
          {descErr}
          <textarea id="f-description" name="description" rows={6} maxLength={4000} required aria-describedby="h-description" aria-invalid={descErr ? 'true' : undefined}>
            {values.description ?? ''}
          </textarea>
        </div>
        <CategorySelect
          lang={lang}
          errors={errors}
          values={values}
          categories={categories}
          label={t(lang, 'cp.field.category')}
          hint={t(lang, 'cp.hint.category')}
          emptyLabel={t(lang, 'cp.category.auto')}
          showLocationNeed
        />
        <Field name="serviceReceivedOn" type="date" label={t(lang, 'cp.field.service_date')} hint={t(lang, 'cp.hint.service_date')} lang={lang} errors={errors} values={values} />
        <fieldset class="field">
          <legend>{t(lang, 'cp.field.location')}</legend>
          <p class="hint">{t(lang, 'cp.hint.location')}</p>
          <LocationPicker lang={lang} tiles={mapTiles(deps)} bounds={bounds} />
          <Field name="address" label={t(lang, 'cp.field.address')} lang={lang} errors={errors} values={values} />
          <Field name="latitude" label={t(lang, 'cp.field.latitude')} lang={lang} errors={errors} values={values} inputMode="decimal" />
          <Field name="longitude" label={t(lang, 'cp.field.longitude')} lang={lang} errors={errors} values={values} inputMode="decimal" />
        </fieldset>
        <div class={`field${fieldErr(errors, 'photos') ? ' has-error' : ''}`}>
          <label for="f-photos">
            {t(lang, 'cp.field.photos', { max: MAX_PHOTOS, mb: MAX_PHOTO_BYTES / 1024 / 1024 })} ({t(lang, 'cp.optional')})
          </label>
          {fieldErr(errors, 'photos')}
          <input id="f-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple />
          {errors.length > 0 ? <p class="hint">{t(lang, 'cp.hint.photos_again')}</p> : null}
        </div>
        <Radios
          name="privacy"
          legend={t(lang, 'cp.field.privacy')}
          lang={lang}
          errors={errors}
          values={values}
          options={['public', 'rahasia', 'anonim'].map((v) => ({ value: v, label: t(lang, k(`cp.privacy.${v}`)), hint: t(lang, k(`cp.privacy.${v}.hint`)) }))}
        />
        <fieldset class="field">
          <legend>{t(lang, 'cp.field.contact')}</legend>
          <p class="hint">{t(lang, 'cp.hint.contact')}</p>
          <Field name="reporter-name" label={t(lang, 'cp.field.name')} lang={lang} errors={errors} values={values} />
          <Field name="reporter-email" type="email" label={t(lang, 'cp.field.email')} lang={lang} errors={errors} values={values} />
          <Field name="reporter-phone" type="tel" label={t(lang, 'cp.field.phone')} lang={lang} errors={errors} values={values} />
        </fieldset>
        {needsProof(request.principal) ? <ProofField request={request} errors={errors} /> : null}
        <button type="submit">{t(lang, 'cp.submit.button')}</button>
      </form>
    </>
  );
}

function ReporterForms({ request, complaint, code }: { request: FastifyRequest; complaint: PublicComplaint; code?: string }) {
  const lang = request.lang;
  if (complaint.status !== 'responded') return null;
  const action = `${request.basePath}/pengaduan/lacak/tindakan`;
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={request.csrfToken()} />
      {code ? <input type="hidden" name="secretCode" value={code} /> : <input type="hidden" name="ref" value={complaint.trackingNumber} />}
    </>
  );
  return (
    <section aria-labelledby="rate-h">
      <h2 id="rate-h">{t(lang, 'cp.rate.title')}</h2>
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
          <span class="radio inline">
            <input type="radio" id="res-no" name="resolved" value="false" />
            <label for="res-no">{t(lang, 'cp.no')}</label>
          </span>
        </fieldset>
        <div class="field">
          <label for="f-comment">
            {t(lang, 'cp.rate.comment')} ({t(lang, 'cp.optional')})
          </label>
          <textarea id="f-comment" name="comment" rows={3} maxLength={2000} />
        </div>
        <button type="submit">{t(lang, 'cp.rate.button')}</button>
      </form>
      <h2>{t(lang, 'cp.reopen.title')}</h2>
      <form method="post" action={action}>
        {hidden}
        <input type="hidden" name="action" value="reopen" />
        <div class="field">
          <label for="f-reopen">{t(lang, 'cp.reopen.reason')}</label>
          <textarea id="f-reopen" name="reason" rows={3} maxLength={4000} required />
        </div>
        <button type="submit" class="secondary">
          {t(lang, 'cp.reopen.button')}
        </button>
      </form>
    </section>
  );
}

function ComplaintDetail({ request, c, timeZone, code }: { request: FastifyRequest; c: PublicComplaint; timeZone: string; code?: string }) {
  const lang = request.lang;
  const files: AttachmentAccess = code
    ? { kind: 'code', base: request.basePath, code, csrf: request.csrfToken() }
    : { kind: 'link', base: request.basePath, complaintId: c.id };
  return (
    <>
      <h1>{c.title}</h1>
      <p class="meta">
        {c.trackingNumber} · {t(lang, k(`cp.kind.${c.kind}`))} · {fmtDate(c.submittedAt, lang, timeZone)}
      </p>
      <dl class="facts">
        <dt>{t(lang, 'cp.field.status')}</dt>
        <dd>
          <span class={`badge status-${c.status}${c.outcome ? ` outcome-${c.outcome}` : ''}`}>{statusLabel(lang, c.status, c.outcome)}</span>
        </dd>
        <dt>{t(lang, 'cp.field.agency')}</dt>
        <dd>{c.agencyName ?? t(lang, 'cp.agency.none')}</dd>
        <dt>{t(lang, 'cp.field.deadline')}</dt>
        <dd>
          <Deadline lang={lang} state={c.deadline} dueAt={c.dueAt} timeZone={timeZone} />
        </dd>
        {c.address ? (
          <>
            <dt>{t(lang, 'cp.field.address')}</dt>
            <dd>{c.address}</dd>
          </>
        ) : null}
        {c.rating ? (
          <>
            <dt>{t(lang, 'cp.rate.rating')}</dt>
            <dd>{c.rating} / 5</dd>
          </>
        ) : null}
      </dl>
      <p class="message-body">{c.description}</p>
      <h2>{t(lang, 'cp.timeline')}</h2>
      <Timeline lang={lang} entries={c.timeline} timeZone={timeZone} files={files} />
    </>
  );
}

function OfficerPanel({
  request,
  c,
  duplicates,
  agencies,
  templates,
  failed,
}: {
  request: FastifyRequest;
  c: OfficerComplaint;
  duplicates: { trackingNumber: string; title: string; similarity: number; distanceMeters: number }[];
  agencies: { id: string; code: string; name: string }[];
  templates: { id: string; title: string; body: string }[];
  /** The action form that was refused: its message beside the fields and what the officer typed. */
  failed?: FailedAction;
}) {
  const lang = request.lang;
  const access = officerAccess(request.principal)!;
  const action = `${request.basePath}/pengaduan/${c.trackingNumber}/tindakan`;
  const csrf = <input type="hidden" name="_csrf" value={request.csrfToken()} />;
  // Only the refused form shows errors and keeps values; the other forms stay as they were.
  const state = (name: string) => (failed?.action === name ? failed : { action: name, values: {} as Values, errors: [] as FieldError[] });
  const fieldMessage = (name: string, field: string, id: string) => {
    const e = state(name).errors.find((x) => x.field === field);
    return e ? (
      <p class="field-error" id={`e-${id}`}>
        {e.message}
      </p>
    ) : null;
  };
  const invalidAttrs = (name: string, field: string, id: string) =>
    state(name).errors.some((x) => x.field === field) ? { 'aria-invalid': 'true' as const, 'aria-describedby': `e-${id}` } : {};
  const KNOWN = ['/reason', '/text', '/tier', '/agencyId', '/ground', '/outcome', '/templateId', '/categoryCode', '/attachments'];
  const form = (name: string, body: VNode | null, label: string, opts: { files?: boolean; buttonClass?: string } = {}) => {
    // Errors without a field of this form (e.g. the report changed state meanwhile) go on top of it.
    const general = state(name).errors.filter((e) => !KNOWN.includes(e.field));
    // A form with files is multipart: its CSRF token travels in the action URL (csrf.ts).
    const target = opts.files ? `${action}?_csrf=${encodeURIComponent(request.csrfToken())}` : action;
    return (
      <form method="post" action={target} class="action-form" id={`form-${name}`} enctype={opts.files ? 'multipart/form-data' : undefined}>
        {csrf}
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
  const reason = (name: string, id: string, required = false, label = t(lang, 'cp.field.reason')) => {
    const err = fieldMessage(name, '/reason', id);
    return (
      <div class={`field${err ? ' has-error' : ''}`}>
        <label for={id}>
          {label}
          {required ? '' : ` (${t(lang, 'cp.optional')})`}
        </label>
        {err}
        <textarea id={id} name="reason" rows={2} maxLength={4000} required={required} {...invalidAttrs(name, '/reason', id)}>
          {state(name).values.reason ?? ''}
        </textarea>
      </div>
    );
  };
  const s = c.status;
  return (
    <section aria-labelledby="officer-h">
      <h2 id="officer-h">{t(lang, 'cp.officer.title')}</h2>
      {failed ? <ErrorSummary lang={lang} errors={failed.errors} /> : null}
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
        <dt>{t(lang, 'cp.field.suggestion')}</dt>
        <dd>
          {c.suggestion.category ?? '—'}
          {c.suggestion.confidence !== null ? ` (${Math.round(c.suggestion.confidence * 100)}%)` : ''}
        </dd>
        {c.lateFiling ? (
          <>
            <dt>{t(lang, 'cp.warning')}</dt>
            <dd>{t(lang, 'complaint.warning.late_filing')}</dd>
          </>
        ) : null}
      </dl>
      {c.photos.length > 0 ? (
        <>
          <h3>{t(lang, 'cp.photos')}</h3>
          <ul class="inline-list">
            {c.photos.map((p) => (
              <li key={p.idx}>
                <a href={`${request.basePath}/api/v1/complaints/${c.id}/photos/${p.idx}`}>
                  {t(lang, 'cp.photo', { n: p.idx + 1 })} ({p.width}×{p.height})
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
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
      {access.coordinator && s === 'submitted'
        ? form(
            'verify',
            <div class="field">
              <label for="f-tier">{t(lang, 'cp.field.tier')}</label>
              {fieldMessage('verify', '/tier', 'f-tier')}
              <select id="f-tier" name="tier" {...invalidAttrs('verify', '/tier', 'f-tier')}>
                {['simple', 'dispute', 'field'].map((tier) => (
                  <option value={tier} key={tier} selected={state('verify').values.tier === tier}>
                    {t(lang, k(`cp.tier.${tier}`))}
                  </option>
                ))}
              </select>
            </div>,
            t(lang, 'cp.action.verify'),
          )
        : null}
      {access.coordinator && ['verified', 'forwarded', 'in_follow_up'].includes(s)
        ? form(
            'dispatch',
            <div class="field">
              <label for="f-agency">{t(lang, 'cp.field.agency')}</label>
              {fieldMessage('dispatch', '/agencyId', 'f-agency')}
              <select id="f-agency" name="agencyId" required {...invalidAttrs('dispatch', '/agencyId', 'f-agency')}>
                {agencies.map((a) => (
                  <option value={a.code} selected={(state('dispatch').values.agencyId ?? c.agencyId) === a.id || state('dispatch').values.agencyId === a.code} key={a.code}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>,
            t(lang, 'cp.action.dispatch'),
          )
        : null}
      {access.coordinator && ['submitted', 'verified'].includes(s)
        ? form(
            'reject',
            <>
              <div class="field">
                <label for="f-ground">{t(lang, 'cp.field.ground')}</label>
                {fieldMessage('reject', '/ground', 'f-ground')}
                <select id="f-ground" name="ground" {...invalidAttrs('reject', '/ground', 'f-ground')}>
                  {['unclear', 'duplicate', 'out_of_scope'].map((g) => (
                    <option value={g} key={g} selected={state('reject').values.ground === g}>
                      {t(lang, k(`cp.ground.${g}`))}
                    </option>
                  ))}
                </select>
              </div>
              {reason('reject', 'f-reject-reason', true)}
            </>,
            t(lang, 'cp.action.reject'),
          )
        : null}
      {s === 'forwarded' ? form('start', null, t(lang, 'cp.action.start')) : null}
      {['forwarded', 'in_follow_up'].includes(s)
        ? form(
            'answer',
            <>
              {templates.length > 0 ? (
                <div class={`field${fieldMessage('answer', '/templateId', 'f-template') ? ' has-error' : ''}`}>
                  <label for="f-template">
                    {t(lang, 'cp.field.template')} ({t(lang, 'cp.optional')})
                  </label>
                  <p class="hint" id="h-template">
                    {t(lang, 'cp.template.hint')}
                  </p>
                  {fieldMessage('answer', '/templateId', 'f-template')}
                  <select
                    id="f-template"
                    name="templateId"
                    aria-describedby={fieldMessage('answer', '/templateId', 'f-template') ? 'h-template e-f-template' : 'h-template'}
                    aria-invalid={fieldMessage('answer', '/templateId', 'f-template') ? 'true' : undefined}
                  >
                    <option value="">{t(lang, 'cp.template.none')}</option>
                    {templates.map((x) => (
                      <option value={x.id} key={x.id} selected={state('answer').values.templateId === x.id}>
                        {x.title}
                      </option>
                    ))}
                  </select>
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
                </div>
              ) : null}
              <div class={`field${fieldMessage('answer', '/text', 'f-answer') ? ' has-error' : ''}`}>
                <label for="f-answer">{t(lang, 'cp.field.answer')}</label>
                {fieldMessage('answer', '/text', 'f-answer')}
                <textarea id="f-answer" name="text" rows={4} maxLength={8000} {...invalidAttrs('answer', '/text', 'f-answer')}>
                  {state('answer').values.text ?? ''}
                </textarea>
              </div>
              <div class={`field${fieldMessage('answer', '/attachments', 'f-attachments') ? ' has-error' : ''}`}>
                <label for="f-attachments">
                  {t(lang, 'cp.field.attachments', { max: MAX_ATTACHMENTS, mb: ATTACHMENT_MAX_BYTES / 1024 / 1024, photoMb: MAX_PHOTO_BYTES / 1024 / 1024 })} ({t(lang, 'cp.optional')})
                </label>
                <p class="hint" id="h-attachments">
                  {t(lang, 'cp.hint.attachments')}
                  {failed?.action === 'answer' ? ` ${t(lang, 'cp.hint.attachments_again')}` : ''}
                </p>
                {fieldMessage('answer', '/attachments', 'f-attachments')}
                <input
                  id="f-attachments"
                  name="attachments"
                  type="file"
                  accept="application/pdf,image/jpeg,image/png,image/webp"
                  multiple
                  aria-describedby={fieldMessage('answer', '/attachments', 'f-attachments') ? 'h-attachments e-f-attachments' : 'h-attachments'}
                  aria-invalid={fieldMessage('answer', '/attachments', 'f-attachments') ? 'true' : undefined}
                />
              </div>
            </>,
            t(lang, 'cp.action.answer'),
            { files: true },
          )
        : null}
      {access.coordinator && s === 'responded'
        ? form(
            'close',
            <>
              <div class="field">
                <label for="f-outcome">{t(lang, 'cp.field.outcome')}</label>
                <select id="f-outcome" name="outcome">
                  <option value="resolved">{t(lang, 'cp.status.closed.resolved')}</option>
                  <option value="unresolved">{t(lang, 'cp.status.closed.unresolved')}</option>
                </select>
              </div>
              {reason('close', 'f-close-reason', true)}
            </>,
            t(lang, 'cp.action.close'),
          )
        : null}
      {form(
        'note',
        <div class="field">
          <label for="f-note">{t(lang, 'cp.field.note')}</label>
          {fieldMessage('note', '/text', 'f-note')}
          <textarea id="f-note" name="text" rows={2} maxLength={8000} required {...invalidAttrs('note', '/text', 'f-note')}>
            {state('note').values.text ?? ''}
          </textarea>
        </div>,
        t(lang, 'cp.action.note'),
      )}
      {access.coordinator && c.privacy === 'rahasia' ? (
        <form method="post" action={`${request.basePath}/pengaduan/${c.trackingNumber}/buka-identitas`} class="action-form">
          {csrf}
          {reason('reveal', 'f-reveal-reason', true)}
          <button type="submit" class="secondary">
            {t(lang, 'cp.action.reveal')}
          </button>
        </form>
      ) : null}
      {access.coordinator && (c.privacy !== 'rahasia' || c.hidden) ? (
        <section aria-labelledby="moderation-h" class="moderation">
          <h3 id="moderation-h">{t(lang, 'cp.moderation.title')}</h3>
          <p class={c.hidden ? 'warning' : 'meta'}>{t(lang, c.hidden ? 'cp.moderation.hidden' : 'cp.moderation.visible')}</p>
          {c.hidden
            ? form('unhide', reason('unhide', 'f-unhide-reason'), t(lang, 'cp.action.unhide'), { buttonClass: 'secondary' })
            : form('hide', reason('hide', 'f-hide-reason', true, t(lang, 'cp.field.hide_reason')), t(lang, 'cp.action.hide'), { buttonClass: 'secondary' })}
        </section>
      ) : null}
    </section>
  );
}

function toSubmitInput(v: Values, photos: Buffer[]): SubmitInput {
  const num = (s: string | undefined) => (s && s.trim() !== '' ? Number(s.replace(',', '.')) : undefined);
  return {
    kind: (['pengaduan', 'aspirasi', 'permintaan_informasi'].includes(v.kind ?? '') ? v.kind : 'pengaduan') as SubmitInput['kind'],
    title: v.title ?? '',
    description: v.description ?? '',
    categoryCode: v.categoryCode || undefined,
    serviceReceivedOn: v.serviceReceivedOn || undefined,
    latitude: num(v.latitude),
    longitude: num(v.longitude),
    address: v.address,
    privacy: (['public', 'rahasia', 'anonim'].includes(v.privacy ?? '') ? v.privacy : 'public') as SubmitInput['privacy'],
    reporter: { name: v['reporter-name'], email: v['reporter-email'], phone: v['reporter-phone'] },
    photos,
  };
}

/** The multipart file-count limit as the answer form's own error on its file field. */
function asAttachmentError(error: unknown): unknown {
  return (error as { code?: string }).code === 'FST_FILES_LIMIT' ? tooManyAttachments() : error;
}

function noStore(reply: FastifyReply) {
  reply.header('cache-control', 'no-store');
}

export async function registerComplaintPages(app: FastifyInstance, deps: ComplaintRouteDeps) {
  const hide = { hide: true };

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 30, parts: 40 } });

    scope.get('/pengaduan/baru', { schema: hide, config: { policy: 'complaints.submit' } }, async (request, reply) => {
      return sendPage(reply, { request, title: t(request.lang, 'cp.submit.title'), children: await SubmitForm(request, deps, {}, []) });
    });

    scope.post('/pengaduan/baru', { schema: hide, config: { policy: 'complaints.submit' } }, async (request, reply) => {
      const lang = request.lang;
      const tenant = requireTenant(request);
      const values: Values = {};
      try {
        const { files } = await readMultipartForm(request, { values, fileTooLarge: photoTooLarge });
        const photos = files.map((f) => f.data);
        const result = await withSubmissionProof(deps.antiSpam, request, values[ALTCHA_FIELD], 'form', (proof) =>
          submitComplaint(contextFor(request, deps), tenant, { ...toSubmitInput(values, photos), withoutProof: proof.withoutProof, proof: proof.challenge }),
        );
        noStore(reply);
        return sendPage(reply, {
          request,
          title: t(lang, 'cp.done.title'),
          children: (
            <>
              <h1>{t(lang, 'cp.done.title')}</h1>
              <div class="panel success" role="status">
                <p>{t(lang, 'cp.done.number')}</p>
                <p class="big-code">{result.trackingNumber}</p>
                {result.secretCode ? (
                  <>
                    <p>
                      <strong>{t(lang, 'cp.done.secret')}</strong>
                    </p>
                    <p class="big-code">{result.secretCode}</p>
                  </>
                ) : null}
                <p>{t(lang, 'cp.done.deadline', { date: fmtDate(result.dueAt, lang, tenant.timeZone) })}</p>
                {warningsIn(lang, result.warnings).map((w) => (
                  <p class="warning" key={w.code}>
                    {w.message}
                  </p>
                ))}
              </div>
              <p>
                <a href={`${request.basePath}/pengaduan/lacak`}>{t(lang, 'cp.track.title')}</a>
              </p>
            </>
          ),
        });
      } catch (error) {
        let errors = problemOf(error, lang);
        const code = (error as { code?: string }).code;
        if (!errors && (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')) {
          errors = [{ field: '/photos', code: 'too_many', message: t(lang, 'error.complaint.too_many_photos', { limit: MAX_PHOTOS }) }];
        }
        if (!errors) throw error;
        const status = error instanceof DomainError ? error.status : 400;
        if (status === 429 && error instanceof DomainError) reply.header('retry-after', String(error.vars.seconds ?? 60));
        return sendPage(reply, { request, title: t(lang, 'cp.submit.title'), children: await SubmitForm(request, deps, values, errors) }, status);
      }
    });
  });

  app.get<{ Querystring: { cursor?: string } }>('/pengaduan', { schema: hide, config: { policy: 'complaints.view' } }, async (request, reply) => {
    const lang = request.lang;
    const tenant = requireTenant(request);
    const page = await listPublicComplaints(contextFor(request, deps), tenant, { limit: 20, cursor: request.query.cursor });
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.list.title'),
      children: (
        <>
          <h1>{t(lang, 'cp.list.title')}</h1>
          <p class="lead">{t(lang, 'cp.list.intro')}</p>
          <p>
            <a class="button" href={`${request.basePath}/pengaduan/baru`}>
              {t(lang, 'cp.submit.title')}
            </a>{' '}
            <a href={`${request.basePath}/pengaduan/lacak`}>{t(lang, 'cp.track.title')}</a>{' '}
            <a href={`${request.basePath}/pengaduan/peta`}>{t(lang, 'cp.map.link')}</a>
          </p>
          <ComplaintList lang={lang} items={page.items} base={request.basePath} timeZone={tenant.timeZone} />
          {page.nextCursor ? (
            <p>
              <a href={`${request.basePath}/pengaduan?cursor=${encodeURIComponent(page.nextCursor)}`}>{t(lang, 'cp.list.more')}</a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  // The public map: a list that works without JavaScript, plus a Leaflet island (static/build/complaints-map.js)
  // that reads the GeoJSON endpoint. Tiles come from MAP_TILE_URL (its origin is in the CSP img-src).
  app.get('/pengaduan/peta', { schema: hide, config: { policy: 'complaints.view' } }, async (request, reply) => {
    const lang = request.lang;
    const tenant = requireTenant(request);
    const page = await listPublicComplaints(contextFor(request, deps), tenant, { limit: 50 });
    const map = mapTiles(deps);
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.map.title'),
      children: (
        <>
          <link rel="stylesheet" href="/static/build/complaints-map.css" />
          <h1>{t(lang, 'cp.map.title')}</h1>
          <p class="lead">{t(lang, 'cp.map.intro')}</p>
          <div
            id="complaints-map"
            class="complaint-map"
            role="region"
            aria-label={t(lang, 'cp.map.label')}
            data-geojson={`${request.basePath}/api/v1/complaints/geojson?lang=${lang}`}
            data-base={request.basePath}
            data-tiles={map.tileUrl}
            data-attribution={map.attribution}
            data-max={String(MAP_MAX_FEATURES)}
          />
          <h2>{t(lang, 'cp.map.list')}</h2>
          <ComplaintList lang={lang} items={page.items} base={request.basePath} timeZone={tenant.timeZone} />
          {page.nextCursor ? (
            <p>
              <a href={`${request.basePath}/pengaduan?cursor=${encodeURIComponent(page.nextCursor)}`}>{t(lang, 'cp.list.more')}</a>
            </p>
          ) : null}
          <script type="module" src="/static/build/complaints-map.js" />
        </>
      ),
    });
  });

  const trackPage = (request: FastifyRequest, children: VNode | null, errors: FieldError[] = []) => {
    const lang = request.lang;
    return (
      <>
        <h1>{t(lang, 'cp.track.title')}</h1>
        <ErrorSummary lang={lang} errors={errors} />
        <form method="post" action={`${request.basePath}/pengaduan/lacak`}>
          <input type="hidden" name="_csrf" value={request.csrfToken()} />
          <div class={`field${errors.length ? ' has-error' : ''}`}>
            <label for="f-code">{t(lang, 'cp.track.code')}</label>
            <p class="hint" id="h-code">
              {t(lang, 'cp.track.hint')}
            </p>
            {errors.length ? (
              <p class="field-error" id="e-code">
                {errors[0]!.message}
              </p>
            ) : null}
            <input id="f-code" name="code" autocomplete="off" required aria-describedby="h-code" aria-invalid={errors.length ? 'true' : undefined} />
          </div>
          <button type="submit">{t(lang, 'cp.track.button')}</button>
        </form>
        {children}
      </>
    );
  };

  app.get('/pengaduan/lacak', { schema: hide, config: { policy: 'complaints.view' } }, async (request, reply) =>
    sendPage(reply, { request, title: t(request.lang, 'cp.track.title'), children: trackPage(request, null) }),
  );

  async function showTracked(request: FastifyRequest, reply: FastifyReply, code: string, notice?: string) {
    const tenant = requireTenant(request);
    const lang = request.lang;
    try {
      const c = await trackComplaint(contextFor(request, deps), tenant, code);
      noStore(reply);
      return sendPage(reply, {
        request,
        title: t(lang, 'cp.track.title'),
        children: (
          <>
            {notice ? (
              <p class="panel success" role="status">
                {notice}
              </p>
            ) : null}
            <ComplaintDetail request={request} c={c} timeZone={tenant.timeZone} code={code} />
            <ReporterForms request={request} complaint={c} code={code} />
          </>
        ),
      });
    } catch (error) {
      const errors = problemOf(error, lang);
      if (!errors) throw error;
      return sendPage(reply, { request, title: t(lang, 'cp.track.title'), children: trackPage(request, null, errors.map((e) => ({ ...e, field: '/code' }))) }, 404);
    }
  }

  app.post<{ Body: { code?: string } }>('/pengaduan/lacak', { schema: hide, config: { policy: 'complaints.view' } }, async (request, reply) =>
    showTracked(request, reply, String(request.body?.code ?? '')),
  );

  // A file of an answer for the reporter with the secret code: the code in the POST body, never the URL.
  app.post<{ Params: { id: string }; Body: { code?: string } }>('/pengaduan/lacak/lampiran/:id', { schema: hide, config: { policy: 'complaints.view' } }, async (request, reply) => {
    const file = await getTrackedAttachment(contextFor(request, deps), requireTenant(request), String(request.body?.code ?? ''), request.params.id);
    return sendAttachment(reply, file, 'no-store');
  });

  app.post<{ Body: Record<string, string> }>('/pengaduan/lacak/tindakan', { schema: hide, config: { policy: 'complaints.act' } }, async (request, reply) => {
    const b = request.body ?? {};
    const tenant = requireTenant(request);
    const lang = request.lang;
    const code = b.secretCode;
    const who = code ? { secretCode: code } : request.principal.kind === 'citizen' ? { citizenId: request.principal.id } : undefined;
    if (!who) throw new DomainError('auth.required', 401, 'error.auth_required');
    const input =
      b.action === 'reopen'
        ? { action: 'reopen' as const, reason: b.reason ?? '' }
        : { action: 'confirm' as const, rating: Number(b.rating), comment: b.comment, resolved: b.resolved === 'true' };
    try {
      await actAsReporter(contextFor(request, deps), tenant, who, 'secretCode' in who ? null : (b.ref ?? ''), input);
    } catch (error) {
      const errors = problemOf(error, lang);
      if (!errors || !code) throw error;
      return showTracked(request, reply, code, errors.map((e) => e.message).join(' '));
    }
    if (code) return showTracked(request, reply, code, t(lang, 'cp.rate.thanks'));
    return reply.redirect(`${request.basePath}/pengaduan/${encodeURIComponent(b.ref ?? '')}`, 303);
  });

  app.get('/pengaduan/saya', { schema: hide, config: { policy: 'complaints.mine' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const principal = request.principal;
    if (principal.kind !== 'citizen') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
    const items = await listMyComplaints(contextFor(request, deps), tenant, principal.id);
    return sendPage(reply, {
      request,
      title: t(request.lang, 'cp.mine.title'),
      children: (
        <>
          <h1>{t(request.lang, 'cp.mine.title')}</h1>
          <ComplaintList lang={request.lang} items={items} base={request.basePath} timeZone={tenant.timeZone} />
        </>
      ),
    });
  });

  app.get<{ Querystring: { agency?: string } }>('/petugas/pengaduan', { schema: hide, config: { policy: 'complaints.handle' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const lang = request.lang;
    const access = officerAccess(request.principal);
    if (!access) throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
    const ctx = contextFor(request, deps);
    const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
    const mine = access.agencies === 'all' ? agencies : agencies.filter((a) => (access.agencies as readonly string[]).includes(a.id));
    const code = request.query.agency ?? (access.coordinator ? undefined : mine[0]?.code);
    const agency = code ? agencies.find((a) => a.code === code) : undefined;
    if (code && !agency) throw new DomainError('complaint.not_found', 404, 'error.complaint.not_found');
    const items = await listQueue(ctx, tenant, access, { agencyId: agency?.id });
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.queue.title'),
      children: (
        <>
          <h1>
            {t(lang, 'cp.queue.title')}
            {agency ? ` — ${agency.name}` : ` — ${t(lang, 'cp.queue.coordinator')}`}
          </h1>
          <nav aria-label={t(lang, 'cp.queue.title')}>
            <ul class="inline-list">
              {access.coordinator ? (
                <li>
                  <a href={`${request.basePath}/petugas/pengaduan`}>{t(lang, 'cp.queue.coordinator')}</a>
                </li>
              ) : null}
              {mine.map((a) => (
                <li key={a.code}>
                  <a href={`${request.basePath}/petugas/pengaduan?agency=${a.code}`}>{a.name}</a>
                </li>
              ))}
              {can(request.principal, 'complaints.routing') ? (
                <>
                  <li>
                    <a href={`${request.basePath}/petugas/pengaduan/model-rute`}>{t(lang, 'cp.routing.link')}</a>
                  </li>
                  <li>
                    <a href={`${request.basePath}/petugas/pengaduan/wilayah-layanan`}>{t(lang, 'cp.areas.title')}</a>
                  </li>
                </>
              ) : null}
            </ul>
          </nav>
          <p class="meta">{t(lang, 'cp.queue.count', { count: items.length, overdue: items.filter((i) => i.deadline === 'overdue').length })}</p>
          <ComplaintList lang={lang} items={items} base={request.basePath} timeZone={tenant.timeZone} officer />
        </>
      ),
    });
  });

  app.get<{ Params: { ref: string } }>('/pengaduan/:ref', { schema: hide, config: { policy: 'complaints.view' } }, async (request, reply) =>
    showComplaint(request, reply, request.params.ref),
  );

  /** The report page; after a refused officer action, with that form's errors and values (status 4xx). */
  async function showComplaint(request: FastifyRequest, reply: FastifyReply, ref: string, failed?: FailedAction, status = 200) {
    const tenant = requireTenant(request);
    const ctx = contextFor(request, deps);
    const result = await getComplaint(ctx, tenant, viewerOf(request.principal), ref);
    const duplicates = result.view === 'officer' ? await suggestDuplicates(ctx, tenant, officerAccess(request.principal)!, result.complaint.id) : [];
    const flash = (request.query as Record<string, string | undefined>).ok;
    // Moderation says what it changed: the public views (list, map, Open311) no longer show the report, or show it again.
    const flashText = flash === 'hide' || flash === 'unhide' ? t(request.lang, `cp.saved.${flash}`) : t(request.lang, 'cp.saved');
    return sendPage(reply, {
      request,
      title: result.complaint.title,
      children: (
        <>
          {flash ? (
            <p class="panel success" role="status">
              {flashText}
            </p>
          ) : null}
          <ComplaintDetail request={request} c={result.complaint} timeZone={tenant.timeZone} />
          {result.view === 'officer' ? (
            <OfficerPanel request={request} c={result.complaint as OfficerComplaint} duplicates={duplicates} agencies={await ctx.deps.agencies.list(ctx, tenant.id)}
              templates={await listResponseTemplates(ctx, tenant, result.complaint.agencyId)}
              failed={failed}
            />
          ) : null}
          {result.view === 'reporter' ? <ReporterForms request={request} complaint={result.complaint} /> : null}
        </>
      ),
    }, status);
  }

  // The officer action forms. The answer form is multipart (its attachments); the others are plain forms.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: MAX_ATTACHMENTS, fields: 20, parts: 30 } });
    scope.post<{ Params: { ref: string }; Body: Record<string, string> | undefined }>(
      '/pengaduan/:ref/tindakan',
      { schema: hide, config: { policy: 'complaints.handle' } },
      async (request, reply) => {
        const tenant = requireTenant(request);
        const access = officerAccess(request.principal);
        if (!access) throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
        // Filled as the form arrives, so a file refused halfway keeps what was typed before it.
        const b: Values = request.isMultipart() ? {} : { ...(request.body ?? {}) };
        try {
          const files = request.isMultipart()
            ? (await readMultipartForm(request, { values: b, fileTooLarge: (name) => attachmentTooLarge(name) })).files.map((f) => ({ name: f.filename, data: f.data }))
            : [];
          const input = toOfficerAction({ ...b, action: b.action as never } as never);
          const updated = await actOnComplaint(contextFor(request, deps), tenant, access, request.params.ref, input.action === 'answer' ? { ...input, attachments: files } : input);
          const ok = input.action === 'hide' || input.action === 'unhide' ? input.action : '1';
          return reply.redirect(`${request.basePath}/pengaduan/${updated.trackingNumber}?ok=${ok}`, 303);
        } catch (thrown) {
          // Refused input: the page again, the message beside the field, the typed text kept. Not
          // found / not allowed stay the error page (nothing to re-render for this officer).
          const error = asAttachmentError(thrown);
          const errors = problemOf(error, request.lang);
          if (!errors || !(error instanceof DomainError) || error.status === 404 || error.status === 403) throw error;
          const { _csrf: _token, ...values } = b;
          return showComplaint(request, reply, request.params.ref, { action: String(b.action ?? ''), values, errors }, error.status);
        }
      },
    );
  });

  app.post<{ Params: { ref: string }; Body: { reason?: string } }>(
    '/pengaduan/:ref/buka-identitas',
    { schema: hide, config: { policy: 'complaints.reveal' } },
    async (request, reply) => {
      const tenant = requireTenant(request);
      const access = officerAccess(request.principal);
      if (!access) throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
      let identity: Awaited<ReturnType<typeof revealIdentity>>;
      try {
        identity = await revealIdentity(contextFor(request, deps), tenant, access, request.params.ref, request.body?.reason ?? '');
      } catch (error) {
        const errors = problemOf(error, request.lang);
        if (!errors || !(error instanceof DomainError) || error.status === 404 || error.status === 403) throw error;
        return showComplaint(request, reply, request.params.ref, { action: 'reveal', values: { reason: request.body?.reason ?? '' }, errors }, error.status);
      }
      noStore(reply);
      return sendPage(reply, {
        request,
        title: t(request.lang, 'cp.action.reveal'),
        children: (
          <>
            <h1>{t(request.lang, 'cp.action.reveal')}</h1>
            <p class="warning">{t(request.lang, 'cp.reveal.logged')}</p>
            <dl class="facts">
              <dt>{t(request.lang, 'cp.field.name')}</dt>
              <dd>{identity.name ?? '—'}</dd>
              <dt>{t(request.lang, 'cp.field.email')}</dt>
              <dd>{identity.email ?? '—'}</dd>
              <dt>{t(request.lang, 'cp.field.phone')}</dt>
              <dd>{identity.phone ?? '—'}</dd>
            </dl>
            <p>
              <a href={`${request.basePath}/pengaduan/${request.params.ref}`}>{t(request.lang, 'cp.back')}</a>
            </p>
          </>
        ),
      });
    },
  );
}
