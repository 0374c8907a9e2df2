// Who may call what in the waiting-room module (the one policy table: platform/auth/policy.ts).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** Turning a service's waiting room on or off and sizing it: the tenant's administrator. */
  'waiting_room.manage': { roles: ['tenant_admin'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type WaitingRoomPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends WaitingRoomPolicies {}
}
