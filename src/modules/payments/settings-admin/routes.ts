// JSON API of the tenant's payment settings (tenant administrators, policy payments.settings): read
// them, and save them whole. Secrets go in (clientSecret, privateKeyPem) and never come out: the answer
// says only whether each is set.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../../platform/http/openapi.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { CHANNELS } from '../gateway.js';
import { checkBankConnection, getPaymentSettings, savePaymentSettings } from './service.js';

const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)));
const Gateway = Type.Union([Type.Literal('sandbox'), Type.Literal('bisnap')], { description: 'sandbox: simulated payments (development); bisnap: the tenant’s bank through BI-SNAP' });
const LatePayment = Type.Union([Type.Literal('accept'), Type.Literal('refund')], {
  description: 'A payment after the invoice expired or was cancelled: accept (credit it, the application moves on) or refund (hold it for the treasurer to return)',
});
const text = (maxLength: number, description: string) => Type.String({ maxLength, description });

const bisnapFields = {
  baseUrl: text(500, 'The bank’s BI-SNAP root (https), before /v1.0/…'),
  clientId: text(100, 'X-CLIENT-KEY of the B2B token request'),
  partnerId: text(100, 'X-PARTNER-ID'),
  channelId: text(100, 'CHANNEL-ID'),
  partnerServiceId: text(100, 'The virtual accounts’ company prefix (1–8 digits)'),
  merchantId: text(100, 'The bank’s merchant id for QRIS'),
  bankName: text(100, 'Shown beside the virtual account number'),
  bankPublicKeyPem: text(10_000, 'The bank’s public key (PEM) its notifications are signed with'),
};

const general = {
  gateway: Gateway,
  channels: Type.Array(Channel, { maxItems: CHANNELS.length, uniqueItems: true }),
  invoiceValidHours: Type.Integer({ minimum: 1, maximum: 720 }),
  latePayment: LatePayment,
  merchantName: text(25, 'QRIS merchant name (tag 59)'),
  merchantCity: text(15, 'QRIS merchant city (tag 60)'),
  nmid: text(20, 'National Merchant ID (ID + 10–15 digits)'),
  mcc: text(4, 'Merchant category code (9399: government services)'),
};

const Settings = Type.Object({
  ...general,
  ...bisnapFields,
  clientSecretSet: Type.Boolean(),
  privateKeySet: Type.Boolean(),
  secretsReadable: Type.Boolean({ description: 'False when stored secrets no longer open (APP_SECRET changed): enter them again' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const SettingsBody = Type.Object(
  {
    ...general,
    merchantName: Type.Optional(general.merchantName),
    merchantCity: Type.Optional(general.merchantCity),
    nmid: Type.Optional(general.nmid),
    mcc: Type.Optional(general.mcc),
    ...Object.fromEntries(Object.entries(bisnapFields).map(([k, v]) => [k, Type.Optional(v)])),
    clientSecret: Type.Optional(text(500, 'Write-only; absent or empty keeps the stored one')),
    privateKeyPem: Type.Optional(text(10_000, 'Write-only (PEM, RSA); absent or empty keeps the stored one')),
    clearSecrets: Type.Optional(Type.Boolean({ description: 'Forget the stored secrets' })),
  },
  { additionalProperties: false },
);

export function registerPaymentSettingsRoutes(app: FastifyInstance, deps: { sealKey: Buffer }): void {
  app.get(
    '/api/v1/payments/settings',
    {
      config: { policy: 'payments.settings' },
      schema: { operationId: 'getPaymentSettings', tags: ['payments'], summary: 'Pengaturan pembayaran / Payment settings', response: { 200: Settings } },
    },
    async (request) => getPaymentSettings(tenantContextOf(request), deps.sealKey),
  );
  app.put<{ Body: Static<typeof SettingsBody> }>(
    '/api/v1/payments/settings',
    {
      config: { policy: 'payments.settings' },
      schema: {
        operationId: 'setPaymentSettings',
        tags: ['payments'],
        summary: 'Simpan pengaturan pembayaran / Save the payment settings',
        description: 'Saves the settings whole; secrets not given are kept. Refused with every field error at once (400), saving nothing.',
        body: SettingsBody,
        response: { 200: Settings },
      },
    },
    async (request) => savePaymentSettings(tenantContextOf(request), request.body as Static<typeof SettingsBody> & { channels: string[] }, deps.sealKey),
  );
  app.post(
    '/api/v1/payments/settings/check',
    {
      config: { policy: 'payments.settings' },
      schema: {
        operationId: 'checkPaymentGateway',
        tags: ['payments'],
        summary: 'Uji sambungan bank / Test the bank connection',
        description: 'A B2B token and one signed call to the bank with the saved BI-SNAP settings; creates nothing.',
        response: {
          200: Type.Object({ checkedAt: Type.String({ format: 'date-time' }) }),
          409: problem('Gateway bukan BI-SNAP atau belum lengkap / The gateway is not a complete BI-SNAP connection'),
          502: problem('Bank menolak atau tidak tersedia / The bank refused or is unavailable'),
          504: problem('Bank tidak menjawab tepat waktu / The bank did not answer in time'),
        },
      },
    },
    async (request) => checkBankConnection(tenantContextOf(request), deps.sealKey),
  );
}
