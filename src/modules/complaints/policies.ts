// Who may use the complaints module's routes and pages (the kit's policy table, src/platform/auth/policy.ts:
// a route names its key in `config: { policy }`). Officer actions are checked finer by the handling
// part (the action's role, the report's agency); the reporter's by the report's owner or secret code.
import { registerPolicies, type Rule } from '../../platform/auth/policy.js';

const POLICIES = {
  /** Submit a report: anyone, with or without an account (anonymous reporting needs none). */
  'complaints.submit': { anonymous: true },
  /** A proof-of-work challenge for submitting without an account (public: no data, signed and expiring). */
  'complaints.challenge': { anonymous: true },
  /** Follow a report by its secret code, see a public report, the public list and statistics. */
  'complaints.view': { anonymous: true },
  /**
   * One endpoint for every action: officers (checked per action and agency by the handler),
   * the reporter (citizen owner, or anyone holding the secret code).
   */
  'complaints.act': { anonymous: true },
  /** "Laporan saya". */
  'complaints.mine': { citizen: true },
  /** Agency queue, duplicates, response templates: handlers of the agency, and the coordinator. */
  'complaints.handle': { roles: ['complaint_handler', 'complaint_coordinator'] },
  /** Coordinator queue and tenant-wide actions (verify, reject, dispatch, transfer, merge, close). */
  'complaints.coordinate': { roles: ['complaint_coordinator'] },
  /** Reveal who filed a confidential (rahasia) report. */
  'complaints.reveal': { roles: ['complaint_coordinator'] },
  /** The tenant's routing: model, examples, retraining runs and "retrain now", agency service areas (coordinator, tenant administrator). */
  'complaints.routing': { roles: ['complaint_coordinator', 'tenant_admin'] },
  /** Open311 GeoReport v2: reads are open; POST checks the Open311 api_key itself (standard). */
  'open311.public': { anonymous: true },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type ComplaintPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends ComplaintPolicies {}
}
