// The provider's housekeeping, hourly (serve.ts schedules it): expired codes, tokens, sessions,
// interactions and replay records are deleted (the adapter already ignores them), and the signing key
// is rotated once it is older than OIDC_KEY_ROTATION_DAYS (the old one stays published a day).
import type { Db } from '../../db/index.js';
import type { JobHandler } from '../../platform/jobs/runner.js';
import { rotateIfOlderThan } from './keys.js';
import { signingKeySealKey } from './provider.js';
import { deleteExpiredPayloads } from './store.js';

export const OIDC_SWEEP_JOB = 'oidc.sweep';

export function oidcJobHandlers(deps: { db: Db; appSecret: Buffer; now: () => Date; keyRotationDays: number }): Record<string, JobHandler> {
  return {
    [OIDC_SWEEP_JOB]: async (_job, trx) => {
      const now = deps.now();
      await deleteExpiredPayloads(trx, now);
      await rotateIfOlderThan(deps.db, signingKeySealKey(deps.appSecret), now, deps.keyRotationDays * 24 * 3600_000);
    },
  };
}
