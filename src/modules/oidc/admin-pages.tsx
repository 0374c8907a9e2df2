// The tenant admin's pages for client applications: the list (status, data each may ask for, disable
// and enable) and the registration form; the new client's id and secret are shown once, on the page
// the POST redirects to (sealed in a short-lived cookie, never in a URL; the page is never stored).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { Checkboxes, ErrorSummary, Field, Form, formValues, handleForm, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { TableScroll } from '../../web/table.js';
import type { Carry } from '../identity/index.js';
import { type Client, CLIENT_SCOPES, listClients, registerClient, setClientStatus } from './clients.js';
import { OIDC_PATH } from './provider.js';
import './strings.js';

export const ADMIN_PATH = '/petugas/admin/aplikasi';
const CLIENT_ID = /^gbc_[A-Za-z0-9_-]{16,64}$/;

interface Values {
  name?: string;
  redirectUris?: string;
  postLogoutRedirectUris?: string;
  logoUrl?: string;
  scopes: string[];
  nikApproved?: string;
  jwks?: string;
}

const lines = (text: string | undefined) => (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

function readValues(request: FastifyRequest): Values {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const raw = body.scopes;
  const scopes = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((s): s is string => typeof s === 'string');
  return { ...formValues(body), scopes };
}

function parseJwks(text: string | undefined): { keys: Record<string, unknown>[] } | null {
  if (!text?.trim()) return null;
  try {
    return JSON.parse(text) as { keys: Record<string, unknown>[] };
  } catch {
    return { keys: [] }; // refused beside the field by the service
  }
}

export function registerOidcAdminPages(app: FastifyInstance, deps: { carry: Carry; publicBaseUrl: string }): void {
  const cfg = { schema: { hide: true }, config: { policy: 'oidc.admin' as const } };
  const to = (request: FastifyRequest, path: string) => `${request.basePath}${path}`;
  const discovery = `${deps.publicBaseUrl.replace(/\/$/, '')}${OIDC_PATH}/.well-known/openid-configuration`;

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { created?: { clientId: string; secret: string | null }; errors?: readonly FieldError[]; values?: Values; status?: number } = {},
  ) => {
    const lang = request.lang;
    const L = (key: Parameters<typeof t>[1]) => t(lang, key);
    const clients = await listClients(tenantContextOf(request));
    const v: Values = opts.values ?? { scopes: ['openid', 'profile'] };
    const labels = {
      name: L('oidc.admin.name'),
      redirectUris: L('oidc.admin.redirects'),
      postLogoutRedirectUris: L('oidc.admin.logouts'),
      logoUrl: L('oidc.admin.logo'),
      scopes: L('oidc.admin.scopes'),
      nikApproved: L('oidc.admin.nik'),
      jwks: L('oidc.admin.jwks'),
    };
    const scopeText = (c: Client) => c.scopes.map((s) => L(`oidc.scope.${s as (typeof CLIENT_SCOPES)[number]}`)).join('; ');
    return sendPage(
      reply,
      {
        request,
        title: L('oidc.admin.title'),
        children: (
          <>
            <h1>{L('oidc.admin.title')}</h1>
            <p class="lead">{L('oidc.admin.lead')}</p>
            <p>
              {L('oidc.admin.discovery')}: <code>{discovery}</code>
            </p>
            {opts.created && (
              <div class="notice" role="status">
                <h2>{L('oidc.admin.created')}</h2>
                <dl>
                  <dt>{L('oidc.admin.client_id')}</dt>
                  <dd>
                    <code>{opts.created.clientId}</code>
                  </dd>
                  {opts.created.secret && (
                    <>
                      <dt>{L('oidc.admin.secret')}</dt>
                      <dd>
                        <code>{opts.created.secret}</code>
                      </dd>
                    </>
                  )}
                </dl>
                {opts.created.secret && <p>{L('oidc.admin.secret_once')}</p>}
              </div>
            )}
            {clients.length === 0 ? (
              <p>{L('oidc.admin.none')}</p>
            ) : (
              <TableScroll labelledBy="oidc-clients">
                <table>
                  <caption id="oidc-clients">{L('oidc.admin.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{L('oidc.admin.col_name')}</th>
                      <th scope="col">{L('oidc.admin.col_scopes')}</th>
                      <th scope="col">{L('oidc.admin.col_status')}</th>
                      <th scope="col">{L('oidc.admin.col_action')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {clients.map((c) => (
                      <tr key={c.id}>
                        <td>
                          {c.name}
                          <br />
                          <code class="meta">{c.id}</code>
                          {c.nikApproved && (
                            <>
                              <br />
                              {L('oidc.admin.fapi')}
                            </>
                          )}
                        </td>
                        <td>{scopeText(c)}</td>
                        <td>{L(`oidc.admin.status.${c.status}`)}</td>
                        <td>
                          <Form request={request} action={to(request, `${ADMIN_PATH}/${c.id}/status`)} class="inline-form">
                            <input type="hidden" name="status" value={c.status === 'active' ? 'disabled' : 'active'} />
                            <button class="button secondary" type="submit">
                              {L(c.status === 'active' ? 'oidc.admin.disable' : 'oidc.admin.enable')}
                              <span class="visually-hidden"> {c.name}</span>
                            </button>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <h2>{L('oidc.admin.register')}</h2>
            <ErrorSummary lang={lang} errors={opts.errors} labels={labels} />
            <Form request={request} action={to(request, ADMIN_PATH)} class="form">
              <Field lang={lang} errors={opts.errors} name="name" label={labels.name} hint={L('oidc.admin.name_hint')} value={v.name} autocomplete="off" />
              <TextArea lang={lang} errors={opts.errors} name="redirectUris" label={labels.redirectUris} hint={L('oidc.admin.redirects_hint')} value={v.redirectUris} rows={3} />
              <TextArea lang={lang} errors={opts.errors} name="postLogoutRedirectUris" label={labels.postLogoutRedirectUris} hint={L('oidc.admin.logouts_hint')} value={v.postLogoutRedirectUris} rows={2} required={false} />
              <Field lang={lang} errors={opts.errors} name="logoUrl" label={labels.logoUrl} hint={L('oidc.admin.logo_hint')} value={v.logoUrl} type="url" required={false} autocomplete="off" />
              <Checkboxes
                lang={lang}
                errors={opts.errors}
                name="scopes"
                legend={labels.scopes}
                values={v.scopes}
                options={CLIENT_SCOPES.filter((s) => s !== 'openid').map((s) => ({ value: s, label: L(`oidc.scope.${s}`) }))}
                required={false}
              />
              <Checkboxes
                lang={lang}
                errors={opts.errors}
                name="nikApproved"
                legend={labels.nikApproved}
                hint={L('oidc.admin.nik_hint')}
                values={v.nikApproved ? ['yes'] : []}
                options={[{ value: 'yes', label: L('oidc.admin.nik') }]}
                required={false}
              />
              <TextArea lang={lang} errors={opts.errors} name="jwks" label={labels.jwks} hint={L('oidc.admin.jwks_hint')} value={v.jwks} rows={3} required={false} />
              <button class="button" type="submit">
                {L('oidc.admin.submit')}
              </button>
            </Form>
          </>
        ),
      },
      opts.status ?? 200,
    );
  };

  // The page that may show a new secret must never be stored (sendPage sets no-cache; onSend runs after it).
  const noStore = { ...cfg, onSend: async (_request: FastifyRequest, reply: FastifyReply) => void reply.header('cache-control', 'no-store') };
  app.get(ADMIN_PATH, noStore, (request, reply) =>
    page(request, reply, { created: deps.carry.take<{ clientId: string; secret: string | null }>(request, reply, 'oidc_secret', ADMIN_PATH, tenantContextOf(request).now()) }),
  );
  app.post(
    ADMIN_PATH,
    cfg,
    handleForm<Values>({
      read: readValues,
      async act(request, v, reply) {
        const ctx = tenantContextOf(request);
        const { client, secret } = await registerClient(ctx, {
          name: v.name ?? '',
          redirectUris: lines(v.redirectUris),
          postLogoutRedirectUris: lines(v.postLogoutRedirectUris),
          logoUrl: v.logoUrl || null,
          scopes: v.scopes,
          nikApproved: v.nikApproved === 'yes',
          jwks: parseJwks(v.jwks),
        });
        deps.carry.put(request, reply, 'oidc_secret', ADMIN_PATH, { clientId: client.id, secret }, ctx.now(), 120);
        return to(request, ADMIN_PATH);
      },
      show: (request, reply, values, errors, status) => page(request, reply, { errors, values, status }),
    }),
  );
  app.post<{ Params: { clientId: string } }>(`${ADMIN_PATH}/:clientId/status`, cfg, async (request, reply) => {
    const status = (request.body as Record<string, unknown> | undefined)?.status;
    if (CLIENT_ID.test(request.params.clientId) && (status === 'active' || status === 'disabled')) {
      await setClientStatus(tenantContextOf(request), { id: request.params.clientId, status });
    }
    return reply.redirect(to(request, ADMIN_PATH), 303);
  });
}
