// Development signing keys: a local CA and a signer certificate it issues, made once per tenant when
// there is no key, so `npm start` signs documents with nothing configured. Both names say
// "DEV — TIDAK SAH" (not valid): a reader shows it, and production refuses such a certificate
// (keys.ts). RSA 2048 with SHA-256, what Indonesian CAs (BSrE) issue and every PDF reader verifies.
// Built with pkijs, which the signatures already use (decision 0065: @peculiar/x509 needs a
// dependency-injection container and a reflect polyfill).
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DEVELOPMENT_MARK } from './signer.js';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export interface GeneratedKey {
  /** PKCS#8 DER of the signer's private key. */
  privateKey: Buffer;
  /** DER certificates: the signer, then the CA. */
  chain: Buffer[];
}

/** C, O, CN as three RDNs (pkijs would put fields it builds itself into one multi-valued RDN). */
function nameOf(commonName: string, organization: string): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: asn1js.AsnType) =>
    new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value: value as never }).toSchema()] });
  const der = new asn1js.Sequence({
    value: [
      rdn('2.5.4.6', new asn1js.PrintableString({ value: 'ID' })),
      rdn('2.5.4.10', new asn1js.Utf8String({ value: organization })),
      rdn('2.5.4.3', new asn1js.Utf8String({ value: commonName })),
    ],
  }).toBER(false);
  return pkijs.RelativeDistinguishedNames.fromBER(der);
}

function extension(extnID: string, value: asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical: true, extnValue: value.toBER(false) });
}

/** keyUsage bits, most significant first: digitalSignature 0x80, nonRepudiation 0x40, keyCertSign 0x04, cRLSign 0x02. */
function keyUsage(bits: number, unusedBits: number): pkijs.Extension {
  return extension('2.5.29.15', new asn1js.BitString({ valueHex: new Uint8Array([bits]), unusedBits }));
}

/**
 * A certificate serial from 16 random bytes: unique without a counter, positive (top bit clear) and
 * minimally encoded (first byte not zero). A first byte of zero followed by one below 0x80 is not DER,
 * and pdfsig then rejects the signature ("Unknown Validation Failure"): 1 certificate in 256 did.
 */
export function certificateSerial(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = 0x01 + ((serial[0] ?? 0) % 0x7f);
  return serial;
}

async function certificate(input: {
  subject: string; issuer: string; organization: string; notBefore: Date; notAfter: Date;
  publicKey: CryptoKey; signingKey: CryptoKey; ca: boolean;
}): Promise<Buffer> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: certificateSerial(randomBytes(16)) });
  cert.subject = nameOf(input.subject, input.organization);
  cert.issuer = nameOf(input.issuer, input.organization);
  cert.notBefore.value = input.notBefore;
  cert.notAfter.value = input.notAfter;
  cert.extensions = input.ca
    ? [extension('2.5.29.19', new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 }).toSchema()), keyUsage(0x06, 1)]
    : [extension('2.5.29.19', new pkijs.BasicConstraints({ cA: false }).toSchema()), keyUsage(0xc0, 6)];
  await cert.subjectPublicKeyInfo.importKey(input.publicKey);
  await cert.sign(input.signingKey, 'SHA-256');
  return Buffer.from(cert.toSchema(true).toBER(false));
}

/** A CA and a signer for `tenantName`, valid from `now` (CA ten years, signer three). */
export async function generateDevelopmentKey(tenantName: string, now: Date): Promise<GeneratedKey> {
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const signerKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const years = (n: number) => new Date(Date.UTC(now.getUTCFullYear() + n, now.getUTCMonth(), now.getUTCDate()));
  const caName = `CA Pengembangan Gerbang ${DEVELOPMENT_MARK}`;
  const common = { issuer: caName, organization: tenantName, notBefore: now, signingKey: caKeys.privateKey };
  const ca = await certificate({ ...common, subject: caName, notAfter: years(10), publicKey: caKeys.publicKey, ca: true });
  const signer = await certificate({
    ...common, subject: `Penandatangan ${DEVELOPMENT_MARK}`, notAfter: years(3), publicKey: signerKeys.publicKey, ca: false,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', signerKeys.privateKey));
  // Round-trips through node:crypto so a malformed key fails here, not at the first signature.
  createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { privateKey: pkcs8, chain: [signer, ca] };
}
