// Identity's part in carrying out a citizen's rights (the platform's holder registry,
// src/platform/personal-data.ts). It runs last: its profile holds the contacts the other modules find
// their copies by. Erasure: the profile, contacts, credentials, sessions and passkeys go; the account
// keeps its id and status 'erased' (other modules' pseudonymous references point at it); the access log
// and the requests' dates and outcomes stay as the record that the law was followed. Correction: the
// name or a contact, with its look-up pseudonym. Consent withdrawal: no officer acts for the person
// at a counter any more.
import type { ClaimedColumn, HolderContext, PersonalDataHolder } from '../../../platform/personal-data.js';
import { clearAssistedSessionTexts } from '../assisted/store.js';
import { INSTALLATION_KEYS } from '../citizens/service.js';
import { endAssistance, eraseCitizenLeftovers, eraseCitizenPersonalData, updateCitizenContact, updateCitizenName } from './store.js';

const columns: ClaimedColumn[] = [
  { table: 'citizen_profiles', column: 'citizen_id', onErasure: 'deleted' },
  { table: 'citizen_profiles', column: 'email', onErasure: 'deleted' },
  { table: 'citizen_profiles', column: 'phone', onErasure: 'deleted' },
  { table: 'passkeys', column: 'citizen_id', onErasure: 'deleted' },
  // The level's history names no one: a level, a method, a tenant, a time, under the emptied account's id.
  { table: 'assurance_raises', column: 'citizen_id', onErasure: 'kept' },
  { table: 'passkey_challenges', column: 'subject_id', onErasure: 'deleted' },
  { table: 'sessions', column: 'subject_id', onErasure: 'deleted' },
  { table: 'one_time_codes', column: 'subject', onErasure: 'deleted' },
  { table: 'assisted_sessions', column: 'citizen_id', onErasure: 'cleared' },
  { table: 'personal_data_access', column: 'citizen_id', onErasure: 'kept' },
  { table: 'data_requests', column: 'citizen_id', onErasure: 'kept' },
  // Which governments the installation's account has used (migration 0057): ids only, kept with the records.
  { table: 'citizen_tenants', column: 'citizen_id', onErasure: 'kept' },
  { table: 'citizen_tenants', column: 'former_citizen_id', onErasure: 'kept' },
];

async function eachTenant(ctx: HolderContext, tenantIds: readonly string[], fn: (tenantId: string) => Promise<void>): Promise<void> {
  for (const tenantId of tenantIds) await ctx.inTenant(tenantId, () => fn(tenantId));
}

export const identityHolder: PersonalDataHolder = {
  label: { id: 'Akun dan profil', en: 'Account and profile' },
  columns,
  last: true,
  async erase(ctx, subject) {
    const out = { accounts: 0, codes: 0 };
    await eachTenant(ctx, subject.tenantIds, async (tenantId) => {
      await eraseCitizenPersonalData(ctx.trx, tenantId, subject.citizenId);
      await clearAssistedSessionTexts(ctx.trx, tenantId, subject.citizenId);
      const left = await eraseCitizenLeftovers(ctx.trx, tenantId, subject.citizenId);
      out.accounts++;
      out.codes += left.codes + left.challenges;
    });
    return out;
  },
  async correct(ctx, subject, correction) {
    let profiles = 0;
    await eachTenant(ctx, subject.tenantIds, async (tenantId) => {
      profiles +=
        correction.field === 'name'
          ? await updateCitizenName(ctx.trx, tenantId, subject.citizenId, correction.value)
          : await updateCitizenContact(ctx.trx, tenantId, subject.citizenId, correction.field, correction.value, ctx.audit.pseudonymize(INSTALLATION_KEYS, correction.value), ctx.now);
    });
    return { profiles };
  },
  async withdrawConsent(ctx, subject) {
    let assistance = 0;
    await eachTenant(ctx, subject.tenantIds, async (tenantId) => {
      assistance += await endAssistance(ctx.trx, tenantId, subject.citizenId, ctx.now);
    });
    return { assistance };
  },
};
