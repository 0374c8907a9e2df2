// Citizens' pages (Bahasa Indonesia first, English second; no JavaScript needed): register, confirm
// the code, sign in (password or one-time code), sign out (this device or every device), the account
// (profile), the privacy page (who accessed my data, download, requests), and a region browser to
// find one's village code. Forms POST and redirect (web/form.tsx handleForm).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../../../platform/auth/index.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import { Checkboxes, ErrorSummary, Field, Form, type FormValues, formValues, handleForm, Select } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { clientAddress, type IdentityDeps } from '../deps.js';
import { fileDataRequest } from '../personal-data/service.js';
import { safeReturnPath } from '../page-text.js';
import { regionName } from '../../../platform/regions/index.js';
import { sendSessionCookie, sessionOpener, startSession } from '../session-start.js';
import { clearSessionCookie, revokeAllSessions, revokeSession } from '../sessions.js';
import { PasskeySignIn } from '../passkeys/pages.js';
import { AssuranceSummary } from '../assurance/pages.js';
import { getMyAssurance, type MyAssurance } from '../assurance/service.js';
import { sendPrivacyPage } from './privacy-pages.js';
import { registerRegionPage } from './region-pages.js';
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

const hide = { hide: true } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function registrationLabels(lang: Lang): Record<string, string> {
  return {
    nik: t(lang, 'identity.field.nik'),
    name: t(lang, 'identity.field.name'),
    birthDate: t(lang, 'identity.field.birth_date'),
    sex: t(lang, 'identity.field.sex'),
    phone: t(lang, 'identity.field.phone'),
    email: t(lang, 'identity.field.email'),
    regionCode: t(lang, 'identity.field.region'),
    password: t(lang, 'identity.field.password'),
  };
}

/** The registration form's values as the service's input (self-registration and the counter). */
export function registrationFromForm(b: FormValues, lang: Lang): Registration {
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

/** What was typed, to show the form again: everything but the password. */
export function keptValues(b: FormValues): FormValues {
  const { password: _password, ...values } = b;
  return values;
}

/** The fields of a registration (NIK … password), shared by self-registration and the counter. */
export function RegistrationFields({ request, values, errors }: { request: FastifyRequest; values: FormValues; errors?: readonly FieldError[] }) {
  const lang = request.lang;
  const L = (k: MessageKey) => t(lang, k);
  const labels = registrationLabels(lang);
  const common = { lang, errors };
  return (
    <>
      <Field {...common} name="nik" label={labels.nik!} hint={L('identity.hint.nik')} value={values.nik} inputMode="numeric" autocomplete="off" />
      <Field {...common} name="name" label={labels.name!} hint={L('identity.hint.name')} value={values.name} autocomplete="name" />
      <Field {...common} name="birthDate" label={labels.birthDate!} type="date" value={values.birthDate} autocomplete="bday" />
      <Select
        {...common}
        name="sex"
        label={labels.sex!}
        value={values.sex}
        options={[
          { value: 'P', label: L('identity.sex.P') },
          { value: 'L', label: L('identity.sex.L') },
        ]}
      />
      <Field {...common} name="phone" label={labels.phone!} type="tel" hint={L('identity.hint.phone')} value={values.phone} autocomplete="tel" />
      <Field {...common} name="email" label={labels.email!} type="email" value={values.email} autocomplete="email" />
      <Field {...common} name="regionCode" label={labels.regionCode!} hint={L('identity.hint.region')} value={values.regionCode} />
      <p>
        <a href={`${request.basePath}/wilayah`}>{L('identity.region.browse')}</a>
      </p>
      <Field {...common} name="password" label={labels.password!} type="password" hint={L('identity.hint.password')} autocomplete="new-password" />
    </>
  );
}

function RegisterPage({ request, values, errors }: { request: FastifyRequest; values: FormValues; errors?: readonly FieldError[] }) {
  const L = (k: MessageKey) => t(request.lang, k);
  return (
    <>
      <h1>{L('identity.register.title')}</h1>
      <p class="lead">{L('identity.register.lead')}</p>
      <ErrorSummary lang={request.lang} errors={errors} labels={registrationLabels(request.lang)} />
      {errors?.some((e) => e.field === '/nik' && e.code === 'taken') ? (
        <section class="panel" aria-labelledby="taken-title">
          <h2 id="taken-title">{L('identity.register.taken_title')}</h2>
          <p>{L('identity.nik_taken')}</p>
          <ul>
            <li>
              <a href={`${request.basePath}/masuk`}>{L('identity.register.taken_sign_in')}</a>
            </li>
            <li>
              <a href={`${request.basePath}/masuk/kode`}>{L('identity.register.taken_recover')}</a>
            </li>
          </ul>
        </section>
      ) : null}
      <Form request={request} action={`${request.basePath}/daftar`} class="form">
        <RegistrationFields request={request} values={values} errors={errors} />
        <button class="button" type="submit">
          {L('identity.register.submit')}
        </button>
      </Form>
      <p>
        <a href={`${request.basePath}/masuk`}>{L('identity.register.have_account')}</a>
      </p>
    </>
  );
}

function ConfirmPage({ request, id, errors }: { request: FastifyRequest; id: string; errors?: readonly FieldError[] }) {
  const L = (k: MessageKey) => t(request.lang, k);
  return (
    <>
      <h1>{L('identity.confirm.title')}</h1>
      <p class="lead">{L('identity.confirm.lead')}</p>
      <ErrorSummary lang={request.lang} errors={errors} labels={{ code: L('identity.field.code') }} />
      <Form request={request} action={`${request.basePath}/daftar/konfirmasi`} class="form">
        <input type="hidden" name="id" value={id} />
        <Field lang={request.lang} errors={errors} name="code" label={L('identity.field.code')} inputMode="numeric" autocomplete="one-time-code" />
        <button class="button" type="submit">
          {L('identity.confirm.submit')}
        </button>
      </Form>
    </>
  );
}

function LoginPage({ request, identifier, errors, next }: { request: FastifyRequest; identifier?: string; errors?: readonly FieldError[]; next?: string }) {
  const L = (k: MessageKey) => t(request.lang, k);
  const labels = { identifier: L('identity.field.identifier'), password: L('identity.field.password') };
  return (
    <>
      <h1>{L('identity.login.title')}</h1>
      <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
      <Form request={request} action={`${request.basePath}/masuk`} class="form">
        {next && <input type="hidden" name="next" value={next} />}
        <Field lang={request.lang} name="identifier" label={labels.identifier} hint={L('identity.hint.identifier')} value={identifier} autocomplete="username" />
        <Field lang={request.lang} name="password" label={labels.password} type="password" autocomplete="current-password" />
        <button class="button" type="submit">
          {L('identity.login.submit')}
        </button>
      </Form>
      <PasskeySignIn request={request} done={next ?? `${request.basePath}/akun`} />
      <p>
        <a href={`${request.basePath}/masuk/kode`}>{L('identity.login.with_code')}</a>
      </p>
      <p>
        <a href={`${request.basePath}/daftar`}>{L('identity.login.register')}</a>
      </p>
    </>
  );
}

/** Sign-in with a one-time code: first the identifier (always "sent"), then the code. */
function CodeLoginPage({ request, identifier, sent, errors }: { request: FastifyRequest; identifier?: string; sent: boolean; errors?: readonly FieldError[] }) {
  const L = (k: MessageKey) => t(request.lang, k);
  const labels = { identifier: L('identity.field.identifier'), code: L('identity.field.code') };
  return (
    <>
      <h1>{L('identity.login_code.title')}</h1>
      {sent && (
        <p class="notice" role="status">
          {L('identity.login_code.sent')}
        </p>
      )}
      <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
      <Form request={request} action={`${request.basePath}/masuk/kode`} class="form">
        <Field lang={request.lang} name="identifier" label={labels.identifier} value={identifier} autocomplete="username" />
        {sent && <Field lang={request.lang} errors={errors} name="code" label={labels.code} inputMode="numeric" autocomplete="one-time-code" />}
        <button class="button" type="submit">
          {L(sent ? 'identity.login.submit' : 'identity.login_code.send')}
        </button>
      </Form>
    </>
  );
}

interface AccountValues {
  address: string;
  kkNumber: string;
  regionCode: string;
  channels: string[];
  lang: string;
}

function AccountPage({
  request,
  profile,
  assurance,
  shown,
  errors,
  saved,
}: {
  request: FastifyRequest;
  profile: Profile;
  assurance: MyAssurance;
  shown: AccountValues;
  errors?: readonly FieldError[];
  saved: boolean;
}) {
  const lang = request.lang;
  const L = (k: MessageKey) => t(lang, k);
  const labels = { address: L('identity.field.address'), kkNumber: L('identity.field.kk'), regionCode: L('identity.field.region'), channels: L('identity.field.channels'), lang: L('identity.field.lang') };
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
        <AssuranceSummary request={request} assurance={assurance} />
        <dt>{L('identity.field.region')}</dt>
        <dd>{regionName(profile.regionCode)}</dd>
      </dl>
      <h2>{L('identity.account.edit')}</h2>
      <ErrorSummary lang={lang} errors={errors} labels={labels} />
      <Form request={request} action={`${request.basePath}/akun`} class="form">
        <Field lang={lang} errors={errors} name="address" label={labels.address} value={shown.address} autocomplete="street-address" required={false} />
        <Field lang={lang} errors={errors} name="kkNumber" label={labels.kkNumber} hint={L('identity.hint.kk')} value={shown.kkNumber} inputMode="numeric" required={false} />
        <Field lang={lang} errors={errors} name="regionCode" label={labels.regionCode} hint={regionName(shown.regionCode, '')} value={shown.regionCode} />
        <Checkboxes
          lang={lang}
          errors={errors}
          name="channels"
          legend={labels.channels}
          values={shown.channels}
          options={(['email', 'sms', 'whatsapp'] as const).map((c) => ({ value: c, label: L(`identity.channel.${c}`) }))}
        />
        <Select
          lang={lang}
          errors={errors}
          name="lang"
          label={labels.lang}
          value={shown.lang}
          options={[
            { value: 'id', label: 'Bahasa Indonesia' },
            { value: 'en', label: 'English' },
          ]}
        />
        <button class="button" type="submit">
          {L('identity.account.save')}
        </button>
      </Form>
      <h2>{L('identity.privacy.title')}</h2>
      <p>
        <a href={`${request.basePath}/akun/privasi`}>{L('identity.privacy.link')}</a>
      </p>
      <p>
        <a href={`${request.basePath}/akun/keamanan`}>{L('identity.passkey.link')}</a>
      </p>
      <Form request={request} action={`${request.basePath}/keluar/semua`} class="inline-form">
        <button class="button secondary" type="submit">
          {L('identity.logout_everywhere')}
        </button>
      </Form>
    </>
  );
}

const accountValues = (p: Profile): AccountValues => ({ address: p.address ?? '', kkNumber: p.kkNumber ?? '', regionCode: p.regionCode, channels: p.channels, lang: p.lang });

export function registerCitizenPages(app: FastifyInstance, deps: IdentityDeps): void {
  const cfg = (policy: 'identity.register' | 'identity.signin' | 'identity.citizen_self' | 'session.self') => ({ schema: hide, config: { policy } });
  const page = (request: FastifyRequest, reply: FastifyReply, title: MessageKey, body: preact.ComponentChildren, status = 200) =>
    sendPage(reply, { request, title: t(request.lang, title), children: body }, status);
  const to = (request: FastifyRequest, path: string) => `${request.basePath}${path}`;

  // ---- registration ----
  app.get('/daftar', cfg('identity.register'), async (request, reply) => {
    tenantContextOf(request);
    return page(request, reply, 'identity.register.title', <RegisterPage request={request} values={{}} />);
  });
  app.post(
    '/daftar',
    cfg('identity.register'),
    handleForm({
      async act(request, values) {
        const result = await registerCitizen(tenantContextOf(request), registrationFromForm(values, request.lang));
        return to(request, `/daftar/konfirmasi?id=${result.id}`);
      },
      show: (request, reply, values, errors, status) => page(request, reply, 'identity.register.title', <RegisterPage request={request} values={keptValues(values)} errors={errors} />, status),
    }),
  );

  app.get<{ Querystring: { id?: string } }>('/daftar/konfirmasi', cfg('identity.register'), async (request, reply) => {
    tenantContextOf(request);
    return page(request, reply, 'identity.confirm.title', <ConfirmPage request={request} id={String(request.query.id ?? '')} />);
  });
  app.post(
    '/daftar/konfirmasi',
    cfg('identity.register'),
    handleForm({
      async act(request, values, reply) {
        const ctx = tenantContextOf(request);
        const citizenId = values.id ?? '';
        if (!UUID.test(citizenId)) throw new DomainError('code.wrong', 400, 'error.identity.code_wrong');
        const citizen = await verifyCitizenContact(ctx, { citizenId, code: values.code ?? '' });
        await startSession(ctx, deps, request, reply, { kind: 'citizen', id: citizen.id });
        return to(request, '/akun');
      },
      show: (request, reply, values, errors, status) => page(request, reply, 'identity.confirm.title', <ConfirmPage request={request} id={values.id ?? ''} errors={errors} />, status),
    }),
  );

  // ---- sign in ----
  app.get<{ Querystring: { next?: string } }>('/masuk', cfg('identity.signin'), async (request, reply) => {
    tenantContextOf(request);
    return page(request, reply, 'identity.login.title', <LoginPage request={request} next={safeReturnPath(request.query.next)} />);
  });
  app.post(
    '/masuk',
    cfg('identity.signin'),
    handleForm({
      async act(request, values, reply) {
        const ctx = tenantContextOf(request);
        const citizen = await signInCitizen(ctx, { identifier: values.identifier ?? '', password: values.password ?? '', address: clientAddress(request), open: sessionOpener(ctx, request) });
        sendSessionCookie(deps, reply, citizen.session);
        // The return address is a same-site path only (never another host).
        return safeReturnPath(values.next) ?? to(request, '/akun');
      },
      show: (request, reply, values, errors, status) =>
        page(request, reply, 'identity.login.title', <LoginPage request={request} identifier={values.identifier} errors={errors} next={safeReturnPath(values.next)} />, status),
    }),
  );

  // The identifier a code was sent to goes to the next page sealed in a cookie, never in its URL.
  const CODE_PAGE = '/masuk/kode';
  app.get<{ Querystring: { terkirim?: string } }>(CODE_PAGE, cfg('identity.signin'), async (request, reply) => {
    const ctx = tenantContextOf(request);
    const sent = request.query.terkirim === '1';
    const identifier = sent ? deps.carry.peek<string>(request, 'code_login', ctx.now()) : undefined;
    return page(request, reply, 'identity.login_code.title', <CodeLoginPage request={request} sent={sent} identifier={identifier} />);
  });
  app.post(
    CODE_PAGE,
    cfg('identity.signin'),
    handleForm({
      async act(request, values, reply) {
        const ctx = tenantContextOf(request);
        const identifier = (values.identifier ?? '').trim();
        const code = values.code?.trim();
        if (!code) {
          // The same page whether or not the identifier names an account.
          if (identifier) await requestSignInCode(ctx, { identifier });
          deps.carry.put(request, reply, 'code_login', CODE_PAGE, identifier, ctx.now());
          return to(request, `${CODE_PAGE}?terkirim=1`);
        }
        const citizen = await signInCitizenWithCode(ctx, { identifier, code, address: clientAddress(request), open: sessionOpener(ctx, request) });
        sendSessionCookie(deps, reply, citizen.session);
        return to(request, '/akun');
      },
      // A refused code is shown beside the code field, whatever the reason (wrong, throttled).
      show: (request, reply, values, errors, status) =>
        page(
          request,
          reply,
          'identity.login_code.title',
          <CodeLoginPage request={request} identifier={(values.identifier ?? '').trim()} sent errors={errors.map((e) => (e.field === '/' ? { ...e, field: '/code' } : e))} />,
          status,
        ),
    }),
  );

  // ---- sign out: this device (the header's "Keluar"), or every device (the account page) ----
  app.post('/keluar', cfg('session.self'), async (request, reply) => {
    const p = requirePrincipal(request, 'citizen', 'officer');
    const ctx = tenantContextOf(request);
    await revokeSession(ctx.db, p.tenantId, p.sessionId, ctx.now());
    clearSessionCookie(reply, deps.sessionCookies);
    return reply.redirect(to(request, '/'), 303);
  });
  app.post('/keluar/semua', cfg('session.self'), async (request, reply) => {
    const p = requirePrincipal(request, 'citizen', 'officer');
    const ctx = tenantContextOf(request);
    await revokeAllSessions(ctx.db, p.tenantId, { kind: p.kind, id: p.id }, ctx.now());
    clearSessionCookie(reply, deps.sessionCookies);
    return reply.redirect(to(request, '/'), 303);
  });

  // ---- the account ----
  app.get<{ Querystring: { saved?: string } }>('/akun', cfg('identity.citizen_self'), async (request, reply) => {
    const profile = await getOwnProfile(tenantContextOf(request));
    const assurance = await getMyAssurance(tenantContextOf(request));
    return page(request, reply, 'identity.account.title', <AccountPage request={request} profile={profile} assurance={assurance} shown={accountValues(profile)} saved={request.query.saved === '1'} />);
  });
  app.post(
    '/akun',
    cfg('identity.citizen_self'),
    handleForm<AccountValues>({
      read(request) {
        const b = formValues(request.body);
        const raw = (request.body as { channels?: unknown } | undefined)?.channels;
        const channels = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((c): c is string => typeof c === 'string');
        return { address: b.address ?? '', kkNumber: b.kkNumber ?? '', regionCode: b.regionCode ?? '', channels, lang: b.lang ?? '' };
      },
      async act(request, v) {
        const channels = v.channels.filter((c): c is 'email' | 'sms' | 'whatsapp' => ['email', 'sms', 'whatsapp'].includes(c));
        await updateOwnProfile(tenantContextOf(request), { address: v.address, kkNumber: v.kkNumber, regionCode: v.regionCode.trim(), channels, lang: v.lang === 'en' ? 'en' : 'id' });
        return to(request, '/akun?saved=1');
      },
      async show(request, reply, v, errors, status) {
        const profile = await getOwnProfile(tenantContextOf(request));
        const assurance = await getMyAssurance(tenantContextOf(request));
        return page(request, reply, 'identity.account.title', <AccountPage request={request} profile={profile} assurance={assurance} shown={v} errors={errors} saved={false} />, status);
      },
    }),
  );

  // ---- personal data ----
  app.get('/akun/privasi', cfg('identity.citizen_self'), (request, reply) => sendPrivacyPage(request, reply, {}));
  app.post(
    '/akun/privasi/permintaan',
    cfg('identity.citizen_self'),
    handleForm({
      async act(request, values) {
        const kind = values.kind === 'erasure' || values.kind === 'consent_withdrawal' ? values.kind : 'correction';
        await fileDataRequest(tenantContextOf(request), {
          kind,
          details: values.details ?? '',
          ...(kind === 'correction' && values.correctionField ? { correctionField: values.correctionField, correctionValue: values.correctionValue ?? '' } : {}),
        });
        return to(request, '/akun/privasi');
      },
      show: (request, reply, values, errors, status) => sendPrivacyPage(request, reply, { values, errors }, status),
    }),
  );

  registerRegionPage(app);
}

