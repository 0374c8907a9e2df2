// Tenant administration pages (role tenant_admin): agencies, officers (invite with roles per agency,
// grant/revoke roles, disable) and API keys (created — shown once, after the redirect —, listed with
// last use, revoked). Forms POST and redirect (web/form.tsx handleForm), errors beside the fields.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES, TENANT_WIDE_ROLES } from '../../../platform/auth/index.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type MessageKey, t } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, handleForm, type Option, Select } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { TableScroll } from '../../../web/table.js';
import { type Agency, listAgencies } from '../../tenancy/index.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../api-keys/service.js';
import type { IdentityDeps } from '../deps.js';
import { inviteOfficer } from '../officers/service.js';
import { agencyName, formatDateTime, roleLabel } from '../page-text.js';
import { createAgencyAsAdmin, disableOfficer, grantRole, listOfficers, type OfficerListRow, revokeRole } from './service.js';
import '../strings.js';

const BASE = '/petugas/admin';
const KEYS = `${BASE}/kunci-api`;
const INVITE_ROWS = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Errors = readonly FieldError[] | undefined;

function AdminNav({ request, current }: { request: FastifyRequest; current: 'home' | 'officers' | 'keys' }) {
  const items = [
    ['home', BASE, 'identity.admin.nav_agencies'],
    ['officers', `${BASE}/petugas`, 'identity.admin.nav_officers'],
    ['keys', KEYS, 'identity.admin.nav_keys'],
  ] as const;
  return (
    <nav class="tabs" aria-label={t(request.lang, 'identity.admin.title')}>
      {items.map(([id, href, key]) => (
        <a key={id} href={`${request.basePath}${href}`} aria-current={id === current ? 'page' : undefined}>
          {t(request.lang, key)}
        </a>
      ))}
    </nav>
  );
}

const roleOptions = (request: FastifyRequest): Option[] =>
  ROLES.map((r) => ({ value: r, label: `${roleLabel(request, r)}${TENANT_WIDE_ROLES.has(r) ? ` (${t(request.lang, 'identity.admin.tenant_wide')})` : ''}` }));
const agencyOptions = (request: FastifyRequest, agencies: Agency[]): Option[] => agencies.map((a) => ({ value: a.code, label: agencyName(request, a) }));

/** "Koordinator pengaduan — seluruh pemda": a grant in words. */
const grantText = (request: FastifyRequest, agencies: Agency[], g: { role: string; agencyId: string | null }) => {
  const a = g.agencyId ? agencies.find((x) => x.id === g.agencyId) : undefined;
  return `${roleLabel(request, g.role)} — ${a ? agencyName(request, a) : t(request.lang, 'identity.admin.tenant_wide')}`;
};

export function registerAdminPages(app: FastifyInstance, deps: IdentityDeps): void {
  const cfg = { schema: { hide: true }, config: { policy: 'identity.admin' as const } };
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, body: preact.ComponentChildren, status = 200) =>
    sendPage(reply, { request, title, children: body }, status);
  const to = (request: FastifyRequest, path: string) => `${request.basePath}${path}`;
  const L = (request: FastifyRequest, k: MessageKey) => t(request.lang, k);

  // ---- agencies ----
  const agenciesPage = async (request: FastifyRequest, reply: FastifyReply, errors?: Errors, values: FormValues = {}, status = 200) => {
    const ctx = tenantContextOf(request);
    const agencies = await listAgencies(ctx.db, ctx.tenant);
    const labels = { code: L(request, 'identity.admin.agency_code_label'), name: L(request, 'identity.admin.agency_name_label'), nameEn: L(request, 'identity.admin.agency_name_en_label') };
    const common = { lang: request.lang, errors, autocomplete: 'off' };
    return page(
      request,
      reply,
      L(request, 'identity.admin.title'),
      <>
        <h1>{L(request, 'identity.admin.title')}</h1>
        <AdminNav request={request} current="home" />
        {(request.query as { created?: string }).created && (
          <p class="notice" role="status">
            {L(request, 'identity.admin.agency_created')}
          </p>
        )}
        <h2 id="agencies">{L(request, 'identity.admin.nav_agencies')}</h2>
        <TableScroll labelledBy="agencies">
          <table class="data-table" aria-labelledby="agencies">
            <thead>
              <tr>
                <th scope="col">{labels.code}</th>
                <th scope="col">{labels.name}</th>
              </tr>
            </thead>
            <tbody>
              {agencies.map((a) => (
                <tr key={a.id}>
                  <td>
                    <code>{a.code}</code>
                  </td>
                  <td>{agencyName(request, a)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <h2>{L(request, 'identity.admin.agency_new')}</h2>
        <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
        <Form request={request} action={to(request, `${BASE}/instansi`)} class="form">
          <Field {...common} name="code" label={labels.code} hint={L(request, 'identity.admin.agency_code_hint')} value={values.code} />
          <Field {...common} name="name" label={labels.name} value={values.name} />
          <Field {...common} name="nameEn" label={labels.nameEn} value={values.nameEn} required={false} />
          <button class="button" type="submit">
            {L(request, 'identity.admin.agency_submit')}
          </button>
        </Form>
      </>,
      status,
    );
  };

  app.get(BASE, cfg, (request, reply) => agenciesPage(request, reply));
  app.post(
    `${BASE}/instansi`,
    cfg,
    handleForm({
      async act(request, v) {
        await createAgencyAsAdmin(tenantContextOf(request), { code: v.code ?? '', name: v.name ?? '', nameEn: v.nameEn });
        return to(request, `${BASE}?created=1`);
      },
      show: (request, reply, values, errors, status) => agenciesPage(request, reply, errors, values, status),
    }),
  );

  // ---- officers ----
  const officersPage = async (request: FastifyRequest, reply: FastifyReply, errors?: Errors, values: FormValues = {}, status = 200) => {
    const ctx = tenantContextOf(request);
    const [agencies, officers] = await Promise.all([listAgencies(ctx.db, ctx.tenant), listOfficers(ctx)]);
    const labels: Record<string, string> = { name: L(request, 'identity.field.name'), email: L(request, 'identity.field.email'), grants: L(request, 'identity.admin.roles') };
    for (let i = 0; i < INVITE_ROWS; i++) {
      labels[`grants.${i}.role`] = `${L(request, 'identity.admin.role')} ${i + 1}`;
      labels[`grants.${i}.agency`] = `${L(request, 'identity.admin.agency')} ${i + 1}`;
    }
    const grantsError = errors?.find((e) => e.field === '/grants');
    const q = request.query as { invited?: string };
    return page(
      request,
      reply,
      L(request, 'identity.admin.nav_officers'),
      <>
        <h1>{L(request, 'identity.admin.nav_officers')}</h1>
        <AdminNav request={request} current="officers" />
        {q.invited && (
          <p class="notice" role="status">
            {L(request, 'identity.admin.invited')}
          </p>
        )}
        <h2 id="officer-list">{L(request, 'identity.admin.officer_list')}</h2>
        <TableScroll labelledBy="officer-list">
          <table class="data-table" aria-labelledby="officer-list">
            <thead>
              <tr>
                <th scope="col">{labels.name}</th>
                <th scope="col">{L(request, 'identity.admin.roles')}</th>
                <th scope="col">{L(request, 'identity.admin.status')}</th>
              </tr>
            </thead>
            <tbody>
              {officers.map((o: OfficerListRow) => (
                <tr key={o.id}>
                  <td>
                    <a href={to(request, `${BASE}/petugas/${o.id}`)}>{o.name}</a>
                    <br />
                    <span class="meta">{o.email}</span>
                  </td>
                  <td>
                    <ul class="plain-list">
                      {o.grants.map((g) => (
                        <li key={`${g.role}:${g.agencyId}`}>{grantText(request, agencies, g)}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{L(request, `identity.admin.status_${o.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <h2>{L(request, 'identity.admin.invite_title')}</h2>
        <p>{L(request, 'identity.admin.invite_lead')}</p>
        <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
        <Form request={request} action={to(request, `${BASE}/petugas/undang`)} class="form">
          <Field lang={request.lang} errors={errors} name="name" label={labels.name!} value={values.name} autocomplete="off" />
          <Field lang={request.lang} errors={errors} name="email" label={labels.email!} type="email" value={values.email} autocomplete="off" />
          <fieldset id="f-grants" class={`field${grantsError ? ' has-error' : ''}`} aria-describedby={grantsError ? 'e-grants' : undefined}>
            <legend>{labels.grants}</legend>
            {grantsError && (
              <p class="field-error" id="e-grants">
                {grantsError.message}
              </p>
            )}
            {Array.from({ length: INVITE_ROWS }, (_, i) => (
              <div key={i} class="grant-row">
                <Select
                  lang={request.lang}
                  errors={errors}
                  name={`grants.${i}.role`}
                  pointer={`/grants/${i}/role`}
                  label={labels[`grants.${i}.role`]!}
                  value={values[`grants.${i}.role`]}
                  options={roleOptions(request)}
                  emptyLabel={i > 0 ? L(request, 'identity.admin.none') : undefined}
                />
                <Select
                  lang={request.lang}
                  errors={errors}
                  name={`grants.${i}.agency`}
                  pointer={`/grants/${i}/agency`}
                  label={labels[`grants.${i}.agency`]!}
                  value={values[`grants.${i}.agency`]}
                  options={agencyOptions(request, agencies)}
                  emptyLabel={L(request, 'identity.admin.agency_none')}
                />
              </div>
            ))}
          </fieldset>
          <button class="button" type="submit">
            {L(request, 'identity.admin.invite_submit')}
          </button>
        </Form>
      </>,
      status,
    );
  };

  app.get(`${BASE}/petugas`, cfg, (request, reply) => officersPage(request, reply));
  app.post(
    `${BASE}/petugas/undang`,
    { schema: { hide: true }, config: { policy: 'identity.officer_invite' } },
    handleForm({
      async act(request, v) {
        const grants = Array.from({ length: INVITE_ROWS }, (_, i) => ({ role: v[`grants.${i}.role`] ?? '', agency: v[`grants.${i}.agency`] || null })).filter((g) => g.role);
        await inviteOfficer(tenantContextOf(request), { name: v.name ?? '', email: v.email ?? '', grants: grants as never, baseUrl: deps.publicBaseUrl });
        return to(request, `${BASE}/petugas?invited=1`);
      },
      show: (request, reply, values, errors, status) => officersPage(request, reply, errors, values, status),
    }),
  );

  const officerPage = async (request: FastifyRequest, reply: FastifyReply, errors?: Errors, status = 200) => {
    const ctx = tenantContextOf(request);
    const id = (request.params as { id: string }).id;
    const [agencies, officers] = await Promise.all([listAgencies(ctx.db, ctx.tenant), listOfficers(ctx)]);
    const o = UUID.test(id) ? officers.find((x) => x.id === id) : undefined;
    if (!o) throw new DomainError('not_found', 404, 'error.not_found');
    const labels = { role: L(request, 'identity.admin.role'), agency: L(request, 'identity.admin.agency') };
    const action = to(request, `${BASE}/petugas/${o.id}`);
    return page(
      request,
      reply,
      o.name,
      <>
        <h1>{o.name}</h1>
        <AdminNav request={request} current="officers" />
        <p class="break-anywhere">
          {o.email} · <strong id="officer-status">{L(request, `identity.admin.status_${o.status}`)}</strong>
        </p>
        <h2 id="grants-title">{L(request, 'identity.admin.roles')}</h2>
        <ul class="plain-list" aria-labelledby="grants-title">
          {o.grants.map((g) => (
            <li key={`${g.role}:${g.agencyId}`}>
              {grantText(request, agencies, g)}{' '}
              <Form request={request} action={`${action}/peran/cabut`} class="inline-form">
                <input type="hidden" name="role" value={g.role} />
                <input type="hidden" name="agencyId" value={g.agencyId ?? ''} />
                <button class="button secondary" type="submit">
                  {L(request, 'identity.admin.revoke')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <h2>{L(request, 'identity.admin.grant_title')}</h2>
        <ErrorSummary lang={request.lang} errors={errors} labels={labels} />
        <Form request={request} action={`${action}/peran`} class="form">
          <Select lang={request.lang} errors={errors} name="role" label={labels.role} options={roleOptions(request)} />
          <Select lang={request.lang} errors={errors} name="agency" label={labels.agency} options={agencyOptions(request, agencies)} emptyLabel={L(request, 'identity.admin.agency_none')} />
          <button class="button" type="submit">
            {L(request, 'identity.admin.grant_submit')}
          </button>
        </Form>
        {o.status !== 'disabled' && (
          <>
            <h2>{L(request, 'identity.admin.disable_title')}</h2>
            <p>{L(request, 'identity.admin.disable_lead')}</p>
            <Form request={request} action={`${action}/nonaktif`}>
              <button class="button secondary" type="submit">
                {L(request, 'identity.admin.disable_submit')}
              </button>
            </Form>
          </>
        )}
      </>,
      status,
    );
  };

  app.get<{ Params: { id: string } }>(`${BASE}/petugas/:id`, cfg, (request, reply) => officerPage(request, reply));
  /** An action on one officer: back to their page, or their page again with the error (an unknown officer or grant: 404). */
  const officerAction = (path: string, run: (request: FastifyRequest<{ Params: { id: string } }>, v: FormValues) => Promise<void>) =>
    app.post<{ Params: { id: string } }>(
      `${BASE}/petugas/:id/${path}`,
      cfg,
      handleForm({
        async act(request, v) {
          const params = request.params as { id: string };
          if (!UUID.test(params.id)) throw new DomainError('not_found', 404, 'error.not_found');
          await run(request as FastifyRequest<{ Params: { id: string } }>, v);
          return to(request, `${BASE}/petugas/${params.id}`);
        },
        show(request, reply, _v, errors, status) {
          if (status === 404) throw new DomainError('not_found', 404, 'error.not_found');
          return officerPage(request, reply, errors, status);
        },
      }),
    );
  officerAction('peran', (request, v) => grantRole(tenantContextOf(request), { officerId: request.params.id, role: v.role ?? '', agency: v.agency || null }));
  officerAction('peran/cabut', (request, v) =>
    revokeRole(tenantContextOf(request), { officerId: request.params.id, role: v.role ?? '', agencyId: UUID.test(v.agencyId ?? '') ? v.agencyId! : null }),
  );
  officerAction('nonaktif', (request) => disableOfficer(tenantContextOf(request), { officerId: request.params.id }));

  // ---- API keys: a new key is carried to the list page in a sealed cookie and shown there once ----
  const keysPage = async (request: FastifyRequest, reply: FastifyReply, opts: { errors?: Errors; values?: FormValues; newKey?: string; status?: number } = {}) => {
    const ctx = tenantContextOf(request);
    const [agencies, keys] = await Promise.all([listAgencies(ctx.db, ctx.tenant), listApiKeys(ctx)]);
    const labels = { name: L(request, 'identity.admin.key_name'), scopes: L(request, 'identity.admin.key_scopes'), agency: L(request, 'identity.admin.agency') };
    const v = opts.values ?? {};
    return page(
      request,
      reply,
      L(request, 'identity.admin.nav_keys'),
      <>
        <h1>{L(request, 'identity.admin.nav_keys')}</h1>
        <AdminNav request={request} current="keys" />
        {opts.newKey && (
          <div class="panel success" role="status">
            <p>{L(request, 'identity.admin.key_shown_once')}</p>
            <p>
              <code class="big-code" id="new-api-key">
                {opts.newKey}
              </code>
            </p>
          </div>
        )}
        <h2 id="key-list">{L(request, 'identity.admin.key_list')}</h2>
        {keys.length === 0 ? (
          <p>{L(request, 'identity.admin.key_none')}</p>
        ) : (
          <TableScroll labelledBy="key-list">
            <table class="data-table" aria-labelledby="key-list">
              <thead>
                <tr>
                  <th scope="col">{labels.name}</th>
                  <th scope="col">{labels.scopes}</th>
                  <th scope="col">{L(request, 'identity.admin.key_last_used')}</th>
                  <th scope="col">{L(request, 'identity.admin.status')}</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => {
                  const agency = k.agencyId ? agencies.find((a) => a.id === k.agencyId) : undefined;
                  return (
                    <tr key={k.id}>
                      <td>
                        {k.name}
                        <br />
                        <code class="meta">gbk_{k.prefix}_…</code>
                        {agency && (
                          <>
                            <br />
                            {agencyName(request, agency)}
                          </>
                        )}
                      </td>
                      <td>{k.scopes.join(', ')}</td>
                      <td>{k.lastUsedAt ? formatDateTime(request, k.lastUsedAt) : L(request, 'identity.admin.key_never_used')}</td>
                      <td>
                        {k.revokedAt ? (
                          `${L(request, 'identity.admin.key_revoked')} ${formatDateTime(request, k.revokedAt)}`
                        ) : (
                          <Form request={request} action={to(request, `${KEYS}/${k.id}/cabut`)} class="inline-form">
                            <button class="button secondary" type="submit">
                              {L(request, 'identity.admin.revoke')}
                              <span class="visually-hidden"> {k.name}</span>
                            </button>
                          </Form>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
        <h2>{L(request, 'identity.admin.key_new')}</h2>
        <ErrorSummary lang={request.lang} errors={opts.errors} labels={labels} />
        <Form request={request} action={to(request, KEYS)} class="form">
          <Field lang={request.lang} errors={opts.errors} name="name" label={labels.name} value={v.name} autocomplete="off" />
          <Field lang={request.lang} errors={opts.errors} name="scopes" label={labels.scopes} hint={L(request, 'identity.admin.key_scopes_hint')} value={v.scopes} autocomplete="off" />
          <Select
            lang={request.lang}
            errors={opts.errors}
            name="agency"
            label={labels.agency}
            value={v.agency}
            options={agencyOptions(request, agencies)}
            emptyLabel={L(request, 'identity.admin.agency_none')}
          />
          <button class="button" type="submit">
            {L(request, 'identity.admin.key_submit')}
          </button>
        </Form>
      </>,
      opts.status ?? 200,
    );
  };

  // The page that may show a new key must never be stored (sendPage sets no-cache; onSend runs after it).
  const noStore = { ...cfg, onSend: async (_request: FastifyRequest, reply: FastifyReply) => void reply.header('cache-control', 'no-store') };
  app.get(KEYS, noStore, (request, reply) => keysPage(request, reply, { newKey: deps.carry.take<string>(request, reply, 'api_key', KEYS, tenantContextOf(request).now()) }));
  app.post(
    KEYS,
    cfg,
    handleForm({
      async act(request, v, reply) {
        const ctx = tenantContextOf(request);
        const scopes = (v.scopes ?? '').split(/[\s,]+/).filter(Boolean);
        const { key } = await createApiKey(ctx, { name: v.name ?? '', agency: v.agency || null, scopes });
        // Never in the URL (request logs keep URLs), never stored in clear: sealed for the next page only.
        deps.carry.put(request, reply, 'api_key', KEYS, key, ctx.now(), 120);
        return to(request, KEYS);
      },
      show: (request, reply, values, errors, status) => keysPage(request, reply, { errors, values, status }),
    }),
  );
  app.post<{ Params: { id: string } }>(`${KEYS}/:id/cabut`, cfg, async (request, reply) => {
    if (UUID.test(request.params.id)) await revokeApiKey(tenantContextOf(request), { id: request.params.id });
    return reply.redirect(to(request, KEYS), 303);
  });
}
