// Counter pages for assisted digital (policy identity.assist: a verifier at a counter). Register a
// citizen with them (same checks as self-registration; the code goes to the citizen; then the code and
// the documents checked make the account 'in_person'), or find a citizen by NIK (a recorded read) and
// act on their behalf with their consent recorded. While acting, every page shows "Anda bertindak atas
// nama …" with an "Akhiri bantuan" button (the banner hook below). POST + 303, errors beside fields.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import { sendPage } from '../../../web/layout.js';
import { keptValues, registrationFromForm, RegistrationFields, registrationLabels } from '../citizens/pages.js';
import { registerCitizen } from '../citizens/service.js';
import { type IdentityDeps, identityContext, requireTenant } from '../deps.js';
import { Csrf, ErrorSummary, Field, type FormErrors, formErrors, tt } from '../pages-ui.js';
import { revokeSession, setSessionCookie } from '../sessions.js';
import { assistedCitizenName, beginAssistance, type CitizenAtCounter, checkConsent, confirmCounterRegistration, findCitizenByNik } from './service.js';
import '../strings.js';

function catchError(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}

type Form = Record<string, string | undefined>;
const BASE = '/petugas/loket';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const go = (reply: FastifyReply, request: FastifyRequest, path: string) => reply.code(303).header('location', `${request.basePath}${path}`).send();

function TextArea({ name, label, hint, value, errors }: { name: string; label: string; hint?: string; value?: string; errors?: FormErrors }) {
  return (
    <Field name={name} label={label} hint={hint} errors={errors}>
      <textarea
        id={name}
        name={name}
        rows={3}
        aria-invalid={errors?.[name] ? 'true' : undefined}
        aria-describedby={[hint ? `${name}-hint` : '', errors?.[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined}
      >
        {value ?? ''}
      </textarea>
    </Field>
  );
}

export function registerCounterPages(app: FastifyInstance, deps: IdentityDeps): void {
  const cfg = { schema: { hide: true }, config: { policy: 'identity.assist' as const } };
  const L = (request: FastifyRequest, k: Parameters<typeof tt>[1], vars?: Record<string, string | number>) => tt(request, k, vars);

  // ---- find a citizen, then consent ----
  const findPage = (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, values: Form = {}) => {
    const labels = { nik: L(request, 'identity.field.nik'), purpose: L(request, 'identity.counter.purpose') };
    const registered = (request.query as { registered?: string }).registered === '1';
    return sendPage(
      reply,
      {
        request,
        title: L(request, 'identity.counter.title'),
        children: (
          <>
            <h1>{L(request, 'identity.counter.title')}</h1>
            {registered && (
              <p class="notice" role="status">
                {L(request, 'identity.counter.registered')}
              </p>
            )}
            <p class="lead">{L(request, 'identity.counter.lead')}</p>
            <p>
              <a class="button secondary" href={`${request.basePath}${BASE}/daftar`}>
                {L(request, 'identity.counter.register_link')}
              </a>
            </p>
            <h2>{L(request, 'identity.counter.find_title')}</h2>
            <p>{L(request, 'identity.counter.find_lead')}</p>
            <ErrorSummary request={request} errors={errors} labels={labels} />
            <form class="form" method="post" action={`${request.basePath}${BASE}/cari`}>
              <Csrf request={request} />
              <Field name="nik" label={labels.nik} hint={L(request, 'identity.hint.nik')} value={values.nik} errors={errors} inputmode="numeric" autocomplete="off" />
              <Field name="purpose" label={labels.purpose} hint={L(request, 'identity.counter.purpose_hint')} value={values.purpose} errors={errors} autocomplete="off" />
              <button class="button" type="submit">
                {L(request, 'identity.counter.find_submit')}
              </button>
            </form>
          </>
        ),
      },
      errors ? 400 : 200,
    );
  };

  const consentPage = (request: FastifyRequest, reply: FastifyReply, citizen: Pick<CitizenAtCounter, 'id' | 'name'> & { maskedNik?: string }, values: Form, errors?: FormErrors) => {
    const labels = { purpose: L(request, 'identity.counter.purpose'), consent: L(request, 'identity.counter.consent') };
    return sendPage(
      reply,
      {
        request,
        title: L(request, 'identity.counter.consent_title'),
        children: (
          <>
            <h1>{L(request, 'identity.counter.consent_title')}</h1>
            <dl>
              <dt>{L(request, 'identity.counter.citizen')}</dt>
              <dd id="counter-citizen">
                {citizen.name}
                {citizen.maskedNik ? ` — ${citizen.maskedNik}` : ''}
              </dd>
            </dl>
            <p>{L(request, 'identity.counter.consent_lead')}</p>
            <ErrorSummary request={request} errors={errors} labels={labels} />
            <form class="form" method="post" action={`${request.basePath}${BASE}/mulai`}>
              <Csrf request={request} />
              <input type="hidden" name="citizenId" value={citizen.id} />
              <Field name="purpose" label={labels.purpose} value={values.purpose} errors={errors} autocomplete="off" />
              <TextArea
                name="consent"
                label={labels.consent}
                hint={L(request, 'identity.counter.consent_hint')}
                value={values.consent ?? L(request, 'identity.counter.consent_default')}
                errors={errors}
              />
              <p class="hint">{L(request, 'identity.counter.start_note')}</p>
              <button class="button" type="submit">
                {L(request, 'identity.counter.start')}
              </button>
            </form>
          </>
        ),
      },
      errors ? 400 : 200,
    );
  };

  app.get(BASE, cfg, (request, reply) => findPage(request, reply));

  app.post<{ Body: Form }>(`${BASE}/cari`, cfg, async (request, reply) => {
    const tenant = requireTenant(request);
    const b = request.body ?? {};
    try {
      const citizen = await findCitizenByNik(identityContext(deps, request), tenant.id, { nik: b.nik ?? '', purpose: b.purpose ?? '' });
      return consentPage(request, reply, citizen, { purpose: b.purpose });
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return findPage(request, reply, errors, b);
    }
  });

  app.post<{ Body: Form }>(`${BASE}/mulai`, cfg, async (request, reply) => {
    const tenant = requireTenant(request);
    const b = request.body ?? {};
    const citizenId = UUID.test(b.citizenId ?? '') ? b.citizenId! : '';
    const ctx = identityContext(deps, request);
    try {
      if (!citizenId) return findPage(request, reply, { nik: L(request, 'identity.counter.not_found') });
      const session = await beginAssistance(ctx, tenant.id, { citizenId, purpose: b.purpose ?? '', consent: b.consent ?? '' });
      // The officer's own session is replaced by the assisted citizen session (rotation).
      if (request.principal.kind === 'officer') await revokeSession(deps.db, tenant.id, request.principal.sessionId, deps.now());
      setSessionCookie(reply, session, { secure: deps.secureCookies });
      return go(reply, request, '/akun');
    } catch (error) {
      if ((error as { status?: number }).status === 404) return findPage(request, reply, { nik: L(request, 'identity.counter.not_found') });
      const errors = formErrors(request, error);
      if (!errors) throw error;
      const name = await assistedCitizenName(ctx, tenant.id, citizenId);
      return consentPage(request, reply, { id: citizenId, name }, b, errors);
    }
  });

  // ---- register at the counter, then confirm + verify in person ----
  const registerPage = (request: FastifyRequest, reply: FastifyReply, values: Form, errors?: FormErrors, status?: number) => {
    const labels = { ...registrationLabels(request), channel: L(request, 'identity.counter.channel'), consent: L(request, 'identity.counter.consent') };
    return sendPage(
      reply,
      {
        request,
        title: L(request, 'identity.counter.register_title'),
        children: (
          <>
            <h1>{L(request, 'identity.counter.register_title')}</h1>
            <p class="lead">{L(request, 'identity.counter.register_lead')}</p>
            <ErrorSummary request={request} errors={errors} labels={labels} />
            <form class="form" method="post" action={`${request.basePath}${BASE}/daftar`} noValidate>
              <Csrf request={request} />
              <RegistrationFields request={request} values={values} errors={errors} />
              <Field name="channel" label={labels.channel} errors={errors}>
                <select id="channel" name="channel">
                  <option value="email" selected={values.channel !== 'sms'}>
                    {L(request, 'identity.channel.email')}
                  </option>
                  <option value="sms" selected={values.channel === 'sms'}>
                    {L(request, 'identity.channel.sms')}
                  </option>
                </select>
              </Field>
              <TextArea
                name="consent"
                label={labels.consent}
                hint={L(request, 'identity.counter.register_consent_hint')}
                value={values.consent ?? L(request, 'identity.counter.register_consent_default')}
                errors={errors}
              />
              <button class="button" type="submit">
                {L(request, 'identity.counter.register_submit')}
              </button>
            </form>
          </>
        ),
      },
      errors ? (status ?? 400) : 200,
    );
  };

  app.get(`${BASE}/daftar`, cfg, (request, reply) => registerPage(request, reply, {}));

  app.post<{ Body: Form }>(`${BASE}/daftar`, cfg, async (request, reply) => {
    const tenant = requireTenant(request);
    const b = request.body ?? {};
    const ctx = identityContext(deps, request);
    try {
      if (ctx.actor.kind !== 'officer') throw new Error('identity.assist admits officers only');
      const result = await registerCitizen(ctx, tenant, registrationFromForm(b, request.lang), { officerId: ctx.actor.id, consent: b.consent ?? '' });
      return go(reply, request, `${BASE}/daftar/${result.id}`);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      // The consent is checked after the registration's fields: report both at once.
      const consent = formErrors(request, catchError(() => checkConsent(b.consent)));
      return registerPage(request, reply, keptValues(b), { ...errors, ...consent }, (error as { status?: number }).status);
    }
  });

  const confirmPage = (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, values: Form, errors?: FormErrors) => {
    const labels = { code: L(request, 'identity.field.code'), evidence: L(request, 'identity.counter.evidence') };
    return sendPage(
      reply,
      {
        request,
        title: L(request, 'identity.counter.confirm_title'),
        children: (
          <>
            <h1>{L(request, 'identity.counter.confirm_title')}</h1>
            <p class="lead">{L(request, 'identity.counter.confirm_lead')}</p>
            <ErrorSummary request={request} errors={errors} labels={labels} />
            <form class="form" method="post" action={`${request.basePath}${BASE}/daftar/${request.params.id}`}>
              <Csrf request={request} />
              <Field name="code" label={labels.code} errors={errors} inputmode="numeric" autocomplete="off" />
              <TextArea name="evidence" label={labels.evidence} hint={L(request, 'identity.counter.evidence_hint')} value={values.evidence} errors={errors} />
              <button class="button" type="submit">
                {L(request, 'identity.counter.confirm_submit')}
              </button>
            </form>
          </>
        ),
      },
      errors ? 400 : 200,
    );
  };

  type IdReq = { Params: { id: string }; Body: Form };
  app.get<IdReq>(`${BASE}/daftar/:id`, cfg, async (request, reply) => {
    requireTenant(request);
    if (!UUID.test(request.params.id)) return sendPage(reply, { request, title: L(request, 'error.not_found'), children: <h1>{L(request, 'error.not_found')}</h1> }, 404);
    return confirmPage(request, reply, {});
  });

  app.post<IdReq>(`${BASE}/daftar/:id`, cfg, async (request, reply) => {
    const tenant = requireTenant(request);
    const b = request.body ?? {};
    try {
      if (!UUID.test(request.params.id)) throw new DomainError('code.wrong', 400, 'error.identity.code_wrong');
      await confirmCounterRegistration(identityContext(deps, request), tenant.id, request.params.id, { code: b.code ?? '', evidence: b.evidence ?? '' });
      return go(reply, request, `${BASE}?registered=1`);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return confirmPage(request, reply, { evidence: b.evidence }, errors);
    }
  });
}

/** While an officer acts for a citizen, every page says so, with the button that ends it. */
export function registerAssistedBanner(app: FastifyInstance, deps: IdentityDeps): void {
  app.addHook('preHandler', async (request) => {
    const p = request.principal;
    if (request.method !== 'GET' || p?.kind !== 'citizen' || !p.assistedBy || request.routeOptions.schema?.hide !== true) return;
    const name = await assistedCitizenName(identityContext(deps, request), p.tenantId, p.id);
    request.pageBanner = (
      <section class="assist-banner" aria-label={tt(request, 'identity.counter.banner_label')}>
        <p id="assist-banner">
          {tt(request, 'identity.counter.acting', { name })} {tt(request, 'identity.counter.acting_note')}
        </p>
        <form method="post" action={`${request.basePath}/bantuan-petugas`} class="inline-form">
          <Csrf request={request} />
          <button class="button secondary" type="submit">
            {tt(request, 'identity.counter.end')}
          </button>
        </form>
      </section>
    );
  });
}
