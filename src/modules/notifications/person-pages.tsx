// Server-rendered pages of the signed-in person: the inbox (/notifikasi) and notification settings
// (/notifikasi/pengaturan), and the unread count in the header of every page. No client JavaScript:
// forms (web/form.tsx) POST and redirect (303); a refused form is shown again with an error summary,
// errors beside the fields and what was chosen.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Fragment } from 'preact';
import type { TemplateChannel } from '../../db/schema.js';
import { parseCursor } from '../../platform/cursor.js';
import type { FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type MessageKey, t } from '../../platform/i18n/index.js';
import { Checkboxes, ErrorSummary, Form, handleForm, Radios } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { eventDefinition } from './event-registry.js';
import { isUuid, listInbox, markAllRead, markRead, personOf } from './inbox.js';
import { getPreferences, type PreferenceUpdate, type Preferences, updatePreferences } from './people.js';
import { TEMPLATE_CHANNELS, type TemplateLang } from './templates.js';
import './strings.js';

type FormBody = Record<string, string | string[] | undefined>;

function values(body: unknown, name: string): string[] {
  const v = ((body ?? {}) as FormBody)[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export const channelKey = (c: TemplateChannel) => `notifpage.channel.${c}` as MessageKey;

function Notice({ children }: { children: string }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

// ---- inbox ----

async function inboxPage(request: FastifyRequest, reply: FastifyReply, state: { errors?: FieldError[]; status?: number } = {}) {
  const ctx = tenantContextOf(request);
  const lang = ctx.lang;
  const query = request.query as { before?: unknown; done?: unknown };
  // A cursor that is not one of ours starts from the newest, as the page always did.
  const position = typeof query.before === 'string' ? parseCursor(query.before) : undefined;
  const before = position && isUuid(position.id) ? position : undefined;
  const page = await listInbox(ctx, personOf(ctx.actor), { limit: 20, before });
  const base = request.basePath;
  const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.tenant.timeZone });
  reply.header('cache-control', 'no-store');
  return sendPage(
    reply,
    {
      request,
      title: t(lang, 'notifpage.inbox.title'),
      children: (
        <>
          <h1>{t(lang, 'notifpage.inbox.title')}</h1>
          {query.done === 'read' ? <Notice>{t(lang, 'notifpage.inbox.marked')}</Notice> : null}
          {query.done === 'all' ? <Notice>{t(lang, 'notifpage.inbox.marked_all')}</Notice> : null}
          <ErrorSummary lang={lang} errors={state.errors} />
          <p class="lead" id="unread-count">
            {page.unread === 0 ? t(lang, 'notifpage.inbox.none_unread') : t(lang, 'notifpage.inbox.unread', { count: page.unread })}
          </p>
          <p>
            <a href={`${base}/notifikasi/pengaturan`}>{t(lang, 'notifpage.prefs.title')}</a>
          </p>
          {page.unread > 0 ? (
            <Form request={request} action={`${base}/notifikasi/baca-semua`} class="inline-form">
              <button type="submit" class="button-secondary">
                {t(lang, 'notifpage.inbox.mark_all')}
              </button>
            </Form>
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
                    <Form request={request} action={`${base}/notifikasi/${item.id}/baca`} class="inline-form">
                      <button type="submit" class="button-secondary">
                        {t(lang, 'notifpage.inbox.mark_read')}
                        <span class="visually-hidden">: {item.title}</span>
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
          {page.nextCursor ? (
            <p>
              <a href={`${base}/notifikasi?before=${page.nextCursor}`}>{t(lang, 'notifpage.inbox.older')}</a>
            </p>
          ) : null}
        </>
      ),
    },
    state.status ?? 200,
  );
}

// ---- settings ----

/** '/channels/complaint.updated' (a JSON pointer, ~1 for '/') → '/ch.complaint.updated', the form's field. */
function formField(error: FieldError): FieldError {
  const channel = /^\/channels\/(.+)$/.exec(error.field);
  return channel ? { ...error, field: `/ch.${channel[1]!.replaceAll('~1', '/').replaceAll('~0', '~')}` } : error;
}

function preferencesPage(request: FastifyRequest, reply: FastifyReply, prefs: Preferences, state: { errors?: FieldError[]; saved?: boolean; status?: number } = {}) {
  const lang = request.lang;
  const errors = state.errors?.map(formField);
  const base = request.basePath;
  const channels = TEMPLATE_CHANNELS.map((c) => ({ value: c, label: t(lang, channelKey(c)) }));
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
          <Form request={request} action={`${base}/notifikasi/pengaturan`}>
            <Radios
              name="lang"
              legend={t(lang, 'notifpage.prefs.lang')}
              lang={lang}
              errors={errors}
              value={prefs.lang ?? ''}
              options={[
                { value: '', label: t(lang, 'notifpage.prefs.lang_profile') },
                { value: 'id', label: 'Bahasa Indonesia' },
                { value: 'en', label: 'English' },
              ]}
            />
            {prefs.events.map((e) => (
              <Fragment key={e.event}>
                <input type="hidden" name="events" value={e.event} />
                <Checkboxes
                  name={`ch.${e.event}`}
                  legend={eventDefinition(e.event).description[lang]}
                  hint={e.optOut ? t(lang, 'notifpage.prefs.optional') : t(lang, 'notifpage.prefs.locked')}
                  lang={lang}
                  errors={errors}
                  values={e.channels}
                  options={channels}
                />
              </Fragment>
            ))}
            {prefs.person.kind === 'officer' ? (
              <Radios
                name="digest"
                legend={t(lang, 'notifpage.prefs.digest')}
                hint={t(lang, 'notifpage.prefs.digest_hint')}
                lang={lang}
                errors={errors}
                value={prefs.digest}
                options={(['none', 'daily'] as const).map((d) => ({ value: d, label: t(lang, `notifpage.prefs.digest_${d}`) }))}
              />
            ) : null}
            <button type="submit">{t(lang, 'notifpage.save')}</button>
          </Form>
        </>
      ),
    },
    state.status ?? 200,
  );
}

/** The settings form as sent: a language, per listed event the channels ticked, an officer's digest. */
function preferenceUpdateOf(body: unknown): PreferenceUpdate {
  const update: PreferenceUpdate = { channels: {} };
  const [lang] = values(body, 'lang');
  if (lang !== undefined) update.lang = lang === '' ? null : (lang as TemplateLang);
  const [digest] = values(body, 'digest');
  if (digest !== undefined) update.digest = digest as 'none' | 'daily';
  for (const event of new Set(values(body, 'events'))) update.channels![event] = values(body, `ch.${event}`);
  return update;
}

/** The saved preferences with what the refused form chose on top, to show it again as sent. */
function asSubmitted(current: Preferences, update: PreferenceUpdate): Preferences {
  const chosen = update.channels ?? {};
  return {
    ...current,
    lang: update.lang === undefined ? current.lang : update.lang === 'id' || update.lang === 'en' ? update.lang : null,
    digest: update.digest === 'daily' ? 'daily' : update.digest === 'none' ? 'none' : current.digest,
    events: current.events.map((e) => (chosen[e.event] ? { ...e, channels: TEMPLATE_CHANNELS.filter((c) => chosen[e.event]!.includes(c)) } : e)),
  };
}

export function registerPersonNotificationPages(app: FastifyInstance) {
  const self = { schema: { hide: true }, config: { policy: 'notifications.self' } } as const;

  app.get('/notifikasi', self, (request, reply) => inboxPage(request, reply));

  app.post<{ Params: { id: string } }>(
    '/notifikasi/:id/baca',
    self,
    handleForm({
      act: async (request) => {
        const ctx = tenantContextOf(request);
        await markRead(ctx, personOf(ctx.actor), (request.params as { id: string }).id);
        return `${request.basePath}/notifikasi?done=read`;
      },
      show: (request, reply, _values, errors, status) => inboxPage(request, reply, { errors, status }),
    }),
  );

  app.post(
    '/notifikasi/baca-semua',
    self,
    handleForm({
      act: async (request) => {
        const ctx = tenantContextOf(request);
        await markAllRead(ctx, personOf(ctx.actor));
        return `${request.basePath}/notifikasi?done=all`;
      },
      show: (request, reply, _values, errors, status) => inboxPage(request, reply, { errors, status }),
    }),
  );

  app.get<{ Querystring: { saved?: string } }>('/notifikasi/pengaturan', self, async (request, reply) => {
    const ctx = tenantContextOf(request);
    reply.header('cache-control', 'no-store');
    return preferencesPage(request, reply, await getPreferences(ctx, personOf(ctx.actor)), { saved: request.query.saved === '1' });
  });

  app.post(
    '/notifikasi/pengaturan',
    self,
    handleForm<PreferenceUpdate>({
      read: (request) => preferenceUpdateOf(request.body),
      act: async (request, update) => {
        const ctx = tenantContextOf(request);
        await updatePreferences(ctx, personOf(ctx.actor), update);
        return `${request.basePath}/notifikasi/pengaturan?saved=1`;
      },
      show: async (request, reply, update, errors, status) => {
        const ctx = tenantContextOf(request);
        const current = await getPreferences(ctx, personOf(ctx.actor));
        return preferencesPage(request, reply, asSubmitted(current, update), { errors, status });
      },
    }),
  );
}

