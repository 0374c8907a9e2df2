// The public verification page the QR code opens (/verify/<code> under the tenant's prefix — the code
// is unique per tenant and the QR carries the tenant's full URL; docs/documents.md), with its file
// check: anyone uploads the PDF they were given (multipart, no JavaScript) and the page answers whether
// it is byte for byte the document issued. The POST redirects back to the page (POST/redirect/GET) with
// the answer in a one-time flash, so a reload never uploads again and no answer lives in the URL.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { readMultipartForm } from '../../platform/http/multipart.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t, type Lang } from '../../platform/i18n/index.js';
import { ErrorSummary, Form, handleForm, takeFormFlash } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { PDF_BODY_LIMIT } from './routes.js';
import { compareDocumentFile, type DocumentVerification, verifyDocument } from './service.js';
import './strings.js';

const hide = { hide: true } as const;

export function fmtDate(iso: string, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeZone }).format(new Date(iso));
}

export function zoneOf(request: FastifyRequest): string {
  return request.tenant?.timeZone ?? 'Asia/Jakarta';
}

export function StatusNotice({ doc, lang, zone }: { doc: DocumentVerification; lang: Lang; zone: string }) {
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

export function Facts({ doc, lang, zone, holder }: { doc: DocumentVerification; lang: Lang; zone: string; holder: string }) {
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

/** The answer the file check left for the page (flash values), in words. */
function FileResult({ lang, values }: { lang: Lang; values: Record<string, string> }) {
  const text =
    values.result === 'match'
      ? t(lang, 'doc.verify.file.match')
      : values.result === 'other'
        ? t(lang, 'doc.verify.file.other', { number: values.number ?? '' })
        : values.result === 'mismatch'
          ? t(lang, 'doc.verify.file.mismatch')
          : undefined;
  if (!text) return null;
  return (
    <div id="file-result" class={values.result === 'match' ? 'notice' : 'notice error'} role="status" tabIndex={-1}>
      <p>
        <strong>{t(lang, 'doc.verify.file.result')}:</strong> {text}
      </p>
    </div>
  );
}

const MAX_MB = PDF_BODY_LIMIT / 1024 / 1024;
const fileTooLarge = () => new DomainError('documents.file_too_large', 413, 'doc.error.file_too_large', { mb: MAX_MB }, [{ field: '/file', code: 'too_large', messageKey: 'doc.error.file_too_large', vars: { mb: MAX_MB } }]);
const fileRequired = () => new DomainError('documents.file_required', 400, 'doc.error.file_required', {}, [{ field: '/file', code: 'required', messageKey: 'doc.error.file_required' }]);
const notPdf = () => new DomainError('documents.not_pdf', 400, 'doc.error.not_pdf', {}, [{ field: '/file', code: 'not_pdf', messageKey: 'doc.error.not_pdf' }]);

async function showVerifyPage(request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, options: { errors?: FieldError[]; result?: Record<string, string>; status?: number } = {}) {
  const lang = request.lang;
  const doc = await verifyDocument(tenantContextOf(request), { code: request.params.code });
  const title = t(lang, 'doc.verify.title');
  const zone = zoneOf(request);
  const here = `${request.basePath}/verify/${doc.code}`;
  return sendPage(
    reply,
    {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'doc.verify.intro')}</p>
          <StatusNotice doc={doc} lang={lang} zone={zone} />
          <h2>{doc.title}</h2>
          <Facts doc={doc} lang={lang} zone={zone} holder={doc.holder} />
          <section aria-labelledby="file-check">
            <h2 id="file-check">{t(lang, 'doc.verify.file.legend')}</h2>
            {options.result ? <FileResult lang={lang} values={options.result} /> : null}
            <ErrorSummary lang={lang} errors={options.errors} labels={{ file: t(lang, 'doc.verify.file.label') }} />
            <Form request={request} action={here} multipart class="form">
              <div class={`field${options.errors?.length ? ' has-error' : ''}`}>
                <label for="f-file">{t(lang, 'doc.verify.file.label')}</label>
                <p class="hint" id="h-file">
                  {t(lang, 'doc.verify.file.hint')}
                </p>
                {options.errors?.length ? (
                  <p class="field-error" id="e-file">
                    {options.errors[0]!.message}
                  </p>
                ) : null}
                <input id="f-file" name="file" type="file" accept="application/pdf,.pdf" required aria-invalid={options.errors?.length ? 'true' : undefined} aria-describedby={options.errors?.length ? 'h-file e-file' : 'h-file'} />
              </div>
              <button class="button" type="submit">
                {t(lang, 'doc.verify.file.submit')}
              </button>
            </Form>
          </section>
        </>
      ),
    },
    options.status,
  );
}

interface Upload {
  pdf?: Buffer;
  /** A refusal while reading (too large, not a form): shown on the page like the service's own. */
  refused?: unknown;
}

export function registerVerifyPage(app: FastifyInstance) {
  app.get<{ Params: { code: string } }>('/verify/:code', { schema: hide, config: { policy: 'documents.verify' } }, async (request, reply) => {
    const flash = takeFormFlash(request, reply);
    return showVerifyPage(request, reply, { result: flash?.values });
  });

  app.register(async (scope) => {
    // One file, no larger than the API accepts; the file is compared in memory and never stored.
    await scope.register(multipart, { limits: { fileSize: PDF_BODY_LIMIT, files: 1, fields: 5, fieldSize: 1024 } });
    scope.post<{ Params: { code: string } }>(
      '/verify/:code',
      { schema: hide, config: { policy: 'documents.verify' }, bodyLimit: PDF_BODY_LIMIT + 64 * 1024 },
      handleForm<Upload>({
        async read(request) {
          try {
            const { files } = await readMultipartForm(request, { fileTooLarge });
            return { pdf: files[0]?.data };
          } catch (refused) {
            return { refused };
          }
        },
        async act(request, upload) {
          const req = request as FastifyRequest<{ Params: { code: string } }>;
          if (upload.refused) throw upload.refused;
          if (!upload.pdf) throw fileRequired();
          if (upload.pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw notPdf();
          const compared = await compareDocumentFile(tenantContextOf(request), { code: req.params.code, pdf: upload.pdf });
          const values: Record<string, string> = compared.result === 'other' ? { result: 'other', number: compared.number } : { result: compared.result };
          return { to: `${request.basePath}/verify/${req.params.code}#file-result`, flash: { errors: [], values } };
        },
        // An unknown or malformed code has no form to correct: the error page says so.
        isFormError: (error) => error.code !== 'documents.not_found' && error.code !== 'documents.bad_code',
        show(request, reply, _upload, errors, status) {
          return showVerifyPage(request as FastifyRequest<{ Params: { code: string } }>, reply, { errors, status });
        },
      }),
    );
  });
}
