// Which relying party (WebAuthn RP ID and origin) a request speaks for. A passkey is bound by the
// browser to a host name, so we accept exactly two kinds of address and nothing the client says:
//  - the installation's public address (PUBLIC_BASE_URL) with the tenant in the /t/<slug> prefix:
//    RP ID = its host name, origin = its origin (every tenant on it shares that RP ID, so the
//    credential itself, looked up per tenant, decides whose passkey it is);
//  - one of the tenant's own host names (tenants.hosts): RP ID = that host name, origin = the public
//    address's scheme with the request's host (and port).
// Anything else — the API reached by ?tenant=, another host — gets no ceremony (400).
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { TenantLookup } from '../../../platform/http/tenant.js';

export interface RelyingParty {
  rpId: string;
  origin: string;
}

export interface RequestAddress {
  /** The Host header as received (host name and port). */
  host: string;
  /** '' or '/t/<slug>' (request.basePath). */
  basePath: string;
  /** Whether the host name is one of the request's tenant's own hosts. */
  tenantHost: boolean;
}

export function relyingPartyFor(publicBaseUrl: string, request: RequestAddress): RelyingParty {
  const base = new URL(publicBaseUrl);
  const host = request.host.toLowerCase();
  if (request.basePath !== '' && host === base.host.toLowerCase()) return { rpId: base.hostname, origin: base.origin };
  if (request.basePath === '' && request.tenantHost) {
    const origin = new URL(`${base.protocol}//${host}`);
    return { rpId: origin.hostname, origin: origin.origin };
  }
  throw new DomainError('passkey.address', 400, 'error.identity.passkey_address');
}

/** The relying party of a request: through the public address with /t/<slug>, or a tenant's own host. */
export async function relyingPartyOf(request: FastifyRequest, publicBaseUrl: string, tenants: Pick<TenantLookup, 'byHostName'>): Promise<RelyingParty> {
  const tenantHost = request.basePath === '' && request.tenant !== undefined && (await tenants.byHostName(request.hostname))?.id === request.tenant.id;
  return relyingPartyFor(publicBaseUrl, { host: request.host, basePath: request.basePath, tenantHost });
}
