// Importing the tenant's signing key from a PKCS#12 (.p12/.pfx), the form a recognised CA (PSrE;
// BSrE for government officers) delivers it in. Read with pkijs (decision 0065): the password checks
// the file's integrity MAC and decrypts the key bag; the signer is the certificate whose public key is
// the key's, followed by the other certificates of the file (its issuers).
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import './dev-ca.js';

const BAG = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  cert: '1.2.840.113549.1.12.10.1.3',
} as const;

export interface ImportedKey {
  privateKey: KeyObject;
  /** DER certificates, the signer's first. */
  chain: Buffer[];
}

/** Why a PKCS#12 cannot be used; the caller maps it to a domain error. */
export class P12Error extends Error {
  constructor(readonly reason: 'unreadable' | 'no_key' | 'no_certificate') {
    super(`PKCS#12: ${reason}`);
  }
}

function publicDer(key: KeyObject): Buffer {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
}

/** Reads the key and chain; a wrong password or a damaged file is `unreadable`. */
export async function readPkcs12(file: Uint8Array, password: string): Promise<ImportedKey> {
  const pwd = new TextEncoder().encode(password).buffer as ArrayBuffer;
  const keys: KeyObject[] = [];
  const certs: Buffer[] = [];
  try {
    const pfx = pkijs.PFX.fromBER(new Uint8Array(file));
    await pfx.parseInternalValues({ password: pwd, checkIntegrity: true });
    const safe = pfx.parsedValue?.authenticatedSafe;
    if (!safe) throw new P12Error('unreadable');
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pwd })) });
    for (const contents of safe.parsedValue?.safeContents ?? []) {
      for (const bag of contents.value.safeBags) {
        if (bag.bagId === BAG.shroudedKey) {
          const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
          // pkijs types this method protected, yet it is how its own PKCS#12 examples decrypt a key bag.
          await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pwd });
          const info = shrouded.parsedValue;
          if (info) keys.push(createPrivateKey({ key: Buffer.from(info.toSchema().toBER(false)), format: 'der', type: 'pkcs8' }));
        } else if (bag.bagId === BAG.key) {
          const info = bag.bagValue as pkijs.PrivateKeyInfo;
          keys.push(createPrivateKey({ key: Buffer.from(info.toSchema().toBER(false)), format: 'der', type: 'pkcs8' }));
        } else if (bag.bagId === BAG.cert) {
          const cert = (bag.bagValue as pkijs.CertBag).parsedValue;
          if (cert instanceof pkijs.Certificate) certs.push(Buffer.from(cert.toSchema(true).toBER(false)));
        }
      }
    }
  } catch (error) {
    if (error instanceof P12Error) throw error;
    throw new P12Error('unreadable');
  }
  const [privateKey] = keys;
  if (!privateKey) throw new P12Error('no_key');
  const mine = publicDer(privateKey);
  const signer = certs.find((der) => publicDer(new X509Certificate(der).publicKey).equals(mine));
  if (!signer) throw new P12Error('no_certificate');
  return { privateKey, chain: [signer, ...certs.filter((der) => der !== signer)] };
}
