// The counter's survey pages (no JavaScript needed): the officer makes a one-time code for a visitor
// served at the counter and prints the slip for the receipt (/petugas/survei/kode-kiosk); the service
// hall's kiosk (/kiosk-survei) takes the code and asks the questionnaire, then is ready for the next
// visitor. The code travels in the kiosk's GET query (?kode=): once answered it opens nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, can } from '../../platform/auth/index.js';
import type { FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, formErrors, handleForm, Select } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { listServices } from '../catalog/index.js';
import { checkKioskCode, findKioskService, getIssuedKioskCode, issueKioskCode, KIOSK_CODE_DAYS, type KioskCode, submitKioskResponse } from './kiosk.js';
import { QuestionFields, readResponseForm } from './questionnaire.js';
import './strings.js';

const hide = { hide: true } as const;
const ISSUE_PATH = '/petugas/survei/kode-kiosk';
const KIOSK_PATH = '/kiosk-survei';

const nameIn = (name: { id: string; en?: string }, lang: Lang) => (lang === 'en' && name.en) || name.id;
const dateTimeIn = (request: FastifyRequest, iso: string) =>
  new Intl.DateTimeFormat(request.lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: request.tenant?.timeZone ?? 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** The published services this officer may issue codes for (their agencies'). */
async function servedServices(request: FastifyRequest) {
  return (await listServices(tenantContextOf(request))).filter((s) => can(request.principal, 'surveys.kiosk_issue', { agencyId: s.agency.id }));
}

function Slip({ request, code }: { request: FastifyRequest; code: KioskCode }) {
  const lang = request.lang;
  const url = `${request.protocol}://${request.host}${request.basePath}${KIOSK_PATH}`;
  return (
    <section class="card" aria-labelledby="slip-title" id="kiosk-slip">
      <h2 id="slip-title">{t(lang, 'svy.kiosk.slip.title')}</h2>
      <dl class="facts">
        <dt>{t(lang, 'svy.kiosk.slip.code')}</dt>
        <dd>
          <strong id="kiosk-code">{code.code}</strong>
        </dd>
        <dt>{t(lang, 'svy.kiosk.slip.service')}</dt>
        <dd>
          {nameIn(code.service.name, lang)} · {code.service.agency.name}
        </dd>
        <dt>{t(lang, 'svy.kiosk.slip.until')}</dt>
        <dd>{dateTimeIn(request, code.expiresAt)}</dd>
      </dl>
      <p>{t(lang, 'svy.kiosk.slip.how', { url })}</p>
    </section>
  );
}

export function registerKioskPages(app: FastifyInstance) {
  async function showIssue(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const services = await servedServices(request);
    const title = t(lang, 'svy.kiosk.issue.title');
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>{t(lang, 'svy.kiosk.issue.lead', { days: KIOSK_CODE_DAYS })}</p>
            {services.length === 0 ? (
              <p>{t(lang, 'svy.kiosk.issue.none')}</p>
            ) : (
              <>
                <ErrorSummary lang={lang} errors={errors} />
                <Form request={request} action={`${request.basePath}${ISSUE_PATH}`}>
                  <Select
                    name="serviceId"
                    label={t(lang, 'svy.kiosk.issue.service')}
                    lang={lang}
                    errors={errors}
                    value={values.serviceId ?? ''}
                    options={services.map((s) => ({ value: s.id, label: `${nameIn(s.name, lang)} · ${s.agency.name}` }))}
                  />
                  <button class="button" type="submit">
                    {t(lang, 'svy.kiosk.issue.submit')}
                  </button>
                </Form>
              </>
            )}
          </>
        ),
      },
      status,
    );
  }

  app.get(ISSUE_PATH, { schema: hide, config: { policy: 'surveys.kiosk_issue' } }, (request, reply) => showIssue(request, reply));
  app.post(
    ISSUE_PATH,
    { schema: hide, config: { policy: 'surveys.kiosk_issue' } },
    handleForm<FormValues>({
      async act(request, values) {
        const ctx = tenantContextOf(request);
        const service = await findKioskService(ctx, values.serviceId ?? '');
        authorize(request, 'surveys.kiosk_issue', { agencyId: service.agency.id });
        const issued = await issueKioskCode(ctx, service);
        return `${request.basePath}${ISSUE_PATH}/${issued.code}`;
      },
      show: (request, reply, values, errors, status) => showIssue(request, reply, values, errors, status),
      // An unknown service is the form's error (the select offers only known ones); 403 is not.
      isFormError: (error) => error.status === 400 || error.status === 404,
    }),
  );

  app.get<{ Params: { code: string } }>(`${ISSUE_PATH}/:code`, { schema: hide, config: { policy: 'surveys.kiosk_issue' } }, async (request, reply) => {
    const lang = request.lang;
    const code = await getIssuedKioskCode(tenantContextOf(request), request.params.code);
    authorize(request, 'surveys.kiosk_issue', { agencyId: code.agencyId });
    const title = t(lang, 'svy.kiosk.issue.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p class="notice">{t(lang, 'svy.kiosk.issue.print')}</p>
          <Slip request={request} code={code} />
          <p>
            <a href={`${request.basePath}${ISSUE_PATH}`}>{t(lang, 'svy.kiosk.issue.another')}</a>
          </p>
        </>
      ),
    });
  });

  /** The kiosk: the code form, or with a usable ?kode= the questionnaire; refusals shown beside the code. */
  async function showKiosk(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const query = request.query as Record<string, string | undefined>;
    const typed = values.code ?? query.kode ?? '';
    let code: KioskCode | null = null;
    let codeErrors: FieldError[] | undefined;
    if (typed) {
      try {
        code = await checkKioskCode(tenantContextOf(request), typed);
      } catch (error) {
        codeErrors = formErrors(lang, error)?.map((e) => ({ ...e, field: '/kode' }));
        if (!codeErrors) throw error;
        status = status === 200 ? (error as { status: number }).status : status;
      }
    }
    const title = t(lang, 'svy.kiosk.title');
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            {query.terkirim === '1' && !typed ? (
              <p class="notice" role="status" id="kiosk-thanks">
                {t(lang, 'svy.kiosk.thanks')}
              </p>
            ) : null}
            {code ? (
              <>
                <p class="meta">
                  {nameIn(code.service.name, lang)} · {code.service.agency.name}
                </p>
                <p>{t(lang, 'svy.intro', { service: nameIn(code.service.name, lang) })}</p>
                <ErrorSummary lang={lang} errors={errors} />
                <Form request={request} action={`${request.basePath}${KIOSK_PATH}`}>
                  <input type="hidden" name="code" value={code.code} />
                  <QuestionFields lang={lang} values={values} errors={errors} />
                  <button class="button" type="submit">
                    {t(lang, 'svy.submit')}
                  </button>
                </Form>
                <p>
                  <a href={`${request.basePath}${KIOSK_PATH}`}>{t(lang, 'svy.kiosk.next')}</a>
                </p>
              </>
            ) : (
              <>
                <p>{t(lang, 'svy.kiosk.lead')}</p>
                <ErrorSummary lang={lang} errors={codeErrors} />
                <form method="get" action={`${request.basePath}${KIOSK_PATH}`}>
                  <Field name="kode" label={t(lang, 'svy.kiosk.code')} hint={t(lang, 'svy.kiosk.code_hint')} lang={lang} errors={codeErrors} value={typed} autocomplete="off" maxLength={40} />
                  <button class="button" type="submit">
                    {t(lang, 'svy.kiosk.start')}
                  </button>
                </form>
              </>
            )}
          </>
        ),
      },
      status,
    );
  }

  app.get(KIOSK_PATH, { schema: hide, config: { policy: 'surveys.kiosk' } }, (request, reply) => showKiosk(request, reply));
  app.post(
    KIOSK_PATH,
    { schema: hide, config: { policy: 'surveys.kiosk' } },
    handleForm<FormValues>({
      async act(request, values) {
        await submitKioskResponse(tenantContextOf(request), { code: values.code ?? '', ...readResponseForm(values) });
        return `${request.basePath}${KIOSK_PATH}?terkirim=1`;
      },
      show: (request, reply, values, errors, status) => showKiosk(request, reply, values, errors, status),
    }),
  );
}
