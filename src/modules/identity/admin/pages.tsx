// Tenant administration pages (role tenant_admin): agencies, officers (invite with roles per agency,
// grant/revoke roles, disable) and API keys (created — shown once —, listed with last use, revoked).
// Server-rendered, POST + 303 redirect, error summary and errors beside fields, `_csrf` on every form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES, TENANT_WIDE_ROLES } from '../../../platform/auth/index.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { sendPage } from '../../../web/layout.js';
import { type Agency, listAgencies } from '../../tenancy/index.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../api-keys/service.js';
import { type IdentityDeps, identityContext, requireTenant } from '../deps.js';
import { inviteOfficer } from '../officers/service.js';
import { Csrf, ErrorSummary, Field, type FormErrors, formatDateTime, formErrors, tt } from '../pages-ui.js';
import { createAgencyAsAdmin, disableOfficer, grantRole, listOfficers, type OfficerListRow, revokeRole } from './service.js';
import '../strings.js';

type Form = Record<string, string | undefined>;
const BASE = '/petugas/admin';
const INVITE_ROWS = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const go = (reply: FastifyReply, request: FastifyRequest, path: string) => reply.code(303).header('location', `${request.basePath}${path}`).send();
export const roleLabel = (request: FastifyRequest, role: string) => tt(request, `identity.role.${role}` as MessageKey);
const agencyName = (request: FastifyRequest, a: Agency) => (request.lang === 'en' && a.nameEn ? a.nameEn : a.name);

function AdminNav({ request, current }: { request: FastifyRequest; current: 'home' | 'officers' | 'keys' }) {
  const items = [
    ['home', BASE, 'identity.admin.nav_agencies'],
    ['officers', `${BASE}/petugas`, 'identity.admin.nav_officers'],
    ['keys', `${BASE}/kunci-api`, 'identity.admin.nav_keys'],
  ] as const;
  return (
    <nav class="tabs" aria-label={tt(request, 'identity.admin.title')}>
      {items.map(([id, href, key]) => (
        <a key={id} href={`${request.basePath}${href}`} aria-current={id === current ? 'page' : undefined}>
          {tt(request, key)}
        </a>
      ))}
    </nav>
  );
}

function RoleSelect({ request, name, value, allowEmpty }: { request: FastifyRequest; name: string; value?: string; allowEmpty?: boolean }) {
  return (
    <select id={name} name={name}>
      {allowEmpty && <option value="">{tt(request, 'identity.admin.none')}</option>}
      {ROLES.map((r) => (
        <option key={r} value={r} selected={value === r}>
          {roleLabel(request, r)}
          {TENANT_WIDE_ROLES.has(r) ? ` (${tt(request, 'identity.admin.tenant_wide')})` : ''}
        </option>
      ))}
    </select>
  );
}

function AgencySelect({ request, name, agencies, value }: { request: FastifyRequest; name: string; agencies: Agency[]; value?: string }) {
  return (
    <select id={name} name={name}>
      <option value="">{tt(request, 'identity.admin.agency_none')}</option>
      {agencies.map((a) => (
        <option key={a.id} value={a.code} selected={value === a.code}>
          {agencyName(request, a)}
        </option>
      ))}
    </select>
  );
}

export function registerAdminPages(app: FastifyInstance, deps: IdentityDeps): void {
  const cfg = { schema: { hide: true }, config: { policy: 'identity.admin' as const } };
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, body: preact.ComponentChildren, status = 200) =>
    sendPage(reply, { request, title, children: body }, status);

  // ---- agencies ----
  const agenciesPage = async (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, values: Form = {}) => {
    const tenant = requireTenant(request);
    const agencies = await listAgencies(deps.db, tenant);
    const labels = { code: tt(request, 'identity.admin.agency_code_label'), name: tt(request, 'identity.admin.agency_name_label'), nameEn: tt(request, 'identity.admin.agency_name_en_label') };
    return page(
      request,
      reply,
      tt(request, 'identity.admin.title'),
      <>
        <h1>{tt(request, 'identity.admin.title')}</h1>
        <AdminNav request={request} current="home" />
        {(request.query as { created?: string }).created && <p class="notice" role="status">{tt(request, 'identity.admin.agency_created')}</p>}
        <h2 id="agencies">{tt(request, 'identity.admin.nav_agencies')}</h2>
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
        <h2>{tt(request, 'identity.admin.agency_new')}</h2>
        <ErrorSummary request={request} errors={errors} labels={labels} />
        <form class="form" method="post" action={`${request.basePath}${BASE}/instansi`}>
          <Csrf request={request} />
          <Field name="code" label={labels.code} hint={tt(request, 'identity.admin.agency_code_hint')} value={values.code} errors={errors} autocomplete="off" />
          <Field name="name" label={labels.name} value={values.name} errors={errors} autocomplete="off" />
          <Field name="nameEn" label={labels.nameEn} value={values.nameEn} errors={errors} autocomplete="off" />
          <button class="button" type="submit">
            {tt(request, 'identity.admin.agency_submit')}
          </button>
        </form>
      </>,
      errors ? 400 : 200,
    );
  };

  app.get(BASE, cfg, (request, reply) => agenciesPage(request, reply));
  app.post<{ Body: Form }>(`${BASE}/instansi`, cfg, async (request, reply) => {
    const tenant = requireTenant(request);
    const b = request.body ?? {};
    try {
      await createAgencyAsAdmin(identityContext(deps, request), tenant as never, { code: b.code ?? '', name: b.name ?? '', nameEn: b.nameEn });
      return go(reply, request, `${BASE}?created=1`);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return agenciesPage(request, reply, errors, b);
    }
  });

  // ---- officers ----
  const grantText = (request: FastifyRequest, agencies: Agency[], g: { role: string; agencyId: string | null }) => {
    const a = g.agencyId ? agencies.find((x) => x.id === g.agencyId) : undefined;
    return `${roleLabel(request, g.role)} — ${a ? agencyName(request, a) : tt(request, 'identity.admin.tenant_wide')}`;
  };

  const officersPage = async (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors, values: Form = {}) => {
    const tenant = requireTenant(request);
    const ctx = identityContext(deps, request);
    const [agencies, officers] = await Promise.all([listAgencies(deps.db, tenant), listOfficers(ctx, tenant.id)]);
    const labels = { name: tt(request, 'identity.field.name'), email: tt(request, 'identity.field.email'), grants: tt(request, 'identity.admin.roles') };
    const q = request.query as { invited?: string };
    return page(
      request,
      reply,
      tt(request, 'identity.admin.nav_officers'),
      <>
        <h1>{tt(request, 'identity.admin.nav_officers')}</h1>
        <AdminNav request={request} current="officers" />
        {q.invited && <p class="notice" role="status">{tt(request, 'identity.admin.invited')}</p>}
        <h2 id="officer-list">{tt(request, 'identity.admin.officer_list')}</h2>
        <table class="data-table" aria-labelledby="officer-list">
          <thead>
            <tr>
              <th scope="col">{labels.name}</th>
              <th scope="col">{tt(request, 'identity.admin.roles')}</th>
              <th scope="col">{tt(request, 'identity.admin.status')}</th>
            </tr>
          </thead>
          <tbody>
            {officers.map((o: OfficerListRow) => (
              <tr key={o.id}>
                <td>
                  <a href={`${request.basePath}${BASE}/petugas/${o.id}`}>{o.name}</a>
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
                <td>{tt(request, `identity.admin.status_${o.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{tt(request, 'identity.admin.invite_title')}</h2>
        <p>{tt(request, 'identity.admin.invite_lead')}</p>
        <ErrorSummary request={request} errors={errors} labels={labels} />
        <form class="form" method="post" action={`${request.basePath}${BASE}/petugas/undang`}>
          <Csrf request={request} />
          <Field name="name" label={labels.name} value={values.name} errors={errors} autocomplete="off" />
          <Field name="email" label={labels.email} type="email" value={values.email} errors={errors} autocomplete="off" />
          <fieldset id="grants" class={errors?.grants ? 'field has-error' : undefined}>
            <legend>{tt(request, 'identity.admin.roles')}</legend>
            {errors?.grants && <span class="field-error">{errors.grants}</span>}
            {Array.from({ length: INVITE_ROWS }, (_, i) => (
              <div key={i}>
                <Field name={`role${i}`} label={`${tt(request, 'identity.admin.role')} ${i + 1}`}>
                  <RoleSelect request={request} name={`role${i}`} value={values[`role${i}`]} allowEmpty={i > 0} />
                </Field>
                <Field name={`agency${i}`} label={`${tt(request, 'identity.admin.agency')} ${i + 1}`}>
                  <AgencySelect request={request} name={`agency${i}`} agencies={agencies} value={values[`agency${i}`]} />
                </Field>
              </div>
            ))}
          </fieldset>
          <button class="button" type="submit">
            {tt(request, 'identity.admin.invite_submit')}
          </button>
        </form>
      </>,
      errors ? 400 : 200,
    );
  };

  app.get(`${BASE}/petugas`, cfg, (request, reply) => officersPage(request, reply));
  app.post<{ Body: Form }>(`${BASE}/petugas/undang`, { schema: { hide: true }, config: { policy: 'identity.officer_invite' } }, async (request, reply) => {
    const tenant = requireTenant(request);
    const b = request.body ?? {};
    const grants = Array.from({ length: INVITE_ROWS }, (_, i) => ({ role: b[`role${i}`] ?? '', agency: b[`agency${i}`] || null })).filter((g) => g.role);
    try {
      await inviteOfficer(identityContext(deps, request), tenant, { name: b.name ?? '', email: b.email ?? '', grants: grants as never }, deps.publicBaseUrl);
      return go(reply, request, `${BASE}/petugas?invited=1`);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return officersPage(request, reply, errors, b);
    }
  });

  const officerPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, errors?: FormErrors) => {
    const tenant = requireTenant(request);
    const [agencies, officers] = await Promise.all([listAgencies(deps.db, tenant), listOfficers(identityContext(deps, request), tenant.id)]);
    const o = UUID.test(request.params.id) ? officers.find((x) => x.id === request.params.id) : undefined;
    if (!o) return page(request, reply, tt(request, 'identity.admin.nav_officers'), <h1>{tt(request, 'error.not_found')}</h1>, 404);
    const labels = { role: tt(request, 'identity.admin.role'), agency: tt(request, 'identity.admin.agency') };
    const action = `${request.basePath}${BASE}/petugas/${o.id}`;
    return page(
      request,
      reply,
      o.name,
      <>
        <h1>{o.name}</h1>
        <AdminNav request={request} current="officers" />
        <p>
          {o.email} · <strong id="officer-status">{tt(request, `identity.admin.status_${o.status}` as MessageKey)}</strong>
        </p>
        <h2 id="grants-title">{tt(request, 'identity.admin.roles')}</h2>
        <ul class="plain-list" aria-labelledby="grants-title">
          {o.grants.map((g) => (
            <li key={`${g.role}:${g.agencyId}`}>
              {grantText(request, agencies, g)}{' '}
              <form class="inline-form" method="post" action={`${action}/peran/cabut`}>
                <Csrf request={request} />
                <input type="hidden" name="role" value={g.role} />
                <input type="hidden" name="agencyId" value={g.agencyId ?? ''} />
                <button class="button secondary" type="submit">
                  {tt(request, 'identity.admin.revoke')}
                </button>
              </form>
            </li>
          ))}
        </ul>
        <h2>{tt(request, 'identity.admin.grant_title')}</h2>
        <ErrorSummary request={request} errors={errors} labels={labels} />
        <form class="form" method="post" action={`${action}/peran`}>
          <Csrf request={request} />
          <Field name="role" label={labels.role} errors={errors}>
            <RoleSelect request={request} name="role" />
          </Field>
          <Field name="agency" label={labels.agency} errors={errors}>
            <AgencySelect request={request} name="agency" agencies={agencies} />
          </Field>
          <button class="button" type="submit">
            {tt(request, 'identity.admin.grant_submit')}
          </button>
        </form>
        {o.status !== 'disabled' && (
          <>
            <h2>{tt(request, 'identity.admin.disable_title')}</h2>
            <p>{tt(request, 'identity.admin.disable_lead')}</p>
            <form method="post" action={`${action}/nonaktif`}>
              <Csrf request={request} />
              <button class="button secondary" type="submit">
                {tt(request, 'identity.admin.disable_submit')}
              </button>
            </form>
          </>
        )}
      </>,
      errors ? 400 : 200,
    );
  };

  type IdReq = { Params: { id: string }; Body: Form };
  app.get<{ Params: { id: string } }>(`${BASE}/petugas/:id`, cfg, (request, reply) => officerPage(request, reply));
  const officerAction = (path: string, run: (request: FastifyRequest<IdReq>, tenantId: string) => Promise<void>) =>
    app.post<IdReq>(`${BASE}/petugas/:id/${path}`, cfg, async (request, reply) => {
      const tenant = requireTenant(request);
      if (!UUID.test(request.params.id)) return officerPage(request, reply);
      try {
        await run(request, tenant.id);
        return go(reply, request, `${BASE}/petugas/${request.params.id}`);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors || (error as { status?: number }).status === 404) throw error;
        return officerPage(request, reply, errors);
      }
    });
  officerAction('peran', (request, tenantId) =>
    grantRole(identityContext(deps, request), tenantId, request.params.id, { role: request.body?.role ?? '', agency: request.body?.agency || null }),
  );
  officerAction('peran/cabut', (request, tenantId) =>
    revokeRole(identityContext(deps, request), tenantId, request.params.id, { role: request.body?.role ?? '', agencyId: UUID.test(request.body?.agencyId ?? '') ? request.body!.agencyId! : null }),
  );
  officerAction('nonaktif', (request, tenantId) => disableOfficer(identityContext(deps, request), tenantId, request.params.id));

  // ---- API keys ----
  const keysPage = async (request: FastifyRequest, reply: FastifyReply, opts: { errors?: FormErrors; values?: Form; newKey?: string } = {}) => {
    const tenant = requireTenant(request);
    const [agencies, keys] = await Promise.all([listAgencies(deps.db, tenant), listApiKeys(identityContext(deps, request), tenant.id)]);
    const labels = { name: tt(request, 'identity.admin.key_name'), scopes: tt(request, 'identity.admin.key_scopes'), agency: tt(request, 'identity.admin.agency') };
    const v = opts.values ?? {};
    return page(
      request,
      reply,
      tt(request, 'identity.admin.nav_keys'),
      <>
        <h1>{tt(request, 'identity.admin.nav_keys')}</h1>
        <AdminNav request={request} current="keys" />
        {opts.newKey && (
          <div class="panel success" role="status">
            <p>{tt(request, 'identity.admin.key_shown_once')}</p>
            <p>
              <code class="big-code" id="new-api-key">
                {opts.newKey}
              </code>
            </p>
          </div>
        )}
        <h2 id="key-list">{tt(request, 'identity.admin.key_list')}</h2>
        {keys.length === 0 ? (
          <p>{tt(request, 'identity.admin.key_none')}</p>
        ) : (
          <table class="data-table" aria-labelledby="key-list">
            <thead>
              <tr>
                <th scope="col">{labels.name}</th>
                <th scope="col">{labels.scopes}</th>
                <th scope="col">{tt(request, 'identity.admin.key_last_used')}</th>
                <th scope="col">{tt(request, 'identity.admin.status')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>
                    {k.name}
                    <br />
                    <code class="meta">gbk_{k.prefix}_…</code>
                    {k.agencyId && (
                      <>
                        <br />
                        {agencies.find((a) => a.id === k.agencyId)?.name}
                      </>
                    )}
                  </td>
                  <td>{k.scopes.join(', ')}</td>
                  <td>{k.lastUsedAt ? formatDateTime(request, k.lastUsedAt) : tt(request, 'identity.admin.key_never_used')}</td>
                  <td>
                    {k.revokedAt ? (
                      `${tt(request, 'identity.admin.key_revoked')} ${formatDateTime(request, k.revokedAt)}`
                    ) : (
                      <form class="inline-form" method="post" action={`${request.basePath}${BASE}/kunci-api/${k.id}/cabut`}>
                        <Csrf request={request} />
                        <button class="button secondary" type="submit">
                          {tt(request, 'identity.admin.revoke')}
                          <span class="visually-hidden"> {k.name}</span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>{tt(request, 'identity.admin.key_new')}</h2>
        <ErrorSummary request={request} errors={opts.errors} labels={labels} />
        <form class="form" method="post" action={`${request.basePath}${BASE}/kunci-api`}>
          <Csrf request={request} />
          <Field name="name" label={labels.name} value={v.name} errors={opts.errors} autocomplete="off" />
          <Field name="scopes" label={labels.scopes} hint={tt(request, 'identity.admin.key_scopes_hint')} value={v.scopes} errors={opts.errors} autocomplete="off" />
          <Field name="agency" label={labels.agency} errors={opts.errors}>
            <AgencySelect request={request} name="agency" agencies={agencies} value={v.agency} />
          </Field>
          <button class="button" type="submit">
            {tt(request, 'identity.admin.key_submit')}
          </button>
        </form>
      </>,
      opts.errors ? 400 : 200,
    );
  };

  app.get(`${BASE}/kunci-api`, cfg, (request, reply) => keysPage(request, reply));
  // The answer that shows a new key must never be stored (sendPage sets no-cache; this runs after it).
  const noStore = { ...cfg, onSend: async (_request: FastifyRequest, reply: FastifyReply) => void reply.header('cache-control', 'no-store') };
  app.post<{ Body: Form }>(`${BASE}/kunci-api`, noStore, async (request, reply) => {
    const tenant = requireTenant(request);
    const b = request.body ?? {};
    const scopes = (b.scopes ?? '').split(/[\s,]+/).filter(Boolean);
    try {
      const { key } = await createApiKey(identityContext(deps, request), tenant, { name: b.name ?? '', agency: b.agency || null, scopes });
      // The key is shown once, on this answer (not after a redirect: it is never stored in clear).
      return keysPage(request, reply, { newKey: key });
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return keysPage(request, reply, { errors, values: b });
    }
  });
  app.post<{ Params: { id: string } }>(`${BASE}/kunci-api/:id/cabut`, cfg, async (request, reply) => {
    const tenant = requireTenant(request);
    if (UUID.test(request.params.id)) await revokeApiKey(identityContext(deps, request), tenant.id, request.params.id);
    return go(reply, request, `${BASE}/kunci-api`);
  });
}
