// The officers' queue of citizens' personal-data requests (policy identity.data_requests: the PPID,
// or the tenant administrator): each request with its 72-hour deadline (overdue in red), resolved as
// done or refused with a reason the citizen sees on /akun/privasi. A done erasure request erases the
// citizen's personal data. The queue shows no name or contact: the request's own text and a short
// citizen reference only (reading the record is readCitizenPersonalData, which is logged).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../../../web/layout.js';
import { type IdentityDeps, identityContext, requireTenant } from '../deps.js';
import { Csrf, ErrorSummary, Field, type FormErrors, formatDateTime, formErrors, tt } from '../pages-ui.js';
import { listDataRequestQueue, resolveDataRequest } from './service.js';
import '../strings.js';

const BASE = '/petugas/permintaan-data';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function registerDataRequestPages(app: FastifyInstance, deps: IdentityDeps): void {
  const cfg = { schema: { hide: true }, config: { policy: 'identity.data_requests' as const } };

  const queuePage = async (request: FastifyRequest, reply: FastifyReply, failed?: { id: string; errors: FormErrors; reason?: string }) => {
    const tenant = requireTenant(request);
    const rows = await listDataRequestQueue(identityContext(deps, request), tenant.id);
    const now = deps.now().getTime();
    const L = (k: Parameters<typeof tt>[1]) => tt(request, k);
    return sendPage(
      reply,
      {
        request,
        title: L('identity.dr.title'),
        children: (
          <>
            <h1>{L('identity.dr.title')}</h1>
            <p class="lead">{L('identity.dr.lead')}</p>
            {rows.length === 0 && <p>{L('identity.dr.empty')}</p>}
            <ul class="card-list" id="data-requests">
              {rows.map((r) => {
                const open = r.status === 'received' || r.status === 'in_progress';
                const overdue = open && r.dueAt.getTime() < now;
                const errors = failed?.id === r.id ? failed.errors : undefined;
                const fieldId = `reason-${r.id}`;
                return (
                  <li key={r.id} class={`card${overdue ? ' overdue' : ''}`} data-request-id={r.id}>
                    <h2>
                      {L(`identity.request.kind.${r.kind}`)} · <span class="meta">{`citizen:${r.citizenId.slice(0, 8)}`}</span>
                    </h2>
                    <p class="message-body">{r.details}</p>
                    <p class="meta">
                      {L('identity.dr.filed')} {formatDateTime(request, r.createdAt)} · {L('identity.privacy.due')}{' '}
                      <span class={`badge${overdue ? ' deadline-overdue' : ''}`}>
                        {formatDateTime(request, r.dueAt)}
                        {overdue ? ` — ${L('identity.dr.overdue')}` : ''}
                      </span>
                    </p>
                    <p>
                      {L('identity.privacy.status')}: <strong>{L(`identity.request.status.${r.status}`)}</strong>
                      {r.resolution ? ` — ${r.resolution}` : ''}
                    </p>
                    {open && (
                      <>
                        {r.kind === 'erasure' && <p class="warning">{L('identity.dr.erasure_warning')}</p>}
                        <ErrorSummary request={request} errors={errors ? { [fieldId]: errors.reason ?? errors._ ?? '' } : undefined} labels={{ [fieldId]: L('identity.dr.reason') }} />
                        <form class="form" method="post" action={`${request.basePath}${BASE}/${r.id}`}>
                          <Csrf request={request} />
                          <Field name={fieldId} label={L('identity.dr.reason')} hint={L('identity.dr.reason_hint')} errors={errors ? { [fieldId]: errors.reason ?? errors._ ?? '' } : undefined}>
                            <textarea id={fieldId} name="reason" rows={2} aria-invalid={errors ? 'true' : undefined}>
                              {failed?.id === r.id ? (failed.reason ?? '') : ''}
                            </textarea>
                          </Field>
                          <div class="button-row">
                            <button class="button" type="submit" name="outcome" value="done">
                              {L(r.kind === 'erasure' ? 'identity.dr.done_erase' : 'identity.dr.done')}
                            </button>{' '}
                            <button class="button secondary" type="submit" name="outcome" value="refused">
                              {L('identity.dr.refuse')}
                            </button>
                          </div>
                        </form>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        ),
      },
      failed ? 400 : 200,
    );
  };

  app.get(BASE, cfg, (request, reply) => queuePage(request, reply));
  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(`${BASE}/:id`, cfg, async (request, reply) => {
    const tenant = requireTenant(request);
    const id = UUID.test(request.params.id) ? request.params.id : '00000000-0000-0000-0000-000000000000';
    const reason = request.body?.reason;
    try {
      await resolveDataRequest(identityContext(deps, request), tenant.id, id, { outcome: request.body?.outcome === 'refused' ? 'refused' : 'done', reason });
      return reply.code(303).header('location', `${request.basePath}${BASE}`).send();
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors || (error as { status?: number }).status === 404) throw error;
      return queuePage(request, reply, { id, errors, reason });
    }
  });
}
