// The tenant admins' template pages: /admin/templat-notifikasi lists every registered event's
// templates (own or default), /admin/templat-notifikasi/{event}/{lang}/{channel} edits one with its
// variables listed. "Preview" shows the form again with the draft rendered with the example values
// (nothing is saved, so a reload only renders it again); "Save" is a form of the kit: saved → 303 to
// the page, refused → the form again with the errors beside the fields.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { TemplateChannel } from '../../db/schema.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, formErrors, formValues, handleForm, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { eventDefinition, isNotificationEvent, type NotificationEvent } from './event-registry.js';
import { channelKey } from './person-pages.js';
import { listedEvents, listTemplates, previewTemplate, saveTemplate, TEMPLATE_CHANNELS, type TemplateDraft, type TemplateLang, type TemplatePreview } from './templates.js';
import './strings.js';

type TemplateKey = { event: NotificationEvent; lang: TemplateLang; channel: TemplateChannel };
type TplParams = { event: string; lang: string; channel: string };

/** The template a URL names; 404 for an event no module registered, another language or channel. */
function keyOf(request: FastifyRequest): TemplateKey {
  const params = request.params as TplParams;
  if (!isNotificationEvent(params.event) || (params.lang !== 'id' && params.lang !== 'en') || !TEMPLATE_CHANNELS.includes(params.channel as TemplateChannel)) {
    throw new DomainError('not_found', 404, 'error.not_found');
  }
  return { event: params.event, lang: params.lang, channel: params.channel as TemplateChannel };
}

/** The draft the edit form sent (subject only where the channel has one, HTML only for e-mail). */
function draftOf(request: FastifyRequest): TemplateDraft & TemplateKey {
  const key = keyOf(request);
  const form = formValues(request.body);
  return {
    ...key,
    subject: key.channel === 'email' || key.channel === 'inapp' ? (form.subject ?? '') : null,
    text: form.text ?? '',
    html: key.channel === 'email' ? form.html || null : null,
  };
}

function templatePage(
  request: FastifyRequest,
  reply: FastifyReply,
  draft: TemplateDraft & TemplateKey,
  state: { preview?: TemplatePreview; errors?: FieldError[]; saved?: boolean; status?: number },
) {
  const lang = request.lang;
  const base = request.basePath;
  const definition = eventDefinition(draft.event);
  const preview = state.preview;
  const warnings = (preview?.warnings ?? []).map((w) => t(lang, w.messageKey, w.vars));
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
            {definition.description[lang]}: {t(lang, channelKey(draft.channel))} · {draft.lang === 'id' ? 'Bahasa Indonesia' : 'English'}
          </h1>
          {state.saved ? (
            <p class="notice" role="status">
              {t(lang, 'notifpage.templates.saved')}
            </p>
          ) : null}
          <ErrorSummary lang={lang} errors={state.errors} />
          <h2>{t(lang, 'notifpage.templates.variables')}</h2>
          <ul class="plain-list">
            {Object.entries(definition.variables).map(([name, spec]) => (
              <li key={name}>
                <code>{`{{${name}}}`}</code> — {t(lang, `notifpage.vartype.${spec.type}`)}
                {spec.required ? `, ${t(lang, 'notifpage.templates.required')}` : ''} ({t(lang, 'notifpage.templates.example')}: {String(spec.example)})
              </li>
            ))}
          </ul>
          <Form request={request} action={`${base}/admin/templat-notifikasi/${draft.event}/${draft.lang}/${draft.channel}`}>
            {draft.channel === 'email' || draft.channel === 'inapp' ? (
              <Field
                name="subject"
                label={t(lang, draft.channel === 'email' ? 'notifpage.templates.subject' : 'notifpage.templates.title_field')}
                lang={lang}
                errors={state.errors}
                value={draft.subject ?? ''}
              />
            ) : null}
            <TextArea name="text" label={t(lang, 'notifpage.templates.text')} lang={lang} errors={state.errors} value={draft.text} rows={8} />
            {draft.channel === 'email' ? (
              <TextArea name="html" label={t(lang, 'notifpage.templates.html')} lang={lang} errors={state.errors} value={draft.html ?? ''} rows={10} />
            ) : null}
            <div class="button-row">
              <button type="submit" name="action" value="preview" class="button-secondary">
                {t(lang, 'notifpage.templates.preview_button')}
              </button>
              <button type="submit" name="action" value="save">
                {t(lang, 'notifpage.save')}
              </button>
            </div>
          </Form>
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
                  {t(lang, 'notifpage.templates.sms_info', { segments: preview.sms.segments, encoding: preview.sms.encoding, units: preview.sms.units })}
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

async function listPage(request: FastifyRequest, reply: FastifyReply) {
  const ctx = tenantContextOf(request);
  const lang = ctx.lang;
  const items = await listTemplates(ctx);
  const base = request.basePath;
  return sendPage(reply, {
    request,
    title: t(lang, 'notifpage.templates.title'),
    children: (
      <>
        <h1>{t(lang, 'notifpage.templates.title')}</h1>
        <p class="lead">{t(lang, 'notifpage.templates.intro')}</p>
        {listedEvents().map((event) => (
          <section key={event}>
            <h2>{eventDefinition(event).description[lang]}</h2>
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
}

/** The edit page: the template in effect (a WhatsApp one starts from the SMS text it replaces), previewed. */
async function editPage(request: FastifyRequest<{ Querystring: { saved?: string } }>, reply: FastifyReply) {
  const key = keyOf(request);
  const all = await listTemplates(tenantContextOf(request));
  const find = (channel: TemplateChannel) => all.find((i) => i.event === key.event && i.lang === key.lang && i.channel === channel);
  const current = find(key.channel) ?? (key.channel === 'whatsapp' ? find('sms') : undefined);
  const draft = { ...key, subject: current?.subject ?? '', text: current?.text ?? '', html: current?.html ?? '' };
  let preview: TemplatePreview | undefined;
  try {
    preview = current ? previewTemplate(draft) : undefined;
  } catch {
    preview = undefined;
  }
  return templatePage(request, reply, draft, { preview, saved: request.query.saved === '1' });
}

const save: RouteHandlerMethod = handleForm<TemplateDraft & TemplateKey>({
  read: draftOf,
  act: async (request, draft) => {
    await saveTemplate(tenantContextOf(request), draft);
    return `${request.basePath}/admin/templat-notifikasi/${draft.event}/${draft.lang}/${draft.channel}?saved=1`;
  },
  show: (request, reply, draft, errors, status) => templatePage(request, reply, draft, { errors, status }),
});

export function registerTemplatePages(app: FastifyInstance) {
  const admin = { schema: { hide: true }, config: { policy: 'notifications.templates' } } as const;
  app.get('/admin/templat-notifikasi', admin, listPage);
  app.get<{ Params: TplParams; Querystring: { saved?: string } }>('/admin/templat-notifikasi/:event/:lang/:channel', admin, editPage);
  app.post<{ Params: TplParams }>('/admin/templat-notifikasi/:event/:lang/:channel', admin, async function (request, reply) {
    if (formValues(request.body).action !== 'preview') return save.call(this, request, reply);
    const draft = draftOf(request);
    try {
      return templatePage(request, reply, draft, { preview: previewTemplate(draft) });
    } catch (error) {
      const errors = formErrors(request.lang, error);
      if (!errors) throw error;
      return templatePage(request, reply, draft, { errors, status: (error as DomainError).status });
    }
  });
}
