// Counter pages for assisted digital (policy identity.assist: a verifier at a counter). Register a
// citizen with them (same checks as self-registration; the code goes to the citizen; then the code and
// the documents checked make the account 'in_person'), or find a citizen by NIK (a recorded read) and
// act on their behalf with their consent recorded. While acting, every page shows "Anda bertindak atas
// nama …" with an "Akhiri bantuan" button (the banner hook below). Forms POST and redirect; the citizen
// found is carried to the consent page in a sealed cookie (never their NIK in a URL).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type MessageKey, t } from '../../../platform/i18n/index.js';
import { Csrf, ErrorSummary, Field, Form, type FormValues, handleForm, Select, TextArea } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { keptValues, registrationFromForm, RegistrationFields, registrationLabels } from '../citizens/pages.js';
import { actingOfficer, registerCitizen } from '../citizens/service.js';
import type { IdentityDeps } from '../deps.js';
import { revokeSession, setSessionCookie } from '../sessions.js';
import { assistedCitizenName, beginAssistance, type CitizenAtCounter, checkConsent, confirmCounterRegistration, findCitizenByNik } from './service.js';
import '../strings.js';
import '../assurance/strings.js';
import { formatDateTime } from '../page-text.js';

const BASE = '/petugas/loket';
const CONSENT_PAGE = `${BASE}/persetujuan`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Errors = readonly FieldError[] | undefined;
/** The citizen found at the counter, carried to the consent page. */
type Found = Pick<CitizenAtCounter, 'id' | 'name' | 'maskedNik'> & {
  purpose: string;
  /** The level in words, with the government that raised it and when (the consent page shows it). */
  level?: string;
};

/** A citizen's level as an officer sees it: the level, which government raised it, when. */
function levelForOfficer(request: FastifyRequest, citizen: CitizenAtCounter): string {
  const level = t(request.lang, `identity.assurance.${citizen.assurance}`);
  if (!citizen.raised) return level;
  const tenant = request.lang === 'en' && citizen.raised.tenantName.en ? citizen.raised.tenantName.en : citizen.raised.tenantName.id;
  return `${level} — ${t(request.lang, 'identity.assurance.officer.raised', { tenant, date: formatDateTime(request, citizen.raised.raisedAt) })}`;
}

/** The field errors of a refused form, or none (the consent is checked after the registration's fields). */
function fieldErrorsOf(run: () => unknown): DomainError['fieldErrors'] {
  try {
    run();
    return [];
  } catch (error) {
    if (error instanceof DomainError) return error.fieldErrors;
    throw error;
  }
}

const notFoundAtCounter = () =>
  new DomainError('validation', 400, 'error.validation', {}, [{ field: '/nik', code: 'not_found', messageKey: 'identity.counter.not_found' }]);

export function registerCounterPages(app: FastifyInstance, deps: IdentityDeps): void {
  const cfg = { schema: { hide: true }, config: { policy: 'identity.assist' as const } };
  const L = (request: FastifyRequest, k: MessageKey) => t(request.lang, k);
  const to = (request: FastifyRequest, path: string) => `${request.basePath}${path}`;
  const page = (request: FastifyRequest, reply: FastifyReply, title: MessageKey, body: preact.ComponentChildren, status = 200) =>
    sendPage(reply, { request, title: L(request, title), children: body }, status);

  // ---- find a citizen, then consent ----
  const findPage = (request: FastifyRequest, reply: FastifyReply, errors?: Errors, values: FormValues = {}, status = 200) => {
    const labels = { nik: L(request, 'identity.field.nik'), purpose: L(request, 'identity.counter.purpose') };
    const registered = (request.query as { registered?: string }).registered === '1';
    return page(
      request,
      reply,
      'identity.counter.title',
      <>
        <h1>{L(request, 'identity.counter.title')}</h1>
        {registered && (
          <p class="notice" role="status">
            {L(request, 'identity.counter.registered')}
          </p>
        )}
        <p class="lead">{L(request, 'identity.counter.lead')}</p>
        <p>
          <a class="button secondary" href={to(request, `${BASE}/daftar`)}>
            {L(request, 'identity.counter.register_link')}
          </a>
        </p>
        <h2>{L(request, 'identity.counter.find_title')}</h2>
        <p>{L(request, 'identity.counter.find_lead')}</p>
        <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
        <Form request={request} action={to(request, `${BASE}/cari`)} class="form">
          <Field lang={request.lang} errors={errors} name="nik" label={labels.nik} hint={L(request, 'identity.hint.nik')} value={values.nik} inputMode="numeric" autocomplete="off" />
          <Field lang={request.lang} errors={errors} name="purpose" label={labels.purpose} hint={L(request, 'identity.counter.purpose_hint')} value={values.purpose} autocomplete="off" />
          <button class="button" type="submit">
            {L(request, 'identity.counter.find_submit')}
          </button>
        </Form>
      </>,
      status,
    );
  };

  const consentPage = (request: FastifyRequest, reply: FastifyReply, citizen: { id: string; name: string; maskedNik?: string; level?: string }, values: FormValues, errors?: Errors, status = 200) => {
    const labels = { purpose: L(request, 'identity.counter.purpose'), consent: L(request, 'identity.counter.consent') };
    return page(
      request,
      reply,
      'identity.counter.consent_title',
      <>
        <h1>{L(request, 'identity.counter.consent_title')}</h1>
        <dl>
          <dt>{L(request, 'identity.counter.citizen')}</dt>
          <dd id="counter-citizen">
            {citizen.name}
            {citizen.maskedNik ? ` — ${citizen.maskedNik}` : ''}
          </dd>
          {citizen.level ? (
            <>
              <dt>{L(request, 'identity.field.assurance')}</dt>
              <dd id="counter-assurance">{citizen.level}</dd>
            </>
          ) : null}
        </dl>
        <p>{L(request, 'identity.counter.consent_lead')}</p>
        <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
        <Form request={request} action={to(request, `${BASE}/mulai`)} class="form">
          <input type="hidden" name="citizenId" value={citizen.id} />
          <Field lang={request.lang} errors={errors} name="purpose" label={labels.purpose} value={values.purpose} autocomplete="off" />
          <TextArea
            lang={request.lang}
            errors={errors}
            name="consent"
            label={labels.consent}
            hint={L(request, 'identity.counter.consent_hint')}
            value={values.consent ?? L(request, 'identity.counter.consent_default')}
            rows={3}
          />
          <p class="hint">{L(request, 'identity.counter.start_note')}</p>
          <button class="button" type="submit">
            {L(request, 'identity.counter.start')}
          </button>
        </Form>
      </>,
      status,
    );
  };

  app.get(BASE, cfg, (request, reply) => findPage(request, reply));
  app.post(
    `${BASE}/cari`,
    cfg,
    handleForm({
      async act(request, v, reply) {
        const ctx = tenantContextOf(request);
        const citizen = await findCitizenByNik(ctx, { nik: v.nik ?? '', purpose: v.purpose ?? '' });
        const found: Found = { id: citizen.id, name: citizen.name, maskedNik: citizen.maskedNik, purpose: v.purpose ?? '', level: levelForOfficer(request, citizen) };
        deps.carry.put(request, reply, 'counter', BASE, found, ctx.now());
        return to(request, CONSENT_PAGE);
      },
      show: (request, reply, values, errors, status) => findPage(request, reply, errors, values, status),
    }),
  );
  app.get(CONSENT_PAGE, cfg, async (request, reply) => {
    const found = deps.carry.peek<Found>(request, 'counter', tenantContextOf(request).now());
    if (!found) return reply.redirect(to(request, BASE), 303);
    return consentPage(request, reply, found, { purpose: found.purpose });
  });
  app.post(
    `${BASE}/mulai`,
    cfg,
    handleForm({
      async act(request, v, reply) {
        const ctx = tenantContextOf(request);
        const citizenId = UUID.test(v.citizenId ?? '') ? v.citizenId! : '';
        if (!citizenId) throw notFoundAtCounter();
        let session;
        try {
          session = await beginAssistance(ctx, { citizenId, purpose: v.purpose ?? '', consent: v.consent ?? '' });
        } catch (error) {
          if (error instanceof DomainError && error.status === 404) throw notFoundAtCounter();
          throw error;
        }
        // The officer's own session is replaced by the assisted citizen session (rotation).
        if (request.principal.kind === 'officer') await revokeSession(ctx.db, ctx.tenant.id, request.principal.sessionId, ctx.now());
        deps.carry.take(request, reply, 'counter', BASE, ctx.now());
        setSessionCookie(reply, session, deps.sessionCookies);
        return to(request, '/akun');
      },
      async show(request, reply, v, errors, status) {
        if (errors.some((e) => e.field === '/nik')) return findPage(request, reply, errors, {}, status);
        const ctx = tenantContextOf(request);
        const citizenId = v.citizenId ?? '';
        const found = deps.carry.peek<Found>(request, 'counter', ctx.now());
        const name = await assistedCitizenName(ctx, { citizenId });
        return consentPage(request, reply, { id: citizenId, name, maskedNik: found?.id === citizenId ? found.maskedNik : undefined }, v, errors, status);
      },
    }),
  );

  // ---- register at the counter, then confirm + verify in person ----
  const registerPage = (request: FastifyRequest, reply: FastifyReply, values: FormValues, errors?: Errors, status = 200) => {
    const labels = { ...registrationLabels(request.lang), channel: L(request, 'identity.counter.channel'), consent: L(request, 'identity.counter.consent') };
    return page(
      request,
      reply,
      'identity.counter.register_title',
      <>
        <h1>{L(request, 'identity.counter.register_title')}</h1>
        <p class="lead">{L(request, 'identity.counter.register_lead')}</p>
        <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
        <Form request={request} action={to(request, `${BASE}/daftar`)} class="form">
          <RegistrationFields request={request} values={values} errors={errors} />
          <Select
            lang={request.lang}
            errors={errors}
            name="channel"
            label={labels.channel}
            value={values.channel === 'sms' ? 'sms' : 'email'}
            options={[
              { value: 'email', label: L(request, 'identity.channel.email') },
              { value: 'sms', label: L(request, 'identity.channel.sms') },
            ]}
          />
          <TextArea
            lang={request.lang}
            errors={errors}
            name="consent"
            label={labels.consent}
            hint={L(request, 'identity.counter.register_consent_hint')}
            value={values.consent ?? L(request, 'identity.counter.register_consent_default')}
            rows={3}
          />
          <button class="button" type="submit">
            {L(request, 'identity.counter.register_submit')}
          </button>
        </Form>
      </>,
      status,
    );
  };

  app.get(`${BASE}/daftar`, cfg, (request, reply) => registerPage(request, reply, {}));
  app.post(
    `${BASE}/daftar`,
    cfg,
    handleForm({
      async act(request, v) {
        const ctx = tenantContextOf(request);
        try {
          const result = await registerCitizen(ctx, { ...registrationFromForm(v, request.lang), assisted: { officerId: actingOfficer(ctx), consent: v.consent ?? '' } });
          return to(request, `${BASE}/daftar/${result.id}`);
        } catch (error) {
          // The consent is checked after the registration's fields: report both at once.
          if (!(error instanceof DomainError) || error.status >= 500) throw error;
          const consent = fieldErrorsOf(() => checkConsent(v.consent)).filter((c) => !error.fieldErrors.some((e) => e.field === c.field));
          throw new DomainError(error.code, error.status, error.messageKey, error.vars, [...error.fieldErrors, ...consent]);
        }
      },
      show: (request, reply, values, errors, status) => registerPage(request, reply, keptValues(values), errors, status),
    }),
  );

  const confirmPage = (request: FastifyRequest, reply: FastifyReply, id: string, values: FormValues, errors?: Errors, status = 200) => {
    const labels = { code: L(request, 'identity.field.code'), evidence: L(request, 'identity.counter.evidence') };
    return page(
      request,
      reply,
      'identity.counter.confirm_title',
      <>
        <h1>{L(request, 'identity.counter.confirm_title')}</h1>
        <p class="lead">{L(request, 'identity.counter.confirm_lead')}</p>
        <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
        <Form request={request} action={to(request, `${BASE}/daftar/${id}`)} class="form">
          <Field lang={request.lang} errors={errors} name="code" label={labels.code} inputMode="numeric" autocomplete="off" />
          <TextArea lang={request.lang} errors={errors} name="evidence" label={labels.evidence} hint={L(request, 'identity.counter.evidence_hint')} value={values.evidence} rows={3} />
          <button class="button" type="submit">
            {L(request, 'identity.counter.confirm_submit')}
          </button>
        </Form>
      </>,
      status,
    );
  };

  app.get<{ Params: { id: string } }>(`${BASE}/daftar/:id`, cfg, async (request, reply) => {
    tenantContextOf(request);
    if (!UUID.test(request.params.id)) throw new DomainError('not_found', 404, 'error.not_found');
    return confirmPage(request, reply, request.params.id, {});
  });
  app.post<{ Params: { id: string } }>(
    `${BASE}/daftar/:id`,
    cfg,
    handleForm({
      async act(request, v) {
        const { id } = request.params as { id: string };
        if (!UUID.test(id)) throw new DomainError('code.wrong', 400, 'error.identity.code_wrong');
        await confirmCounterRegistration(tenantContextOf(request), { citizenId: id, code: v.code ?? '', evidence: v.evidence ?? '' });
        return to(request, `${BASE}?registered=1`);
      },
      show: (request, reply, v, errors, status) => confirmPage(request, reply, (request.params as { id: string }).id, { evidence: v.evidence }, errors, status),
    }),
  );
}

/** While an officer acts for a citizen, every page says so, with the button that ends it. */
export function registerAssistedBanner(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const p = request.principal;
    if (request.method !== 'GET' || p?.kind !== 'citizen' || !p.assistedBy || request.routeOptions.schema?.hide !== true) return;
    const name = await assistedCitizenName(tenantContextOf(request), { citizenId: p.id });
    request.pageBanner = (
      <section class="assist-banner" aria-label={t(request.lang, 'identity.counter.banner_label')}>
        <p id="assist-banner">
          {t(request.lang, 'identity.counter.acting', { name })} {t(request.lang, 'identity.counter.acting_note')}
        </p>
        <form method="post" action={`${request.basePath}/bantuan-petugas`} class="inline-form">
          <Csrf request={request} />
          <button class="button secondary" type="submit">
            {t(request.lang, 'identity.counter.end')}
          </button>
        </form>
      </section>
    );
  });
}
