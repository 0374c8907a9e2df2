// The BI-SNAP adapter of one tenant, from its payment settings: the bank's non-secret settings
// (payment_settings.gateway_config) and its secrets sealed under a key derived from APP_SECRET and bound
// to the tenant (a sealed value copied to another tenant's row does not open). `gatewayFor`
// (gateways/index.ts) calls `bisnapFromSettings` for a tenant whose gateway is 'bisnap'.
//
// One adapter per tenant is kept while its settings stay the same, so its B2B token serves every
// request until it expires instead of one token per request (banks rate-limit the token endpoint).
import { DomainError } from '../../../platform/errors.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { deriveKey, sealSecret, unsealSecret } from '../../../platform/secrets.js';
import '../settings-admin/strings.js';
import { type BisnapConfig, type BisnapGateway, type BisnapSecrets, bisnapGateway } from './bisnap.js';

/** The settings the adapter is built from (a part of core's PaymentSettings). */
export interface BisnapSettings {
  gatewayConfig: Record<string, unknown>;
  gatewaySecretSealed: string | null;
}

export const BISNAP_CONFIG_FIELDS = ['baseUrl', 'clientId', 'partnerId', 'channelId', 'partnerServiceId', 'merchantId', 'bankName', 'bankPublicKeyPem'] as const;
export type BisnapConfigField = (typeof BISNAP_CONFIG_FIELDS)[number];

/** The key the tenants' gateway secrets are sealed under. */
export const gatewaySecretsKey = (appSecret: Buffer) => deriveKey(appSecret, 'payments-gateway-secrets');
const contextOf = (tenantId: string) => `payment_settings:${tenantId}`;

export function sealGatewaySecrets(key: Buffer, tenantId: string, secrets: Partial<BisnapSecrets>): string {
  return sealSecret(key, JSON.stringify(secrets), contextOf(tenantId)).toString('base64');
}

/** The secrets in a sealed value; throws when it does not open (another APP_SECRET, another tenant's row). */
export function openGatewaySecrets(key: Buffer, tenantId: string, sealed: string): Partial<BisnapSecrets> {
  const value = JSON.parse(unsealSecret(key, Buffer.from(sealed, 'base64'), contextOf(tenantId))) as Record<string, unknown>;
  return {
    ...(typeof value.clientSecret === 'string' ? { clientSecret: value.clientSecret } : {}),
    ...(typeof value.privateKeyPem === 'string' ? { privateKeyPem: value.privateKeyPem } : {}),
  };
}

/** The adapter's settings as stored (every field a string; missing ones empty). */
export function bisnapConfigOf(gatewayConfig: Record<string, unknown>): Record<BisnapConfigField, string> & { timeoutMs?: number } {
  const config = Object.fromEntries(BISNAP_CONFIG_FIELDS.map((f) => [f, typeof gatewayConfig[f] === 'string' ? gatewayConfig[f] : ''])) as Record<BisnapConfigField, string>;
  return typeof gatewayConfig.timeoutMs === 'number' ? { ...config, timeoutMs: gatewayConfig.timeoutMs } : config;
}

const notConfigured = () => new DomainError('payments.gateway_not_configured', 503, 'pay.settings.error.not_configured');
const adapters = new Map<string, { settingsKey: string; gateway: BisnapGateway }>();

export function bisnapFromSettings(rt: Pick<ModuleRuntime, 'appSecret' | 'now'>, tenant: { id: string; slug: string; name: string }, settings: BisnapSettings): BisnapGateway {
  return bisnapFromSealed(gatewaySecretsKey(rt.appSecret), rt.now, tenant.id, settings);
}

/** `bisnapFromSettings` for a caller that holds the seal key already (the settings page's connection check). */
export function bisnapFromSealed(sealKey: Buffer, now: () => Date, tenantId: string, settings: BisnapSettings): BisnapGateway {
  const settingsKey = `${JSON.stringify(settings.gatewayConfig)}\n${settings.gatewaySecretSealed ?? ''}`;
  const cached = adapters.get(tenantId);
  if (cached?.settingsKey === settingsKey) return cached.gateway;
  const config = bisnapConfigOf(settings.gatewayConfig);
  if (BISNAP_CONFIG_FIELDS.some((f) => !config[f]) || !settings.gatewaySecretSealed) throw notConfigured();
  let secrets: Partial<BisnapSecrets>;
  try {
    secrets = openGatewaySecrets(sealKey, tenantId, settings.gatewaySecretSealed);
  } catch {
    throw notConfigured(); // APP_SECRET changed since they were sealed: the administrator enters them again
  }
  if (!secrets.clientSecret || !secrets.privateKeyPem) throw notConfigured();
  const gateway = bisnapGateway(config as BisnapConfig, { clientSecret: secrets.clientSecret, privateKeyPem: secrets.privateKeyPem }, { now });
  adapters.set(tenantId, { settingsKey, gateway });
  return gateway;
}
