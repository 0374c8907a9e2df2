// The tenant's own key as a DocumentSigner: a private key and its certificate chain (signer first),
// either generated for development (dev-ca.ts) or imported from a PKCS#12 a recognised CA issued
// (p12.ts). @signpdf/signpdf finds the placeholder, hashes the /ByteRange and writes the CMS in.
import { createHash, type KeyObject } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import type * as pkijs from 'pkijs';
import { buildDetachedCms, parseCertificate } from './cms.js';
import { documentThreads, runOnThread } from './pool.js';
import { DEVELOPMENT_MARK, type DocumentSigner, type SigningCertificateInfo } from './signer.js';

const NAME_TYPES: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.5': 'serialNumber',
};

function nameOf(name: pkijs.RelativeDistinguishedNames): { text: string; commonName: string } {
  let commonName = '';
  const parts = name.typesAndValues.map((tv) => {
    const value = String(tv.value.valueBlock.value);
    if (tv.type === '2.5.4.3') commonName = value;
    return `${NAME_TYPES[tv.type] ?? tv.type}=${value}`;
  });
  return { text: parts.join(', '), commonName };
}

/** What the chain's first certificate says, and whether it is a development one. */
export function describeCertificate(der: Uint8Array): SigningCertificateInfo {
  const cert = parseCertificate(der);
  const subject = nameOf(cert.subject);
  const issuer = nameOf(cert.issuer);
  return {
    subject: subject.text,
    commonName: subject.commonName,
    issuer: issuer.text,
    serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    development: subject.text.includes(DEVELOPMENT_MARK) || issuer.text.includes(DEVELOPMENT_MARK),
  };
}

class CmsSigner extends Signer {
  constructor(private readonly key: KeyObject, private readonly chain: pkijs.Certificate[]) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return buildDetachedCms(content, this.key, this.chain);
  }
}

/** Signs on the calling thread (a document thread's task, or the event loop with DOCUMENT_THREADS=0). */
export async function signPdfWithKey(pdf: Uint8Array, key: KeyObject, chain: Uint8Array[]): Promise<Uint8Array> {
  return new SignPdf().sign(Buffer.from(pdf), new CmsSigner(key, chain.map(parseCertificate)));
}

/**
 * A signer holding the key in this process. `chain` is DER certificates, the signer's first. The
 * signature is made on a document thread (pool.ts): the key object goes to the thread with the task.
 */
export function createLocalSigner(key: KeyObject, chain: Uint8Array[]): DocumentSigner {
  const [first] = chain;
  if (!first) throw new Error('a signing certificate is required');
  const certificate = describeCertificate(first);
  return {
    certificate,
    async sign(pdf) {
      return documentThreads() > 0 ? runOnThread({ op: 'sign', pdf, key, chain }) : signPdfWithKey(pdf, key, chain);
    },
  };
}
