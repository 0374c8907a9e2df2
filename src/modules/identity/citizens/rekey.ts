// Look-up keys of accounts from before migration 0057 (docs/identity.md, "One account for the
// installation"). Those keys are tenant pseudonyms of the NIK, e-mail and phone; one account per NIK
// on the installation needs them in the installation's pseudonym scope, and the HMAC key is not the
// database's, so the migration cannot compute them: this runs when the runtime prepares the database
// (after the migrations, on the owner connection), and finds nothing to do once done.
import type { Db } from '../../../db/index.js';
import { lookupKeys } from './service.js';
import { selectAccountsToRekey, selectKeysHeldByOthers, updateAccountKeys } from './store.js';

const BATCH = 500;

export interface RekeyResult {
  rekeyed: number;
  /** E-mail addresses or phone numbers two people had used in different tenants: the later one's key is dropped. */
  dropped: number;
}

/**
 * Rekeys every account still keyed by a tenant. Where an e-mail address or phone number is already
 * another person's key on the installation (two people shared one in different governments), this
 * account keeps no key for it: that person signs in with their NIK or their other contact.
 */
export async function rekeyCitizenLookups(db: Db, audit: { pseudonymize(scope: string, value: string): string }): Promise<RekeyResult> {
  const result: RekeyResult = { rekeyed: 0, dropped: 0 };
  for (;;) {
    const rows = await selectAccountsToRekey(db, BATCH);
    if (rows.length === 0) return result;
    for (const row of rows) {
      await db.transaction().execute(async (trx) => {
        if (!row.nik || !row.email || !row.phone) {
          await updateAccountKeys(trx, row.id, { nikHash: null, emailHash: null, phoneHash: null });
          return;
        }
        const keys = lookupKeys({ audit }, { nik: row.nik, email: row.email, phone: row.phone });
        const held = await selectKeysHeldByOthers(trx, row.id, [keys.nikHash, keys.emailHash, keys.phoneHash]);
        const keep = (key: string) => (held.has(key) ? null : key);
        const next = { nikHash: keep(keys.nikHash), emailHash: keep(keys.emailHash), phoneHash: keep(keys.phoneHash) };
        result.dropped += Object.values(next).filter((k) => k === null).length;
        await updateAccountKeys(trx, row.id, next);
      });
      result.rekeyed += 1;
    }
  }
}
