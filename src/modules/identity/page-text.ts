// How identity's pages put values into words: a date and time in the tenant's zone and the page's
// language, a role by its name (never its code), an agency in the page's language, and the same-site
// return address carried through sign-in.
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../platform/auth/index.js';
import { hasMessage, t } from '../../platform/i18n/index.js';
import './strings.js';

/** A date and time in the tenant's time zone and the page's language. */
export function formatDateTime(request: FastifyRequest, d: Date): string {
  return d.toLocaleString(request.lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: request.tenant?.timeZone ?? 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });
}

/** A role in words ("Koordinator pengaduan"); a role without a name yet reads as a plain role, never its code. */
export function roleLabel(request: FastifyRequest, role: Role | string): string {
  const key = `identity.role.${role}`;
  return t(request.lang, hasMessage(key) ? key : 'identity.role.unknown');
}

export function agencyName(request: FastifyRequest, agency: { name: string; nameEn: string | null }): string {
  return request.lang === 'en' && agency.nameEn ? agency.nameEn : agency.name;
}

/** Only a same-site path (starting with one "/", no scheme, no "//" or "/\\"): the return address after sign-in. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return undefined;
  return value;
}
