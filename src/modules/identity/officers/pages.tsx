// Officers' pages: accept an invitation (set a password), enrol the authenticator (mandatory) and
// keep the recovery codes, sign in (password, then code), and the officer's home: a reminder that
// every access to personal data is recorded, and — grouped by the officer's roles, named in words —
// the queues and administration pages those roles open (the entries every module registers in
// web/navigation.ts). Forms POST and redirect (web/form.tsx handleForm).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Principal, policyRule, ROLES, type Role, requirePrincipal } from '../../../platform/auth/index.js';
import type { FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type MessageKey, t } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, handleForm } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { entryHref, type NavEntry, visibleEntries } from '../../../web/navigation.js';
import { listAgencies } from '../../tenancy/index.js';
import { clientAddress, type IdentityDeps } from '../deps.js';
import { agencyName, roleLabel, safeReturnPath } from '../page-text.js';
import { sendSessionCookie, sessionOpener, startSession } from '../session-start.js';
import { PasskeySecondFactor } from '../passkeys/pages.js';
import { acceptInvitation, confirmTotpEnrolment, officerSecondFactorState, signInOfficer, startTotpEnrolment, verifySecondFactor } from './service.js';
import '../strings.js';

/** The page asked for before sign-in (a same-site path only), carried through both steps. */
const withNext = (path: string, next: string | undefined) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);
const RECOVERY_PAGE = '/petugas/kode-pemulihan';

interface SimpleField {
  name: string;
  label: string;
  type?: string;
  autocomplete?: string;
  hint?: string;
  value?: string;
}

function SimpleForm(props: {
  request: FastifyRequest;
  title: string;
  lead?: string;
  action: string;
  fields: SimpleField[];
  hidden?: Record<string, string | undefined>;
  submit: string;
  errors?: readonly FieldError[];
  children?: preact.ComponentChildren;
}) {
  const { request } = props;
  const labels = Object.fromEntries(props.fields.map((f) => [f.name, f.label]));
  return (
    <>
      <h1>{props.title}</h1>
      {props.lead && <p class="lead">{props.lead}</p>}
      {props.children}
      <ErrorSummary lang={request.lang} errors={props.errors} labels={labels} />
      <Form request={request} action={`${request.basePath}${props.action}`} class="form">
        {Object.entries(props.hidden ?? {}).map(([k, v]) => (v === undefined ? null : <input key={k} type="hidden" name={k} value={v} />))}
        {props.fields.map((f) => (
          <Field key={f.name} lang={request.lang} errors={props.errors} {...f} />
        ))}
        <button class="button" type="submit">
          {props.submit}
        </button>
      </Form>
    </>
  );
}

/** Which of the officer's roles opens an entry: the first (in the roles' order) its policy names; none for "any officer". */
function openingRole(roles: readonly Role[], entry: NavEntry): Role | undefined {
  const rule = policyRule(entry.policy);
  return rule.officer ? undefined : roles.find((r) => rule.roles?.includes(r));
}

/** The officer home's work: for each role, in words and with where it applies, the pages it opens. */
async function officerWork(request: FastifyRequest, officer: Extract<Principal, { kind: 'officer' }>) {
  const L = (k: MessageKey) => t(request.lang, k);
  const ctx = tenantContextOf(request);
  const agencies = await listAgencies(ctx.db, ctx.tenant);
  const roles = ROLES.filter((r) => officer.grants.some((g) => g.role === r));
  const entries = visibleEntries(request, 'officer-home');
  const general = entries.filter((e) => openingRole(roles, e) === undefined);
  const where = (role: Role) =>
    officer.grants
      .filter((g) => g.role === role)
      .map((g) => {
        const agency = g.agencyId ? agencies.find((a) => a.id === g.agencyId) : undefined;
        return agency ? agencyName(request, agency) : L('identity.admin.tenant_wide');
      })
      .join(', ');
  const Links = ({ items }: { items: NavEntry[] }) => (
    <ul class="link-list">
      {items.map((e) => (
        <li key={e.path}>
          <a href={entryHref(request, e)}>{L(e.label)}</a>
          {e.hint ? <span class="hint"> — {L(e.hint)}</span> : null}
        </li>
      ))}
    </ul>
  );
  return (
    <section aria-labelledby="officer-roles-title">
      <h2 id="officer-roles-title">{L('identity.officer.roles')}</h2>
      <ul class="role-list" id="officer-roles">
        {roles.map((role) => {
          const mine = entries.filter((e) => openingRole(roles, e) === role);
          return (
            <li key={role}>
              <h3>
                {roleLabel(request, role)} <span class="meta">({where(role)})</span>
              </h3>
              {mine.length > 0 ? <Links items={mine} /> : <p class="meta">{L('identity.officer.role_no_pages')}</p>}
            </li>
          );
        })}
      </ul>
      {general.length > 0 && (
        <>
          <h3>{L('identity.officer.all_officers')}</h3>
          <Links items={general} />
        </>
      )}
    </section>
  );
}

export function registerOfficerPages(app: FastifyInstance, deps: IdentityDeps): void {
  const cfg = (policy: 'identity.signin' | 'identity.officer_self') => ({ schema: { hide: true }, config: { policy } });
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, body: preact.ComponentChildren, status = 200) =>
    sendPage(reply, { request, title, children: body }, status);
  const to = (request: FastifyRequest, path: string) => `${request.basePath}${path}`;
  const L = (request: FastifyRequest, k: MessageKey) => t(request.lang, k);

  // ---- invitation ----
  const invitationForm = (request: FastifyRequest, token: string, errors?: readonly FieldError[]) => (
    <SimpleForm
      request={request}
      title={L(request, 'identity.officer.invite_title')}
      lead={L(request, 'identity.officer.invite_lead')}
      action="/petugas/undangan"
      hidden={{ token }}
      fields={[{ name: 'password', label: L(request, 'identity.field.password'), type: 'password', autocomplete: 'new-password', hint: L(request, 'identity.officer.password_hint') }]}
      submit={L(request, 'identity.officer.invite_submit')}
      errors={errors}
    />
  );
  app.get<{ Querystring: { token?: string } }>('/petugas/undangan', cfg('identity.signin'), async (request, reply) => {
    tenantContextOf(request);
    return page(request, reply, L(request, 'identity.officer.invite_title'), invitationForm(request, String(request.query.token ?? '')));
  });
  app.post(
    '/petugas/undangan',
    cfg('identity.signin'),
    handleForm({
      async act(request, values, reply) {
        const ctx = tenantContextOf(request);
        const { officerId } = await acceptInvitation(ctx, { token: values.token ?? '', password: values.password ?? '' });
        await startSession(ctx, deps, request, reply, { kind: 'officer', id: officerId, secondFactor: false });
        return to(request, '/petugas/autentikator');
      },
      show: (request, reply, values, errors, status) => page(request, reply, L(request, 'identity.officer.invite_title'), invitationForm(request, values.token ?? '', errors), status),
    }),
  );

  // ---- authenticator enrolment, then the recovery codes (shown once, after the redirect) ----
  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, errors?: readonly FieldError[], status = 200) => {
    const { secret, uri } = await startTotpEnrolment(tenantContextOf(request));
    // Rendered on the server as a data: URI (CSP allows img-src data:); no JavaScript needed.
    const { default: QRCode } = await import('qrcode'); // loaded when an officer enrols, not at start
    const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
    reply.header('cache-control', 'no-store');
    return page(
      request,
      reply,
      L(request, 'identity.officer.enrol_title'),
      <SimpleForm
        request={request}
        title={L(request, 'identity.officer.enrol_title')}
        lead={L(request, 'identity.officer.enrol_lead')}
        action="/petugas/autentikator"
        fields={[{ name: 'code', label: L(request, 'identity.officer.code_label'), autocomplete: 'one-time-code' }]}
        submit={L(request, 'identity.officer.enrol_submit')}
        errors={errors}
      >
        <p>
          <img id="totp-qr" src={qr} width={220} height={220} alt={L(request, 'identity.officer.qr_alt')} />
        </p>
        <p>
          {L(request, 'identity.officer.secret_label')} <code class="code-list" id="totp-secret">{secret}</code>
        </p>
        <p>
          <a href={uri}>{L(request, 'identity.officer.open_app')}</a>
        </p>
      </SimpleForm>,
      status,
    );
  };
  app.get('/petugas/autentikator', cfg('identity.officer_self'), async (request, reply) => {
    if ((await officerSecondFactorState(tenantContextOf(request))) === 'enrolled') return reply.redirect(to(request, '/petugas/kode'), 303);
    return enrolPage(request, reply);
  });
  app.post(
    '/petugas/autentikator',
    cfg('identity.officer_self'),
    handleForm({
      async act(request, values, reply) {
        const ctx = tenantContextOf(request);
        const { recoveryCodes } = await confirmTotpEnrolment(ctx, { code: values.code ?? '' });
        await startSession(ctx, deps, request, reply, { kind: 'officer', id: requirePrincipal(request, 'officer').id, secondFactor: true });
        deps.carry.put(request, reply, 'recovery', RECOVERY_PAGE, recoveryCodes, ctx.now());
        return to(request, RECOVERY_PAGE);
      },
      show: (request, reply, _values, errors, status) => enrolPage(request, reply, errors, status),
    }),
  );
  app.get(RECOVERY_PAGE, cfg('identity.officer_self'), async (request, reply) => {
    const codes = deps.carry.take<string[]>(request, reply, 'recovery', RECOVERY_PAGE, tenantContextOf(request).now());
    // Shown once: a reload (or anyone later at this browser) finds them gone.
    if (!codes) return reply.redirect(to(request, '/petugas'), 303);
    reply.header('cache-control', 'no-store');
    return page(
      request,
      reply,
      L(request, 'identity.officer.recovery_title'),
      <>
        <h1>{L(request, 'identity.officer.recovery_title')}</h1>
        <p class="notice">{L(request, 'identity.officer.recovery_lead')}</p>
        <ul class="code-list" id="recovery-codes">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p>
          <a class="button" href={to(request, '/petugas')}>
            {L(request, 'identity.officer.continue')}
          </a>
        </p>
      </>,
    );
  });

  // ---- sign in: password, then the second factor ----
  const loginForm = (request: FastifyRequest, email?: string, errors?: readonly FieldError[], next?: string) => (
    <SimpleForm
      request={request}
      title={L(request, 'identity.officer.login_title')}
      action="/petugas/masuk"
      hidden={{ next }}
      fields={[
        { name: 'email', label: L(request, 'identity.field.email'), type: 'email', autocomplete: 'username', value: email },
        { name: 'password', label: L(request, 'identity.field.password'), type: 'password', autocomplete: 'current-password' },
      ]}
      submit={L(request, 'identity.login.submit')}
      errors={errors}
    />
  );
  app.get<{ Querystring: { next?: string } }>('/petugas/masuk', cfg('identity.signin'), async (request, reply) => {
    tenantContextOf(request);
    return page(request, reply, L(request, 'identity.officer.login_title'), loginForm(request, undefined, undefined, safeReturnPath(request.query.next)));
  });
  app.post(
    '/petugas/masuk',
    cfg('identity.signin'),
    handleForm({
      async act(request, values, reply) {
        const ctx = tenantContextOf(request);
        const result = await signInOfficer(ctx, { email: values.email ?? '', password: values.password ?? '', address: clientAddress(request), open: sessionOpener(ctx, request) });
        sendSessionCookie(deps, reply, result.session);
        return to(request, result.next === 'totp' ? withNext('/petugas/kode', safeReturnPath(values.next)) : '/petugas/autentikator');
      },
      show: (request, reply, values, errors, status) =>
        page(request, reply, L(request, 'identity.officer.login_title'), loginForm(request, values.email, errors, safeReturnPath(values.next)), status),
    }),
  );

  const codeForm = (request: FastifyRequest, errors?: readonly FieldError[], next?: string) => (
    <SimpleForm
      request={request}
      title={L(request, 'identity.officer.code_title')}
      lead={L(request, 'identity.officer.code_lead')}
      action="/petugas/kode"
      hidden={{ next }}
      fields={[
        { name: 'code', label: L(request, 'identity.officer.code_label'), autocomplete: 'one-time-code' },
        { name: 'recoveryCode', label: L(request, 'identity.officer.recovery_label'), autocomplete: 'off' },
      ]}
      submit={L(request, 'identity.login.submit')}
      errors={errors}
    >
      <PasskeySecondFactor request={request} done={next ?? to(request, '/petugas')} />
    </SimpleForm>
  );
  app.get<{ Querystring: { next?: string } }>('/petugas/kode', cfg('identity.officer_self'), async (request, reply) => {
    requirePrincipal(request, 'officer');
    return page(request, reply, L(request, 'identity.officer.code_title'), codeForm(request, undefined, safeReturnPath(request.query.next)));
  });
  app.post(
    '/petugas/kode',
    cfg('identity.officer_self'),
    handleForm({
      async act(request, values, reply) {
        const ctx = tenantContextOf(request);
        const code = values.code?.trim() || undefined;
        const factor = code ? { code } : { recoveryCode: values.recoveryCode ?? '' };
        const { session } = await verifySecondFactor(ctx, { ...factor, address: clientAddress(request), open: sessionOpener(ctx, request) });
        sendSessionCookie(deps, reply, session);
        // The return address is a same-site path only (never another host), as for citizens.
        return safeReturnPath(values.next) ?? to(request, '/petugas');
      },
      show: (request, reply, values, errors, status) => page(request, reply, L(request, 'identity.officer.code_title'), codeForm(request, errors, safeReturnPath(values.next)), status),
    }),
  );

  // ---- the officer's home ----
  app.get('/petugas', cfg('identity.officer_self'), async (request, reply) => {
    const officer = requirePrincipal(request, 'officer');
    if (officer.grants.length === 0) return reply.redirect(to(request, '/petugas/kode'), 303);
    const work = await officerWork(request, officer);
    return page(
      request,
      reply,
      L(request, 'identity.officer.home_title'),
      <>
        <h1>{L(request, 'identity.officer.home_title')}</h1>
        <p class="notice">{L(request, 'identity.officer.access_recorded')}</p>
        {work}
        <h2>{L(request, 'site.account')}</h2>
        <Form request={request} action={to(request, '/keluar/semua')}>
          <button class="button secondary" type="submit">
            {L(request, 'identity.logout_everywhere')}
          </button>
        </Form>
      </>,
    );
  });
}
