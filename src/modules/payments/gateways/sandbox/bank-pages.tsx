// The simulated bank's pages (development and test only, like the example OIDC client): pay a bill by
// its virtual account number or QRIS text — in full, too little, twice, after it expired — and send a
// payment's notification again; the e-wallet checkout a sandbox bill links to. No real money moves.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../../platform/errors.js';
import { tenantContextOf } from '../../../../platform/http/request-context.js';
import { t } from '../../../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../../../platform/module.js';
import { ErrorSummary, Field, Form, type FormValues, handleForm, TextArea } from '../../../../web/form.js';
import { sendPage } from '../../../../web/layout.js';
import { formatRupiah } from '../../invoices/money.js';
import '../../invoices/strings.js';
import { payAtSandboxBank, resendSandboxNotification } from './bank.js';

const hide = { hide: true } as const;
const open = { policy: 'public' } as const;
type Paid = { dibayar?: string; jumlah?: string; tagihan?: string; kirim_ulang?: string };

function readAmount(raw: string | undefined): number | undefined {
  const digits = (raw ?? '').replace(/[.\s]/g, '');
  // Not a number: -1, which the bank refuses with its own message (the field keeps what was typed).
  return digits === '' ? undefined : /^\d{1,15}$/.test(digits) ? Number(digits) : -1;
}

export function registerSandboxBankPages(app: FastifyInstance, rt: ModuleRuntime) {
  if (rt.config.env === 'production' || !rt.config.paymentSandbox) return;

  const bankPage = (request: FastifyRequest<{ Querystring: Paid }>, reply: FastifyReply, values: FormValues = {}, errors: FieldError[] = [], status = 200) => {
    const lang = request.lang;
    const q = request.query ?? {};
    const title = t(lang, 'pay.page.bank.title');
    const base = `${request.basePath}/dev/bank`;
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>{t(lang, 'pay.page.bank.intro')}</p>
            {q.dibayar && q.tagihan && q.jumlah ? (
              <div class="notice" role="status">
                <p>{t(lang, 'pay.page.bank.paid', { amount: formatRupiah(lang, Number(q.jumlah)), number: q.tagihan })}</p>
                <Form request={request} action={`${base}/kirim-ulang`}>
                  <input type="hidden" name="event" value={q.dibayar} />
                  <button type="submit" class="secondary">
                    {t(lang, 'pay.page.bank.resend')}
                  </button>
                </Form>
                <p>
                  <a href={`${request.basePath}/tagihan/${q.tagihan}`}>{q.tagihan}</a>
                </p>
              </div>
            ) : null}
            {q.kirim_ulang ? (
              <p class="notice" role="status">
                {t(lang, 'pay.page.bank.resent')}
              </p>
            ) : null}
            <ErrorSummary lang={lang} errors={errors} />
            <Form request={request} action={base}>
              <TextArea name="code" label={t(lang, 'pay.page.bank.code')} lang={lang} errors={errors} value={values.code ?? ''} rows={3} />
              <Field name="amount" label={t(lang, 'pay.page.bank.amount')} lang={lang} errors={errors} value={values.amount ?? ''} inputMode="numeric" required={false} hint={t(lang, 'pay.page.bank.amount_hint')} />
              <button type="submit">{t(lang, 'pay.page.bank.pay')}</button>
            </Form>
          </>
        ),
      },
      status,
    );
  };

  app.get<{ Querystring: Paid }>('/dev/bank', { schema: hide, config: open }, (request, reply) => bankPage(request, reply));

  app.post(
    '/dev/bank',
    { schema: hide, config: open },
    handleForm({
      async act(request, values) {
        const amount = readAmount(values.amount);
        const paid = await payAtSandboxBank(tenantContextOf(request), { code: values.code ?? '', ...(amount !== undefined ? { amount } : {}) });
        return `${request.basePath}/dev/bank?dibayar=${encodeURIComponent(paid.eventId)}&tagihan=${paid.invoiceNumber}&jumlah=${paid.amount}`;
      },
      show: (request, reply, values, errors, status) => bankPage(request as FastifyRequest<{ Querystring: Paid }>, reply, values, errors, status),
    }),
  );

  app.post(
    '/dev/bank/kirim-ulang',
    { schema: hide, config: open },
    handleForm({
      async act(request, values) {
        await resendSandboxNotification(tenantContextOf(request), values.event ?? '');
        return `${request.basePath}/dev/bank?kirim_ulang=1`;
      },
      show: (request, reply, values, errors, status) => bankPage(request as FastifyRequest<{ Querystring: Paid }>, reply, values, errors, status),
    }),
  );

  // The e-wallet checkout a sandbox bill links to: the bill's reference is the code to pay.
  app.get<{ Params: { ref: string } }>('/dev/bank/e-wallet/:ref', { schema: hide, config: open }, (request, reply) => {
    const lang = request.lang;
    const title = t(lang, 'pay.page.ewallet.title');
    const number = /^SBX-(TGH-[A-Z0-9]{4}-[A-Z0-9]{4})-/.exec(request.params.ref)?.[1] ?? '';
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'pay.page.bank.intro')}</p>
          <p>{number}</p>
          <Form request={request} action={`${request.basePath}/dev/bank`}>
            <input type="hidden" name="code" value={request.params.ref} />
            <button type="submit">{t(lang, 'pay.page.bank.pay')}</button>
          </Form>
        </>
      ),
    });
  });
}
