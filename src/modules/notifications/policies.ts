// Who may use the notifications module's routes and pages (platform/auth/policy.ts): registered when
// module.ts loads; a route names one in `config: { policy }`.
import { registerPolicies, type Rule } from '../../platform/auth/policy.js';

const POLICIES = {
  /** The signed-in person's own inbox and notification preferences. */
  'notifications.self': { citizen: true, officer: true },
  /** The tenant's notification templates: read, preview, save. */
  'notifications.templates': { roles: ['tenant_admin'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type NotificationPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends NotificationPolicies {}
}
