// The tenant administrator's payment settings page (/petugas/admin/pembayaran, policy payments.settings):
// one form in four parts — how people pay, the QRIS merchant identity, the bank connection (BI-SNAP) and
// its secrets, which are never shown again (only "set" / "not set"). A refused save comes back with
// every error beside its field and what was typed (secrets excepted); a saved one answers 303 here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError, toProblem } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import { Checkboxes, ErrorSummary, Field, Form, type FormValues, formValues, handleForm, Radios, TextArea, takeFormFlash } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { CHANNELS } from '../gateway.js';
import { checkBankConnection, getPaymentSettings, type PaymentSettingsInput, type PaymentSettingsView, savePaymentSettings } from './service.js';
import './strings.js';

export const PAYMENT_SETTINGS_PAGE = '/petugas/admin/pembayaran';

/** Each field's label (also what the error summary names it by). */
const LABELS = {
  gateway: 'pay.settings.gateway',
  channels: 'pay.settings.channels',
  invoiceValidHours: 'pay.settings.valid_hours',
  latePayment: 'pay.settings.late',
  merchantName: 'pay.settings.merchant_name',
  merchantCity: 'pay.settings.merchant_city',
  nmid: 'pay.settings.nmid',
  mcc: 'pay.settings.mcc',
  baseUrl: 'pay.settings.base_url',
  clientId: 'pay.settings.client_id',
  partnerId: 'pay.settings.partner_id',
  channelId: 'pay.settings.channel_id',
  partnerServiceId: 'pay.settings.partner_service_id',
  merchantId: 'pay.settings.merchant_id',
  bankName: 'pay.settings.bank_name',
  bankPublicKeyPem: 'pay.settings.bank_public_key',
  clientSecret: 'pay.settings.client_secret',
  privateKeyPem: 'pay.settings.private_key',
} as const satisfies Record<string, MessageKey>;
type TextField = Exclude<keyof typeof LABELS, 'gateway' | 'channels' | 'latePayment' | 'bankPublicKeyPem' | 'clientSecret' | 'privateKeyPem'>;

/** The form's values from what is saved (secrets are never put back into the page). */
function valuesOf(view: PaymentSettingsView): FormValues {
  const { clientSecretSet: _c, privateKeySet: _p, secretsReadable: _r, updatedAt: _u, channels, invoiceValidHours, ...rest } = view;
  return { ...rest, channels: channels.join(','), invoiceValidHours: String(invoiceValidHours) };
}

function inputOf(values: FormValues): PaymentSettingsInput {
  const missing: FieldError[] = [];
  const gateway = values.gateway === 'sandbox' || values.gateway === 'bisnap' ? values.gateway : undefined;
  const latePayment = values.latePayment === 'accept' || values.latePayment === 'refund' ? values.latePayment : undefined;
  if (!gateway) missing.push({ field: '/gateway', code: 'required', message: '' });
  if (!latePayment) missing.push({ field: '/latePayment', code: 'required', message: '' });
  if (missing.length > 0) {
    throw new DomainError('validation', 400, 'error.validation', {}, missing.map((m) => ({ field: m.field, code: 'required', messageKey: 'field.required' })));
  }
  const hours = values.invoiceValidHours?.trim() ?? '';
  return {
    ...values,
    gateway: gateway!,
    latePayment: latePayment!,
    channels: (values.channels ?? '').split(',').filter(Boolean),
    invoiceValidHours: /^\d{1,4}$/.test(hours) ? Number(hours) : Number.NaN,
    clearSecrets: values.clearSecrets === '1',
  };
}

const secretHint = (lang: Lang, set: boolean, hint?: string) => (
  <>
    {hint ? `${hint} ` : ''}
    {t(lang, 'pay.settings.secret_status', { status: t(lang, set ? 'pay.settings.secret_set' : 'pay.settings.secret_not_set') })}
  </>
);

export function registerPaymentSettingsPages(app: FastifyInstance, deps: { sealKey: Buffer }): void {
  const hidden = { hide: true };
  const config = { policy: 'payments.settings' } as const;

  async function show(request: FastifyRequest, reply: FastifyReply, typed?: FormValues, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const view = await getPaymentSettings(tenantContextOf(request), deps.sealKey);
    const v = typed ?? valuesOf(view);
    const ok = (request.query as Record<string, string | undefined>).ok;
    const notice = ok === 'saved' ? t(lang, 'pay.settings.saved') : ok === 'connected' ? t(lang, 'pay.settings.check_ok') : undefined;
    const title = t(lang, 'pay.settings.title');
    const common = { lang, errors };
    const labels = Object.fromEntries(Object.entries(LABELS).map(([name, key]) => [name, t(lang, key)]));
    const text = (name: TextField, extra: { hint?: string; required?: boolean; type?: string; inputMode?: string } = {}) => (
      <Field {...common} name={name} label={labels[name]!} value={v[name] ?? ''} required={extra.required ?? false} hint={extra.hint} type={extra.type} inputMode={extra.inputMode} />
    );
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            {notice ? (
              <p class="panel success" role="status">
                {notice}
              </p>
            ) : null}
            <p>{t(lang, 'pay.settings.intro')}</p>
            <ErrorSummary lang={lang} errors={errors} labels={labels} />
            <Form request={request} action={`${request.basePath}${PAYMENT_SETTINGS_PAGE}`}>
              <h2>{t(lang, 'pay.settings.section.general')}</h2>
              <Radios
                {...common}
                name="gateway"
                legend={t(lang, 'pay.settings.gateway')}
                value={v.gateway}
                options={(['sandbox', 'bisnap'] as const).map((g) => ({ value: g, label: t(lang, `pay.settings.gateway.${g}`), hint: t(lang, `pay.settings.gateway.${g}_hint`) }))}
              />
              <Checkboxes
                {...common}
                name="channels"
                legend={t(lang, 'pay.settings.channels')}
                values={(v.channels ?? '').split(',')}
                options={CHANNELS.map((c) => ({ value: c, label: t(lang, `pay.settings.channel.${c}`) }))}
              />
              {text('invoiceValidHours', { hint: t(lang, 'pay.settings.valid_hours_hint'), required: true, inputMode: 'numeric' })}
              <Radios
                {...common}
                name="latePayment"
                legend={t(lang, 'pay.settings.late')}
                value={v.latePayment}
                options={(['refund', 'accept'] as const).map((l) => ({ value: l, label: t(lang, `pay.settings.late.${l}`), hint: t(lang, `pay.settings.late.${l}_hint`) }))}
              />

              <h2>{t(lang, 'pay.settings.section.merchant')}</h2>
              {text('merchantName', { hint: t(lang, 'pay.settings.merchant_name_hint') })}
              {text('merchantCity', { hint: t(lang, 'pay.settings.merchant_city_hint') })}
              {text('nmid', { hint: t(lang, 'pay.settings.nmid_hint') })}
              {text('mcc', { hint: t(lang, 'pay.settings.mcc_hint'), inputMode: 'numeric' })}

              <h2>{t(lang, 'pay.settings.section.bisnap')}</h2>
              <p>{t(lang, 'pay.settings.section.bisnap_intro')}</p>
              {text('baseUrl', { hint: t(lang, 'pay.settings.base_url_hint'), type: 'url' })}
              {text('clientId')}
              {text('partnerId')}
              {text('channelId')}
              {text('partnerServiceId', { hint: t(lang, 'pay.settings.partner_service_id_hint'), inputMode: 'numeric' })}
              {text('merchantId')}
              {text('bankName', { hint: t(lang, 'pay.settings.bank_name_hint') })}
              <TextArea {...common} name="bankPublicKeyPem" label={labels.bankPublicKeyPem!} hint={t(lang, 'pay.settings.bank_public_key_hint')} value={v.bankPublicKeyPem ?? ''} required={false} rows={6} />

              <h2>{t(lang, 'pay.settings.section.secrets')}</h2>
              <p>{t(lang, 'pay.settings.section.secrets_intro')}</p>
              <Field {...common} name="clientSecret" type="password" autocomplete="off" label={labels.clientSecret!} hint={secretHint(lang, view.clientSecretSet)} required={false} />
              <TextArea {...common} name="privateKeyPem" label={labels.privateKeyPem!} hint={secretHint(lang, view.privateKeySet, t(lang, 'pay.settings.private_key_hint'))} required={false} rows={6} />
              {view.clientSecretSet || view.privateKeySet ? (
                <Checkboxes {...common} name="clearSecrets" legend={t(lang, 'pay.settings.section.secrets')} values={v.clearSecrets === '1' ? ['1'] : []} options={[{ value: '1', label: t(lang, 'pay.settings.clear_secrets') }]} required={false} />
              ) : null}
              <button type="submit">{t(lang, 'pay.settings.save')}</button>
            </Form>
            {view.gateway === 'bisnap' && !typed ? (
              <>
                <h2>{t(lang, 'pay.settings.check')}</h2>
                <p>{t(lang, 'pay.settings.check_intro')}</p>
                <Form request={request} action={`${request.basePath}${PAYMENT_SETTINGS_PAGE}/uji`}>
                  <button type="submit" class="secondary">
                    {t(lang, 'pay.settings.check_button')}
                  </button>
                </Form>
              </>
            ) : null}
          </>
        ),
      },
      status,
    );
  }

  // A failed connection check comes back once, as the page's error summary (web/form-flash.ts).
  app.get(PAYMENT_SETTINGS_PAGE, { schema: hidden, config }, async (request, reply) => show(request, reply, undefined, takeFormFlash(request, reply)?.errors));

  app.post(
    `${PAYMENT_SETTINGS_PAGE}/uji`,
    { schema: hidden, config },
    handleForm({
      act: async (request) => {
        const to = `${request.basePath}${PAYMENT_SETTINGS_PAGE}`;
        try {
          await checkBankConnection(tenantContextOf(request), deps.sealKey);
          return `${to}?ok=connected`;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          // A bank's 502/504 is the answer to the check, not a failure of the page: shown, never a raw code.
          return { to, flash: { errors: [{ field: '/', code: error.code, message: toProblem(error, request.lang).title }] } };
        }
      },
      show: (request, reply, _values, errors, status) => show(request, reply, undefined, errors, status),
    }),
  );

  app.post(
    PAYMENT_SETTINGS_PAGE,
    { schema: hidden, config },
    handleForm({
      read: (request) => {
        const values = formValues(request.body);
        const channels = (request.body as Record<string, unknown> | undefined)?.channels;
        values.channels = (Array.isArray(channels) ? channels : typeof channels === 'string' ? [channels] : []).filter((c): c is string => typeof c === 'string').join(',');
        return values;
      },
      act: async (request, values) => {
        await savePaymentSettings(tenantContextOf(request), inputOf(values), deps.sealKey);
        return `${request.basePath}${PAYMENT_SETTINGS_PAGE}?ok=saved`;
      },
      // What was typed comes back, but never a secret: it is not echoed into the page.
      show: (request, reply, values, errors, status) => show(request, reply, { ...values, clientSecret: undefined, privateKeyPem: undefined }, errors, status),
    }),
  );
}
