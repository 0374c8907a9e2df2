// The catalogue's seam for what a service's public page offers besides its standard: another module
// (applications: "Ajukan permohonan") adds a link for a published service, and the page shows it where
// it says how to apply. The catalogue imports no module that registers one (that would be a cycle).
import type { FastifyRequest } from 'fastify';
import type { PublicService } from './service.js';

export interface ServicePageAction {
  href: string;
  label: string;
  /** A line under the link (e.g. what to prepare). */
  hint?: string;
}

export type ServicePageActionSource = (request: FastifyRequest, service: PublicService) => Promise<ServicePageAction | undefined>;

const sources = new Set<ServicePageActionSource>();

/** Adds a source of links to every service page (the same function twice is added once). */
export function registerServicePageAction(source: ServicePageActionSource): void {
  sources.add(source);
}

/** The links the registered modules offer for this service, in registration order. */
export async function servicePageActions(request: FastifyRequest, service: PublicService): Promise<ServicePageAction[]> {
  const out: ServicePageAction[] = [];
  for (const source of sources) {
    const action = await source(request, service);
    if (action) out.push(action);
  }
  return out;
}

/** A link on the catalogue's admin page of a service to another module's pages for it (its online form). */
export type ServiceAdminLinkSource = (request: FastifyRequest, service: { id: string; agencyId: string }) => Promise<ServicePageAction | undefined>;

const adminSources = new Set<ServiceAdminLinkSource>();

/** Adds a source of links to every service's admin page (the same function twice is added once). */
export function registerServiceAdminLink(source: ServiceAdminLinkSource): void {
  adminSources.add(source);
}

/** The links the registered modules offer on this service's admin page, in registration order. */
export async function serviceAdminLinks(request: FastifyRequest, service: { id: string; agencyId: string }): Promise<ServicePageAction[]> {
  const out: ServicePageAction[] = [];
  for (const source of adminSources) {
    const link = await source(request, service);
    if (link) out.push(link);
  }
  return out;
}
