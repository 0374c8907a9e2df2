// Signed-in people for HTTP and browser tests: creates a citizen or an officer of a demo tenant and a
// real session for them, and returns the cookie to send (app.inject headers, or Playwright cookies).
import { randomUUID } from 'node:crypto';
import {
  createSession,
  SESSION_COOKIE,
  markSecondFactor,
} from '../src/modules/identity/index.js';
import { insertCitizen, insertOfficer } from '../src/modules/identity/store.js';
import { listAgencies, listTenants } from '../src/modules/tenancy/index.js';
import type { Assurance, Principal, Role, RoleGrant } from '../src/platform/auth/index.js';
import { type Actor, systemContext, type TenantContext } from '../src/platform/context.js';
import { resolveSession } from '../src/modules/identity/index.js';
import type { TestApp } from './app.js';

export type SignInSpec =
  | { kind: 'citizen'; assurance?: Assurance; name?: string }
  | {
      kind: 'officer';
      /** agency: an agency code of the tenant (e.g. 'disdukcapil'); omitted: tenant-wide grant. */
      grants: Array<{ role: Role; agency?: string }>;
      name?: string;
      email?: string;
      /** false: a session that has not passed the second factor yet. Default true. */
      secondFactor?: boolean;
    };

export interface SignedIn {
  cookie: string;
  /** The raw session token (e.g. for Playwright's context.addCookies). */
  token: string;
  tenantId: string;
  principal: Principal;
}

export async function tenantIdOf(t: TestApp, tenantSlug: string): Promise<string> {
  const tenant = (await listTenants(t.db.app)).find((x) => x.slug === tenantSlug);
  if (!tenant) throw new Error(`no demo tenant ${tenantSlug}`);
  return tenant.id;
}

/** The context a service of a demo tenant takes, for tests that call services directly (a system actor unless given). */
export async function tenantContextOf(t: TestApp, tenantSlug: string, actor: Actor = { kind: 'system', id: 'test' }): Promise<TenantContext> {
  const tenant = (await listTenants(t.db.app)).find((x) => x.slug === tenantSlug);
  if (!tenant) throw new Error(`no demo tenant ${tenantSlug}`);
  return { ...systemContext(t.db.app, t.audit, 'test'), actor, tenant };
}

export async function agencyIdOf(t: TestApp, tenantSlug: string, agencyCode: string): Promise<string> {
  const tenant = (await listTenants(t.db.app)).find((x) => x.slug === tenantSlug);
  if (!tenant) throw new Error(`no demo tenant ${tenantSlug}`);
  const agency = (await listAgencies(t.db.app, tenant)).find((a) => a.code === agencyCode);
  if (!agency) throw new Error(`no agency ${agencyCode} in ${tenantSlug}`);
  return agency.id;
}

export async function signInAs(t: TestApp, tenantSlug: string, spec: SignInSpec): Promise<SignedIn> {
  const tenantId = await tenantIdOf(t, tenantSlug);
  const id = randomUUID();
  if (spec.kind === 'citizen') {
    await insertCitizen(t.db.app, tenantId, {
      id,
      name: spec.name ?? 'Warga Uji',
      assurance: spec.assurance ?? 'registry',
      status: 'active',
    });
  } else {
    const grants: RoleGrant[] = [];
    for (const g of spec.grants) {
      grants.push({ role: g.role, agencyId: g.agency ? await agencyIdOf(t, tenantSlug, g.agency) : null });
    }
    await insertOfficer(
      t.db.app,
      tenantId,
      { id, name: spec.name ?? 'Petugas Uji', email: spec.email ?? `petugas-${id}@example.go.id`, status: 'active' },
      grants,
    );
  }
  return sessionFor(t, tenantId, id, spec);
}

/**
 * Another session for the person `signInAs` made (same account, new token): for tests that need a fresh
 * session per call — one that a sign-out may end — without a new account each time.
 */
export async function signInAgain(t: TestApp, who: SignedIn, spec: SignInSpec): Promise<SignedIn> {
  if (who.principal.kind !== spec.kind) throw new Error(`signInAgain: a ${spec.kind} spec for a ${who.principal.kind}`);
  return sessionFor(t, who.tenantId, who.principal.id, spec);
}

async function sessionFor(t: TestApp, tenantId: string, id: string, spec: SignInSpec): Promise<SignedIn> {
  const now = t.now(); // the app's clock: it decides when the session ends
  const session = await createSession(t.db.app, tenantId, { kind: spec.kind, id }, now);
  if (spec.kind === 'officer' && spec.secondFactor !== false) await markSecondFactor(t.db.app, tenantId, session.id);
  const principal = await resolveSession(t.db.app, tenantId, session.token, now);
  return { cookie: `${SESSION_COOKIE}=${session.token}`, token: session.token, tenantId, principal };
}
