// The reconciliation pages (/petugas/kas/rekonsiliasi): the newest run of each day with its result,
// one run with its differences, a re-run of a past day and the resolution of each difference with a
// note — the two forms for the treasurer only (payments.refund), POST/redirect/GET.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/index.js';
import type { FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { t } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, formErrors, type FormValues, handleForm, TextArea } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { TableScroll } from '../../../web/table.js';
import { businessDayOf, dayBefore, type GatewayOf, getReconciliation, listReconciliations, rerunReconciliation, resolveMismatch } from './reconcile.js';
import { formatAmount, resolveRange } from './reports.js';
import type { MismatchRow, RunSummary } from './store.js';
import './strings.js';

const dateTimeIn = (request: FastifyRequest, at: Date) =>
  new Intl.DateTimeFormat(request.lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: request.tenant?.timeZone ?? 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' }).format(at);

function RunsTable({ request, runs }: { request: FastifyRequest; runs: RunSummary[] }) {
  const lang = request.lang;
  const L = (key: Parameters<typeof t>[1]) => t(lang, key);
  if (runs.length === 0) return <p>{L('pay.treasury.rec.none')}</p>;
  return (
    <TableScroll labelledBy="runs-title">
      <table class="data-table" id="runs" aria-labelledby="runs-title">
        <thead>
          <tr>
            <th scope="col">{L('pay.treasury.rec.day')}</th>
            <th scope="col">{L('pay.treasury.rec.gateway')}</th>
            <th scope="col">{L('pay.treasury.rec.status')}</th>
            <th scope="col">{L('pay.treasury.rec.ledger')}</th>
            <th scope="col">{L('pay.treasury.rec.report')}</th>
            <th scope="col">{L('pay.treasury.rec.open')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <a href={`${request.basePath}/petugas/kas/rekonsiliasi/${r.id}`}>{r.businessDate}</a>
              </th>
              <td>{r.gateway}</td>
              <td>{L(`pay.treasury.rec.status.${r.status}`)}</td>
              <td>{t(lang, 'pay.treasury.rec.counts', { count: r.ledgerCount, amount: formatAmount(r.ledgerAmount) })}</td>
              <td>{r.status === 'failed' ? '—' : t(lang, 'pay.treasury.rec.counts', { count: r.reportCount, amount: formatAmount(r.reportAmount) })}</td>
              <td class="num">{r.unresolved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function RerunForm({ request, values, errors }: { request: FastifyRequest; values?: FormValues | undefined; errors?: FieldError[] | undefined }) {
  const lang = request.lang;
  const yesterday = dayBefore(businessDayOf(tenantContextOf(request).now()));
  return (
    <section id="rerun">
      <h2>{t(lang, 'pay.treasury.rec.rerun')}</h2>
      <Form request={request} action={`${request.basePath}/petugas/kas/rekonsiliasi`}>
        <Field lang={lang} name="day" type="date" label={t(lang, 'pay.treasury.rec.rerun.day')} value={values?.day ?? yesterday} errors={errors} />
        <button class="button" type="submit">
          {t(lang, 'pay.treasury.rec.rerun.submit')}
        </button>
      </Form>
    </section>
  );
}

function Mismatches({ request, run, items, failed }: { request: FastifyRequest; run: RunSummary; items: MismatchRow[]; failed?: { seq: number; values: FormValues; errors: FieldError[] } | undefined }) {
  const lang = request.lang;
  const mayResolve = can(request.principal, 'payments.refund');
  if (items.length === 0) return <p id="no-items">{t(lang, 'pay.treasury.rec.items.none')}</p>;
  const amount = (n: number | null) => (n === null ? '—' : formatAmount(n));
  return (
    <ol class="mismatches" id="items">
      {items.map((i) => (
        <li key={i.seq} id={`item-${i.seq}`}>
          <p>
            <strong>{t(lang, `pay.treasury.rec.kind.${i.kind}`)}</strong>
            <br />
            {t(lang, 'pay.treasury.rec.event')}: {i.invoiceNumber ?? i.gatewayEventId} — {t(lang, 'pay.treasury.rec.ledger')} {amount(i.ledgerAmount)}, {t(lang, 'pay.treasury.rec.report')} {amount(i.reportAmount)}
          </p>
          {i.resolvedAt ? (
            <p class="notice">{t(lang, 'pay.treasury.rec.resolved', { date: dateTimeIn(request, i.resolvedAt), note: i.resolution ?? '' })}</p>
          ) : mayResolve ? (
            <Form request={request} action={`${request.basePath}/petugas/kas/rekonsiliasi/${run.id}/${i.seq}`}>
              <TextArea
                lang={lang}
                name="note"
                id={`f-note-${i.seq}`}
                label={`${t(lang, 'pay.treasury.rec.note')} (${i.invoiceNumber ?? i.gatewayEventId})`}
                value={failed?.seq === i.seq ? (failed.values.note ?? '') : ''}
                errors={failed?.seq === i.seq ? failed.errors : undefined}
                maxLength={2000}
                rows={2}
              />
              <button class="button secondary" type="submit">
                {t(lang, 'pay.treasury.rec.resolve')}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function registerReconcilePages(app: FastifyInstance, gatewayOf: GatewayOf): void {
  const hidden = { hide: true };
  const base = (request: FastifyRequest) => `${request.basePath}/petugas/kas/rekonsiliasi`;

  const sendList = async (request: FastifyRequest, reply: FastifyReply, query: { from?: string | undefined; to?: string | undefined }, form?: { values: FormValues; errors: FieldError[]; status: number }) => {
    const ctx = tenantContextOf(request);
    const today = businessDayOf(ctx.now());
    // Default: the last 31 days.
    let errors = form?.errors;
    let range;
    try {
      range = resolveRange(ctx, { from: query.from || dayBefore(today).slice(0, 8) + '01', to: query.to });
    } catch (error) {
      errors = formErrors(request.lang, error);
      if (!errors) throw error;
      range = resolveRange(ctx, {});
    }
    const runs = await listReconciliations(ctx, range);
    const lang = request.lang;
    return sendPage(
      reply,
      {
        request,
        title: t(lang, 'pay.treasury.rec.title'),
        children: (
          <>
            <h1>{t(lang, 'pay.treasury.rec.title')}</h1>
            <ErrorSummary lang={lang} errors={errors} />
            <p class="lead">{t(lang, 'pay.treasury.rec.lead')}</p>
            <h2 id="runs-title">
              {range.from} – {range.to}
            </h2>
            <RunsTable request={request} runs={runs} />
            {can(request.principal, 'payments.refund') ? <RerunForm request={request} values={form?.values} errors={form?.errors} /> : null}
            <p>
              <a href={`${request.basePath}/petugas/kas`}>{t(lang, 'pay.treasury.back')}</a>
            </p>
          </>
        ),
      },
      form?.status ?? (errors ? 400 : 200),
    );
  };

  const sendRun = async (request: FastifyRequest, reply: FastifyReply, id: string, failed?: { seq: number; values: FormValues; errors: FieldError[]; status: number }) => {
    const { run, items } = await getReconciliation(tenantContextOf(request), id);
    const lang = request.lang;
    const title = t(lang, 'pay.treasury.rec.detail.title', { day: run.businessDate, gateway: run.gateway });
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <ErrorSummary lang={lang} errors={failed?.errors} ids={failed ? { '/note': `f-note-${failed.seq}` } : {}} />
            <dl>
              <dt>{t(lang, 'pay.treasury.rec.status')}</dt>
              <dd id="run-status">{t(lang, `pay.treasury.rec.status.${run.status}`)}</dd>
              <dt>{t(lang, 'pay.treasury.rec.ran_at')}</dt>
              <dd>{dateTimeIn(request, run.ranAt)}</dd>
              <dt>{t(lang, 'pay.treasury.rec.ledger')}</dt>
              <dd>{t(lang, 'pay.treasury.rec.counts', { count: run.ledgerCount, amount: formatAmount(run.ledgerAmount) })}</dd>
              <dt>{t(lang, 'pay.treasury.rec.report')}</dt>
              <dd>{t(lang, 'pay.treasury.rec.counts', { count: run.reportCount, amount: formatAmount(run.reportAmount) })}</dd>
            </dl>
            {run.failure ? (
              <p class="warning" id="run-failure">
                {t(lang, 'pay.treasury.rec.failure', { reason: run.failure })}
              </p>
            ) : null}
            <h2>{t(lang, 'pay.treasury.rec.items')}</h2>
            <Mismatches request={request} run={run} items={items} failed={failed} />
            <p>
              <a href={base(request)}>{t(lang, 'pay.treasury.rec.back')}</a>
            </p>
          </>
        ),
      },
      failed?.status ?? 200,
    );
  };

  app.get<{ Querystring: { from?: string; to?: string } }>('/petugas/kas/rekonsiliasi', { schema: hidden, config: { policy: 'payments.treasury' } }, (request, reply) =>
    sendList(request, reply, request.query),
  );

  app.post(
    '/petugas/kas/rekonsiliasi',
    { schema: hidden, config: { policy: 'payments.refund' } },
    handleForm({
      async act(request, values) {
        const runs = await rerunReconciliation(tenantContextOf(request), { day: values.day ?? '', gatewayOf });
        return runs.length === 1 ? `${base(request)}/${runs[0]!.id}` : base(request);
      },
      show: (request, reply, values, errors, status) => sendList(request, reply, {}, { values, errors, status }),
    }),
  );

  app.get<{ Params: { id: string } }>('/petugas/kas/rekonsiliasi/:id', { schema: hidden, config: { policy: 'payments.treasury' } }, (request, reply) =>
    sendRun(request, reply, request.params.id),
  );

  app.post<{ Params: { id: string; seq: string } }>(
    '/petugas/kas/rekonsiliasi/:id/:seq',
    { schema: hidden, config: { policy: 'payments.refund' } },
    handleForm({
      async act(request, values) {
        const { id, seq } = request.params as { id: string; seq: string };
        await resolveMismatch(tenantContextOf(request), { runId: id, seq: /^\d{1,7}$/.test(seq) ? Number(seq) : 0, note: values.note ?? '' });
        return `${base(request)}/${id}#item-${seq}`;
      },
      // A run that does not exist has no form to correct: the error page.
      isFormError: (error) => error.status !== 404,
      show(request, reply, values, errors, status) {
        const { id, seq } = request.params as { id: string; seq: string };
        return sendRun(request, reply, id, { seq: Number(seq), values, errors, status });
      },
    }),
  );
}
