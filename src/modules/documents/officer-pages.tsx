// The officers' documents pages (policy documents.revoke: the signer and the tenant's administrator):
// the tenant's issued documents, newest first in keyset pages with a search by number, and one
// document's page where it is revoked with the reason the public will read. No JavaScript needed; the
// revocation is a form (validate → revoke → 303 back to the document, which says it is done).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError, FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, formErrors, handleForm, takeFormFlash, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { getIssuedDocument, type IssuedDocument, listIssuedDocuments, revokeDocument } from './service.js';
import { Facts, fmtDate, StatusNotice, zoneOf } from './verify-page.js';
import './strings.js';

const config = { schema: { hide: true }, config: { policy: 'documents.revoke' as const } };
const LIST = '/petugas/dokumen';

interface ListQuery {
  nomor?: string;
  cursor?: string;
}

async function showList(request: FastifyRequest<{ Querystring: ListQuery }>, reply: FastifyReply) {
  const lang = request.lang;
  const zone = zoneOf(request);
  const number = typeof request.query.nomor === 'string' ? request.query.nomor : '';
  const cursor = typeof request.query.cursor === 'string' && request.query.cursor ? request.query.cursor : undefined;
  let page: { items: IssuedDocument[]; nextCursor: string | null } = { items: [], nextCursor: null };
  let errors: FieldError[] | undefined;
  try {
    page = await listIssuedDocuments(tenantContextOf(request), { number, cursor });
  } catch (error) {
    // A search or a page address that is not one: said beside the search box, not an error page.
    errors = formErrors(lang, error)?.map((e) => (e.field === '/number' ? { ...e, field: '/nomor' } : e));
    if (!errors) throw error;
  }
  const title = t(lang, 'doc.officer.title');
  const base = `${request.basePath}${LIST}`;
  const next = page.nextCursor ? `${base}?${new URLSearchParams({ ...(number ? { nomor: number } : {}), cursor: page.nextCursor })}` : undefined;
  return sendPage(
    reply,
    {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p class="lead">{t(lang, 'doc.officer.lead')}</p>
          <ErrorSummary lang={lang} errors={errors} labels={{ nomor: t(lang, 'doc.officer.search') }} />
          <form method="get" action={base} class="form" role="search">
            <Field name="nomor" label={t(lang, 'doc.officer.search')} hint={t(lang, 'doc.officer.search_hint')} lang={lang} errors={errors} value={number} required={false} autocomplete="off" maxLength={40} />
            <button class="button" type="submit">
              {t(lang, 'doc.officer.search_submit')}
            </button>
          </form>
          {page.items.length === 0 ? (
            <p>{t(lang, 'doc.officer.empty')}</p>
          ) : (
            <ul class="card-list">
              {page.items.map((doc) => (
                <li class="card" key={doc.id}>
                  <h2>
                    <a href={`${base}/${doc.code}`} aria-label={t(lang, 'doc.officer.open', { number: doc.number })}>
                      {doc.number}
                    </a>
                  </h2>
                  <p>{doc.title}</p>
                  <p class="meta">
                    {doc.holderName} · {fmtDate(doc.issuedAt, lang, zone)} · {t(lang, `doc.status.${doc.status}`)}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {next ? (
            <p>
              <a href={next}>{t(lang, 'doc.officer.next')}</a>
            </p>
          ) : null}
        </>
      ),
    },
    errors ? 400 : 200,
  );
}

async function showDocument(request: FastifyRequest, reply: FastifyReply, code: string, state: { revoked?: boolean; errors?: FieldError[]; reason?: string } = {}, status = 200) {
  const lang = request.lang;
  const zone = zoneOf(request);
  const doc = await getIssuedDocument(tenantContextOf(request), { code });
  const base = `${request.basePath}${LIST}`;
  return sendPage(
    reply,
    {
      request,
      title: `${doc.number} — ${t(lang, 'doc.officer.title')}`,
      children: (
        <>
          <p>
            <a href={base}>{t(lang, 'doc.officer.back')}</a>
          </p>
          <h1>{doc.title}</h1>
          <ErrorSummary lang={lang} errors={state.errors} labels={{ reason: t(lang, 'doc.officer.revoke.reason') }} />
          {state.revoked ? (
            <p id="revoked-ok" class="notice" role="status" tabIndex={-1}>
              {t(lang, 'doc.officer.revoked_ok')}
            </p>
          ) : null}
          <StatusNotice doc={doc} lang={lang} zone={zone} />
          <Facts doc={doc} lang={lang} zone={zone} holder={doc.holderName} />
          <p>
            <a href={`${request.basePath}/verify/${doc.code}`}>{t(lang, 'doc.wallet.verify')}</a>
          </p>
          {doc.status !== 'revoked' ? (
            <section aria-labelledby="revoke">
              <h2 id="revoke">{t(lang, 'doc.officer.revoke.legend')}</h2>
              <Form request={request} action={`${base}/${doc.code}/cabut`} class="form">
                <TextArea name="reason" label={t(lang, 'doc.officer.revoke.reason')} hint={t(lang, 'doc.officer.revoke.reason_hint')} lang={lang} errors={state.errors} value={state.reason} rows={3} maxLength={500} />
                <button class="button" type="submit">
                  {t(lang, 'doc.officer.revoke.submit')}
                </button>
              </Form>
            </section>
          ) : null}
        </>
      ),
    },
    status,
  );
}

const isNotThere = (error: DomainError) => error.code === 'documents.not_found' || error.code === 'documents.bad_code';

export function registerOfficerDocumentPages(app: FastifyInstance) {
  app.get<{ Querystring: ListQuery }>(LIST, config, async (request, reply) => showList(request, reply));

  app.get<{ Params: { code: string } }>(`${LIST}/:code`, config, async (request, reply) => {
    const flash = takeFormFlash(request, reply);
    return showDocument(request, reply, request.params.code, { revoked: flash?.values?.revoked === '1' });
  });

  app.post<{ Params: { code: string } }>(
    `${LIST}/:code/cabut`,
    config,
    handleForm({
      async act(request, values) {
        const { code } = request.params as { code: string };
        // The reason is checked (and refused when empty) by the service, which the API shares.
        const done = await revokeDocument(tenantContextOf(request), { code, reason: values.reason ?? '' });
        return { to: `${request.basePath}${LIST}/${done.code}#revoked-ok`, flash: { errors: [], values: { revoked: '1' } } };
      },
      // An unknown code has no form to correct: the error page's 404.
      isFormError: (error) => !isNotThere(error),
      show(request, reply, values, errors, status) {
        const { code } = request.params as { code: string };
        return showDocument(request, reply, code, { errors, reason: values.reason }, status);
      },
    }),
  );
}
