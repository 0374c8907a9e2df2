// The signing page (no JavaScript needed): an officer opens it from the application page's signing
// step, checks what will be printed, and — holding the signer role at the step's agency — types a
// current authenticator code (or leaves it empty right after signing in with it) and signs. Other
// officers who see the application see the same page without the form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { ErrorSummary, Field, Form, type FormValues, handleForm } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { clientAddressOf, signingContext, signingOfficer } from './request.js';
import type { IssueDeps } from '../service.js';
import { FRESH_SIGN_IN_MINUTES } from '../../identity/index.js';
import { getSigningView, signApplicationDocument, type SigningView } from './service.js';
import './strings.js';

type Params = { Params: { id: string } };
const hide = { hide: true } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new DomainError('application.not_found', 404, 'app.error.not_found');
const pathOf = (request: FastifyRequest, id: string) => `${request.basePath}/petugas/permohonan/${id}`;

function signingPage(request: FastifyRequest, reply: FastifyReply, view: SigningView, failed?: { values: FormValues; errors: FieldError[]; status: number }) {
  const lang = request.lang;
  const doc = view.document;
  const title = t(lang, 'doc.sign.title');
  return sendPage(
    reply,
    {
      request,
      title,
      children: (
        <>
          <p class="meta">
            <a href={pathOf(request, view.applicationId)}>{t(lang, 'doc.sign.back')}</a>
          </p>
          <h1>{title}</h1>
          <p class="meta">
            {t(lang, 'doc.sign.application')} {view.trackingNumber} — {view.serviceName}
          </p>
          <ErrorSummary lang={lang} errors={failed?.errors} labels={{ '/code': t(lang, 'doc.sign.code') }} />
          {doc?.status === 'valid' || doc?.status === 'revoked' ? (
            <div class="notice" role="status">
              <p>{t(lang, 'doc.sign.signed', { number: doc.number })}</p>
              <p>
                <a href={`${request.basePath}${doc.verifyPath}`}>{t(lang, 'doc.sign.verify_link')}</a>
              </p>
            </div>
          ) : view.awaiting ? (
            <p class="lead">{t(lang, 'doc.sign.lead')}</p>
          ) : (
            <p class="notice">{t(lang, 'doc.sign.not_waiting')}</p>
          )}
          {doc ? (
            <>
              <h2>{t(lang, 'doc.sign.printed')}</h2>
              <dl class="facts">
                <dt>{t(lang, 'doc.verify.type')}</dt>
                <dd>{doc.title}</dd>
                <dt>{t(lang, 'doc.verify.number')}</dt>
                <dd>{doc.number}</dd>
                <dt>{t(lang, 'doc.verify.holder')}</dt>
                <dd>{doc.holderName}</dd>
                <dt>{t(lang, 'doc.verify.issuer')}</dt>
                <dd>{doc.agencyName}</dd>
                {doc.fields.map((f) => (
                  <>
                    <dt>{f.label}</dt>
                    <dd>{f.value}</dd>
                  </>
                ))}
              </dl>
            </>
          ) : null}
          {view.awaiting && !view.canSign ? <p class="notice">{t(lang, 'doc.sign.read_only')}</p> : null}
          {view.awaiting && view.canSign ? (
            <Form request={request} action={`${pathOf(request, view.applicationId)}/tanda-tangan`}>
              <Field
                lang={lang}
                errors={failed?.errors}
                name="code"
                label={t(lang, 'doc.sign.code')}
                hint={t(lang, 'doc.sign.code_hint', { minutes: FRESH_SIGN_IN_MINUTES })}
                required={false}
                inputMode="numeric"
                autocomplete="one-time-code"
                maxLength={16}
              />
              <button class="button" type="submit">
                {t(lang, 'doc.sign.submit')}
              </button>
            </Form>
          ) : null}
        </>
      ),
    },
    failed?.status ?? 200,
  );
}

export function registerSigningPages(app: FastifyInstance, rt: ModuleRuntime, deps: IssueDeps) {
  const view = async (request: FastifyRequest<Params>) => {
    if (!UUID.test(request.params.id)) throw notFound();
    return getSigningView(signingContext(request, rt), { officer: signingOfficer(request), applicationId: request.params.id });
  };

  app.get<Params>('/petugas/permohonan/:id/tanda-tangan', { schema: hide, config: { policy: 'documents.sign_view' } }, async (request, reply) => signingPage(request, reply, await view(request)));

  app.post<Params>(
    '/petugas/permohonan/:id/tanda-tangan',
    { schema: hide, config: { policy: 'documents.sign' } },
    handleForm({
      act: async (r, values) => {
        const request = r as FastifyRequest<Params>;
        if (!UUID.test(request.params.id)) throw notFound();
        const officer = signingOfficer(request);
        await signApplicationDocument(signingContext(request, rt), deps, { officer, sessionId: officer.sessionId, address: clientAddressOf(request), applicationId: request.params.id, code: values.code ?? '' });
        return `${pathOf(request, request.params.id)}/tanda-tangan`;
      },
      show: async (request, reply, values, errors, status) => signingPage(request, reply, await view(request as FastifyRequest<Params>), { values, errors, status }),
      // Not the form's to correct: an application this officer does not see, or a role they lack.
      isFormError: (error) => error.status !== 404 && error.code !== 'documents.not_signer',
    }),
  );
}
