// The pieces every complaint page shows: dates in the tenant's zone, status and deadline badges, a list
// of reports, a report's facts and timeline with its answer files. Rendered by Preact, which escapes
// every text: a <script> in a title is shown, never run.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { Csrf, Select } from '../../web/form.js';
import { type PageProps, renderPage } from '../../web/layout.js';
import { type Lang, type MessageKey, t } from '../../platform/i18n/index.js';
import './strings.js';
import type { ListItem, PublicComplaint } from './views.js';

/** A key built from a stored code (a status, a kind, an event): every value has its text in strings.ts. */
export const k = (key: string) => key as MessageKey;

/** The maps' tile server (MAP_TILE_URL; its origin is in the CSP img-src) and its attribution. */
export interface MapTiles {
  tileUrl: string;
  attribution: string;
}

export function fmtDate(iso: string | null, lang: Lang, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function statusLabel(lang: Lang, status: string, outcome: string | null): string {
  return t(lang, k(outcome && status !== 'rejected' ? `cp.status.${status}.${outcome}` : `cp.status.${status}`));
}

export function Deadline({ lang, state, dueAt, timeZone }: { lang: Lang; state: string; dueAt: string | null; timeZone: string }) {
  if (state === 'none') return <span class="meta">—</span>;
  return (
    <span class={`badge deadline-${state}`}>
      {t(lang, k(`cp.deadline.${state}`))} · {fmtDate(dueAt, lang, timeZone)}
    </span>
  );
}

function fileSize(bytes: number, lang: Lang): string {
  const fmt = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 });
  return bytes < 1024 * 1024 ? `${fmt.format(Math.max(bytes / 1024, 0.1))} kB` : `${fmt.format(bytes / 1024 / 1024)} MB`;
}

/**
 * Where the answer's files are downloaded: by link for whoever sees the report with a session or in
 * public; by a small POST form for the reporter holding the secret code (the code never goes in a URL).
 */
export type AttachmentAccess = { kind: 'link'; complaintId: string } | { kind: 'code'; code: string };

function Attachments({ request, files, access }: { request: FastifyRequest; files: NonNullable<PublicComplaint['timeline'][number]['attachments']>; access: AttachmentAccess }) {
  const lang = request.lang;
  return (
    <ul class="attachments" aria-label={t(lang, 'cp.attachments')}>
      {files.map((f) => {
        const label = `${t(lang, 'cp.attachment.download', { name: f.name })} (${f.mime === 'application/pdf' ? 'PDF' : t(lang, 'cp.photos')}, ${fileSize(f.size, lang)})`;
        return (
          <li key={f.id}>
            {access.kind === 'link' ? (
              <a href={`${request.basePath}/api/v1/complaints/${access.complaintId}/attachments/${f.id}`} download={f.name}>
                {label}
              </a>
            ) : (
              <form method="post" action={`${request.basePath}/pengaduan/lacak/lampiran/${f.id}`} class="inline-form">
                <Csrf request={request} />
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

/**
 * Who acted, in words: a timeline keeps references (officer:<uuid>, citizen:<uuid>, system:complaints…)
 * for the API and the audit, and people never read a raw reference.
 */
export function actorLabel(lang: Lang, actor: string): string {
  const kind = actor.split(':')[0];
  if (kind === 'officer') return t(lang, 'cp.actor.officer');
  if (kind === 'system') return t(lang, 'cp.actor.system');
  if (kind === 'tenant') return t(lang, 'cp.actor.tenant');
  // citizen:<id>, reporter, reporter:code, anonymous: whoever filed the report.
  return t(lang, 'cp.actor.reporter');
}

function Timeline({ request, entries, timeZone, files }: { request: FastifyRequest; entries: PublicComplaint['timeline']; timeZone: string; files: AttachmentAccess }) {
  const lang = request.lang;
  return (
    <ol class="timeline">
      {entries.map((e, i) => (
        <li key={i} class={e.internal ? 'internal' : undefined}>
          <p class="meta">
            {fmtDate(e.at, lang, timeZone)} · {t(lang, k(`cp.event.${e.action}`))}
            {e.internal ? ` · ${t(lang, 'cp.internal')}` : ''}
            {e.actor ? ` · ${actorLabel(lang, e.actor)}` : ''}
          </p>
          {e.body ? <p class="message-body">{e.body}</p> : null}
          {e.attachments ? <Attachments request={request} files={e.attachments} access={files} /> : null}
          {e.reason ? <p>{e.reason}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** A report sent without a proof of work (the form without JavaScript): the coordinator checks it for spam. */
export function WithoutProofBadge({ lang }: { lang: Lang }) {
  return (
    <span class="badge without-proof" title={t(lang, 'cp.without_proof.hint')}>
      {t(lang, 'cp.without_proof')}
    </span>
  );
}

export function ComplaintList({ lang, items, base, timeZone, officer }: { lang: Lang; items: ListItem[]; base: string; timeZone: string; officer?: boolean }) {
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

/**
 * The report's photos the viewer may see (publication.ts decided which: `c.photos` is empty where they
 * are not the viewer's to see): lazy thumbnails linking to each photo; for the secret-code reporter of
 * a report whose photos are not public, a POST button per photo (the code never goes in a URL).
 */
function Photos({ request, c, code, photosPublic }: { request: FastifyRequest; c: PublicComplaint; code?: string; photosPublic: boolean }) {
  const lang = request.lang;
  if (c.photos.length === 0) return null;
  return (
    <>
      <h2>{t(lang, 'cp.photos')}</h2>
      {code && !photosPublic ? <p class="meta">{t(lang, 'cp.photos.private')}</p> : null}
      <ul class="inline-list photo-list">
        {c.photos.map((p) => {
          const label = t(lang, 'cp.photo', { n: p.idx + 1 });
          if (code && !photosPublic) {
            return (
              <li key={p.idx}>
                <form method="post" action={`${request.basePath}/pengaduan/lacak/foto/${p.idx}`} class="inline-form">
                  <Csrf request={request} />
                  <input type="hidden" name="code" value={code} />
                  <button type="submit" class="link-button">
                    {t(lang, 'cp.photo.view', { n: p.idx + 1 })} ({p.width}×{p.height})
                  </button>
                </form>
              </li>
            );
          }
          const src = `${request.basePath}/api/v1/complaints/${c.id}/photos/${p.idx}`;
          return (
            <li key={p.idx}>
              <a href={src}>
                <img src={src} alt={label} width={p.width} height={p.height} loading="lazy" decoding="async" />
              </a>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** A report's facts, text, photos and timeline (its answer files and photos by link, or by the secret code when given). */
export function ComplaintDetail({ request, c, timeZone, code, photosPublic = !code }: { request: FastifyRequest; c: PublicComplaint; timeZone: string; code?: string; photosPublic?: boolean }) {
  const lang = request.lang;
  const files: AttachmentAccess = code ? { kind: 'code', code } : { kind: 'link', complaintId: c.id };
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
      <Photos request={request} c={c} code={code} photosPublic={photosPublic} />
      <h2>{t(lang, 'cp.timeline')}</h2>
      <Timeline request={request} entries={c.timeline} timeZone={timeZone} files={files} />
    </>
  );
}

/** A success notice at the top of a page (after a redirect). */
export function Notice({ text }: { text: string }) {
  return (
    <p class="panel success" role="status">
      {text}
    </p>
  );
}

/** The optional category select (`categoryCode`); empty means `emptyLabel` (the router decides, or every category). */
export function CategorySelect(props: {
  lang: Lang;
  errors?: readonly FieldError[];
  value?: string;
  categories: readonly { code: string; name: string; nameEn?: string | null; requiresLocation?: boolean }[];
  label: string;
  hint: string;
  emptyLabel: string;
  showLocationNeed?: boolean;
}) {
  const { lang } = props;
  const options = props.categories.map((c) => ({
    value: c.code,
    label: `${lang === 'en' && c.nameEn ? c.nameEn : c.name}${props.showLocationNeed && c.requiresLocation ? ` — ${t(lang, 'cp.category.needs_location')}` : ''}`,
  }));
  return (
    <Select name="categoryCode" label={props.label} hint={props.hint} lang={lang} errors={props.errors} value={props.value} options={options} emptyLabel={props.emptyLabel} required={false} />
  );
}

/**
 * A page showing what must not stay in a cache or the browser's history (a secret tracking code, a
 * revealed identity): as sendPage, with Cache-Control: no-store.
 */
export function sendPrivatePage(reply: FastifyReply, props: PageProps, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(props));
}
