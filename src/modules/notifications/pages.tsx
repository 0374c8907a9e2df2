// The development mailbox page: what Gerbang "sent" in development, newest first. Not registered in
// production (the routes do not exist, so they answer 404).
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { contextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { listDevMessages } from './dev-mailbox.js';
import './strings.js';

export function registerNotificationPages(app: FastifyInstance, config: Pick<Config, 'env'>) {
  if (config.env === 'production') return;

  app.get('/dev/mailbox.json', { schema: { hide: true }, config: { policy: 'dev.mailbox' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const items = await listDevMessages(contextOf(request));
    return {
      items: items.map((m) => ({
        id: m.id,
        channel: m.channel,
        messageId: m.messageId,
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        receivedAt: m.receivedAt.toISOString(),
      })),
    };
  });

  app.get('/dev/mailbox', { schema: { hide: true }, config: { policy: 'dev.mailbox' } }, async (request, reply) => {
    const lang = request.lang;
    const items = await listDevMessages(contextOf(request));
    const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
      dateStyle: 'medium',
      timeStyle: 'medium',
      timeZone: request.tenant?.timeZone ?? 'Asia/Jakarta',
    });
    reply.header('cache-control', 'no-store');
    return sendPage(reply, {
      request,
      title: t(lang, 'devmailbox.title'),
      children: (
        <>
          <h1>{t(lang, 'devmailbox.title')}</h1>
          <p class="lead">{t(lang, 'devmailbox.intro')}</p>
          {items.length === 0 ? (
            <p>{t(lang, 'devmailbox.empty')}</p>
          ) : (
            <ul class="card-list">
              {items.map((m) => (
                <li class="card" key={m.id}>
                  <h2>
                    {m.subject ||
                      (m.channel === 'email' ? t(lang, 'devmailbox.no_subject') : t(lang, `devmailbox.channel.${m.channel}`))}
                  </h2>
                  <p class="meta">
                    {t(lang, `devmailbox.channel.${m.channel}`)} · {t(lang, 'devmailbox.to')}: {m.to}
                    {m.from ? ` · ${t(lang, 'devmailbox.from')}: ${m.from}` : ''} · {t(lang, 'devmailbox.received')}:{' '}
                    <time dateTime={m.receivedAt.toISOString()}>{time.format(m.receivedAt)}</time>
                  </p>
                  <pre class="message-body">{m.text ?? ''}</pre>
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    });
  });
}
