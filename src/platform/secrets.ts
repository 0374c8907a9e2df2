// The application secret (session cookies, pseudonyms of personal identifiers). Production takes it
// from APP_SECRET; development generates one once and keeps it in DATA_DIR/keys, outside the database.
import { createHmac, randomBytes } from 'node:crypto';
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
