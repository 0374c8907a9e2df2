// `gerbang dev totp <e-mail>` (development): the code a demo officer's authenticator shows. A file
// of its own, light on imports, because the CLI loads it without the rest of the module (main.ts): a
// code must be printed well inside its 30-s window.
import type { Db } from '../../db/index.js';
import { listTenants } from '../tenancy/index.js';
import { currentTotp, TOTP_PERIOD_SECONDS } from './guards/totp.js';
import { selectTotpSecretsByEmail } from './officers/store.js';

/**
 * The TOTP code of each officer with that e-mail, per tenant (by its slug), that a sign-in accepts:
 * the current time step's, or the next one's when the current one was used already (a code is
 * accepted once, and the next step's a step early) — so a second sign-in within the same 30 s is not
 * refused. After two sign-ins in one step, the code given is accepted once the next step begins.
 */
export async function demoTotpCodes(owner: Db, email: string, now: Date): Promise<{ tenant: string; code: string }[]> {
  const [rows, tenants] = await Promise.all([selectTotpSecretsByEmail(owner, email), listTenants(owner)]);
  const slugOf = new Map(tenants.map((t) => [t.id, t.slug]));
  const current = Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
  const out: { tenant: string; code: string }[] = [];
  for (const r of rows) {
    if (!r.totpSecret) continue;
    const step = r.totpLastStep === null ? current : Math.max(current, r.totpLastStep + 1);
    out.push({ tenant: slugOf.get(r.tenantId) ?? r.tenantId, code: await currentTotp(r.totpSecret, new Date(step * TOTP_PERIOD_SECONDS * 1000)) });
  }
  return out;
}
