// Who is asking, and may they? Every request carries a `principal` (anonymous unless the identity
// module's session hook or an API key says otherwise). Every route names a policy entry; a global
// preHandler refuses requests whose principal has no matching kind or role anywhere in the tenant,
// and handlers check agency scope with `authorize`/`can` once they know the resource's agency.
// A route without a policy makes start-up fail, so nothing is reachable by omission.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import { isPolicyKey, type PolicyKey, policyRule, type Rule } from './policy.js';
import type { Assurance, RoleGrant } from './roles.js';

export { allPolicies, isPolicyKey, type Policies, type PolicyKey, policyRule, registerPolicies, type Rule } from './policy.js';
export {
  ASSURANCE_LEVELS,
  type Assurance,
  isRole,
  meetsAssurance,
  ROLES,
  type Role,
  type RoleGrant,
  TENANT_WIDE_ROLES,
} from './roles.js';

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'citizen';
      id: string;
      tenantId: string;
      assurance: Assurance;
      sessionId: string;
      /** The officer acting for the citizen at a counter (assisted digital), else null. */
      assistedBy: string | null;
    }
  | { kind: 'officer'; id: string; tenantId: string; grants: RoleGrant[]; sessionId: string }
  | { kind: 'api_key'; id: string; tenantId: string; agencyId: string | null; scopes: string[] };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    policy?: PolicyKey;
  }
}

export interface Target {
  /** The agency that owns the resource; undefined: any agency (route-level check). */
  agencyId?: string | null;
}

function grantCovers(grant: RoleGrant, target: Target): boolean {
  return target.agencyId === undefined || grant.agencyId === null || grant.agencyId === target.agencyId;
}

/** May this principal do `action` on a resource of `target`'s agency (or anywhere, when omitted)? */
export function can(principal: Principal, action: PolicyKey, target: Target = {}): boolean {
  const rule: Rule = policyRule(action);
  if (rule.anonymous) return true;
  switch (principal.kind) {
    case 'anonymous':
      return false;
    case 'citizen':
      return rule.citizen === true;
    case 'officer':
      if (rule.officer) return true;
      return (rule.roles ?? []).some((role) =>
        principal.grants.some((grant) => grant.role === role && grantCovers(grant, target)),
      );
    case 'api_key':
      return (
        (rule.apiScopes ?? []).some((scope) => principal.scopes.includes(scope)) &&
        (target.agencyId === undefined || principal.agencyId === null || principal.agencyId === target.agencyId)
      );
  }
}

/** Throws 401 (not signed in) or 403 (signed in, not allowed) unless `can` says yes. */
export function authorize(request: FastifyRequest, action: PolicyKey, target: Target = {}): void {
  if (can(request.principal, action, target)) return;
  if (request.principal.kind === 'anonymous') throw new DomainError('auth.required', 401, 'error.auth_required');
  throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
}

/** The signed-in principal of the given kinds, or 401/403. */
export function requirePrincipal<K extends Principal['kind']>(
  request: FastifyRequest,
  ...kinds: K[]
): Extract<Principal, { kind: K }> {
  const principal = request.principal;
  if (kinds.includes(principal.kind as K)) return principal as Extract<Principal, { kind: K }>;
  if (principal.kind === 'anonymous') throw new DomainError('auth.required', 401, 'error.auth_required');
  throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
}

export interface PolicyGuardOptions {
  /** URL prefixes of routes registered by third-party plugins (static files, API docs): public. */
  publicPluginPrefixes: string[];
}

/** The routes registered so far with their policies (for the access-matrix test and docs). */
export interface RegisteredRoute {
  method: string;
  url: string;
  policy: PolicyKey;
  /** A page (HTML, hidden from the OpenAPI document), not an API operation. */
  page: boolean;
}

/**
 * Must be registered before any route: names every route's policy (or refuses start-up), and
 * checks it before the handler runs. Returns the live list of routes.
 */
export function registerPolicyGuard(app: FastifyInstance, options: PolicyGuardOptions): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    if (request.principal === null) request.principal = ANONYMOUS;
  });
  app.addHook('onRoute', (route) => {
    // Fastify adds a HEAD route beside every GET; it shares the GET's policy.
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    let policy = route.config?.policy;
    if (policy === undefined && options.publicPluginPrefixes.some((p) => route.url.startsWith(p))) {
      policy = 'public';
      route.config = { ...(route.config ?? {}), policy };
    }
    if (!isPolicyKey(policy)) {
      throw new Error(
        `route ${methods.join(',')} ${route.url} has no access policy: add config: { policy: '<key>' } (src/platform/auth/policy.ts)`,
      );
    }
    // OpenAPI: how to call it (the scheme names are declared in app.ts components.securitySchemes).
    if (route.schema && route.schema.security === undefined) {
      const rule: Rule = policyRule(policy);
      route.schema.security = rule.anonymous
        ? []
        : [{ session: [] }, ...(rule.apiScopes ? [{ apiKey: [...rule.apiScopes] }] : [])];
    }
    const page = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    for (const method of methods) routes.push({ method: String(method), url: route.url, policy, page });
  });
  // Before validation, so a caller without rights learns nothing about the expected input.
  app.addHook('preValidation', async (request) => {
    const policy = request.routeOptions.config?.policy;
    // Unmatched requests (404 handler) have no policy and nothing to protect.
    if (policy === undefined) return;
    authorize(request, policy);
  });
  return routes;
}
