// Sections other modules add to the citizen's privacy page (/akun/privasi) — e.g. the applications a
// citizen allowed to sign them in (oidc) — so identity, which owns the page, knows none of them.
// A section renders for the signed-in citizen of the request; registering a name again replaces it.
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';

export type PrivacySection = (request: FastifyRequest) => Promise<ComponentChildren>;

const sections = new Map<string, PrivacySection>();

export function registerPrivacySection(name: string, section: PrivacySection): void {
  sections.set(name, section);
}

export function renderPrivacySections(request: FastifyRequest): Promise<ComponentChildren[]> {
  return Promise.all([...sections.values()].map((section) => section(request)));
}
