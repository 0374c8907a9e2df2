// A fresh second factor for an act a stolen session alone must not do (signing a document, issue 20):
// the officer types a current TOTP code (or a recovery code), or signed in with the second factor
// within FRESH_SIGN_IN_MINUTES — the same rule as adding a passkey (passkeys/service.ts).
import { withTenant } from '../../../db/index.js';
import type { TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { actingOfficer } from '../citizens/service.js';
import { freshSignIn } from '../passkeys/service.js';
export { FRESH_SIGN_IN_MINUTES } from '../passkeys/service.js';
import '../strings.js';
import { throttledSecondFactor, totpWrong } from './service.js';

export type StepUpMethod = 'totp' | 'recovery_code' | 'fresh_sign_in';

const stepUpRequired = () =>
  new DomainError('second_factor.required', 403, 'error.identity.second_factor_required', {}, [
    { field: '/code', code: 'required', messageKey: 'error.identity.second_factor_required' },
  ]);

/**
 * Confirms the acting officer's second factor for one act. A code is checked (and used up: a TOTP code
 * is accepted once) under the same throttle as the sign-in's second step, its outcome committed
 * whatever the act does next; without one, the session must have begun with the second factor less
 * than FRESH_SIGN_IN_MINUTES ago. Wrong code 400, no code and an old sign-in 403, throttled 429.
 */
export async function confirmFreshSecondFactor(ctx: TenantContext, input: { sessionId: string; code?: string; address: string }): Promise<StepUpMethod> {
  const tenantId = ctx.tenant.id;
  const officerId = actingOfficer(ctx);
  const now = ctx.now();
  const typed = input.code?.trim() ?? '';
  if (!typed) {
    const fresh = await withTenant(ctx.db, tenantId, (trx) => freshSignIn(trx, now, tenantId, input.sessionId));
    if (!fresh?.secondFactor) throw stepUpRequired();
    return 'fresh_sign_in';
  }
  // Six digits are a TOTP code; anything else is tried as a recovery code.
  const factor = /^\d{3}\s?\d{3}$/.test(typed) ? { code: typed } : { recoveryCode: typed };
  const ok = await withTenant(ctx.db, tenantId, (trx) => throttledSecondFactor(trx, tenantId, officerId, { ...factor, address: input.address }, now));
  if (!ok) throw totpWrong();
  return 'code' in factor ? 'totp' : 'recovery_code';
}
