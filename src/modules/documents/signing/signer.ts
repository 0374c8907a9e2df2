// The signing seam (issue 20): whatever signs a document — the tenant's own key here (local-signer.ts),
// or a remote signing service such as BSrE's, which takes a PDF and returns it signed — is a
// DocumentSigner. The documents module prepares the PDF with an empty signature field
// (placeholder.ts) and asks the signer for the signed bytes; it never sees a private key.

/** What a verifier and the verification page say about who signed. */
export interface SigningCertificateInfo {
  /** The signer's distinguished name, as in the certificate (e.g. "CN=…, O=…, C=ID"). */
  subject: string;
  /** The signer's common name, shown on documents and pages. */
  commonName: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the certificate (DER), lower-case hex. */
  fingerprint: string;
  /** A generated development certificate: never an official signature (DOMAIN.md §11). */
  development: boolean;
}

export interface DocumentSigner {
  readonly certificate: SigningCertificateInfo;
  /**
   * Signs a PDF that carries a signature placeholder (a /ByteRange and an empty /Contents): returns
   * the same bytes with the CMS signature over the byte range written into /Contents.
   */
  sign(pdfWithPlaceholder: Uint8Array): Promise<Uint8Array>;
}

/**
 * The marker every generated development certificate carries in its names; a certificate whose
 * subject or issuer says it is refused in production, whatever the key row claims.
 */
export const DEVELOPMENT_MARK = 'DEV — TIDAK SAH';
