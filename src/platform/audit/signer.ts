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

export interface PublicKeyRef {
  keyId: string;
  publicKeyPem: string;
}

export interface AuditSigner extends PublicKeyRef {
  /** Ed25519 signature (64 bytes) over `data`. */
  sign(data: Buffer): Buffer;
  /**
   * The signatures of many messages, in order, computed on libuv's thread pool (crypto.sign with a
   * callback) so that a batch of audit rows does not hold the event loop — requests go on meanwhile.
   */
  signMany(data: readonly Buffer[]): Promise<Buffer[]>;
}

export type AuditEnvironment = 'development' | 'test' | 'production';

/** Where a generated development key is kept, relative to DATA_DIR. */
export function auditKeyFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'audit-ed25519.pem');
}

/** The 32 raw bytes of an Ed25519 public key. */
function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

/** keyId = the first 16 hex digits of SHA-256 over the raw (32-byte) public key. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256').update(rawPublicKey(key)).digest('hex').slice(0, 16);
}

function parsePrivateKey(value: string): KeyObject {
  const text = value.trim();
  const key = text.includes('-----BEGIN')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
  return key;
}

/** Reads the development key, generating it (mode 0600) the first time. */
function loadOrCreateKeyFile(file: string): KeyObject {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  try {
    return parsePrivateKey(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`audit signing key ${file}: ${(error as Error).message}`);
  }
}

/**
 * The audit signer. `key` (AUDIT_SIGNING_KEY) is a PKCS#8 PEM or the base64 of its DER. Without one,
 * development and test generate a key once and keep it at DATA_DIR/keys/audit-ed25519.pem — outside
 * the database on purpose; production refuses to start without it.
 */
export function loadAuditSigner(options: {
  key?: string;
  dataDir: string;
  env: AuditEnvironment;
}): AuditSigner {
  let privateKey: KeyObject;
  if (options.key?.trim()) {
    try {
      privateKey = parsePrivateKey(options.key);
    } catch (error) {
      throw new Error(`AUDIT_SIGNING_KEY: ${(error as Error).message}`);
    }
  } else {
    if (options.env === 'production') {
      throw new Error(
        'AUDIT_SIGNING_KEY is required in production (an Ed25519 private key, PKCS#8 PEM or base64 DER)',
      );
    }
    privateKey = loadOrCreateKeyFile(auditKeyFile(options.dataDir));
  }
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    sign: (data) => sign(null, data, privateKey),
    signMany: (data) =>
      Promise.all(
        data.map((message) => new Promise<Buffer>((resolve, reject) => sign(null, message, privateKey, (error, signature) => (error ? reject(error) : resolve(signature))))),
      ),
  };
}

/**
 * True when `signature` is a valid Ed25519 signature of `data` by the key in `publicKeyPem` (or an
 * already parsed public key, which is faster when checking many signatures).
 */
export function verifySignature(publicKeyPem: string | KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    const key = typeof publicKeyPem === 'string' ? createPublicKey(publicKeyPem) : publicKeyPem;
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}
