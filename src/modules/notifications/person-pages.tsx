// Server-rendered pages: the signed-in person's inbox (/notifikasi) and notification settings
// (/notifikasi/pengaturan), and the tenant admins' template pages (/admin/templat-notifikasi). No
// client JavaScript: forms POST and redirect (303); a refused form is shown again with an error
// summary, errors beside the fields and what was typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/index.js';
import type { TemplateChannel } from '../../db/schema.js';
import { requirePrincipal } from '../../platform/auth/index.js';
import type { AuditAppender } from '../../platform/context.js';
import { encodeCursor, parseCursor } from '../../platform/cursor.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { type Lang, type MessageKey, t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { type InboxContext, isUuid, listInbox, markAllRead, markRead } from './inbox.js';
import { actorOf, personOf } from './me-routes.js';
import { getPreferences, type PreferenceUpdate, type Preferences, updatePreferences } from './people.js';
import {
  isNotificationEvent,
  listTemplates,
  NOTIFICATION_EVENTS,
  type NotificationEvent,
  previewTemplate,
  saveTemplate,
  TEMPLATE_CHANNELS,
  type TemplateDraft,
  type TemplateLang,
  type TemplatePreview,
} from './templates.js';

interface FieldMessage {
  field: string;
  message: string;
}

type FormBody = Record<string, string | string[] | undefined>;

function values(body: FormBody, name: string): string[] {
  const v = body[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
function value(body: FormBody, name: string): string | undefined {
  return values(body, name)[0];
}

/** '/channels/otp' → 'ch-otp'; '/lang' → 'lang': the id of the input a field error belongs to. */
function inputId(field: string): string {
  const path = field.replace(/^\//, '').replaceAll('~1', '/').replaceAll('~0', '~');
  if (path.startsWith('channels/')) return `ch-${path.slice('channels/'.length).replace(/[^a-z0-9]+/gi, '-')}`;
  return path.replace(/[^a-z0-9]+/gi, '-') || 'form';
}

function fieldMessages(error: DomainError, lang: Lang): FieldMessage[] {
  return error.fieldErrors.map((e) => ({
    field: e.field,
    message: 'messageKey' in e ? t(lang, e.messageKey, e.vars) : e.message,
  }));
}

function ErrorSummary({ lang, errors }: { lang: Lang; errors: FieldMessage[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t(lang, 'notifpage.error_summary')}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#${inputId(e.field)}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldError({ errors, field }: { errors: FieldMessage[]; field: string }) {
  const mine = errors.filter((e) => e.field === field);
  if (mine.length === 0) return null;
  return (
    <p class="field-error" id={`${inputId(field)}-error`}>
      {mine.map((e) => e.message).join(' ')}
    </p>
  );
}

function Csrf({ request }: { request: FastifyRequest }) {
  return <input type="hidden" name="_csrf" value={request.csrfToken()} />;
}

function Notice({ children }: { children: string }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

const channelKey = (c: TemplateChannel) => `notifpage.channel.${c}` as MessageKey;

export function registerPersonNotificationPages(app: FastifyInstance, deps: { db: Db; audit: AuditAppender }) {
  const ctxFor = (request: FastifyRequest): InboxContext => ({ db: deps.db, audit: deps.audit, actor: actorOf(request) });

  // ---- inbox ----
  app.get<{ Querystring: { before?: string; done?: string } }>(
    '/notifikasi',
    { schema: { hide: true }, config: { policy: 'notifications.self' } },
    async (request, reply) => {
      const lang = request.lang;
      const { tenantId, person } = personOf(request);
      // A cursor that is not one of ours starts from the newest, as the page always did.
      const position = typeof request.query.before === 'string' ? parseCursor(request.query.before) : undefined;
      const before = position && isUuid(position.id) ? position : undefined;
      const page = await listInbox({ db: deps.db }, tenantId, person, { limit: 20, before });
      const base = request.basePath;
      const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: request.tenant?.timeZone ?? 'Asia/Jakarta',
      });
      reply.header('cache-control', 'no-store');
      return sendPage(reply, {
        request,
        title: t(lang, 'notifpage.inbox.title'),
        children: (
          <>
            <h1>{t(lang, 'notifpage.inbox.title')}</h1>
            {request.query.done === 'read' ? <Notice>{t(lang, 'notifpage.inbox.marked')}</Notice> : null}
            {request.query.done === 'all' ? <Notice>{t(lang, 'notifpage.inbox.marked_all')}</Notice> : null}
            <p class="lead" id="unread-count">
              {page.unread === 0 ? t(lang, 'notifpage.inbox.none_unread') : t(lang, 'notifpage.inbox.unread', { count: page.unread })}
            </p>
            <p>
              <a href={`${base}/notifikasi/pengaturan`}>{t(lang, 'notifpage.prefs.title')}</a>
            </p>
            {page.unread > 0 ? (
              <form method="post" action={`${base}/notifikasi/baca-semua`} class="inline-form">
                <Csrf request={request} />
                <button type="submit" class="button-secondary">
                  {t(lang, 'notifpage.inbox.mark_all')}
                </button>
              </form>
            ) : null}
            {page.items.length === 0 ? (
              <p>{t(lang, 'notifpage.inbox.empty')}</p>
            ) : (
              <ul class="inbox-list">
                {page.items.map((item) => (
                  <li class={item.readAt ? 'card' : 'card unread'} key={item.id}>
                    <h2 lang={item.lang}>{item.title}</h2>
                    <p class="meta">
                      <time dateTime={item.visibleAt.toISOString()}>{time.format(item.visibleAt)}</time> ·{' '}
                      <strong>{item.readAt ? t(lang, 'notifpage.inbox.read') : t(lang, 'notifpage.inbox.unread_label')}</strong>
                    </p>
                    <p class="message-body" lang={item.lang}>
                      {item.text}
                    </p>
                    {item.readAt ? null : (
                      <form method="post" action={`${base}/notifikasi/${item.id}/baca`} class="inline-form">
                        <Csrf request={request} />
                        <button type="submit" class="button-secondary">
                          {t(lang, 'notifpage.inbox.mark_read')}
                          <span class="visually-hidden">: {item.title}</span>
                        </button>
                      </form>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {page.next ? (
              <p>
                <a
                  href={`${base}/notifikasi?before=${encodeCursor(page.next)}`}
                >
                  {t(lang, 'notifpage.inbox.older')}
                </a>
              </p>
            ) : null}
          </>
        ),
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/notifikasi/:id/baca',
    { schema: { hide: true }, config: { policy: 'notifications.self' } },
    async (request, reply) => {
      const { tenantId, person } = personOf(request);
      await markRead(ctxFor(request), tenantId, person, request.params.id);
      return reply.redirect(`${request.basePath}/notifikasi?done=read`, 303);
    },
  );

  app.post('/notifikasi/baca-semua', { schema: { hide: true }, config: { policy: 'notifications.self' } }, async (request, reply) => {
    const { tenantId, person } = personOf(request);
    await markAllRead(ctxFor(request), tenantId, person);
    return reply.redirect(`${request.basePath}/notifikasi?done=all`, 303);
  });

  // ---- preferences ----
  function preferencesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    prefs: Preferences,
    state: { errors?: FieldMessage[]; saved?: boolean; status?: number } = {},
  ) {
    const lang = request.lang;
    const errors = state.errors ?? [];
    const base = request.basePath;
    const isOfficer = prefs.person.kind === 'officer';
    return sendPage(
      reply,
      {
        request,
        title: t(lang, 'notifpage.prefs.title'),
        children: (
          <>
            <p>
              <a href={`${base}/notifikasi`}>← {t(lang, 'notifpage.inbox.title')}</a>
            </p>
            <h1>{t(lang, 'notifpage.prefs.title')}</h1>
            {state.saved ? <Notice>{t(lang, 'notifpage.prefs.saved')}</Notice> : null}
            <ErrorSummary lang={lang} errors={errors} />
            <p class="lead">{t(lang, 'notifpage.prefs.intro')}</p>
            <form method="post" action={`${base}/notifikasi/pengaturan`} novalidate>
              <Csrf request={request} />
              <fieldset id="lang" aria-describedby={errors.some((e) => e.field === '/lang') ? 'lang-error' : undefined}>
                <legend>{t(lang, 'notifpage.prefs.lang')}</legend>
                <FieldError errors={errors} field="/lang" />
                {(['', 'id', 'en'] as const).map((l) => (
                  <label class="choice" key={l || 'profile'}>
                    <input type="radio" name="lang" value={l} checked={(prefs.lang ?? '') === l} />{' '}
                    {l === '' ? t(lang, 'notifpage.prefs.lang_profile') : l === 'id' ? 'Bahasa Indonesia' : 'English'}
                  </label>
                ))}
              </fieldset>
              {prefs.events.map((e) => {
                const field = `/channels/${e.event}`;
                const id = inputId(field);
                const hasError = errors.some((x) => x.field === field);
                return (
                  <fieldset key={e.event} id={id} aria-describedby={[`${id}-hint`, hasError ? `${id}-error` : ''].filter(Boolean).join(' ')}>
                    <legend>{NOTIFICATION_EVENTS[e.event].description[lang]}</legend>
                    <p class="hint" id={`${id}-hint`}>
                      {e.optOut ? t(lang, 'notifpage.prefs.optional') : t(lang, 'notifpage.prefs.locked')}
                    </p>
                    <FieldError errors={errors} field={field} />
                    <input type="hidden" name="events" value={e.event} />
                    {TEMPLATE_CHANNELS.map((c) => (
                      <label class="choice" key={c}>
                        <input type="checkbox" name={`ch.${e.event}`} value={c} checked={e.channels.includes(c)} /> {t(lang, channelKey(c))}
                      </label>
                    ))}
                  </fieldset>
                );
              })}
              {isOfficer ? (
                <fieldset id="digest">
                  <legend>{t(lang, 'notifpage.prefs.digest')}</legend>
                  <p class="hint">{t(lang, 'notifpage.prefs.digest_hint')}</p>
                  <FieldError errors={errors} field="/digest" />
                  {(['none', 'daily'] as const).map((d) => (
                    <label class="choice" key={d}>
                      <input type="radio" name="digest" value={d} checked={prefs.digest === d} /> {t(lang, `notifpage.prefs.digest_${d}` as MessageKey)}
                    </label>
                  ))}
                </fieldset>
              ) : null}
              <button type="submit">{t(lang, 'notifpage.save')}</button>
            </form>
          </>
        ),
      },
      state.status ?? 200,
    );
  }

  app.get<{ Querystring: { saved?: string } }>(
    '/notifikasi/pengaturan',
    { schema: { hide: true }, config: { policy: 'notifications.self' } },
    async (request, reply) => {
      const { tenantId, person } = personOf(request);
      reply.header('cache-control', 'no-store');
      return preferencesPage(request, reply, await getPreferences({ db: deps.db }, tenantId, person), {
        saved: request.query.saved === '1',
      });
    },
  );

  app.post('/notifikasi/pengaturan', { schema: { hide: true }, config: { policy: 'notifications.self' } }, async (request, reply) => {
    const { tenantId, person } = personOf(request);
    const body = (request.body ?? {}) as FormBody;
    const update: PreferenceUpdate = { channels: {} };
    const langValue = value(body, 'lang');
    if (langValue !== undefined) update.lang = langValue === '' ? null : (langValue as TemplateLang);
    const digest = value(body, 'digest');
    if (digest !== undefined) update.digest = digest as 'none' | 'daily';
    for (const event of new Set(values(body, 'events'))) update.channels![event] = values(body, `ch.${event}`);
    try {
      await updatePreferences(ctxFor(request), tenantId, person, update);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 400) throw error;
      // Show the form again as submitted, with the errors.
      const current = await getPreferences({ db: deps.db }, tenantId, person);
      const submitted: Preferences = {
        ...current,
        lang: update.lang === undefined ? current.lang : update.lang === 'id' || update.lang === 'en' ? update.lang : null,
        digest: update.digest === 'daily' ? 'daily' : update.digest === 'none' ? 'none' : current.digest,
        events: current.events.map((e) =>
          update.channels![e.event]
            ? { ...e, channels: TEMPLATE_CHANNELS.filter((c) => update.channels![e.event]!.includes(c)) }
            : e,
        ),
      };
      return preferencesPage(request, reply, submitted, { errors: fieldMessages(error, request.lang), status: 400 });
    }
    return reply.redirect(`${request.basePath}/notifikasi/pengaturan?saved=1`, 303);
  });

  // ---- template admin ----
  app.get('/admin/templat-notifikasi', { schema: { hide: true }, config: { policy: 'notifications.templates' } }, async (request, reply) => {
    const lang = request.lang;
    const p = requirePrincipal(request, 'officer');
    const items = await listTemplates({ db: deps.db }, p.tenantId);
    const base = request.basePath;
    const events = Object.keys(NOTIFICATION_EVENTS) as NotificationEvent[];
    return sendPage(reply, {
      request,
      title: t(lang, 'notifpage.templates.title'),
      children: (
        <>
          <h1>{t(lang, 'notifpage.templates.title')}</h1>
          <p class="lead">{t(lang, 'notifpage.templates.intro')}</p>
          {events.map((event) => (
            <section key={event}>
              <h2>{NOTIFICATION_EVENTS[event].description[lang]}</h2>
              <ul class="plain-list">
                {(['id', 'en'] as const).flatMap((l) =>
                  TEMPLATE_CHANNELS.map((c) => {
                    const i = items.find((x) => x.event === event && x.lang === l && x.channel === c);
                    // WhatsApp without a template of its own uses the SMS text: offer to write one.
                    if (!i && c !== 'whatsapp') return null;
                    return (
                      <li key={`${l}/${c}`}>
                        <a href={`${base}/admin/templat-notifikasi/${event}/${l}/${c}`}>
                          {t(lang, channelKey(c))} · {l === 'id' ? 'Bahasa Indonesia' : 'English'}
                        </a>{' '}
                        <span class="meta">
                          (
                          {!i
                            ? t(lang, 'notifpage.templates.uses_sms')
                            : i.source === 'tenant'
                              ? t(lang, 'notifpage.templates.own')
                              : t(lang, 'notifpage.templates.default')}
                          )
                        </span>
                      </li>
                    );
                  }),
                )}
              </ul>
            </section>
          ))}
        </>
      ),
    });
  });

  type TplParams = { event: string; lang: string; channel: string };
  function checkKey(params: TplParams): { event: NotificationEvent; lang: TemplateLang; channel: TemplateChannel } {
    if (
      !isNotificationEvent(params.event) ||
      (params.lang !== 'id' && params.lang !== 'en') ||
      !TEMPLATE_CHANNELS.includes(params.channel as TemplateChannel)
    ) {
      throw new DomainError('not_found', 404, 'error.not_found');
    }
    return { event: params.event, lang: params.lang, channel: params.channel as TemplateChannel };
  }

  function templatePage(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: TemplateDraft & { event: NotificationEvent },
    state: { preview?: TemplatePreview; errors?: FieldMessage[]; saved?: boolean; status?: number; previewOnly?: boolean },
  ) {
    const lang = request.lang;
    const errors = state.errors ?? [];
    const base = request.basePath;
    const action = `${base}/admin/templat-notifikasi/${draft.event}/${draft.lang}/${draft.channel}`;
    const hasSubject = draft.channel === 'email' || draft.channel === 'inapp';
    const vars = Object.entries(NOTIFICATION_EVENTS[draft.event].variables);
    const described = (field: string) => (errors.some((e) => e.field === field) ? `${inputId(field)}-error` : undefined);
    const preview = state.preview;
    const warnings = (preview?.warnings ?? []).map((w: PendingFieldError) => t(lang, w.messageKey, w.vars));
    return sendPage(
      reply,
      {
        request,
        title: t(lang, 'notifpage.templates.edit'),
        children: (
          <>
            <p>
              <a href={`${base}/admin/templat-notifikasi`}>← {t(lang, 'notifpage.templates.title')}</a>
            </p>
            <h1>
              {NOTIFICATION_EVENTS[draft.event].description[lang]}: {t(lang, channelKey(draft.channel))} ·{' '}
              {draft.lang === 'id' ? 'Bahasa Indonesia' : 'English'}
            </h1>
            {state.saved ? <Notice>{t(lang, 'notifpage.templates.saved')}</Notice> : null}
            <ErrorSummary lang={lang} errors={errors} />
            <h2>{t(lang, 'notifpage.templates.variables')}</h2>
            <ul class="plain-list">
              {vars.map(([name, spec]) => (
                <li key={name}>
                  <code>{`{{${name}}}`}</code> — {t(lang, `notifpage.vartype.${spec.type}` as MessageKey)}
                  {spec.required ? `, ${t(lang, 'notifpage.templates.required')}` : ''} ({t(lang, 'notifpage.templates.example')}:{' '}
                  {String(spec.example)})
                </li>
              ))}
            </ul>
            <form method="post" action={action} novalidate>
              <Csrf request={request} />
              {hasSubject ? (
                <div class="field">
                  <label for="subject">{t(lang, draft.channel === 'email' ? 'notifpage.templates.subject' : 'notifpage.templates.title_field')}</label>
                  <FieldError errors={errors} field="/subject" />
                  <input id="subject" name="subject" type="text" value={draft.subject ?? ''} aria-describedby={described('/subject')} />
                </div>
              ) : null}
              <div class="field">
                <label for="text">{t(lang, 'notifpage.templates.text')}</label>
                <FieldError errors={errors} field="/text" />
                <textarea id="text" name="text" rows={8} aria-describedby={described('/text')}>
                  {draft.text}
                </textarea>
              </div>
              {draft.channel === 'email' ? (
                <div class="field">
                  <label for="html">{t(lang, 'notifpage.templates.html')}</label>
                  <FieldError errors={errors} field="/html" />
                  <textarea id="html" name="html" rows={10} aria-describedby={described('/html')}>
                    {draft.html ?? ''}
                  </textarea>
                </div>
              ) : null}
              <div class="button-row">
                <button type="submit" name="action" value="preview" class="button-secondary">
                  {t(lang, 'notifpage.templates.preview_button')}
                </button>
                <button type="submit" name="action" value="save">
                  {t(lang, 'notifpage.save')}
                </button>
              </div>
            </form>
            {preview ? (
              <section class="preview" aria-labelledby="preview-title">
                <h2 id="preview-title">{t(lang, 'notifpage.templates.preview')}</h2>
                {warnings.length > 0 ? (
                  <div class="warning" role="status">
                    <ul>
                      {warnings.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {preview.sms ? (
                  <p class="meta" id="sms-info">
                    {t(lang, 'notifpage.templates.sms_info', {
                      segments: preview.sms.segments,
                      encoding: preview.sms.encoding,
                      units: preview.sms.units,
                    })}
                  </p>
                ) : null}
                {preview.subject ? (
                  <p>
                    <strong>{preview.subject}</strong>
                  </p>
                ) : null}
                <pre class="message-body">{preview.text}</pre>
              </section>
            ) : null}
          </>
        ),
      },
      state.status ?? 200,
    );
  }

  app.get<{ Params: TplParams; Querystring: { saved?: string } }>(
    '/admin/templat-notifikasi/:event/:lang/:channel',
    { schema: { hide: true }, config: { policy: 'notifications.templates' } },
    async (request, reply) => {
      const p = requirePrincipal(request, 'officer');
      const key = checkKey(request.params);
      const all = await listTemplates({ db: deps.db }, p.tenantId);
      const find = (channel: TemplateChannel) => all.find((i) => i.event === key.event && i.lang === key.lang && i.channel === channel);
      // A WhatsApp template starts from the SMS text it replaces.
      const current = find(key.channel) ?? (key.channel === 'whatsapp' ? find('sms') : undefined);
      const draft = { ...key, subject: current?.subject ?? '', text: current?.text ?? '', html: current?.html ?? '' };
      let preview: TemplatePreview | undefined;
      try {
        preview = current ? previewTemplate(draft) : undefined;
      } catch {
        preview = undefined;
      }
      return templatePage(request, reply, draft, { preview, saved: request.query.saved === '1' });
    },
  );

  app.post<{ Params: TplParams }>(
    '/admin/templat-notifikasi/:event/:lang/:channel',
    { schema: { hide: true }, config: { policy: 'notifications.templates' } },
    async (request, reply) => {
      const p = requirePrincipal(request, 'officer');
      const key = checkKey(request.params);
      const body = (request.body ?? {}) as FormBody;
      const draft = {
        ...key,
        subject: key.channel === 'email' || key.channel === 'inapp' ? (value(body, 'subject') ?? '') : null,
        text: value(body, 'text') ?? '',
        html: key.channel === 'email' ? value(body, 'html') || null : null,
      };
      try {
        if (value(body, 'action') === 'preview') {
          return templatePage(request, reply, draft, { preview: previewTemplate(draft) });
        }
        await saveTemplate({ db: deps.db, audit: deps.audit, actor: { kind: 'officer', id: p.id } }, p.tenantId, draft);
      } catch (error) {
        if (!(error instanceof DomainError) || error.status !== 400) throw error;
        return templatePage(request, reply, draft, { errors: fieldMessages(error, request.lang), status: 400 });
      }
      return reply.redirect(`${request.basePath}/admin/templat-notifikasi/${key.event}/${key.lang}/${key.channel}?saved=1`, 303);
    },
  );
}
