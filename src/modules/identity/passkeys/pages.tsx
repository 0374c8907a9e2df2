// Passkey pages: the security page of citizens (/akun/keamanan) and of officers (/petugas/keamanan)
// — the list with last use, removing one (a plain form: no JavaScript needed), adding one (the island:
// WebAuthn needs JavaScript, so without it the page says so) — and the blocks the sign-in pages embed:
// "Masuk dengan passkey" on /masuk and "Gunakan passkey" on /petugas/kode, hidden unless the browser
// runs the island and supports WebAuthn, so the password and code forms stay the way in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../../../platform/auth/index.js';
import type { FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type MessageKey, t } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, handleForm } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { formatDateTime } from '../page-text.js';
import { ownSession } from './routes.js';
import { canChangePasskeys, FRESH_SIGN_IN_MINUTES, listMyPasskeys, type PasskeySummary, removeMyPasskey } from './service.js';
import './strings.js';

const ISLAND = '/static/build/passkey.js';

interface CeremonyProps {
  request: FastifyRequest;
  mode: 'register' | 'sign-in' | 'second-factor';
  /** API paths under the request's base path. */
  options: string;
  verify: string;
  /** Where to go once it worked (a path with the base path). */
  done: string;
  children: preact.ComponentChildren;
}

/** A ceremony block for the island: hidden until it runs in a browser that supports WebAuthn. */
function Ceremony({ request, mode, options, verify, done, children }: CeremonyProps) {
  const L = (k: MessageKey) => t(request.lang, k);
  return (
    <div
      class="passkey"
      id={`passkey-${mode}`}
      hidden
      data-passkey={mode}
      data-options={`${request.basePath}${options}`}
      data-verify={`${request.basePath}${verify}`}
      data-done={done}
      data-msg-cancelled={L('identity.passkey.cancelled')}
      data-msg-failed={L('identity.passkey.failed')}
    >
      <p class="field-error" role="alert" data-passkey-error hidden />
      {children}
      <script type="module" src={ISLAND} />
    </div>
  );
}

/** "Masuk dengan passkey" on /masuk: the browser offers the passkeys it holds for this address. */
export function PasskeySignIn({ request, done }: { request: FastifyRequest; done: string }) {
  return (
    <Ceremony request={request} mode="sign-in" options="/api/v1/auth/passkey/options" verify="/api/v1/auth/passkey" done={done}>
      <p>{t(request.lang, 'identity.passkey.or')}</p>
      <button class="button secondary" type="button">
        {t(request.lang, 'identity.passkey.sign_in')}
      </button>
    </Ceremony>
  );
}

/** "Gunakan passkey" on /petugas/kode: instead of the authenticator code. */
export function PasskeySecondFactor({ request, done }: { request: FastifyRequest; done: string }) {
  return (
    <Ceremony request={request} mode="second-factor" options="/api/v1/officers/me/passkey/options" verify="/api/v1/officers/me/passkey/verify" done={done}>
      <button class="button secondary" type="button">
        {t(request.lang, 'identity.passkey.second_factor')}
      </button>
      <p>{t(request.lang, 'identity.passkey.or')}</p>
    </Ceremony>
  );
}

interface SecurityPage {
  path: string;
  api: string;
  lead: MessageKey;
  signInAgain: string;
}

function SecurityPage(props: { request: FastifyRequest; page: SecurityPage; passkeys: PasskeySummary[]; fresh: boolean; notice?: MessageKey; errors?: readonly FieldError[] }) {
  const { request, page, passkeys, fresh } = props;
  const L = (k: MessageKey, vars?: Record<string, string | number>) => t(request.lang, k, vars);
  const here = `${request.basePath}${page.path}`;
  return (
    <>
      <h1>{L('identity.passkey.title')}</h1>
      <p class="lead">{L(page.lead)}</p>
      {props.notice && (
        <p class="notice" role="status">
          {L(props.notice)}
        </p>
      )}
      <ErrorSummary lang={request.lang} errors={props.errors} labels={{}} />
      <h2>{L('identity.passkey.list_title')}</h2>
      {passkeys.length === 0 ? (
        <p id="passkey-none">{L('identity.passkey.none')}</p>
      ) : (
        <ul class="link-list" id="passkey-list">
          {passkeys.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>{' '}
              <span class="meta">
                {L('identity.passkey.created', { date: formatDateTime(request, p.createdAt) })},{' '}
                {p.lastUsedAt ? L('identity.passkey.last_used', { date: formatDateTime(request, p.lastUsedAt) }) : L('identity.passkey.never_used')}
              </span>
              {fresh && (
                <Form request={request} action={`${here}/hapus`} class="inline-form">
                  <input type="hidden" name="id" value={p.id} />
                  <button class="button secondary" type="submit">
                    {L('identity.passkey.remove', { name: p.name })}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>{L('identity.passkey.add_title')}</h2>
      {fresh ? (
        <>
          <p data-passkey-nojs>{L('identity.passkey.needs_js')}</p>
          <Ceremony request={request} mode="register" options={`${page.api}/registration/options`} verify={`${page.api}/registration`} done={`${here}?ditambah=1`}>
            <form class="form" action={here} method="get">
              <Field lang={request.lang} name="name" label={L('identity.passkey.name')} hint={L('identity.passkey.name_hint')} maxLength={60} autocomplete="off" />
              <button class="button" type="submit">
                {L('identity.passkey.add')}
              </button>
            </form>
          </Ceremony>
        </>
      ) : (
        <p class="notice" id="passkey-reauth">
          {L('identity.passkey.reauth', { minutes: FRESH_SIGN_IN_MINUTES })} <a href={`${request.basePath}${page.signInAgain}?next=${encodeURIComponent(here)}`}>{L('identity.login.title')}</a>
        </p>
      )}
    </>
  );
}

const PAGES = {
  citizen: { path: '/akun/keamanan', api: '/api/v1/me/passkeys', lead: 'identity.passkey.lead', signInAgain: '/masuk', policy: 'identity.citizen_passkeys' },
  officer: { path: '/petugas/keamanan', api: '/api/v1/officers/me/passkeys', lead: 'identity.passkey.officer_lead', signInAgain: '/petugas/masuk', policy: 'identity.officer_passkeys' },
} as const;

export function registerPasskeyPages(app: FastifyInstance): void {
  for (const page of Object.values(PAGES)) {
    const cfg = { schema: { hide: true }, config: { policy: page.policy } };
    const show = async (request: FastifyRequest, reply: FastifyReply, state: { notice?: MessageKey; errors?: readonly FieldError[] }, status = 200) => {
      const ctx = tenantContextOf(request);
      const [passkeys, fresh] = await Promise.all([listMyPasskeys(ctx), canChangePasskeys(ctx, ownSession(request))]);
      reply.header('cache-control', 'no-store');
      return sendPage(reply, { request, title: t(request.lang, 'identity.passkey.title'), children: <SecurityPage request={request} page={page} passkeys={passkeys} fresh={fresh} {...state} /> }, status);
    };
    app.get<{ Querystring: { ditambah?: string; dihapus?: string } }>(page.path, cfg, async (request, reply) => {
      const p = requirePrincipal(request, 'citizen', 'officer');
      // An officer who has not passed the second factor finishes signing in first.
      if (p.kind === 'officer' && p.grants.length === 0) return reply.redirect(`${request.basePath}/petugas/kode`, 303);
      const notice = request.query.ditambah === '1' ? 'identity.passkey.added' : request.query.dihapus === '1' ? 'identity.passkey.removed' : undefined;
      return show(request, reply, { notice });
    });
    app.post(
      `${page.path}/hapus`,
      cfg,
      handleForm({
        async act(request, values) {
          await removeMyPasskey(tenantContextOf(request), { id: values.id ?? '', session: ownSession(request) });
          return `${request.basePath}${page.path}?dihapus=1`;
        },
        show: (request, reply, _values, errors, status) => show(request, reply, { errors }, status),
      }),
    );
  }
}
