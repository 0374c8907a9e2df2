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
