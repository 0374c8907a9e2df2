// The OpenID Provider's part in carrying out a citizen's rights (src/platform/personal-data.ts):
// erasure and consent withdrawal both revoke every consent the person gave an application — the
// grants, every code and token issued under them, and their sessions with the provider — so no
// application receives their data from then on. Claims are read from the profile when released, so a
// correction reaches the applications without anything here.
import type { PersonalDataHolder } from '../../platform/personal-data.js';
import { deletePayloadsOfAccount } from './store.js';

async function revokeEverything(ctx: Parameters<PersonalDataHolder['erase']>[0], subject: Parameters<PersonalDataHolder['erase']>[1]) {
  let consents = 0;
  for (const tenantId of subject.tenantIds) {
    // The provider's rows have no tenant (it finds them by id); the account names the tenant.
    consents += await deletePayloadsOfAccount(ctx.trx, `${tenantId}.${subject.citizenId}`);
  }
  return { consents };
}

export const oidcHolder: PersonalDataHolder = {
  label: { id: 'Aplikasi yang terhubung (SSO)', en: 'Connected applications (SSO)' },
  columns: [{ table: 'oidc_payloads', column: 'account_id', onErasure: 'deleted' }],
  erase: revokeEverything,
  withdrawConsent: revokeEverything,
};
