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

  // identity
  /** Registration and its confirmation code (anyone; throttled and rate-limited). */
  'identity.register': { anonymous: true },
  /** Sign-in steps that come before a session (password, one-time code, invitation acceptance). */
  'identity.signin': { anonymous: true },
  /** A citizen's own account, profile, data download, access log and data requests. */
  'identity.citizen_self': { citizen: true },
  /** A signed-in officer's own second factor (also before the second factor is passed). */
  'identity.officer_self': { officer: true },
  'identity.officer_invite': { roles: ADMIN },
  /** Reading a citizen's personal data (always with a purpose; recorded for the citizen to see). */
  'identity.citizen_personal_data': {
    roles: ['tenant_admin', 'verifier', 'approver', 'signer', 'complaint_handler', 'complaint_coordinator', 'ppid'],
    apiScopes: ['identity.citizens.read'],
  },
  /** Assisted digital at a counter: register a citizen, verify in person, act with recorded consent. */
  'identity.assist': { roles: ['verifier'] },
  /** The tenant's population registry (CSV import, adapter settings). */
  'identity.registry_admin': { roles: ADMIN },
  // identity2 (BEGIN): administration pages, counter pages, personal-data requests queue
  /** Tenant administration pages: agencies, officers and their roles, disabling, API keys. */
  'identity.admin': { roles: ADMIN },
  /** Handling citizens' correction/erasure/consent-withdrawal requests (PPID: the UU 14/2008 information officer; tenant admin as fallback). */
  'identity.data_requests': { roles: ['ppid', 'tenant_admin'] },
  /** Ending an assisted (counter) session: the citizen session marked assistedBy. */
  'identity.assist_stop': { citizen: true },
  // identity2 (END)
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
