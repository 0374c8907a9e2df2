// The one authorisation table: every route names an entry (`config: { policy: '<key>' }`), every page
// and service that needs a finer check calls `can`/`authorize` with the same key. A rule says which
// kinds of principal may act; agency scope is checked against the grants (see index.ts).
// The platform's entries are here; a module registers its own (`registerPolicies`, from its folder)
// and adds their keys to `Policies` by declaration merging, so a route naming an unknown key does not
// compile, and adding a module touches no file here.
import type { Role } from './roles.js';

export interface Rule {
  /** Anyone, signed in or not. */
  anonymous?: true;
  /** Any signed-in citizen of the tenant (ownership is the service's check: 404 for another's). */
  citizen?: true;
  /** Any signed-in officer of the tenant, whatever their roles. */
  officer?: true;
  /** Officers holding one of these roles, for the agency of their grant (tenant-wide grants: all). */
  roles?: readonly Role[];
  /** API keys holding one of these scopes. */
  apiScopes?: readonly string[];
}

const ADMIN = ['tenant_admin'] as const;

const PLATFORM_POLICIES = {
  // platform
  public: { anonymous: true },
  /** Any signed-in person (citizen or officer): their own session, inbox, preferences. */
  'session.self': { citizen: true, officer: true },
  /** Development-only pages (refused in production by the route itself). */
  'dev.mailbox': { anonymous: true },
  'tenant.admin': { roles: ADMIN },

  // complaints
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
  // catalog
  /** Create, edit, publish and revise an agency's services; open drafts for comment and read them; import/export. */
  'catalog.manage': { roles: ['agency_admin', 'tenant_admin'] },
  // notifications
  /** The signed-in person's own inbox and notification preferences. */
  'notifications.self': { citizen: true, officer: true },
  /** The tenant's notification templates: read, preview, save. */
  'notifications.templates': { roles: ADMIN },
} as const satisfies Record<string, Rule>;

type PlatformPolicies = Record<keyof typeof PLATFORM_POLICIES, Rule>;
/** Every policy key: the platform's and each module's (`declare module … { interface Policies extends … }`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Policies extends PlatformPolicies {}
export type PolicyKey = keyof Policies & string;

const rules = new Map<string, Rule>();

/** Adds a module's rules; a key registered twice with another rule is a programming error. */
export function registerPolicies(entries: Readonly<Record<string, Rule>>): void {
  for (const [key, rule] of Object.entries(entries)) {
    const existing = rules.get(key);
    if (existing && JSON.stringify(existing) !== JSON.stringify(rule)) throw new Error(`policy ${key} is registered twice with different rules`);
    rules.set(key, rule);
  }
}

registerPolicies(PLATFORM_POLICIES);

export function isPolicyKey(value: unknown): value is PolicyKey {
  return typeof value === 'string' && rules.has(value);
}

/** The rule of a key (every key a route can name has one: registration comes first). */
export function policyRule(key: PolicyKey): Rule {
  const rule = rules.get(key);
  if (!rule) throw new Error(`no policy ${key}: has its module registered its policies?`);
  return rule;
}

/** Every registered policy, for the access-matrix test and documentation. */
export function allPolicies(): ReadonlyMap<string, Rule> {
  return rules;
}
