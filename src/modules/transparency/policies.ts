// Who may call what in the transparency module (the one policy table: platform/auth/policy.ts).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** The public dashboard, its CSV tables and getPerformance: published figures, no personal data. */
  'transparency.public': { anonymous: true },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type TransparencyPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends TransparencyPolicies {}
}
