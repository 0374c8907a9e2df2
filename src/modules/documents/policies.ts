// Who may call what in the documents module (the one policy table: platform/auth/policy.ts).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** The verification page and API: anyone, no sign-in — the code is what the QR gives them. */
  'documents.verify': { anonymous: true },
  /** A share link's page and download: whoever holds the link (its token is the credential). */
  'documents.shared': { anonymous: true },
  /** A citizen's own documents (the wallet) and their downloads; the service checks the holder. */
  'documents.mine': { citizen: true },
  /** Revoking an issued document: the signer who issues and the tenant's administrator. */
  'documents.revoke': { roles: ['signer', 'tenant_admin'] },
  /** Signing an application's prepared document at its signing step (with a fresh second factor): the signer. */
  'documents.sign': { roles: ['signer'] },
  /** The signing page, to look: the officers who see applications; only the signer gets the form. */
  'documents.sign_view': { roles: ['verifier', 'approver', 'signer', 'treasurer', 'agency_admin', 'tenant_admin', 'auditor'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type DocumentPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends DocumentPolicies {}
}
