// Share links on pages (no JavaScript needed): in the wallet, the holder makes a link to one document
// (1, 7 or 30 days), sees the link once, lists and revokes their links; the link's public page shows the
// document's verification facts and offers the download until it expires or is revoked — an expired,
// revoked or unknown link is a page that says which (410 or 404), never the document.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.js';
import { attachmentDisposition, type FileStore } from '../../platform/files/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t, type Lang, type MessageKey } from '../../platform/i18n/index.js';
import { ErrorSummary, Form, handleForm, Radios } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import type { MyDocument } from './service.js';
import { openSharedDocument, openSharedDocumentFile, revokeDocumentShareLink, SHARE_DAYS, type ShareLink } from './share-links.js';
import { Facts, fmtDate, StatusNotice, zoneOf } from './verify-page.js';
import './strings.js';

const hide = { hide: true } as const;
export const walletPath = (request: FastifyRequest) => `${request.basePath}/dokumen`;

/** The form under each valid document in the wallet: how long the link works, and the button. */
export function ShareForm({ request, doc, errors, days }: { request: FastifyRequest; doc: MyDocument; errors?: Parameters<typeof ErrorSummary>[0]['errors']; days?: string }) {
  const lang = request.lang;
  if (doc.status !== 'valid') return null;
  return (
    <Form request={request} action={`${walletPath(request)}/${doc.id}/bagikan`} class="form">
      <ErrorSummary lang={lang} errors={errors} ids={{ days: `f-days-${doc.id}` }} />
      <Radios
        name="days"
        id={`f-days-${doc.id}`}
        legend={t(lang, 'doc.wallet.share.legend')}
        hint={t(lang, 'doc.wallet.share.hint')}
        lang={lang}
        errors={errors}
        value={days ?? '7'}
        options={SHARE_DAYS.map((d) => ({ value: String(d), label: t(lang, `doc.wallet.share.day${d}`) }))}
      />
      <button class="button secondary" type="submit">
        {t(lang, 'doc.wallet.share.submit')}
      </button>
    </Form>
  );
}

/** The wallet's list of the holder's links, and the link just made (shown this once). */
export function ShareLinks({ request, links, created, revoked }: { request: FastifyRequest; links: ShareLink[]; created?: string; revoked?: boolean }) {
  const lang = request.lang;
  const zone = zoneOf(request);
  const url = created ? `${request.protocol}://${request.host}${request.basePath}${created}` : undefined;
  return (
    <section aria-labelledby="share-links">
      <h2 id="share-links">{t(lang, 'doc.wallet.share.links')}</h2>
      {url ? (
        <div id="share-created" class="notice" role="status" tabIndex={-1}>
          <p>{t(lang, 'doc.wallet.share.created')}</p>
          <p>
            <label for="share-url">{t(lang, 'doc.wallet.share.created_label')}</label>
          </p>
          <input id="share-url" type="text" readOnly value={url} />
          <p>
            <a href={url}>{url}</a>
          </p>
        </div>
      ) : null}
      {revoked ? (
        <p id="share-revoked" class="notice" role="status">
          {t(lang, 'doc.wallet.share.revoked_ok')}
        </p>
      ) : null}
      {links.length === 0 ? (
        <p>{t(lang, 'doc.wallet.share.none')}</p>
      ) : (
        <ul class="card-list">
          {links.map((link) => (
            <li class="card" key={link.id}>
              <p>
                <strong>{t(lang, 'doc.wallet.share.for', { number: link.number })}</strong> — {t(lang, `doc.wallet.share.state.${link.state}`)}
              </p>
              <p class="meta">{t(lang, 'doc.wallet.share.until', { date: fmtDate(link.expiresAt, lang, zone) })}</p>
              {link.state === 'active' ? (
                <Form request={request} action={`${walletPath(request)}/tautan/${link.id}/cabut`}>
                  <button class="button secondary" type="submit" aria-label={t(lang, 'doc.wallet.share.revoke_label', { number: link.number, date: fmtDate(link.createdAt, lang, zone) })}>
                    {t(lang, 'doc.wallet.share.revoke')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** An expired, revoked or unknown link: a page that says which, with the status it deserves. */
function sendGone(request: FastifyRequest, reply: FastifyReply, error: DomainError) {
  const lang = request.lang;
  const title = t(lang, 'doc.share.title');
  const key = error.messageKey as MessageKey;
  return sendPage(
    reply,
    {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <div class="notice error" role="status">
            <p>{t(lang, key)}</p>
          </div>
        </>
      ),
    },
    error.status,
  );
}

const isShareRefusal = (error: unknown): error is DomainError => error instanceof DomainError && (error.code === 'documents.share_not_found' || error.code === 'documents.share_gone');

function ShareView({ lang, zone, document, expiresAt, download }: { lang: Lang; zone: string; document: Awaited<ReturnType<typeof openSharedDocument>>['document']; expiresAt: string; download: string }) {
  return (
    <>
      <p>{t(lang, 'doc.share.intro', { date: fmtDate(expiresAt, lang, zone) })}</p>
      <StatusNotice doc={document} lang={lang} zone={zone} />
      <h2>{document.title}</h2>
      <p class="hint">{t(lang, 'doc.share.verify_hint')}</p>
      <Facts doc={document} lang={lang} zone={zone} holder={document.holder} />
      <p>
        <a class="button" href={download} download>
          {t(lang, 'doc.share.download')} ({document.number})
        </a>
      </p>
    </>
  );
}

export function registerSharePages(app: FastifyInstance, files: FileStore) {
  app.get<{ Params: { token: string } }>('/dokumen/bagikan/:token', { schema: hide, config: { policy: 'documents.shared' } }, async (request, reply) => {
    const lang = request.lang;
    // The token is the credential: no referrer carries it to a page the document links to.
    reply.header('referrer-policy', 'no-referrer');
    try {
      const shared = await openSharedDocument(tenantContextOf(request), { token: request.params.token });
      const title = t(lang, 'doc.share.title');
      const download = `${request.basePath}/dokumen/bagikan/${request.params.token}/unduh`;
      return sendPage(reply, {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <ShareView lang={lang} zone={zoneOf(request)} document={shared.document} expiresAt={shared.expiresAt} download={download} />
          </>
        ),
      });
    } catch (error) {
      if (isShareRefusal(error)) return sendGone(request, reply, error);
      throw error;
    }
  });

  app.get<{ Params: { token: string } }>('/dokumen/bagikan/:token/unduh', { schema: hide, config: { policy: 'documents.shared' } }, async (request, reply) => {
    try {
      const file = await openSharedDocumentFile(tenantContextOf(request), files, { token: request.params.token });
      return reply
        .type('application/pdf')
        .header('content-disposition', attachmentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    } catch (error) {
      if (isShareRefusal(error)) return sendGone(request, reply, error);
      throw error;
    }
  });

  app.post<{ Params: { id: string } }>(
    '/dokumen/tautan/:id/cabut',
    { schema: hide, config: { policy: 'documents.mine' } },
    handleForm({
      async act(request) {
        const { id } = request.params as { id: string };
        await revokeDocumentShareLink(tenantContextOf(request), { id });
        return { to: `${walletPath(request)}#share-revoked`, flash: { errors: [], values: { revoked: '1' } } };
      },
      show() {
        // Every refusal of a revocation is a 404 (not the holder's link), which the error handler answers.
        throw new Error('unreachable');
      },
      isFormError: () => false,
    }),
  );
}
