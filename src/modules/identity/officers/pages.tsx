// Officers' pages: accept an invitation (set a password), enrol the authenticator (mandatory) and
// keep the recovery codes, sign in (password, then code), and a start page that reminds them that
// every access to personal data is recorded.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, requirePrincipal } from '../../../platform/auth/index.js';
import { sendPage } from '../../../web/layout.js';
import { clientAddress, type IdentityDeps, identityContext, requireTenant } from '../deps.js';
import { Csrf, ErrorSummary, Field, type FormErrors, formErrors, safeReturnPath, tt } from '../pages-ui.js';
import { sendSessionCookie, sessionOpener, startSession } from '../session-start.js';
import {
  acceptInvitation,
  confirmTotpEnrolment,
  officerSecondFactorState,
  signInOfficer,
  startTotpEnrolment,
  verifySecondFactor,
} from './service.js';
import '../strings.js';

type Form = Record<string, string | undefined>;
const go = (reply: FastifyReply, request: FastifyRequest, path: string) => reply.code(303).header('location', `${request.basePath}${path}`).send();
/** The page asked for before sign-in (a same-site path only), carried through both steps. */
const withNext = (path: string, next: string | undefined) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);
const nextField = (next: string | undefined): Record<string, string> => (next ? { next } : {});

function SimpleForm(props: {
  request: FastifyRequest;
  title: string;
  lead?: string;
  action: string;
  fields: { name: string; label: string; type?: string; autocomplete?: string; hint?: string; value?: string }[];
  hidden?: Record<string, string>;
  submit: string;
  errors?: FormErrors;
  children?: preact.ComponentChildren;
}) {
  const labels = Object.fromEntries(props.fields.map((f) => [f.name, f.label]));
  return (
    <>
      <h1>{props.title}</h1>
      {props.lead && <p class="lead">{props.lead}</p>}
      {props.children}
      <ErrorSummary request={props.request} errors={props.errors} labels={labels} />
      <form class="form" method="post" action={`${props.request.basePath}${props.action}`}>
        <Csrf request={props.request} />
        {Object.entries(props.hidden ?? {}).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {props.fields.map((f) => (
          <Field key={f.name} {...f} errors={props.errors} />
        ))}
        <button class="button" type="submit">
          {props.submit}
        </button>
      </form>
    </>
  );
}

/** Where an officer's roles let them work: only the pages the policy table would let them open. */
function OfficerLinks({ request }: { request: FastifyRequest }) {
  const links = (
    [
      ['identity.admin', '/petugas/admin', 'identity.officer.link_admin'],
      ['identity.data_requests', '/petugas/permintaan-data', 'identity.officer.link_requests'],
      ['identity.assist', '/petugas/loket', 'identity.officer.link_counter'],
    ] as const
  ).filter(([policy]) => can(request.principal, policy));
  if (links.length === 0) return null;
  return (
    <nav aria-labelledby="officer-links">
      <h2 id="officer-links">{tt(request, 'identity.officer.links')}</h2>
      <ul>
        {links.map(([policy, href, label]) => (
          <li key={policy}>
            <a href={`${request.basePath}${href}`}>{tt(request, label)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function registerOfficerPages(app: FastifyInstance, deps: IdentityDeps): void {
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, body: preact.ComponentChildren, status = 200) =>
    sendPage(reply, { request, title, children: body }, status);

  const invitationForm = (request: FastifyRequest, token: string, errors?: FormErrors) => (
    <SimpleForm
      request={request}
      title={tt(request, 'identity.officer.invite_title')}
      lead={tt(request, 'identity.officer.invite_lead')}
      action="/petugas/undangan"
      hidden={{ token }}
      fields={[{ name: 'password', label: tt(request, 'identity.field.password'), type: 'password', autocomplete: 'new-password', hint: tt(request, 'identity.officer.password_hint') }]}
      submit={tt(request, 'identity.officer.invite_submit')}
      errors={errors}
    />
  );

  app.get<{ Querystring: { token?: string } }>('/petugas/undangan', { schema: { hide: true }, config: { policy: 'identity.signin' } }, async (request, reply) => {
    requireTenant(request);
    return page(request, reply, tt(request, 'identity.officer.invite_title'), invitationForm(request, String(request.query.token ?? '')));
  });

  app.post<{ Body: Form }>('/petugas/undangan', { schema: { hide: true }, config: { policy: 'identity.signin' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const token = request.body?.token ?? '';
    try {
      const { officerId } = await acceptInvitation(identityContext(deps, request), tenant.id, { token, password: request.body?.password ?? '' });
      await startSession(deps, request, reply, tenant.id, { kind: 'officer', id: officerId, secondFactor: false });
      return go(reply, request, '/petugas/autentikator');
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return page(request, reply, tt(request, 'identity.officer.invite_title'), invitationForm(request, token, errors), 400);
    }
  });

  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) => {
    const p = requirePrincipal(request, 'officer');
    const tenant = requireTenant(request);
    const { secret, uri } = await startTotpEnrolment(identityContext(deps, request), tenant, p.id);
    // Rendered on the server as a data: URI (CSP allows img-src data:); no JavaScript needed.
    const { default: QRCode } = await import('qrcode'); // loaded when an officer enrols, not at start
    const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
    reply.header('cache-control', 'no-store');
    return page(
      request,
      reply,
      tt(request, 'identity.officer.enrol_title'),
      <SimpleForm
        request={request}
        title={tt(request, 'identity.officer.enrol_title')}
        lead={tt(request, 'identity.officer.enrol_lead')}
        action="/petugas/autentikator"
        fields={[{ name: 'code', label: tt(request, 'identity.officer.code_label'), autocomplete: 'one-time-code' }]}
        submit={tt(request, 'identity.officer.enrol_submit')}
        errors={errors}
      >
        <p>
          <img id="totp-qr" src={qr} width={220} height={220} alt={tt(request, 'identity.officer.qr_alt')} />
        </p>
        <p>
          {tt(request, 'identity.officer.secret_label')} <code class="code-list" id="totp-secret">{secret}</code>
        </p>
        <p>
          <a href={uri}>{tt(request, 'identity.officer.open_app')}</a>
        </p>
      </SimpleForm>,
      errors ? 400 : 200,
    );
  };

  app.get('/petugas/autentikator', { schema: { hide: true }, config: { policy: 'identity.officer_self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'officer');
    if ((await officerSecondFactorState(identityContext(deps, request), p.tenantId, p.id)) === 'enrolled') return go(reply, request, '/petugas/kode');
    return enrolPage(request, reply);
  });

  app.post<{ Body: Form }>('/petugas/autentikator', { schema: { hide: true }, config: { policy: 'identity.officer_self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'officer');
    try {
      const { recoveryCodes } = await confirmTotpEnrolment(identityContext(deps, request), p.tenantId, p.id, request.body?.code ?? '');
      await startSession(deps, request, reply, p.tenantId, { kind: 'officer', id: p.id, secondFactor: true });
      reply.header('cache-control', 'no-store');
      return page(
        request,
        reply,
        tt(request, 'identity.officer.recovery_title'),
        <>
          <h1>{tt(request, 'identity.officer.recovery_title')}</h1>
          <p class="notice">{tt(request, 'identity.officer.recovery_lead')}</p>
          <ul class="code-list" id="recovery-codes">
            {recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p>
            <a class="button" href={`${request.basePath}/petugas`}>
              {tt(request, 'identity.officer.continue')}
            </a>
          </p>
        </>,
      );
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return enrolPage(request, reply, errors);
    }
  });

  const loginForm = (request: FastifyRequest, email?: string, errors?: FormErrors, next?: string) => (
    <SimpleForm
      request={request}
      title={tt(request, 'identity.officer.login_title')}
      action="/petugas/masuk"
      hidden={nextField(next)}
      fields={[
        { name: 'email', label: tt(request, 'identity.field.email'), type: 'email', autocomplete: 'username', value: email },
        { name: 'password', label: tt(request, 'identity.field.password'), type: 'password', autocomplete: 'current-password' },
      ]}
      submit={tt(request, 'identity.login.submit')}
      errors={errors}
    />
  );

  app.get('/petugas/masuk', { schema: { hide: true }, config: { policy: 'identity.signin' } }, async (request, reply) => {
    requireTenant(request);
    const next = safeReturnPath((request.query as { next?: string }).next);
    return page(request, reply, tt(request, 'identity.officer.login_title'), loginForm(request, undefined, undefined, next));
  });

  app.post<{ Body: Form }>('/petugas/masuk', { schema: { hide: true }, config: { policy: 'identity.signin' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const email = request.body?.email ?? '';
    const next = safeReturnPath(request.body?.next);
    try {
      const result = await signInOfficer(identityContext(deps, request), tenant.id, { email, password: request.body?.password ?? '' }, clientAddress(request), sessionOpener(deps, request, tenant.id));
      sendSessionCookie(deps, reply, result.session);
      return go(reply, request, result.next === 'totp' ? withNext('/petugas/kode', next) : '/petugas/autentikator');
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return page(request, reply, tt(request, 'identity.officer.login_title'), loginForm(request, email, errors, next), (error as { status?: number }).status ?? 400);
    }
  });

  const codeForm = (request: FastifyRequest, errors?: FormErrors, next?: string) => (
    <SimpleForm
      request={request}
      title={tt(request, 'identity.officer.code_title')}
      lead={tt(request, 'identity.officer.code_lead')}
      action="/petugas/kode"
      hidden={nextField(next)}
      fields={[
        { name: 'code', label: tt(request, 'identity.officer.code_label'), autocomplete: 'one-time-code' },
        { name: 'recoveryCode', label: tt(request, 'identity.officer.recovery_label'), autocomplete: 'off' },
      ]}
      submit={tt(request, 'identity.login.submit')}
      errors={errors}
    />
  );

  app.get('/petugas/kode', { schema: { hide: true }, config: { policy: 'identity.officer_self' } }, async (request, reply) => {
    requirePrincipal(request, 'officer');
    const next = safeReturnPath((request.query as { next?: string }).next);
    return page(request, reply, tt(request, 'identity.officer.code_title'), codeForm(request, undefined, next));
  });

  app.post<{ Body: Form }>('/petugas/kode', { schema: { hide: true }, config: { policy: 'identity.officer_self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'officer');
    const next = safeReturnPath(request.body?.next);
    try {
      const code = request.body?.code?.trim() || undefined;
      const input = code ? { code } : { recoveryCode: request.body?.recoveryCode ?? '' };
      const { session } = await verifySecondFactor(identityContext(deps, request), p.tenantId, p.id, input, clientAddress(request), sessionOpener(deps, request, p.tenantId));
      sendSessionCookie(deps, reply, session);
      // The return address is a same-site path only (never another host), as for citizens.
      if (next) return reply.code(303).header('location', next).send();
      return go(reply, request, '/petugas');
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return page(request, reply, tt(request, 'identity.officer.code_title'), codeForm(request, errors, next), (error as { status?: number }).status ?? 400);
    }
  });

  app.get('/petugas', { schema: { hide: true }, config: { policy: 'identity.officer_self' } }, async (request, reply) => {
    const p = requirePrincipal(request, 'officer');
    if (p.grants.length === 0) return go(reply, request, '/petugas/kode');
    return page(
      request,
      reply,
      tt(request, 'identity.officer.home_title'),
      <>
        <h1>{tt(request, 'identity.officer.home_title')}</h1>
        <p class="notice">{tt(request, 'identity.officer.access_recorded')}</p>
        <OfficerLinks request={request} />
        <h2>{tt(request, 'identity.officer.roles')}</h2>
        <ul id="officer-roles">
          {p.grants.map((g) => (
            <li key={`${g.role}:${g.agencyId}`}>{g.role}</li>
          ))}
        </ul>
        <form method="post" action={`${request.basePath}/keluar`}>
          <Csrf request={request} />
          <button class="button secondary" type="submit">
            {tt(request, 'identity.logout_everywhere')}
          </button>
        </form>
      </>,
    );
  });
}
