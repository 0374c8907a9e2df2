// The documents' pages (no JavaScript needed): the public verification page the QR code opens
// (/verify/<code> under the tenant's prefix — the code is unique per tenant and the QR carries the
// tenant's full URL; docs/documents.md), and the citizen's wallet with downloads.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { attachmentDisposition, type FileStore } from '../../platform/files/index.js';
import { t, type Lang } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { type DocumentVerification, listMyDocuments, openMyDocument, verifyDocument } from './service.js';
import './strings.js';

const hide = { hide: true } as const;

function fmtDate(iso: string, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeZone }).format(new Date(iso));
}

function zoneOf(request: FastifyRequest): string {
  return request.tenant?.timeZone ?? 'Asia/Jakarta';
}

function StatusNotice({ doc, lang, zone }: { doc: DocumentVerification; lang: Lang; zone: string }) {
  const label = t(lang, `doc.status.${doc.status}`);
  return (
    <div class={doc.status === 'valid' ? 'notice' : 'notice error'} role="status">
      <p>
        <strong>{label}</strong>
      </p>
      {doc.revoked ? <p>{t(lang, 'doc.verify.revoked', { date: fmtDate(doc.revoked.at, lang, zone), reason: doc.revoked.reason })}</p> : null}
      {doc.status === 'expired' ? <p>{t(lang, 'doc.verify.expired')}</p> : null}
    </div>
  );
}

function Facts({ doc, lang, zone, holder }: { doc: DocumentVerification; lang: Lang; zone: string; holder: string }) {
  return (
    <dl class="facts">
      <dt>{t(lang, 'doc.verify.type')}</dt>
      <dd>{t(lang, `doc.type.${doc.type}`)}</dd>
      <dt>{t(lang, 'doc.verify.number')}</dt>
      <dd>{doc.number}</dd>
      <dt>{t(lang, 'doc.verify.holder')}</dt>
      <dd>{holder}</dd>
      <dt>{t(lang, 'doc.verify.issuer')}</dt>
      <dd>
        {doc.issuer.agency}, {doc.issuer.tenant}
      </dd>
      <dt>{t(lang, 'doc.verify.signer')}</dt>
      <dd>
        {doc.signer.name} ({doc.signer.position})
      </dd>
      <dt>{t(lang, 'doc.verify.issued_at')}</dt>
      <dd>{fmtDate(doc.issuedAt, lang, zone)}</dd>
      <dt>{t(lang, 'doc.verify.valid_until')}</dt>
      <dd>{doc.validUntil ? fmtDate(doc.validUntil, lang, zone) : t(lang, 'doc.verify.no_expiry')}</dd>
      <dt>{t(lang, 'doc.verify.status')}</dt>
      <dd>{t(lang, `doc.status.${doc.status}`)}</dd>
    </dl>
  );
}

export function registerDocumentPages(app: FastifyInstance, files: FileStore) {
  app.get<{ Params: { code: string } }>('/verify/:code', { schema: hide, config: { policy: 'documents.verify' } }, async (request, reply) => {
    const lang = request.lang;
    const doc = await verifyDocument(tenantContextOf(request), { code: request.params.code });
    const title = t(lang, 'doc.verify.title');
    // Every answer is about this document now: never cached, so a revocation shows at once.
    reply.header('cache-control', 'no-store');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'doc.verify.intro')}</p>
          <StatusNotice doc={doc} lang={lang} zone={zoneOf(request)} />
          <h2>{doc.title}</h2>
          <Facts doc={doc} lang={lang} zone={zoneOf(request)} holder={doc.holder} />
        </>
      ),
    });
  });

  app.get('/dokumen', { schema: hide, config: { policy: 'documents.mine' } }, async (request, reply) => {
    const lang = request.lang;
    const docs = await listMyDocuments(tenantContextOf(request));
    const title = t(lang, 'doc.wallet.title');
    return sendPage(reply, {
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
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    });
  });

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
