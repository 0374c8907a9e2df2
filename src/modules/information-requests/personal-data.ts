// The PPID's part in carrying out a citizen's rights (src/platform/personal-data.ts). A request is a
// record the PPID must keep (UU 14/2008 Pasal 7, the register of requests and the annual report), so
// erasure keeps the request under the emptied account's id and clears the name and contact it copied;
// unused identity-document uploads go.
import type { PersonalDataHolder } from '../../platform/personal-data.js';
import { eraseRequesterOf } from './store.js';

export const informationRequestsHolder: PersonalDataHolder = {
  label: { id: 'Permohonan informasi publik', en: 'Public information requests' },
  columns: [
    { table: 'information_requests', column: 'citizen_id', onErasure: 'kept' },
    { table: 'information_requests', column: 'requester_name', onErasure: 'cleared' },
    { table: 'information_requests', column: 'requester_contact', onErasure: 'cleared' },
    { table: 'information_request_uploads', column: 'citizen_id', onErasure: 'deleted' },
  ],
  async erase(ctx, subject) {
    let requests = 0;
    for (const tenantId of subject.tenantIds) {
      requests += await ctx.inTenant(tenantId, (trx) => eraseRequesterOf(trx, tenantId, subject.citizenId));
    }
    return { requests };
  },
};
