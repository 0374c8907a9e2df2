// Citizens' pages (Bahasa Indonesia first, English second; no JavaScript needed): register, confirm
// the code, sign in, the account (profile) and the privacy page (who accessed my data, download,
// requests), and a region browser to find one's village code.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../../../platform/auth/index.js';
import { DomainError } from '../../../platform/errors.js';
import { sendPage } from '../../../web/layout.js';
import { clientAddress, type IdentityDeps, identityContext, requireTenant } from '../deps.js';
import { Csrf, ErrorSummary, Field, type FormErrors, formErrors, safeReturnPath, tt } from '../pages-ui.js';
import { listMyAssistance } from '../assisted/service.js';
import { fileDataRequest, listMyDataAccess, listMyDataRequests } from '../personal-data/service.js';
import { findRegion, listChildRegions, listProvinces, REGION_ATTRIBUTION, regionPath } from '../regions.js';
import { sendSessionCookie, sessionOpener, startSession } from '../session-start.js';
import { clearSessionCookie, revokeAllSessions } from '../sessions.js';
import {
  getOwnProfile,
  type Profile,
  type Registration,
  registerCitizen,
  requestSignInCode,
  signInCitizen,
  signInCitizenWithCode,
  updateOwnProfile,
  verifyCitizenContact,
} from './service.js';
import '../strings.js';

type Form = Record<string, string | undefined>;

function redirect(reply: FastifyReply, request: FastifyRequest, path: string) {
  return reply.code(303).header('location', `${request.basePath}${path}`).send();
}

export function registrationLabels(request: FastifyRequest): Record<string, string> {
  const L = (k: Parameters<typeof tt>[1]) => tt(request, k);
  return {
    nik: L('identity.field.nik'),
    name: L('identity.field.name'),
    birthDate: L('identity.field.birth_date'),
    sex: L('identity.field.sex'),
    phone: L('identity.field.phone'),
    email: L('identity.field.email'),
    regionCode: L('identity.field.region'),
    password: L('identity.field.password'),
  };
}

/** The registration form's body as the service's input (self-registration and the counter). */
export function registrationFromForm(b: Form, lang: 'id' | 'en'): Registration {
  return {
    nik: b.nik ?? '',
    name: b.name ?? '',
    birthDate: b.birthDate ?? '',
    sex: b.sex === 'L' ? 'L' : 'P',
    phone: b.phone ?? '',
    email: b.email ?? '',
    password: b.password ?? '',
    regionCode: (b.regionCode ?? '').trim(),
    ...(b.channel === 'sms' || b.channel === 'email' ? { channel: b.channel } : {}),
    lang,
  };
}

/** What was typed, to show the form again: everything but the password and the CSRF token. */
export function keptValues(b: Form): Form {
  const { password: _password, _csrf, ...values } = b;
  return values;
}

/** The fields of a registration (NIK … password), shared by self-registration and the counter. */
export function RegistrationFields({ request, values, errors }: { request: FastifyRequest; values: Form; errors?: FormErrors }) {
  const L = (k: Parameters<typeof tt>[1]) => tt(request, k);
  const labels = registrationLabels(request);
  return (
    <>
      <Field name="nik" label={labels.nik!} hint={L('identity.hint.nik')} value={values.nik} errors={errors} inputmode="numeric" autocomplete="off" />
      <Field name="name" label={labels.name!} hint={L('identity.hint.name')} value={values.name} errors={errors} autocomplete="name" />
      <Field name="birthDate" label={labels.birthDate!} type="date" value={values.birthDate} errors={errors} autocomplete="bday" />
      <Field name="sex" label={labels.sex!} errors={errors}>
        <select id="sex" name="sex" aria-invalid={errors?.sex ? 'true' : undefined}>
          <option value="P" selected={values.sex === 'P'}>
            {L('identity.sex.P')}
          </option>
          <option value="L" selected={values.sex === 'L'}>
            {L('identity.sex.L')}
          </option>
        </select>
      </Field>
      <Field name="phone" label={labels.phone!} type="tel" hint={L('identity.hint.phone')} value={values.phone} errors={errors} autocomplete="tel" />
      <Field name="email" label={labels.email!} type="email" value={values.email} errors={errors} autocomplete="email" />
      <Field name="regionCode" label={labels.regionCode!} hint={L('identity.hint.region')} value={values.regionCode} errors={errors} />
      <p>
        <a href={`${request.basePath}/wilayah`}>{L('identity.region.browse')}</a>
      </p>
      <Field name="password" label={labels.password!} type="password" hint={L('identity.hint.password')} errors={errors} autocomplete="new-password" />
    </>
  );
}

function RegisterPage({ request, values, errors }: { request: FastifyRequest; values: Form; errors?: FormErrors }) {
  const L = (k: Parameters<typeof tt>[1]) => tt(request, k);
  return (
    <>
      <h1>{L('identity.register.title')}</h1>
      <p class="lead">{L('identity.register.lead')}</p>
      <ErrorSummary request={request} errors={errors} labels={registrationLabels(request)} />
      <form class="form" method="post" action={`${request.basePath}/daftar`} noValidate>
        <Csrf request={request} />
        <RegistrationFields request={request} values={values} errors={errors} />
        <button class="button" type="submit">
          {L('identity.register.submit')}
        </button>
      </form>
      <p>
        <a href={`${request.basePath}/masuk`}>{L('identity.register.have_account')}</a>
      </p>
    </>
  );
}

function ConfirmPage({ request, id, errors }: { request: FastifyRequest; id: string; errors?: FormErrors }) {
  return (
    <>
      <h1>{tt(request, 'identity.confirm.title')}</h1>
      <p class="lead">{tt(request, 'identity.confirm.lead')}</p>
      <ErrorSummary request={request} errors={errors} labels={{ code: tt(request, 'identity.field.code') }} />
      <form class="form" method="post" action={`${request.basePath}/daftar/konfirmasi`}>
        <Csrf request={request} />
        <input type="hidden" name="id" value={id} />
        <Field name="code" label={tt(request, 'identity.field.code')} errors={errors} inputmode="numeric" autocomplete="one-time-code" />
        <button class="button" type="submit">
          {tt(request, 'identity.confirm.submit')}
        </button>
      </form>
    </>
  );
}

function LoginPage({ request, identifier, errors, next }: { request: FastifyRequest; identifier?: string; errors?: FormErrors; next?: string }) {
  const labels = { identifier: tt(request, 'identity.field.identifier'), password: tt(request, 'identity.field.password') };
  return (
    <>
      <h1>{tt(request, 'identity.login.title')}</h1>
      <ErrorSummary request={request} errors={errors} labels={labels} />
      <form class="form" method="post" action={`${request.basePath}/masuk`}>
        <Csrf request={request} />
        {next && <input type="hidden" name="next" value={next} />}
        <Field name="identifier" label={labels.identifier} hint={tt(request, 'identity.hint.identifier')} value={identifier} autocomplete="username" />
        <Field name="password" label={labels.password} type="password" autocomplete="current-password" />
        <button class="button" type="submit">
          {tt(request, 'identity.login.submit')}
        </button>
      </form>
      <p>
        <a href={`${request.basePath}/masuk/kode`}>{tt(request, 'identity.login.with_code')}</a>
      </p>
      <p>
        <a href={`${request.basePath}/daftar`}>{tt(request, 'identity.login.register')}</a>
      </p>
    </>
  );
}

/** Sign-in with a one-time code: first the identifier (always "sent"), then the code. */
function CodeLoginPage({ request, identifier, sent, errors }: { request: FastifyRequest; identifier?: string; sent: boolean; errors?: FormErrors }) {
  const labels = { identifier: tt(request, 'identity.field.identifier'), code: tt(request, 'identity.field.code') };
  return (
    <>
      <h1>{tt(request, 'identity.login_code.title')}</h1>
      {sent && (
        <p class="notice" role="status">
          {tt(request, 'identity.login_code.sent')}
        </p>
      )}
      <ErrorSummary request={request} errors={errors} labels={labels} />
      <form class="form" method="post" action={`${request.basePath}/masuk/kode`}>
        <Csrf request={request} />
        <Field name="identifier" label={labels.identifier} value={identifier} autocomplete="username" />
        {sent && <Field name="code" label={labels.code} errors={errors} inputmode="numeric" autocomplete="one-time-code" />}
        <button class="button" type="submit">
          {tt(request, sent ? 'identity.login.submit' : 'identity.login_code.send')}
        </button>
      </form>
    </>
  );
}

function AccountPage({ request, profile, errors, saved }: { request: FastifyRequest; profile: Profile; errors?: FormErrors; saved: boolean }) {
  const L = (k: Parameters<typeof tt>[1]) => tt(request, k);
  const region = regionPath(profile.regionCode)
    .map((r) => r.name)
    .join(', ');
  const labels = { address: L('identity.field.address'), kkNumber: L('identity.field.kk'), regionCode: L('identity.field.region'), channels: L('identity.field.channels') };
  return (
    <>
      <h1>{L('identity.account.title')}</h1>
      {saved && (
        <p class="notice" role="status">
          {L('identity.account.saved')}
        </p>
      )}
      {profile.assurance === 'unverified' && <p class="notice">{L('identity.account.unverified')}</p>}
      <dl>
        <dt>{L('identity.field.name')}</dt>
        <dd>{profile.name}</dd>
        <dt>{L('identity.field.nik')}</dt>
        <dd>{profile.nik}</dd>
        <dt>{L('identity.field.phone')}</dt>
        <dd>{profile.phone}</dd>
        <dt>{L('identity.field.email')}</dt>
        <dd>{profile.email}</dd>
        <dt>{L('identity.field.assurance')}</dt>
        <dd>{L(`identity.assurance.${profile.assurance}`)}</dd>
        <dt>{L('identity.field.region')}</dt>
        <dd>{region || profile.regionCode}</dd>
      </dl>
      <h2>{L('identity.account.edit')}</h2>
      <ErrorSummary request={request} errors={errors} labels={labels} />
      <form class="form" method="post" action={`${request.basePath}/akun`}>
        <Csrf request={request} />
        <Field name="address" label={labels.address} value={profile.address ?? ''} errors={errors} autocomplete="street-address" />
        <Field name="kkNumber" label={labels.kkNumber} hint={L('identity.hint.kk')} value={profile.kkNumber ?? ''} errors={errors} inputmode="numeric" />
        <Field name="regionCode" label={labels.regionCode} value={profile.regionCode} errors={errors} />
        <fieldset class="field">
          <legend>{labels.channels}</legend>
          {(['email', 'sms', 'whatsapp'] as const).map((c) => (
            <div key={c}>
              <input type="checkbox" id={`channel-${c}`} name="channels" value={c} checked={profile.channels.includes(c)} />{' '}
              <label for={`channel-${c}`}>{L(`identity.channel.${c}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field name="lang" label={L('identity.field.lang')}>
          <select id="lang" name="lang">
            <option value="id" selected={profile.lang === 'id'}>
              Bahasa Indonesia
            </option>
            <option value="en" selected={profile.lang === 'en'}>
              English
            </option>
          </select>
        </Field>
        <button class="button" type="submit">
          {L('identity.account.save')}
        </button>
      </form>
      <h2>{L('identity.privacy.title')}</h2>
      <p>
        <a href={`${request.basePath}/akun/privasi`}>{L('identity.privacy.link')}</a>
      </p>
      <form method="post" action={`${request.basePath}/keluar`} class="inline-form">
        <Csrf request={request} />
        <button class="button secondary" type="submit">
          {L('identity.logout_everywhere')}
        </button>
      </form>
    </>
  );
}

export function registerCitizenPages(app: FastifyInstance, deps: IdentityDeps): void {
  app.get('/daftar', { schema: { hide: true }, config: { policy: 'identity.register' } }, async (request, reply) => {
    requireTenant(request);
    return sendPage(reply, { request, title: tt(request, 'identity.register.title'), children: <RegisterPage request={request} values={{}} /> });
  });

  app.post<{ Body: Form }>('/daftar', { schema: { hide: true }, config: { policy: 'identity.register' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const b = request.body ?? {};
    try {
      const result = await registerCitizen(identityContext(deps, request), tenant, registrationFromForm(b, request.lang));
      return redirect(reply, request, `/daftar/konfirmasi?id=${result.id}`);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return sendPage(reply, { request, title: tt(request, 'identity.register.title'), children: <RegisterPage request={request} values={keptValues(b)} errors={errors} /> }, 400);
    }
  });

  app.get<{ Querystring: { id?: string } }>('/daftar/konfirmasi', { schema: { hide: true }, config: { policy: 'identity.register' } }, async (request, reply) => {
    requireTenant(request);
    return sendPage(reply, { request, title: tt(request, 'identity.confirm.title'), children: <ConfirmPage request={request} id={String(request.query.id ?? '')} /> });
  });

  app.post<{ Body: Form }>('/daftar/konfirmasi', { schema: { hide: true }, config: { policy: 'identity.register' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const id = request.body?.id ?? '';
    try {
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new DomainError('code.wrong', 400, 'error.identity.code_wrong');
      const citizen = await verifyCitizenContact(identityContext(deps, request), tenant.id, id, request.body?.code ?? '');
      await startSession(deps, request, reply, tenant.id, { kind: 'citizen', id: citizen.id });
      return redirect(reply, request, '/akun');
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return sendPage(reply, { request, title: tt(request, 'identity.confirm.title'), children: <ConfirmPage request={request} id={id} errors={errors} /> }, 400);
    }
  });

  app.get('/masuk', { schema: { hide: true }, config: { policy: 'identity.signin' } }, async (request, reply) => {
    requireTenant(request);
    const next = safeReturnPath((request.query as { next?: string }).next);
    return sendPage(reply, { request, title: tt(request, 'identity.login.title'), children: <LoginPage request={request} next={next} /> });
  });

  app.post<{ Body: Form }>('/masuk', { schema: { hide: true }, config: { policy: 'identity.signin' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const identifier = request.body?.identifier ?? '';
    try {
      const citizen = await signInCitizen(identityContext(deps, request), tenant.id, { identifier, password: request.body?.password ?? '' }, clientAddress(request), sessionOpener(deps, request, tenant.id));
      sendSessionCookie(deps, reply, citizen.session);
      // The return address is a same-site path only (never another host).
      const next = safeReturnPath(request.body?.next);
      if (next) return reply.code(303).header('location', next).send();
      return redirect(reply, request, '/akun');
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      const status = (error as { status?: number }).status ?? 400;
      return sendPage(reply, { request, title: tt(request, 'identity.login.title'), children: <LoginPage request={request} identifier={identifier} errors={errors} next={safeReturnPath(request.body?.next)} /> }, status);
    }
  });

  app.get('/masuk/kode', { schema: { hide: true }, config: { policy: 'identity.signin' } }, async (request, reply) => {
    requireTenant(request);
    return sendPage(reply, { request, title: tt(request, 'identity.login_code.title'), children: <CodeLoginPage request={request} sent={false} /> });
  });

  app.post<{ Body: Form }>('/masuk/kode', { schema: { hide: true }, config: { policy: 'identity.signin' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const identifier = (request.body?.identifier ?? '').trim();
    const code = request.body?.code?.trim();
    const ctx = identityContext(deps, request);
    const show = (errors?: FormErrors, status = 200) =>
      sendPage(reply, { request, title: tt(request, 'identity.login_code.title'), children: <CodeLoginPage request={request} identifier={identifier} sent errors={errors} /> }, status);
    if (!code) {
      // The same page whether or not the identifier names an account.
      if (identifier) await requestSignInCode(ctx, tenant, identifier);
      return show();
    }
    try {
      const citizen = await signInCitizenWithCode(ctx, tenant.id, { identifier, code }, clientAddress(request), sessionOpener(deps, request, tenant.id));
      sendSessionCookie(deps, reply, citizen.session);
      return redirect(reply, request, '/akun');
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return show({ code: errors._ ?? Object.values(errors)[0]! }, (error as { status?: number }).status ?? 400);
    }
  });

  app.post('/keluar', { schema: { hide: true }, config: { policy: 'session.self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'citizen', 'officer');
    await revokeAllSessions(deps.db, p.tenantId, { kind: p.kind, id: p.id }, deps.now());
    clearSessionCookie(reply, { secure: deps.secureCookies });
    return redirect(reply, request, '/');
  });

  app.get<{ Querystring: { saved?: string } }>('/akun', { schema: { hide: true }, config: { policy: 'identity.citizen_self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'citizen');
    const profile = await getOwnProfile(identityContext(deps, request), p.tenantId, p.id);
    return sendPage(reply, {
      request,
      title: tt(request, 'identity.account.title'),
      children: <AccountPage request={request} profile={profile} saved={request.query.saved === '1'} />,
    });
  });

  app.post<{ Body: Form & { channels?: string | string[] } }>('/akun', { schema: { hide: true }, config: { policy: 'identity.citizen_self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'citizen');
    const b = request.body ?? {};
    const channels = (Array.isArray(b.channels) ? b.channels : b.channels ? [b.channels] : []).filter((c): c is 'email' | 'sms' | 'whatsapp' =>
      ['email', 'sms', 'whatsapp'].includes(c),
    );
    const ctx = identityContext(deps, request);
    try {
      await updateOwnProfile(ctx, p.tenantId, p.id, {
        address: b.address ?? null,
        kkNumber: b.kkNumber ?? null,
        regionCode: (b.regionCode ?? '').trim(),
        channels,
        lang: b.lang === 'en' ? 'en' : 'id',
      });
      return redirect(reply, request, '/akun?saved=1');
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      const profile = await getOwnProfile(ctx, p.tenantId, p.id);
      const shown: Profile = { ...profile, address: b.address ?? null, kkNumber: b.kkNumber ?? null, regionCode: b.regionCode ?? profile.regionCode, channels };
      return sendPage(reply, { request, title: tt(request, 'identity.account.title'), children: <AccountPage request={request} profile={shown} errors={errors} saved={false} /> }, 400);
    }
  });

  app.get('/akun/privasi', { schema: { hide: true }, config: { policy: 'identity.citizen_self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'citizen');
    return sendPrivacy(request, reply, p.tenantId, p.id);
  });

  app.post<{ Body: Form }>('/akun/privasi/permintaan', { schema: { hide: true }, config: { policy: 'identity.citizen_self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'citizen');
    const kind = request.body?.kind;
    try {
      await fileDataRequest(identityContext(deps, request), p.tenantId, p.id, {
        kind: kind === 'erasure' || kind === 'consent_withdrawal' ? kind : 'correction',
        details: request.body?.details ?? '',
      });
      return redirect(reply, request, '/akun/privasi');
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return sendPrivacy(request, reply, p.tenantId, p.id, errors, request.body?.details);
    }
  });

  async function sendPrivacy(request: FastifyRequest, reply: FastifyReply, tenantId: string, citizenId: string, errors?: FormErrors, details?: string) {
    const ctx = identityContext(deps, request);
    const log = await listMyDataAccess(ctx, tenantId, citizenId);
    const requests = await listMyDataRequests(ctx, tenantId, citizenId);
    const assistance = await listMyAssistance(ctx, tenantId, citizenId);
    const L = (k: Parameters<typeof tt>[1]) => tt(request, k);
    const fmt = (d: Date) => d.toLocaleString(request.lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: request.tenant?.timeZone ?? 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });
    return sendPage(
      reply,
      {
        request,
        title: L('identity.privacy.title'),
        children: (
          <>
            <h1>{L('identity.privacy.title')}</h1>
            <p>
              <a class="button secondary" href={`${request.basePath}/api/v1/me/data`} download="data-saya.json">
                {L('identity.privacy.download')}
              </a>
            </p>
            <h2 id="access-log">{L('identity.privacy.access_log')}</h2>
            {log.length === 0 ? (
              <p>{L('identity.privacy.no_access')}</p>
            ) : (
              <table class="data-table" aria-labelledby="access-log">
                <thead>
                  <tr>
                    <th scope="col">{L('identity.privacy.when')}</th>
                    <th scope="col">{L('identity.privacy.who')}</th>
                    <th scope="col">{L('identity.privacy.what')}</th>
                    <th scope="col">{L('identity.privacy.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.map((a) => (
                    <tr key={a.id}>
                      <td>{fmt(a.at)}</td>
                      <td>{a.accessorName ?? a.accessorId}</td>
                      <td>{a.fields.join(', ')}</td>
                      <td>{a.purpose}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h2 id="assistance">{L('identity.privacy.assistance')}</h2>
            <p>{L('identity.privacy.assistance_lead')}</p>
            {!assistance.registration && assistance.sessions.length === 0 ? (
              <p>{L('identity.privacy.assistance_none')}</p>
            ) : (
              <table class="data-table" aria-labelledby="assistance" id="assistance-log">
                <thead>
                  <tr>
                    <th scope="col">{L('identity.privacy.when')}</th>
                    <th scope="col">{L('identity.privacy.who')}</th>
                    <th scope="col">{L('identity.privacy.what')}</th>
                    <th scope="col">{L('identity.privacy.consent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {assistance.sessions.map((a) => (
                    <tr key={a.id}>
                      <td>
                        {fmt(a.startedAt)}
                        <br />
                        <span class="meta">
                          {L('identity.privacy.ended')}: {a.endedAt ? fmt(a.endedAt) : L('identity.privacy.not_ended')}
                        </span>
                      </td>
                      <td>{a.officerName ?? `officer:${a.officerId}`}</td>
                      <td>
                        {L('identity.privacy.assisted_session')}
                        {a.purpose ? (
                          <>
                            <br />
                            <span class="meta">{a.purpose}</span>
                          </>
                        ) : null}
                      </td>
                      <td>{a.consent ?? ''}</td>
                    </tr>
                  ))}
                  {assistance.registration && (
                    <tr>
                      <td>{fmt(assistance.registration.at)}</td>
                      <td>{assistance.registration.officerName ?? ''}</td>
                      <td>{L('identity.privacy.assisted_registration')}</td>
                      <td>{assistance.registration.consent ?? ''}</td>
                    </tr>
                  )}
                </tbody>
              </table>
            )}
            <h2 id="requests">{L('identity.privacy.requests')}</h2>
            <p>{L('identity.privacy.requests_lead')}</p>
            <p>{L('identity.privacy.retention')}</p>
            {requests.length > 0 && (
              <table class="data-table" aria-labelledby="requests">
                <thead>
                  <tr>
                    <th scope="col">{L('identity.privacy.kind')}</th>
                    <th scope="col">{L('identity.privacy.status')}</th>
                    <th scope="col">{L('identity.privacy.due')}</th>
                  </tr>
                </thead>
                <tbody>
                  {requests.map((r) => (
                    <tr key={r.id}>
                      <td>{L(`identity.request.kind.${r.kind}`)}</td>
                      <td>
                        {L(`identity.request.status.${r.status}`)}
                        {r.resolution ? (
                          <>
                            <br />
                            <span class="meta">{r.resolution}</span>
                          </>
                        ) : null}
                      </td>
                      <td>{fmt(r.dueAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <ErrorSummary request={request} errors={errors} labels={{ details: L('identity.field.details') }} />
            <form class="form" method="post" action={`${request.basePath}/akun/privasi/permintaan`}>
              <Csrf request={request} />
              <Field name="kind" label={L('identity.field.request_kind')}>
                <select id="kind" name="kind">
                  {(['correction', 'erasure', 'consent_withdrawal'] as const).map((k) => (
                    <option key={k} value={k}>
                      {L(`identity.request.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="details" label={L('identity.field.details')} errors={errors}>
                <textarea id="details" name="details" rows={4} aria-invalid={errors?.details ? 'true' : undefined}>
                  {details ?? ''}
                </textarea>
              </Field>
              <button class="button" type="submit">
                {L('identity.privacy.submit_request')}
              </button>
            </form>
          </>
        ),
      },
      errors ? 400 : 200,
    );
  }

  app.get<{ Querystring: { parent?: string } }>('/wilayah', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    const parent = typeof request.query.parent === 'string' && /^[\d.]{2,8}$/.test(request.query.parent) ? request.query.parent : undefined;
    const list = parent ? listChildRegions(parent) : listProvinces();
    const trail = parent ? regionPath(parent) : [];
    const L = (k: Parameters<typeof tt>[1]) => tt(request, k);
    return sendPage(reply, {
      request,
      title: L('identity.region.title'),
      children: (
        <>
          <h1>{L('identity.region.title')}</h1>
          <p>
            <a href={`${request.basePath}/wilayah`}>{L('identity.region.all')}</a>
            {trail.map((r) => (
              <span key={r.code}>
                {' › '}
                <a href={`${request.basePath}/wilayah?parent=${r.code}`}>{r.name}</a>
              </span>
            ))}
          </p>
          <ul>
            {list.map((r) => (
              <li key={r.code}>
                {r.level === 'village' ? (
                  <>
                    {r.name} — <strong>{r.code}</strong>
                  </>
                ) : (
                  <a href={`${request.basePath}/wilayah?parent=${r.code}`}>{r.name}</a>
                )}
              </li>
            ))}
          </ul>
          {parent && !findRegion(parent) && <p>{L('identity.region.unknown')}</p>}
          <p class="meta">{REGION_ATTRIBUTION}</p>
        </>
      ),
    });
  });
}
