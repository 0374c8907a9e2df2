// `gerbang dev totp <e-mail>` (development): the current code of a demo officer's authenticator. A file
// of its own, light on imports, because the CLI loads it without the rest of the module (main.ts): a
// code must be printed well inside its 30-s window.
import type { Db } from '../../db/index.js';
import { listTenants } from '../tenancy/index.js';
import { currentTotp } from './guards/totp.js';
import { selectTotpSecretsByEmail } from './officers/store.js';

/** The current TOTP code of each officer with that e-mail, per tenant (by its slug). */
export async function demoTotpCodes(owner: Db, email: string, now: Date): Promise<{ tenant: string; code: string }[]> {
  const [rows, tenants] = await Promise.all([selectTotpSecretsByEmail(owner, email), listTenants(owner)]);
  const slugOf = new Map(tenants.map((t) => [t.id, t.slug]));
  const out: { tenant: string; code: string }[] = [];
  for (const r of rows) if (r.totpSecret) out.push({ tenant: slugOf.get(r.tenantId) ?? r.tenantId, code: await currentTotp(r.totpSecret, now) });
  return out;
}
