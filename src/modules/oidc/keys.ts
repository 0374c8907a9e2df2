// The provider's signing keys: RSA 2048 (RS256 for ordinary clients, PS256 for FAPI 2.0 ones), made
// here on first start and by rotation (`gerbang oidc rotate-keys`, or the sweep job when the signing
// key is older than OIDC_KEY_ROTATION_DAYS). The private half is sealed with AES-256-GCM under a key
// derived from APP_SECRET, so a copy of the database cannot sign; no key is ever in the repository.
// A retired key stays in the JWKS until every ID token it signed has expired (KEEP_RETIRED_MS).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Db, type DbOrTx } from '../../db/index.js';
import { sealSecret as seal, unsealSecret as unseal } from '../../platform/secrets.js';
import { deleteExpiredKeys, insertKey, lockKeys, retireKeysExcept, selectLiveKeys, type SigningKeyRow } from './store.js';

/** ID tokens live an hour (provider.ts TTL); a day leaves room for clocks and caches of the JWKS. */
export const KEEP_RETIRED_MS = 24 * 3600_000;

type Jwk = Record<string, unknown>;

function newKey(sealKey: Buffer, now: Date): SigningKeyRow {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  const privateJwk = { ...(privateKey.export({ format: 'jwk' }) as Jwk), kid, use: 'sig' };
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as Jwk), kid, use: 'sig' };
  return { kid, publicJwk, privateSealed: seal(sealKey, JSON.stringify(privateJwk)), createdAt: now, retiredAt: null, expiresAt: null };
}

/** Makes a signing key when there is none (first start); safe with several processes starting at once. */
export async function ensureSigningKey(db: Db, sealKey: Buffer, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockKeys(trx);
    const live = await selectLiveKeys(trx, now);
    if (!live.some((k) => k.retiredAt === null)) await insertKey(trx, newKey(sealKey, now));
  });
}

/** A new signing key; the others stop signing now and leave the JWKS after KEEP_RETIRED_MS. */
export async function rotateSigningKeys(db: Db, sealKey: Buffer, now: Date): Promise<{ kid: string; retired: string[] }> {
  return db.transaction().execute(async (trx) => {
    await lockKeys(trx);
    const before = await selectLiveKeys(trx, now);
    const key = newKey(sealKey, now);
    await insertKey(trx, key);
    await retireKeysExcept(trx, key.kid, now, new Date(now.getTime() + KEEP_RETIRED_MS));
    await deleteExpiredKeys(trx, now);
    return { kid: key.kid, retired: before.filter((k) => k.retiredAt === null).map((k) => k.kid) };
  });
}

/** Rotates when the signing key is older than `maxAgeMs` (the sweep job); says whether it did. */
export async function rotateIfOlderThan(db: Db, sealKey: Buffer, now: Date, maxAgeMs: number): Promise<boolean> {
  const signing = (await selectLiveKeys(db, now)).find((k) => k.retiredAt === null);
  if (signing && now.getTime() - signing.createdAt.getTime() < maxAgeMs) return false;
  await rotateSigningKeys(db, sealKey, now);
  return true;
}

/** The private JWKS for the provider: the signing key first (the provider signs with the first that fits). */
export async function loadPrivateJwks(db: DbOrTx, sealKey: Buffer, now: Date): Promise<{ keys: Jwk[] }> {
  const rows = await selectLiveKeys(db, now);
  return { keys: rows.map((r) => JSON.parse(unseal(sealKey, r.privateSealed)) as Jwk) };
}
