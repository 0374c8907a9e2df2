// The application's tracking number (PMH-XXXX-XXXX, platform/tracking-number.ts) and the keyed hash of
// the applicant's birth date stored with it at submission, so the public look-up compares hashes and
// never reads personal data. The hash is keyed with the tenant's audit pseudonym key and bound to the
// tracking number (the same birth date hashes differently on every application).
import type { ApplicationContext } from '../context.js';

export const TRACKING_PREFIX = 'PMH';

export function birthDateKey(ctx: Pick<ApplicationContext, 'audit' | 'tenant'>, trackingNumber: string, birthDate: string): string {
  return ctx.audit.pseudonymize(ctx.tenant.id, `application-birth-date|${trackingNumber}|${birthDate}`);
}
