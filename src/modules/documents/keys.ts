// The tenant's signing key: the current one unsealed into a DocumentSigner; in development a CA and a
// signer generated on first use ("DEV — TIDAK SAH"); in production only an imported PKCS#12, and a
// development certificate is refused whatever its row says (DOMAIN.md §11: a development key must
// never validate as an official one). Private keys are sealed with AES-256-GCM under a key derived
// from APP_SECRET (platform/secrets.ts), bound to their row.
import { createPrivateKey, type KeyObject, randomUUID } from 'node:crypto';
import { sealSecret, unsealSecret } from '../../platform/secrets.js';
import { type DbOrTx, withTenant } from '../../db/index.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { generateDevelopmentKey } from './signing/dev-ca.js';
import { createLocalSigner, describeCertificate } from './signing/local-signer.js';
import { P12Error, readPkcs12 } from './signing/p12.js';
import type { DocumentSigner } from './signing/signer.js';
import { insertKey, insertKeyIfNone, retireCurrentKey, selectCurrentKey, type SigningKeyRow } from './store.js';
import './strings.js';

export interface KeyDeps {
  /** deriveKey(appSecret, 'documents.signing-key'). */
  sealKey: Buffer;
  production: boolean;
}

/** The sealed key opens only in its own row: the tenant and key id are its additional data. */
const sealContext = (tenantId: string, keyId: string) => `documents.signing-key:${tenantId}:${keyId}`;

function keyRow(tenantId: string, privateKey: KeyObject, chain: Buffer[], deps: KeyDeps, now: Date, by: string) {
  const info = describeCertificate(chain[0]!);
  const id = randomUUID();
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  return {
    tenant_id: tenantId,
    id,
    certificate_chain: chain.map((der) => der.toString('base64')),
    private_key_sealed: sealSecret(deps.sealKey, pkcs8, sealContext(tenantId, id)),
    development: info.development,
    certificate_subject: info.subject,
    common_name: info.commonName,
    fingerprint: info.fingerprint,
    not_after: info.notAfter,
    created_at: now,
    created_by: by,
  };
}

// Unsealing and parsing once per key and process: signing is then one RSA operation.
const signers = new Map<string, DocumentSigner>();

function signerOf(row: SigningKeyRow, deps: KeyDeps): DocumentSigner {
  const cacheKey = `${row.tenant_id}:${row.id}:${row.fingerprint}`;
  let signer = signers.get(cacheKey);
  if (!signer) {
    const pkcs8 = Buffer.from(unsealSecret(deps.sealKey, row.private_key_sealed, sealContext(row.tenant_id, row.id)), 'base64');
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    signer = createLocalSigner(key, row.certificate_chain.map((b64) => Buffer.from(b64, 'base64')));
    signers.set(cacheKey, signer);
  }
  return signer;
}

/**
 * The tenant's current signer and its key id. Development makes one when there is none; production
 * refuses to sign without an imported key, and refuses a development certificate.
 */
export async function currentSigner(db: DbOrTx, tenant: { id: string; name: string }, deps: KeyDeps, now: Date): Promise<{ keyId: string; signer: DocumentSigner }> {
  let row = await selectCurrentKey(db, tenant.id);
  if (!row) {
    if (deps.production) throw new DomainError('documents.no_signing_key', 409, 'doc.error.no_signing_key');
    const generated = await generateDevelopmentKey(tenant.name, now);
    const key = createPrivateKey({ key: generated.privateKey, format: 'der', type: 'pkcs8' });
    await insertKeyIfNone(db, keyRow(tenant.id, key, generated.chain, deps, now, 'system:documents.development'));
    row = await selectCurrentKey(db, tenant.id);
    if (!row) throw new Error('the signing key just made is missing');
  }
  const signer = signerOf(row, deps);
  if (deps.production && (row.development || signer.certificate.development)) {
    throw new DomainError('documents.development_key_refused', 409, 'doc.error.development_key');
  }
  if (signer.certificate.notAfter.getTime() <= now.getTime()) throw new DomainError('documents.signing_key_expired', 409, 'doc.error.key_expired');
  return { keyId: row.id, signer };
}

const P12_MESSAGES = {
  unreadable: 'doc.error.p12_unreadable',
  no_key: 'doc.error.p12_no_key',
  no_certificate: 'doc.error.p12_no_certificate',
} as const;

/**
 * Makes a PKCS#12 the tenant's signing key (the one before is retired, kept for what it signed).
 * Refused: a file that cannot be read with the password, an expired certificate, and in production a
 * development one. Returns what the certificate says, for the operator to check.
 */
export async function importSigningKey(
  db: DbOrTx,
  tenantId: string,
  input: { p12: Uint8Array; password: string; by: string },
  deps: KeyDeps,
  now: Date,
): Promise<{ keyId: string; subject: string; issuer: string; notAfter: Date; development: boolean }> {
  let imported;
  try {
    imported = await readPkcs12(input.p12, input.password);
  } catch (error) {
    if (error instanceof P12Error) throw new DomainError(`documents.p12_${error.reason}`, 400, P12_MESSAGES[error.reason]);
    throw error;
  }
  const info = describeCertificate(imported.chain[0]!);
  if (deps.production && info.development) throw new DomainError('documents.development_key_refused', 409, 'doc.error.development_key');
  if (info.notAfter.getTime() <= now.getTime()) throw new DomainError('documents.signing_key_expired', 400, 'doc.error.key_expired');
  const row = keyRow(tenantId, imported.privateKey, imported.chain, deps, now, input.by);
  await retireCurrentKey(db, tenantId, now);
  await insertKey(db, row);
  return { keyId: row.id, subject: info.subject, issuer: info.issuer, notAfter: info.notAfter, development: info.development };
}

/** `importSigningKey` for the tenant of `ctx`, audited (`documents.signing_key_imported`). */
export async function importTenantSigningKey(ctx: TenantContext, input: { p12: Uint8Array; password: string }, deps: KeyDeps) {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const by = actorRef(ctx.actor);
    const imported = await importSigningKey(trx, ctx.tenant.id, { ...input, by }, deps, ctx.now());
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: by,
      action: 'documents.signing_key_imported',
      subject: `signing-key:${imported.keyId}`,
      data: { subject: imported.subject, issuer: imported.issuer, notAfter: imported.notAfter.toISOString(), development: imported.development },
    });
    return imported;
  });
}
