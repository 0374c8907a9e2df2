// The officers' queue of citizens' personal-data requests (policy identity.data_requests: the PPID,
// or the tenant administrator): each request with its 72-hour deadline (near: flagged by the sweeper;
// overdue in red), approved — then carried out across every module that holds the person's data,
// each module's part listed as it is done — or refused with a reason the citizen sees on
// /akun/privasi. The queue shows no name or contact: the request's own text, a correction's new value
// (the citizen wrote it to be used) and a short citizen reference only (reading the record is
// readCitizenPersonalData, which is logged).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type MessageKey, t } from '../../../platform/i18n/index.js';
import { ErrorSummary, Form, formValues, handleForm, TextArea } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { holderLabel } from '../../../platform/personal-data.js';
import { formatDateTime } from '../page-text.js';
import { FIELD_LABELS } from '../citizens/privacy-pages.js';
import { listDataRequestQueue, listDataRequestSteps, resolveDataRequest } from './service.js';
import '../strings.js';

const BASE = '/petugas/permintaan-data';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One request's form sent back: which request, what was typed, what was wrong. */
interface Refused {
  id: string;
  reason?: string;
  errors: readonly FieldError[];
}

export function registerDataRequestPages(app: FastifyInstance): void {
  const cfg = { schema: { hide: true }, config: { policy: 'identity.data_requests' as const } };

  const queuePage = async (request: FastifyRequest, reply: FastifyReply, refused?: Refused, status = 200) => {
    const ctx = tenantContextOf(request);
    const rows = await listDataRequestQueue(ctx);
    const steps = await listDataRequestSteps(
      ctx,
      rows.filter((r) => r.status !== 'received').map((r) => r.id),
    );
    const now = ctx.now().getTime();
    const L = (k: MessageKey, vars?: Record<string, string | number>) => t(request.lang, k, vars);
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
                // Approved and being carried out: nothing left for the officer to decide.
                const decidable = r.status === 'received';
                const overdue = open && r.dueAt.getTime() < now;
                const near = open && !overdue && r.deadlineFlaggedAt != null;
                const mine = steps.filter((st) => st.requestId === r.id);
                // Each card's reason field has its own name (ids are unique on the page); its error is the service's /reason.
                const field = `reason-${r.id}`;
                const errors = refused?.id === r.id ? refused.errors.map((e) => (e.field === '/reason' || e.field === '/' ? { ...e, field: `/${field}` } : e)) : undefined;
                return (
                  <li key={r.id} class={`card${overdue ? ' overdue' : ''}`} data-request-id={r.id}>
                    <h2>
                      {L(`identity.request.kind.${r.kind}`)} · <span class="meta">{L('identity.dr.citizen_ref', { ref: r.citizenId.slice(0, 8) })}</span>
                    </h2>
                    <p class="message-body">{r.details}</p>
                    {r.correctionField && r.correctionValue && (
                      <p>{L('identity.dr.correction', { field: L(FIELD_LABELS[r.correctionField]), value: r.correctionValue })}</p>
                    )}
                    <p class="meta">
                      {L('identity.dr.filed')} {formatDateTime(request, r.createdAt)} · {L('identity.privacy.due')}{' '}
                      <span class={`badge${overdue ? ' deadline-overdue' : ''}`}>
                        {formatDateTime(request, r.dueAt)}
                        {overdue ? ` — ${L('identity.dr.overdue')}` : near ? ` — ${L('identity.dr.deadline_near')}` : ''}
                      </span>
                    </p>
                    <p>
                      {L('identity.privacy.status')}: <strong>{L(`identity.request.status.${r.status}`)}</strong>
                      {r.resolution ? ` — ${r.resolution}` : ''}
                      {r.carriedOutAt ? ` · ${L('identity.privacy.carried_out', { at: formatDateTime(request, r.carriedOutAt) })}` : ''}
                    </p>
                    {mine.length > 0 && (
                      <>
                        <h3 class="meta">{L('identity.dr.steps')}</h3>
                        <ul class="data-request-steps">
                          {mine.map((st) => (
                            <li key={st.holder}>
                              {holderLabel(st.holder, request.lang)}: {L(`identity.dr.step.${st.status}`)}
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                    {decidable && (
                      <>
                        {r.kind === 'erasure' && <p class="warning">{L('identity.dr.erasure_warning')}</p>}
                        <ErrorSummary lang={request.lang} errors={errors} labels={{ [field]: L('identity.dr.reason') }} />
                        <Form request={request} action={`${request.basePath}${BASE}/${r.id}`} class="form">
                          <TextArea lang={request.lang} errors={errors} name={field} label={L('identity.dr.reason')} hint={L('identity.dr.reason_hint')} value={refused?.id === r.id ? refused.reason : ''} rows={2} required={false} />
                          <div class="button-row">
                            <button class="button" type="submit" name="outcome" value="done">
                              {L(r.kind === 'erasure' ? 'identity.dr.done_erase' : 'identity.dr.done')}
                            </button>{' '}
                            <button class="button secondary" type="submit" name="outcome" value="refused">
                              {L('identity.dr.refuse')}
                            </button>
                          </div>
                        </Form>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        ),
      },
      status,
    );
  };

  app.get(BASE, cfg, (request, reply) => queuePage(request, reply));
  app.post<{ Params: { id: string } }>(
    `${BASE}/:id`,
    cfg,
    handleForm<{ id: string; outcome: string; reason?: string }>({
      read(request) {
        const id = UUID.test((request.params as { id: string }).id) ? (request.params as { id: string }).id : '00000000-0000-0000-0000-000000000000';
        const v = formValues(request.body);
        return { id, outcome: v.outcome ?? '', reason: v[`reason-${id}`] ?? v.reason };
      },
      async act(request, v) {
        await resolveDataRequest(tenantContextOf(request), { requestId: v.id, outcome: v.outcome === 'refused' ? 'refused' : 'done', reason: v.reason });
        return `${request.basePath}${BASE}`;
      },
      show(request, reply, v, errors, status) {
        // An unknown request is not this form's mistake: the error page says so.
        if (status === 404) throw new DomainError('not_found', 404, 'error.not_found');
        return queuePage(request, reply, { id: v.id, reason: v.reason, errors }, status);
      },
    }),
  );
}
