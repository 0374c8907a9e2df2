// Who may call what in the applications module (the one policy table: platform/auth/policy.ts). The
// guard checks the kind of person and their roles anywhere in the tenant; the services then check
// ownership (another citizen's application is a 404) and agency (officers see their agencies' work).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

/** The officer roles that process applications (workflow steps name them). */
const HANDLERS = ['verifier', 'approver', 'signer', 'treasurer', 'agency_admin'] as const;

const POLICIES = {
  /** A citizen's own applications: drafts, submit, withdraw, answer a revision, messages, "Permohonan saya". */
  'applications.apply': { citizen: true },
  /** One application: its applicant (own only), or officers of an agency that handles it (and the tenant's admin and auditor). */
  'applications.view': { citizen: true, roles: [...HANDLERS, 'tenant_admin', 'auditor'] },
  /** Public tracking with the tracking number and the applicant's birth date (throttled). */
  'applications.track': { anonymous: true },
  /** Officers processing applications: act on a step, queues, claim, notes, messages, record a signature or payment. */
  'applications.handle': { roles: HANDLERS },
  /** Assigning and reassigning a step to an officer: the agency's administrator. */
  'applications.assign': { roles: ['agency_admin'] },
  /** A service's form and workflow (draft, validation, presets): the agency's administrator, the tenant's. */
  'applications.setup': { roles: ['agency_admin', 'tenant_admin'] },
  /** The tenant's application settings (how long drafts are kept). */
  'applications.settings': { roles: ['tenant_admin'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type ApplicationPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends ApplicationPolicies {}
}
