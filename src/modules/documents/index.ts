// Signed documents (issue 20, DOMAIN.md §11): permits, certificates and letters issued as PDFs with an
// embedded PAdES signature (the tenant's key; a development CA says "DEV — TIDAK SAH") and a QR code to
// the public verification page; revocation; the citizen's wallet. Owns document_signing_keys and
// documents (migration 0065). Design: docs/documents.md. Promises the other modules:
//  - the DocumentSigner seam (a remote signing service can replace the tenant's key);
//  - the signing step: a workflow wait step "signed" prepares the application's document (its onAwait
//    hook); a signer with a fresh second factor signs it and the application moves on (signing-step/);
//  - issuing on an application closed as issued/approved without a signed document (its onClosed
//    hook; the job `documents.issue`).
export { documentJobHandlers, documentsModule, ISSUE_JOB, signingKeyDeps } from './module.js';
import type { importTenantSigningKey as ImportTenantSigningKey } from './keys.js';

/** Imports a PKCS#12 as the tenant's signing key (the `gerbang documents import-p12` command); loads the signing stack. */
export async function importTenantSigningKey(...args: Parameters<typeof ImportTenantSigningKey>) {
  return (await import('./keys.js')).importTenantSigningKey(...args);
}
export { checkDocumentFile, issueDocument, listMyDocuments, revokeDocument, verificationUrl, verifyDocument } from './service.js';
export type { DocumentSigner, SigningCertificateInfo } from './signing/signer.js';
export { type DemoDocument, seedDemoDocuments } from './demo.js';
