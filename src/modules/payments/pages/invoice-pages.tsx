// The payer's pages (no JavaScript needed, 360 px): one invoice — what it pays for, the amount, until
// when, and each way to pay it (the virtual account number to copy, the QRIS, the e-wallet link) —
// its receipt once paid, and the link from an application's page to its newest invoice.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Lang } from '../../../platform/i18n/index.js';
import { t } from '../../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { sendPage } from '../../../web/layout.js';
import { paymentContext } from '../invoices/context.js';
import { formatRupiah } from '../invoices/money.js';
import { getInvoice, type InvoiceView, invoiceNotFound, latestApplicationInvoice } from '../invoices/service.js';
import { qrSvg } from '../qr-image.js';
import { renderReceiptPdf } from '../receipt-pdf.js';
import { readCitizenPersonalData } from '../../identity/index.js';
import { listAgencies } from '../../tenancy/index.js';
import '../invoices/strings.js';

const hide = { hide: true } as const;
const view = { policy: 'payments.view' } as const;

function when(d: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(d);
}

const pick = (text: { id: string; en: string }, lang: Lang) => (lang === 'en' && text.en ? text.en : text.id);

/** What the invoice pays for and how much: the first lines of the invoice and of its receipt. */
function WhatFor({ invoice, lang }: { invoice: InvoiceView; lang: Lang }) {
  return (
    <>
      <dt>{t(lang, 'pay.page.invoice.for')}</dt>
      <dd>{pick(invoice.description, lang)}</dd>
      <dt>{t(lang, 'pay.page.invoice.amount')}</dt>
      <dd>
        <strong>{formatRupiah(lang, invoice.amount)}</strong>
      </dd>
    </>
  );
}

function Facts({ invoice, lang, zone }: { invoice: InvoiceView; lang: Lang; zone: string }) {
  return (
    <dl class="facts">
      <WhatFor invoice={invoice} lang={lang} />
      <dt>{t(lang, 'pay.page.invoice.status')}</dt>
      <dd>{t(lang, `pay.status.${invoice.status}`)}</dd>
      {invoice.status === 'open' ? (
        <>
          <dt>{t(lang, 'pay.page.invoice.expires')}</dt>
          <dd>{when(invoice.expiresAt, lang, zone)}</dd>
        </>
      ) : null}
    </dl>
  );
}

function WaysToPay({ invoice, lang, qr }: { invoice: InvoiceView; lang: Lang; qr: string | null }) {
  if (invoice.bills.length === 0) return <p class="notice">{t(lang, 'pay.page.invoice.pending_bills')}</p>;
  const amount = formatRupiah(lang, invoice.amount);
  return (
    <section aria-labelledby="cara-bayar">
      <h2 id="cara-bayar">{t(lang, 'pay.page.invoice.choose')}</h2>
      <ul>
        {invoice.bills.map((b) => (
          <li key={b.channel}>
            <a href={`#bayar-${b.channel}`}>{t(lang, `pay.channel.${b.channel}`)}</a>
          </li>
        ))}
      </ul>
      {invoice.bills.map((b) => (
        <section class="card" id={`bayar-${b.channel}`} key={b.channel}>
          <h3>{t(lang, `pay.channel.${b.channel}`)}</h3>
          {b.channel === 'va' && b.vaNumber ? (
            <>
              <p>
                {t(lang, 'pay.page.invoice.va_bank')}: {b.bankName}
              </p>
              <div class="field">
                <label for="va-number">{t(lang, 'pay.page.invoice.va_number')}</label>
                <input id="va-number" type="text" readonly value={b.vaNumber} inputMode="numeric" aria-describedby="va-hint" />
                <p class="hint" id="va-hint">
                  {t(lang, 'pay.page.invoice.va_hint', { amount })}
                </p>
              </div>
            </>
          ) : null}
          {b.channel === 'qris' && b.qrisPayload ? (
            <>
              <p>{t(lang, 'pay.page.invoice.qris_hint')}</p>
              {qr ? <div dangerouslySetInnerHTML={{ __html: qr }} /> : null}
              <div class="field">
                <label for="qris-text">{t(lang, 'pay.page.invoice.qris_text')}</label>
                <textarea id="qris-text" readOnly rows={4}>
                  {b.qrisPayload}
                </textarea>
              </div>
            </>
          ) : null}
          {b.channel === 'ewallet' && b.checkoutUrl ? (
            <p>
              <a class="button" href={b.checkoutUrl}>
                {t(lang, 'pay.page.invoice.ewallet_link')}
              </a>
            </p>
          ) : null}
        </section>
      ))}
    </section>
  );
}

export function registerInvoicePages(app: FastifyInstance, rt: ModuleRuntime) {
  const zoneOf = (request: FastifyRequest) => request.tenant?.timeZone ?? 'Asia/Jakarta';

  app.get<{ Params: { number: string } }>('/tagihan/:number', { schema: hide, config: view }, async (request, reply) => {
    const lang = request.lang;
    const invoice = await getInvoice(paymentContext(request, rt), { principal: request.principal, number: request.params.number });
    const base = `${request.basePath}/tagihan/${invoice.number}`;
    const qris = invoice.bills.find((b) => b.channel === 'qris')?.qrisPayload;
    // The SVG is qr-image.ts's own markup (a <title> for screen readers), built from the gateway's QRIS text.
    const qr = invoice.status === 'open' && qris ? await qrSvg(qris, t(lang, 'pay.page.invoice.qris_image', { number: invoice.number })) : null;
    const title = t(lang, 'pay.page.invoice.title', { number: invoice.number });
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <Facts invoice={invoice} lang={lang} zone={zoneOf(request)} />
          {invoice.status === 'open' && invoice.paymentsBeingRecorded > 0 ? (
            <p class="notice" role="status" id="being-recorded">
              {t(lang, 'pay.page.invoice.being_recorded')}
            </p>
          ) : null}
          {invoice.status === 'open' ? <WaysToPay invoice={invoice} lang={lang} qr={qr} /> : null}
          {invoice.status === 'paid' ? (
            <p class="notice" role="status">
              {t(lang, 'pay.page.invoice.paid_notice')} <a href={`${base}/bukti`}>{t(lang, 'pay.page.invoice.receipt_link')}</a>
            </p>
          ) : null}
          {invoice.status === 'expired' || invoice.status === 'cancelled' ? <p class="warning">{t(lang, 'pay.page.invoice.closed_notice')}</p> : null}
          {invoice.status === 'open' ? (
            <p>
              <a href={base}>{t(lang, 'pay.page.invoice.reload')}</a>
            </p>
          ) : null}
          <h2>{t(lang, 'pay.page.invoice.history')}</h2>
          <ol class="timeline">
            {invoice.history.map((e) => (
              <li key={`${e.type}-${e.at.toISOString()}`}>
                {when(e.at, lang, zoneOf(request))}: {t(lang, `pay.event.${e.type as 'issued'}`)}
              </li>
            ))}
          </ol>
          {invoice.applicationId && request.principal.kind === 'citizen' ? (
            <p>
              <a href={`${request.basePath}/permohonan/${invoice.applicationId}`}>{t(lang, 'pay.page.invoice.application_link')}</a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  app.get<{ Params: { number: string } }>('/tagihan/:number/bukti', { schema: hide, config: view }, async (request, reply) => {
    const lang = request.lang;
    const invoice = await getInvoice(paymentContext(request, rt), { principal: request.principal, number: request.params.number });
    const title = t(lang, 'pay.page.receipt.title', { number: invoice.number });
    const paid = invoice.payment;
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          {paid ? (
            <dl class="facts">
              {invoice.serviceName ? (
                <>
                  <dt>{t(lang, 'pay.page.receipt.service')}</dt>
                  <dd>{pick(invoice.serviceName, lang)}</dd>
                </>
              ) : null}
              {invoice.trackingNumber ? (
                <>
                  <dt>{t(lang, 'pay.page.receipt.tracking')}</dt>
                  <dd>{invoice.trackingNumber}</dd>
                </>
              ) : null}
              <WhatFor invoice={invoice} lang={lang} />
              <dt>{t(lang, 'pay.page.receipt.paid_at')}</dt>
              <dd>{when(paid.paidAt, lang, zoneOf(request))}</dd>
              <dt>{t(lang, 'pay.page.receipt.channel')}</dt>
              <dd>{t(lang, `pay.channel.${paid.channel}`)}</dd>
              <dt>{t(lang, 'pay.page.receipt.reference')}</dt>
              <dd>
                <code>{paid.gatewayRef}</code>
              </dd>
            </dl>
          ) : (
            <p class="warning">{t(lang, 'pay.page.receipt.not_paid')}</p>
          )}
          {paid ? (
            <p>
              <a href={`${request.basePath}/tagihan/${invoice.number}/bukti.pdf?lang=${lang}`} download>
                {t(lang, 'pay.page.receipt.pdf_link')}
              </a>
            </p>
          ) : null}
          <p>
            <a href={`${request.basePath}/tagihan/${invoice.number}`}>{t(lang, 'pay.page.receipt.invoice_link')}</a>
          </p>
        </>
      ),
    });
  });

  // The receipt as a PDF (A5): what it paid for, the payer, when and how, and a QR code of the receipt's page.
  app.get<{ Params: { number: string } }>('/tagihan/:number/bukti.pdf', { schema: hide, config: view }, async (request, reply) => {
    const lang = request.lang;
    const ctx = paymentContext(request, rt);
    const invoice = await getInvoice(ctx, { principal: request.principal, number: request.params.number });
    const paid = invoice.payment;
    if (!paid) throw invoiceNotFound();
    const [payer, agencies] = await Promise.all([
      // The payer's own receipt reads their name unrecorded; an officer's read is in the payer's access log.
      readCitizenPersonalData(ctx, { citizenId: invoice.payerId, purpose: 'Bukti bayar retribusi / Payment receipt', fields: ['name'] }),
      listAgencies(ctx.db, ctx.tenant),
    ]);
    const pdf = await renderReceiptPdf({
      lang,
      tenantName: ctx.tenant.name,
      agencyName: agencies.find((a) => a.id === invoice.agencyId)?.name ?? '',
      invoiceNumber: invoice.number,
      trackingNumber: invoice.trackingNumber,
      serviceName: invoice.serviceName ? pick(invoice.serviceName, lang) : null,
      description: invoice.description[lang],
      amount: invoice.amount,
      channel: paid.channel,
      gatewayRef: paid.gatewayRef,
      paidAt: paid.paidAt,
      payerName: payer.name ?? '',
      verifyUrl: `${rt.config.publicBaseUrl.replace(/\/$/, '')}${request.basePath}/tagihan/${invoice.number}/bukti`,
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="bukti-bayar-${invoice.number}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(pdf));
  });

  // From an application's page ("Lihat tagihan dan bayar"): its newest invoice the person may see.
  app.get<{ Params: { id: string } }>('/tagihan/permohonan/:id', { schema: hide, config: view }, async (request, reply) => {
    const number = await latestApplicationInvoice(paymentContext(request, rt), { principal: request.principal, applicationId: request.params.id });
    if (!number) throw invoiceNotFound();
    return reply.redirect(`${request.basePath}/tagihan/${number}`, 303);
  });
}
