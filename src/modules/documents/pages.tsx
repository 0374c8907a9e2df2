// The documents' pages (no JavaScript needed): the public verification page (verify-page.tsx), the
// citizen's wallet with downloads and share links (share-pages.tsx: the links' own pages).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { attachmentDisposition, type FileStore } from '../../platform/files/index.js';
import { t } from '../../platform/i18n/index.js';
import { handleForm, takeFormFlash } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { listMyDocuments, openMyDocument } from './service.js';
import { createDocumentShareLink, listDocumentShareLinks } from './share-links.js';
import { registerSharePages, ShareForm, ShareLinks, walletPath } from './share-pages.js';
import { Facts, registerVerifyPage, StatusNotice, zoneOf } from './verify-page.js';
import './strings.js';

const hide = { hide: true } as const;

interface WalletState {
  /** The path of the share link just made (shown this once). */
  created?: string;
  revoked?: boolean;
  /** A share form refused, shown again beside its document. */
  refused?: { documentId: string; errors: FieldError[]; days?: string };
}

async function showWallet(request: FastifyRequest, reply: FastifyReply, state: WalletState, status = 200) {
  const lang = request.lang;
  const ctx = tenantContextOf(request);
  const [docs, links] = await Promise.all([listMyDocuments(ctx), listDocumentShareLinks(ctx)]);
  const title = t(lang, 'doc.wallet.title');
  return sendPage(
    reply,
    {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'doc.wallet.hint')}</p>
          {docs.length === 0 ? (
            <p>{t(lang, 'doc.wallet.empty')}</p>
          ) : (
            <ul class="card-list">
              {docs.map((doc) => (
                <li class="card" key={doc.id}>
                  <h2>{doc.title}</h2>
                  <StatusNotice doc={doc} lang={lang} zone={zoneOf(request)} />
                  <Facts doc={doc} lang={lang} zone={zoneOf(request)} holder={doc.holderName} />
                  <p>
                    <a href={`${request.basePath}${doc.downloadPath}`} download>
                      {t(lang, 'doc.wallet.download')} ({doc.number})
                    </a>
                  </p>
                  <p>
                    <a href={`${request.basePath}${doc.verifyPath}`}>{t(lang, 'doc.wallet.verify')}</a>
                  </p>
                  <ShareForm request={request} doc={doc} {...(state.refused?.documentId === doc.id ? { errors: state.refused.errors, days: state.refused.days } : {})} />
                </li>
              ))}
            </ul>
          )}
          {docs.length > 0 || links.length > 0 ? <ShareLinks request={request} links={links} created={state.created} revoked={state.revoked} /> : null}
        </>
      ),
    },
    status,
  );
}

export function registerDocumentPages(app: FastifyInstance, files: FileStore) {
  registerVerifyPage(app);

  app.get('/dokumen', { schema: hide, config: { policy: 'documents.mine' } }, async (request, reply) => {
    const flash = takeFormFlash(request, reply);
    return showWallet(request, reply, { created: flash?.values?.created, revoked: flash?.values?.revoked === '1' });
  });

  app.post<{ Params: { id: string } }>(
    '/dokumen/:id/bagikan',
    { schema: hide, config: { policy: 'documents.mine' } },
    handleForm({
      async act(request, values) {
        const { id } = request.params as { id: string };
        const link = await createDocumentShareLink(tenantContextOf(request), { documentId: id, days: Number(values.days) });
        // The token exists only in this answer: the wallet shows the link once, from the flash.
        return { to: `${walletPath(request)}#share-created`, flash: { errors: [], values: { created: link.path } } };
      },
      // Another person's document has no form here to correct: the error page's 404.
      isFormError: (error) => error.code !== 'documents.not_found',
      show(request, reply, values, errors, status) {
        const { id } = request.params as { id: string };
        return showWallet(request, reply, { refused: { documentId: id, errors, days: values.days } }, status);
      },
    }),
  );

  registerSharePages(app, files);

  app.get<{ Params: { id: string } }>('/dokumen/:id/unduh', { schema: hide, config: { policy: 'documents.mine' } }, async (request, reply) => {
    const id = /^[0-9a-f-]{36}$/i.test(request.params.id) ? request.params.id : '00000000-0000-0000-0000-000000000000';
    const file = await openMyDocument(tenantContextOf(request), files, { documentId: id });
    return reply
      .type('application/pdf')
      .header('content-disposition', attachmentDisposition(file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.stream);
  });
}
