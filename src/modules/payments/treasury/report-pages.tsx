// The treasurer's page (/petugas/kas): the report per agency, channel or day for a date range (a GET
// form, no JavaScript), the kas daerah CSV for the same range, the held money waiting to be returned
// and the refund forms (POST/redirect/GET; a refused refund shows the page again with the reason
// beside the field). The auditor and the tenant admin see it all without the forms.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/index.js';
import type { FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { t } from '../../../platform/i18n/index.js';
import { takeFormFlash } from '../../../web/form-flash.js';
import { ErrorSummary, Field, Form, formErrors, type FormValues, handleForm, Select, TextArea } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { TableScroll } from '../../../web/table.js';
import { recordRefund } from './refunds.js';
import { channelLabel, formatAmount, getPaymentReport, GROUP_BY, listHeldOpen, listNoticesNotCredited, noticeReasonText, type PaymentReport, reasonText, resolveRange, timeInJakarta } from './reports.js';
import { sendLedgerCsv } from './routes.js';
import { agencyScopeOf } from './scope.js';
import type { GroupBy, LedgerLine, NoticeNotCredited } from './store.js';
import './strings.js';

type Query = { from?: string; to?: string; groupBy?: string };

const groupOf = (value: string | undefined): GroupBy => (GROUP_BY.includes(value as GroupBy) ? (value as GroupBy) : 'agency');

function ReportTable({ request, report }: { request: FastifyRequest; report: PaymentReport }) {
  const L = (key: Parameters<typeof t>[1]) => t(request.lang, key);
  if (report.rows.length === 0) return <p id="report-empty">{L('pay.treasury.empty')}</p>;
  const sums = (r: PaymentReport['totals']) => (
    <>
      <td class="num">{r.payments}</td>
      <td class="num">{formatAmount(r.received)}</td>
      <td class="num">{formatAmount(r.credited)}</td>
      <td class="num">{formatAmount(r.held)}</td>
      <td class="num">{formatAmount(r.refunded)}</td>
    </>
  );
  return (
    <TableScroll labelledBy="report-title">
      <table class="data-table" id="report" aria-labelledby="report-title">
        <thead>
          <tr>
            <th scope="col">{L(`pay.treasury.group.${report.groupBy}`)}</th>
            <th scope="col">{L('pay.treasury.col.payments')}</th>
            <th scope="col">{L('pay.treasury.col.received')}</th>
            <th scope="col">{L('pay.treasury.col.credited')}</th>
            <th scope="col">{L('pay.treasury.col.held')}</th>
            <th scope="col">{L('pay.treasury.col.refunded')}</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {sums(r)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{L('pay.treasury.total')}</th>
            {sums(report.totals)}
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}

function HeldList({ request, held, mayRefund }: { request: FastifyRequest; held: LedgerLine[]; mayRefund: boolean }) {
  const lang = request.lang;
  if (held.length === 0) return <p>{t(lang, 'pay.treasury.held.none')}</p>;
  return (
    <ul class="held-list" id="held">
      {held.map((h) => (
        <li key={h.id}>
          <strong>{h.invoiceNumber}</strong> — {formatAmount(h.amount)}, {channelLabel(lang, h.channel)}, {h.businessDate}: {reasonText(lang, h.reason)}
          {mayRefund ? (
            <Form request={request} action={`${request.basePath}/petugas/kas/pengembalian`}>
              <input type="hidden" name="entryId" value={h.id} />
              <button class="button secondary" type="submit">
                {t(lang, 'pay.treasury.refund.this', { invoice: h.invoiceNumber })}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Gateways' notices that credited nothing: the treasurer checks them against the bank (decision 0082). */
function NoticeList({ lang, notices }: { lang: FastifyRequest['lang']; notices: NoticeNotCredited[] }) {
  if (notices.length === 0) return <p>{t(lang, 'pay.treasury.notice.none')}</p>;
  return (
    <ul class="held-list" id="notices">
      {notices.map((n) => (
        <li key={`${n.gateway}:${n.eventId}`}>
          <strong>{n.invoiceNumber}</strong> — {formatAmount(n.amount)}, {channelLabel(lang, n.channel)}, {t(lang, 'pay.treasury.notice.received', { at: timeInJakarta(n.receivedAt) })}: {noticeReasonText(lang, n)}
        </li>
      ))}
    </ul>
  );
}

interface KasView {
  report: PaymentReport;
  held: LedgerLine[];
  notices: NoticeNotCredited[];
  agencyOnly: boolean;
  mayRefund: boolean;
  done?: { invoice: string; amount: string } | undefined;
  values?: FormValues;
  errors?: FieldError[];
}

function KasPage({ request, view }: { request: FastifyRequest; view: KasView }) {
  const lang = request.lang;
  const L = (key: Parameters<typeof t>[1]) => t(lang, key);
  const base = `${request.basePath}/petugas/kas`;
  const { report } = view;
  const range = `from=${report.from}&to=${report.to}`;
  return (
    <>
      <h1>{L('pay.treasury.title')}</h1>
      <ErrorSummary lang={lang} errors={view.errors} />
      {view.done ? (
        <p class="notice" role="status" id="refund-done">
          {t(lang, 'pay.treasury.refund.done', view.done)}
        </p>
      ) : null}
      <p class="lead">{L('pay.treasury.lead')}</p>
      {view.agencyOnly ? <p class="hint">{L('pay.treasury.scope.agency')}</p> : null}
      <form method="get" action={base} class="filter">
        <Field lang={lang} name="from" type="date" label={L('pay.treasury.from')} value={report.from} />
        <Field lang={lang} name="to" type="date" label={L('pay.treasury.to')} value={report.to} />
        <Select lang={lang} name="groupBy" label={L('pay.treasury.group')} value={report.groupBy} options={GROUP_BY.map((g) => ({ value: g, label: L(`pay.treasury.group.${g}`) }))} />
        <button class="button" type="submit">
          {L('pay.treasury.filter')}
        </button>
      </form>
      <h2 id="report-title">
        {report.from} – {report.to}
      </h2>
      <ReportTable request={request} report={report} />
      <p>
        {/* The language of the page: a download is not asked for as a page, so it would follow the browser's. */}
        <a class="button secondary" id="export" href={`${base}/ekspor.csv?${range}&lang=${lang}`} download={`kas-${report.from}-${report.to}.csv`}>
          {L('pay.treasury.export')}
        </a>
      </p>
      <p class="hint">{L('pay.treasury.export.hint')}</p>
      <p>
        <a href={`${base}/rekonsiliasi`}>{L('pay.treasury.reconcile.link')}</a>
      </p>
      <h2>{L('pay.treasury.held.title')}</h2>
      <HeldList request={request} held={view.held} mayRefund={view.mayRefund} />
      <h2>{L('pay.treasury.notice.title')}</h2>
      <p class="hint">{L('pay.treasury.notice.lead')}</p>
      <NoticeList lang={lang} notices={view.notices} />
      {view.mayRefund ? (
        <section id="refund">
          <h2>{L('pay.treasury.refund.title')}</h2>
          <p>{L('pay.treasury.refund.lead')}</p>
          <Form request={request} action={`${base}/pengembalian`}>
            <Field lang={lang} name="invoiceNumber" label={L('pay.treasury.refund.invoice')} hint={L('pay.treasury.refund.invoice.hint')} value={view.values?.invoiceNumber ?? ''} errors={view.errors} maxLength={40} />
            <TextArea lang={lang} name="reason" label={L('pay.treasury.refund.reason')} hint={L('pay.treasury.refund.reason.hint')} value={view.values?.reason ?? ''} errors={view.errors} maxLength={500} required={false} />
            <button class="button" type="submit">
              {L('pay.treasury.refund.submit')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

async function kasView(request: FastifyRequest, query: Query): Promise<KasView> {
  const ctx = tenantContextOf(request);
  const scope = agencyScopeOf(request, 'payments.treasury');
  const report = await getPaymentReport(ctx, { from: query.from, to: query.to, groupBy: groupOf(query.groupBy), scope });
  return { report, held: await listHeldOpen(ctx, scope), notices: await listNoticesNotCredited(ctx, scope), agencyOnly: scope !== null, mayRefund: can(request.principal, 'payments.refund') };
}

function sendKas(request: FastifyRequest, reply: FastifyReply, view: KasView, status = 200) {
  return sendPage(reply, { request, title: t(request.lang, 'pay.treasury.title'), children: <KasPage request={request} view={view} /> }, status);
}

export function registerReportPages(app: FastifyInstance): void {
  const hidden = { hide: true };

  app.get<{ Querystring: Query }>('/petugas/kas', { schema: hidden, config: { policy: 'payments.treasury' } }, async (request, reply) => {
    const flash = takeFormFlash(request, reply);
    let view: KasView;
    try {
      view = await kasView(request, request.query);
    } catch (error) {
      // Bad dates in the address: the page with this month and the message, not an error page.
      const errors = formErrors(request.lang, error);
      if (!errors) throw error;
      return sendKas(request, reply, { ...(await kasView(request, { groupBy: request.query.groupBy })), errors }, 400);
    }
    const done = flash?.values?.invoice ? { invoice: flash.values.invoice, amount: flash.values.amount ?? '' } : undefined;
    return sendKas(request, reply, { ...view, done });
  });

  app.get<{ Querystring: Query }>('/petugas/kas/ekspor.csv', { schema: hidden, config: { policy: 'payments.treasury' } }, (request, reply) =>
    sendLedgerCsv(request, reply, request.query),
  );

  app.post(
    '/petugas/kas/pengembalian',
    { schema: hidden, config: { policy: 'payments.refund' } },
    handleForm({
      async act(request, values) {
        const refund = await recordRefund(tenantContextOf(request), { entryId: values.entryId, invoiceNumber: values.invoiceNumber, reason: values.reason, scope: agencyScopeOf(request, 'payments.refund') });
        const ctx = tenantContextOf(request);
        const range = resolveRange(ctx, {});
        return { to: `${request.basePath}/petugas/kas?from=${range.from}&to=${range.to}`, flash: { errors: [], values: { invoice: refund.invoiceNumber, amount: formatAmount(-refund.amount) } } };
      },
      async show(request, reply, values, errors, status) {
        return sendKas(request, reply, { ...(await kasView(request, {})), values, errors }, status);
      },
    }),
  );
}
