// The tenant administrator's payment settings: which gateway (the sandbox or the tenant's bank through
// BI-SNAP), the channels offered, how long an invoice can be paid, what happens to a late payment, the
// QRIS merchant identity, and the bank connection — its secrets (client secret, private key) sealed
// under a key derived from APP_SECRET and never shown again, only whether they are set. Every save is
// audited (the names of what changed, never a secret's value), in the transaction that saves it.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { withTenant } from '../../../db/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../../platform/errors.js';
import { CHANNELS, type PaymentChannel } from '../gateway.js';
import {
  BISNAP_CONFIG_FIELDS,
  type BisnapConfigField,
  bisnapConfigOf,
  bisnapFromSealed,
  openGatewaySecrets,
  sealGatewaySecrets,
} from '../gateways/bisnap-factory.js';
import type { BisnapSecrets } from '../gateways/bisnap.js';
import { forgetPaymentSettings } from '../settings.js';
import { type PaymentSettingsRow, selectPaymentSettingsRow, upsertPaymentSettingsRow } from './store.js';
import './strings.js';

export interface PaymentSettingsView
  extends Pick<PaymentSettingsRow, 'gateway' | 'invoiceValidHours' | 'latePayment' | 'merchantName' | 'merchantCity' | 'nmid' | 'mcc'>,
    Record<BisnapConfigField, string> {
  channels: PaymentChannel[];
  clientSecretSet: boolean;
  privateKeySet: boolean;
  /** False when secrets are stored but do not open (APP_SECRET changed): they must be entered again. */
  secretsReadable: boolean;
  updatedAt: string | null;
}

export interface PaymentSettingsInput extends Partial<Record<BisnapConfigField, string>> {
  gateway: 'sandbox' | 'bisnap';
  channels: readonly string[];
  invoiceValidHours: number;
  latePayment: 'accept' | 'refund';
  merchantName?: string;
  merchantCity?: string;
  nmid?: string;
  mcc?: string;
  /** Empty or absent: keep the stored one. */
  clientSecret?: string;
  privateKeyPem?: string;
  /** Forget the stored secrets (only while the gateway is not BI-SNAP). */
  clearSecrets?: boolean;
}

const GENERAL_FIELDS = ['gateway', 'channels', 'invoiceValidHours', 'latePayment', 'merchantName', 'merchantCity', 'nmid', 'mcc'] as const;

/** What a tenant without a saved row has (the contract with core's loadPaymentSettings). */
function defaults(ctx: TenantContext): PaymentSettingsRow {
  return {
    gateway: 'sandbox',
    channels: [...CHANNELS],
    invoiceValidHours: 72,
    latePayment: 'refund',
    merchantName: ctx.tenant.name.slice(0, 25),
    merchantCity: '',
    nmid: '',
    mcc: '9399',
    gatewayConfig: {},
    gatewaySecretSealed: null,
    updatedAt: ctx.now(),
    updatedBy: null,
  };
}

function openSecrets(sealKey: Buffer, tenantId: string, sealed: string | null): { secrets: Partial<BisnapSecrets>; readable: boolean } {
  if (!sealed) return { secrets: {}, readable: true };
  try {
    return { secrets: openGatewaySecrets(sealKey, tenantId, sealed), readable: true };
  } catch {
    return { secrets: {}, readable: false };
  }
}

function viewOf(row: PaymentSettingsRow, saved: boolean, sealKey: Buffer, tenantId: string): PaymentSettingsView {
  const { secrets, readable } = openSecrets(sealKey, tenantId, row.gatewaySecretSealed);
  return {
    gateway: row.gateway,
    channels: CHANNELS.filter((c) => row.channels.includes(c)),
    invoiceValidHours: row.invoiceValidHours,
    latePayment: row.latePayment,
    merchantName: row.merchantName,
    merchantCity: row.merchantCity,
    nmid: row.nmid,
    mcc: row.mcc,
    ...bisnapConfigOf(row.gatewayConfig),
    clientSecretSet: readable ? Boolean(secrets.clientSecret) : row.gatewaySecretSealed !== null,
    privateKeySet: readable ? Boolean(secrets.privateKeyPem) : row.gatewaySecretSealed !== null,
    secretsReadable: readable,
    updatedAt: saved ? row.updatedAt.toISOString() : null,
  };
}

export async function getPaymentSettings(ctx: TenantContext, sealKey: Buffer): Promise<PaymentSettingsView> {
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectPaymentSettingsRow(trx, ctx.tenant.id));
  return viewOf(row ?? defaults(ctx), row !== undefined, sealKey, ctx.tenant.id);
}

const field = (name: string, messageKey: PendingFieldError['messageKey'], vars?: Record<string, string | number>): PendingFieldError => ({
  field: `/${name}`,
  code: messageKey.replace('pay.settings.error.', ''),
  messageKey,
  vars,
});

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function urlProblem(text: string): boolean {
  try {
    const url = new URL(text);
    return !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) || url.search !== '' || url.hash !== '';
  } catch {
    return true;
  }
}

function pemProblem(text: string, kind: 'public' | 'private'): boolean {
  try {
    const key = kind === 'public' ? createPublicKey(text) : createPrivateKey(text);
    return kind === 'private' && key.asymmetricKeyType !== 'rsa'; // SNAP's token signature is SHA256withRSA
  } catch {
    return true;
  }
}

/** Every field error at once, so the page shows them all beside their fields. */
function validate(input: PaymentSettingsInput, stored: { secrets: Partial<BisnapSecrets>; readable: boolean }): PendingFieldError[] {
  const errors: PendingFieldError[] = [];
  const text = (name: keyof PaymentSettingsInput) => String(input[name] ?? '').trim();
  if (input.channels.length === 0) errors.push(field('channels', 'pay.settings.error.channels_required'));
  else if (input.gateway === 'bisnap' && input.channels.includes('ewallet')) errors.push(field('channels', 'pay.settings.error.ewallet_bisnap'));
  if (!Number.isInteger(input.invoiceValidHours) || input.invoiceValidHours < 1 || input.invoiceValidHours > 720) errors.push(field('invoiceValidHours', 'pay.settings.error.valid_hours'));
  if (text('merchantName').length > 25) errors.push(field('merchantName', 'pay.settings.error.too_long', { max: 25 }));
  if (text('merchantCity').length > 15) errors.push(field('merchantCity', 'pay.settings.error.too_long', { max: 15 }));
  if (text('nmid') && !/^ID\d{10,15}$/.test(text('nmid'))) errors.push(field('nmid', 'pay.settings.error.nmid'));
  if (!/^\d{4}$/.test(text('mcc') || '9399')) errors.push(field('mcc', 'pay.settings.error.mcc'));

  const bisnap = input.gateway === 'bisnap';
  for (const name of BISNAP_CONFIG_FIELDS) {
    const value = text(name);
    if (!value) {
      if (bisnap) errors.push(field(name, 'pay.settings.error.required_for_bisnap'));
      continue;
    }
    const max = name === 'bankPublicKeyPem' ? 10_000 : name === 'baseUrl' ? 500 : 100;
    if (value.length > max) errors.push(field(name, 'pay.settings.error.too_long', { max }));
    else if (name === 'baseUrl' && urlProblem(value)) errors.push(field(name, 'pay.settings.error.url'));
    else if (name === 'partnerServiceId' && !/^\d{1,8}$/.test(value)) errors.push(field(name, 'pay.settings.error.digits'));
    else if (name === 'bankPublicKeyPem' && pemProblem(value, 'public')) errors.push(field(name, 'pay.settings.error.public_key'));
  }
  const clientSecret = text('clientSecret');
  const privateKeyPem = text('privateKeyPem');
  if (clientSecret.length > 500) errors.push(field('clientSecret', 'pay.settings.error.too_long', { max: 500 }));
  if (privateKeyPem.length > 10_000) errors.push(field('privateKeyPem', 'pay.settings.error.too_long', { max: 10_000 }));
  else if (privateKeyPem && pemProblem(privateKeyPem, 'private')) errors.push(field('privateKeyPem', 'pay.settings.error.private_key'));
  if (bisnap) {
    const keep = !input.clearSecrets && stored.readable;
    if (!clientSecret && !(keep && stored.secrets.clientSecret)) errors.push(field('clientSecret', stored.readable ? 'pay.settings.error.required_for_bisnap' : 'pay.settings.error.secrets_unreadable'));
    if (!privateKeyPem && !(keep && stored.secrets.privateKeyPem)) errors.push(field('privateKeyPem', stored.readable ? 'pay.settings.error.required_for_bisnap' : 'pay.settings.error.secrets_unreadable'));
  }
  return errors;
}

/** Saves the settings whole (secrets not given are kept); refuses with every field error, saving nothing. */
export async function savePaymentSettings(ctx: TenantContext, input: PaymentSettingsInput, sealKey: Buffer): Promise<PaymentSettingsView> {
  const tenantId = ctx.tenant.id;
  const row = await withTenant(ctx.db, tenantId, async (trx) => {
    const before = await selectPaymentSettingsRow(trx, tenantId, true);
    const stored = openSecrets(sealKey, tenantId, before?.gatewaySecretSealed ?? null);
    const errors = validate(input, stored);
    if (errors.length > 0) throw new DomainError('validation', 400, 'error.validation', {}, errors);

    const given = { clientSecret: input.clientSecret?.trim() ?? '', privateKeyPem: input.privateKeyPem?.trim() ?? '' };
    const kept = input.clearSecrets || !stored.readable ? {} : stored.secrets;
    const secrets: Partial<BisnapSecrets> = { ...kept, ...(given.clientSecret ? { clientSecret: given.clientSecret } : {}), ...(given.privateKeyPem ? { privateKeyPem: given.privateKeyPem } : {}) };
    const secretsChanged = Boolean(given.clientSecret || given.privateKeyPem || (input.clearSecrets && before?.gatewaySecretSealed));
    const next: PaymentSettingsRow = {
      gateway: input.gateway,
      channels: CHANNELS.filter((c) => input.channels.includes(c)),
      invoiceValidHours: input.invoiceValidHours,
      latePayment: input.latePayment,
      merchantName: (input.merchantName ?? '').trim(),
      merchantCity: (input.merchantCity ?? '').trim(),
      nmid: (input.nmid ?? '').trim(),
      mcc: (input.mcc ?? '').trim() || '9399',
      gatewayConfig: Object.fromEntries(BISNAP_CONFIG_FIELDS.map((f) => [f, (input[f] ?? '').trim()])),
      gatewaySecretSealed: !secretsChanged ? (before?.gatewaySecretSealed ?? null) : secrets.clientSecret || secrets.privateKeyPem ? sealGatewaySecrets(sealKey, tenantId, secrets) : null,
      updatedAt: ctx.now(),
      updatedBy: ctx.actor.kind === 'officer' ? ctx.actor.id : null,
    };
    const old = before ?? defaults(ctx);
    const oldConfig = bisnapConfigOf(old.gatewayConfig);
    const changed = [
      ...GENERAL_FIELDS.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(next[f])),
      ...BISNAP_CONFIG_FIELDS.filter((f) => oldConfig[f] !== next.gatewayConfig[f]),
      ...(given.clientSecret ? ['clientSecret'] : []),
      ...(given.privateKeyPem ? ['privateKeyPem'] : []),
      ...(input.clearSecrets && before?.gatewaySecretSealed ? ['secretsCleared'] : []),
    ];
    await upsertPaymentSettingsRow(trx, tenantId, next);
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'payments.settings_saved',
      subject: `tenant:${tenantId}`,
      data: { gateway: next.gateway, channels: next.channels, latePayment: next.latePayment, changed },
    });
    return next;
  });
  forgetPaymentSettings(tenantId);
  return viewOf(row, true, sealKey, tenantId);
}

/**
 * Tries the saved BI-SNAP connection (a token and one signed call, BisnapGateway.checkConnection): what
 * the administrator does after saving, before the first citizen pays. Changes nothing; a tenant whose
 * gateway is not a complete BI-SNAP connection is refused (409), a bank that refuses or fails answers
 * with the adapter's errors (502/504).
 */
export async function checkBankConnection(ctx: TenantContext, sealKey: Buffer): Promise<{ checkedAt: string }> {
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectPaymentSettingsRow(trx, ctx.tenant.id));
  const notConfigured = () => new DomainError('payments.gateway_not_configured', 409, 'pay.settings.error.not_configured');
  if (!row || row.gateway !== 'bisnap') throw notConfigured();
  let gateway;
  try {
    gateway = bisnapFromSealed(sealKey, ctx.now, ctx.tenant.id, row);
  } catch {
    throw notConfigured();
  }
  await gateway.checkConnection();
  return { checkedAt: ctx.now().toISOString() };
}
