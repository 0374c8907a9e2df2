// The application secret (session cookies, pseudonyms of personal identifiers). Production takes it
// from APP_SECRET; development generates one once and keeps it in DATA_DIR/keys, outside the database.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function loadAppSecret(options: { appSecret?: string; dataDir: string; env: string }): Buffer {
  if (options.appSecret) return Buffer.from(options.appSecret, 'utf8');
  if (options.env === 'production') throw new Error('APP_SECRET is required in production');
  const file = path.join(options.dataDir, 'keys', 'app-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8');
}

/** Derives an independent key for one purpose, so one secret serves many uses safely. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`gerbang:${purpose}`).digest();
}

/**
 * Seals a secret for storage in the database with AES-256-GCM under a purpose key (`deriveKey`), so a
 * copy of the database alone reveals nothing. `context` is bound as additional authenticated data:
 * a sealed value copied to another row (another tenant's) does not open there. Layout: iv ‖ tag ‖ body.
 */
export function sealSecret(key: Buffer, plain: string, context = ''): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (context) cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Opens what `sealSecret` sealed; throws when the key, the context or a byte differs. */
export function unsealSecret(key: Buffer, sealed: Buffer, context = ''): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  if (context) decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}
