// The Ed25519 key that signs audit rows and checkpoints. It lives outside the database on purpose:
// a database superuser who rewrites the audit table cannot re-sign it.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AuditSigner {
  keyId: string;
  publicKeyPem: string;
  sign(data: Buffer): Buffer;
}

export interface PublicKeyRef {
  keyId: string;
  publicKeyPem: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

function parsePrivateKey(value: string): KeyObject {
  const key = value.includes('BEGIN')
    ? createPrivateKey(value)
    : createPrivateKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key');
  return key;
}

export function loadAuditSigner(options: { key?: string; dataDir: string; env: string }): AuditSigner {
  let privateKey: KeyObject;
  if (options.key) {
    try {
      privateKey = parsePrivateKey(options.key);
    } catch (error) {
      throw new Error(`AUDIT_SIGNING_KEY: ${(error as Error).message}`);
    }
  } else {
    if (options.env === 'production') throw new Error('AUDIT_SIGNING_KEY is required in production');
    const file = path.join(options.dataDir, 'keys', 'audit-ed25519.pem');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const { privateKey: generated } = generateKeyPairSync('ed25519');
      fs.writeFileSync(file, generated.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    }
    privateKey = createPrivateKey(fs.readFileSync(file, 'utf8'));
  }
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    sign: (data) => sign(null, data, privateKey),
  };
}

export function verifySignature(publicKeyPem: string, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, data, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}
