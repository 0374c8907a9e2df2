// Notifications' part in carrying out a citizen's rights (src/platform/personal-data.ts). Erasure:
// the person's inbox, their saved preferences, and every message to their e-mail or phone (queued,
// sent or failed — the delivery record and its text) are deleted. Withdrawing consent switches off
// every notification the person may switch off (the optional ones); what must reach them — one-time
// codes, formal answers, receipts — stays, on the channels outside Gerbang. Nothing here copies a
// correctable value: messages take the name and address from the profile when they are queued.
import type { PersonalDataHolder } from '../../../platform/personal-data.js';
import { mayOptOut } from '../event-registry.js';
import { selectPreferences, upsertPreferences } from '../inbox/store.js';
import { preferenceEvents } from '../people.js';
import { deleteMessagesTo, deletePersonRecords } from './store.js';

export const notificationsHolder: PersonalDataHolder = {
  label: { id: 'Notifikasi', en: 'Notifications' },
  columns: [
    { table: 'notification_inbox', column: 'recipient_id', onErasure: 'deleted' },
    { table: 'notification_inbox', column: 'recipient_kind', onErasure: 'deleted' },
    { table: 'notification_preferences', column: 'person_id', onErasure: 'deleted' },
    { table: 'notifications', column: 'recipient', onErasure: 'deleted' },
    { table: 'notifications', column: 'recipient_hash', onErasure: 'deleted' },
    { table: 'dev_mailbox', column: 'recipient', onErasure: 'deleted' },
  ],
  async erase(ctx, subject) {
    const out = { inbox: 0, preferences: 0, messages: 0 };
    const addresses = [subject.email, subject.phone].filter((a): a is string => !!a);
    for (const tenantId of subject.tenantIds) {
      await ctx.inTenant(tenantId, async (trx) => {
        const own = await deletePersonRecords(trx, tenantId, subject.citizenId);
        out.inbox += own.inbox;
        out.preferences += own.preferences;
        out.messages += await deleteMessagesTo(trx, tenantId, addresses, addresses.map((a) => ctx.audit.pseudonymize(tenantId, a)));
      });
    }
    return out;
  },
  async withdrawConsent(ctx, subject) {
    const person = { kind: 'citizen' as const, id: subject.citizenId };
    const optional = preferenceEvents('citizen').filter((e) => mayOptOut(e));
    for (const tenantId of subject.tenantIds) {
      await ctx.inTenant(tenantId, async (trx) => {
        const current = await selectPreferences(trx, tenantId, person);
        const off = Object.fromEntries(optional.map((e) => [e, []]));
        await upsertPreferences(trx, tenantId, person, { lang: current?.lang ?? null, channels: { ...(current?.channels ?? {}), ...off }, digest: 'none' });
      });
    }
    return { events: optional.length };
  },
};
