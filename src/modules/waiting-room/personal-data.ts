// The waiting room's part in carrying out a citizen's rights (src/platform/personal-data.ts): a ticket
// names the citizen who held a place in a service's queue; erasure deletes their tickets (a live one
// simply ends: they would queue again).
import type { PersonalDataHolder } from '../../platform/personal-data.js';
import { deleteTicketsOf } from './store.js';

export const waitingRoomHolder: PersonalDataHolder = {
  label: { id: 'Nomor antrean layanan', en: 'Service queue tickets' },
  columns: [{ table: 'waiting_room_tickets', column: 'citizen_id', onErasure: 'deleted' }],
  async erase(ctx, subject) {
    let tickets = 0;
    for (const tenantId of subject.tenantIds) {
      tickets += await ctx.inTenant(tenantId, (trx) => deleteTicketsOf(trx, tenantId, subject.citizenId));
    }
    return { tickets };
  },
};
