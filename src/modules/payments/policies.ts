// Who may call what in the payments module (the one policy table: platform/auth/policy.ts). The guard
// checks the kind of person and their roles; services then check ownership (another citizen's invoice
// is a 404) and agency (a treasurer sees their agency's money; tenant-wide grants see all).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** A citizen's own invoices: see them, choose how to pay, receipts. */
  'payments.pay': { citizen: true },
  /** One invoice or receipt: its payer, or the officers of its agency who handle money or audit it. */
  'payments.view': { citizen: true, roles: ['treasurer', 'agency_admin', 'verifier', 'approver', 'tenant_admin', 'auditor'] },
  /** A gateway's notification: anyone may call, the adapter's signature check is the authentication. */
  'payments.notify': { anonymous: true },
  /** Issuing or cancelling an invoice by hand or from another system (the workflow issues its own). */
  'payments.issue': { roles: ['treasurer', 'agency_admin'], apiScopes: ['payments.invoices.write'] },
  /** The treasury: reports, reconciliation, refunds, the kas daerah export. */
  'payments.treasury': { roles: ['treasurer', 'tenant_admin', 'auditor'] },
  /** Recording a refund or resolving a reconciliation mismatch (the auditor only reads). */
  'payments.refund': { roles: ['treasurer'] },
  /** The tenant's gateway, channels and late-payment rule. */
  'payments.settings': { roles: ['tenant_admin'] },
  /** Reading a QRIS string a citizen shows (any officer at a counter). */
  'payments.qris': { officer: true },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type PaymentPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends PaymentPolicies {}
}
