// The access matrix: EVERY registered route, called by every kind of actor, must let in exactly those
// its policy names (src/platform/auth/policy.ts) and refuse the rest with 401/403. Expectations are
// derived here from the rule's declarations and the actor's roles — not from `can` — so a wrong guard
// fails. A route without a policy fails the app's start-up (tested at the end), so none escapes.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPolicies, policyRule, type Role, type Rule, registerPolicyGuard } from '../src/platform/auth/index.js';
import { t as translate } from '../src/platform/i18n/index.js';
import { createTestApp, type TestApp } from './app.js';
import { type SignedIn, type SignInSpec, signInAgain, signInAs } from './auth.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
});
afterAll(() => t.close());

interface Actor {
  name: string;
  /** Tenant the actor belongs to (requests always go to makassar). */
  tenant: 'makassar' | 'jateng' | null;
  spec?: SignInSpec;
  roles: Role[];
}

const ACTORS: Actor[] = [
  { name: 'anonymous', tenant: null, roles: [] },
  { name: 'citizen A', tenant: 'makassar', spec: { kind: 'citizen' }, roles: [] },
  { name: 'citizen B', tenant: 'makassar', spec: { kind: 'citizen', assurance: 'unverified' }, roles: [] },
  { name: 'officer of agency X', tenant: 'makassar', spec: { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] }, roles: ['verifier'] },
  {
    name: 'officer of agency Y',
    tenant: 'makassar',
    spec: { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'disdukcapil' }] },
    roles: ['complaint_handler'],
  },
  { name: 'officer of another tenant', tenant: 'jateng', spec: { kind: 'officer', grants: [{ role: 'tenant_admin' }] }, roles: ['tenant_admin'] },
  { name: 'tenant admin', tenant: 'makassar', spec: { kind: 'officer', grants: [{ role: 'tenant_admin' }] }, roles: ['tenant_admin'] },
];

function expectedAllowed(rule: Rule, actor: Actor): boolean {
  if (rule.anonymous) return true;
  // Another tenant's session is no session here.
  if (actor.tenant !== 'makassar' || !actor.spec) return false;
  if (actor.spec.kind === 'citizen') return rule.citizen === true;
  return rule.officer === true || (rule.roles ?? []).some((r) => actor.roles.includes(r));
}

const FAKE_ID = '00000000-0000-4000-8000-000000000000';

function concreteUrl(url: string): string {
  return url
    .replace(/:tenant\b/g, 'makassar')
    .replace(/:id\b/g, FAKE_ID)
    .replace(/:[A-Za-z_]+/g, 'x')
    .replace(/\*/g, 'x');
}

describe('access matrix', () => {
  it('covers a meaningful set of routes, each with a known policy', () => {
    expect(t.routes.length).toBeGreaterThan(20);
    for (const r of t.routes) expect(allPolicies().has(r.policy), `${r.method} ${r.url}`).toBe(true);
  });

  const accounts = new Map<Actor, SignedIn>();
  async function sessionOf(actor: Actor, spec: SignInSpec): Promise<SignedIn> {
    const account = accounts.get(actor);
    if (account) return signInAgain(t, account, spec);
    const first = await signInAs(t, actor.tenant!, spec);
    accounts.set(actor, first);
    return first;
  }

  it('lets in exactly the actors each route’s policy names', async () => {
    const mismatches: string[] = [];
    const table: string[] = [];
    for (const route of t.routes) {
      if (route.method === 'OPTIONS') continue;
      const rule: Rule = policyRule(route.policy);
      const url = `/t/makassar${concreteUrl(route.url)}`;
      const row: string[] = [];
      for (const actor of ACTORS) {
        // A fresh session per call: some routes (sign-out) end the session they are called with. The
        // account is made once per actor (making one per call was most of this test's time).
        const cookie = actor.spec ? (await sessionOf(actor, actor.spec)).cookie : undefined;
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json', accept: 'application/json' },
          ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: '{}' }),
        });
        const refused = res.statusCode === 401 || res.statusCode === 403;
        // API routes answer problem+json (check the code); pages answer an HTML error page.
        const isJson = String(res.headers['content-type'] ?? '').includes('json');
        const refusedByPolicy =
          refused &&
          (isJson
            ? ['auth.required', 'auth.forbidden'].includes(res.json<{ code?: string }>().code ?? '')
            : res.body.includes(translate('id', 'error.auth_required')) || res.body.includes(translate('id', 'error.auth_forbidden')));
        const expected = expectedAllowed(rule, actor);
        row.push(refusedByPolicy ? '·' : '✓');
        // On an anonymous rule the guard refuses no one; a 401 there is the handler's own check (e.g.
        // a complaint's tracking code), so only rules that name principals can be judged here.
        if (expected === refusedByPolicy && !rule.anonymous) {
          mismatches.push(`${route.method} ${route.url} [${route.policy}] ${actor.name}: expected ${expected ? 'allowed' : 'refused'}, got ${res.statusCode}`);
        }
        if (!expected && refusedByPolicy) {
          expect(res.statusCode, `${route.method} ${route.url} ${actor.name}`).toBe(actor.spec && actor.tenant === 'makassar' ? 403 : 401);
        }
      }
      table.push(`${row.join(' ')}  ${route.method} ${route.url} (${route.policy})`);
    }
    expect(mismatches, `\n${ACTORS.map((a) => a.name).join(' | ')}\n${table.join('\n')}`).toEqual([]);
    // Hundreds of requests, each with a fresh session: a budget, not a timing assertion.
  }, 180_000);

  it('refuses to start when a route names no policy', async () => {
    const app = Fastify();
    registerPolicyGuard(app, { publicPluginPrefixes: [] });
    expect(() => app.get('/forgotten', async () => 'oops')).toThrow(/has no access policy/);
    await app.close();
  });
});
