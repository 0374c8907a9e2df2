// The CMS SignedData a PAdES baseline signature embeds (ETSI EN 319 142-1, SubFilter
// ETSI.CAdES.detached): detached (no encapsulated content), over the bytes of the PDF's /ByteRange,
// with the signed attributes content-type, message-digest and signing-certificate-v2 (RFC 5035) —
// the last binds the signer's certificate into what is signed, which is what makes it CAdES and not
// plain PKCS#7. No signing-time attribute: PAdES takes the time from the signature dictionary's /M.
// Built with pkijs (the structures) and node:crypto (the signature itself), so RSA and EC keys from a
// PKCS#12 sign the same way. Decision 0065.
import { createHash, type KeyObject, sign as cryptoSign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

/** Parses one DER certificate into pkijs's form. */
export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(der));
}

function derOf(cert: pkijs.Certificate): Buffer {
  return Buffer.from(cert.toSchema(true).toBER(false));
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** ESS signing-certificate-v2: the SHA-256 of the signer's certificate and its issuer and serial. */
function signingCertificateV2(cert: pkijs.Certificate): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new pkijs.GeneralName({ type: 4, value: cert.issuer }).toSchema()] }),
      cert.serialNumber,
    ],
  });
  // hashAlgorithm is left out: its DEFAULT is SHA-256, and DER omits a default value.
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: createHash('sha256').update(derOf(cert)).digest() }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function compareBytes(a: ArrayBuffer, b: ArrayBuffer): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * A detached CMS SignedData (DER) over `content`, signed with `key` whose certificate is `chain[0]`;
 * the rest of the chain (intermediates, the root) is carried so a verifier can build the path.
 */
export function buildDetachedCms(content: Uint8Array, key: KeyObject, chain: pkijs.Certificate[]): Buffer {
  const [signerCert] = chain;
  if (!signerCert) throw new Error('a signing certificate is required');
  const digest = createHash('sha256').update(content).digest();
  const attributes = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: digest })),
    attribute(OID.signingCertificateV2, signingCertificateV2(signerCert)),
  ];
  // DER sorts a SET OF by the encodings; the bytes signed and the bytes embedded must be the same.
  attributes.sort((a, b) => compareBytes(a.toSchema().toBER(false), b.toSchema().toBER(false)));
  const signedAttrsDer = Buffer.from(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER(false));

  const isEc = key.asymmetricKeyType === 'ec';
  const signature = isEc
    ? cryptoSign('sha256', signedAttrsDer, { key, dsaEncoding: 'der' })
    : cryptoSign('sha256', signedAttrsDer, key);

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signerCert.issuer, serialNumber: signerCert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    signatureAlgorithm: isEc
      ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
      : new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: chain,
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}
