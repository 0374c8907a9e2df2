// Surveys' part in carrying out a citizen's rights (src/platform/personal-data.ts). A response names
// no one (it refers to the application, which applications keeps); the invitation is the only row
// that names the person, and erasure deletes it (an unanswered survey cannot be answered any more).
import type { PersonalDataHolder } from '../../platform/personal-data.js';
import { deleteInvitationsOf } from './store.js';

export const surveysHolder: PersonalDataHolder = {
  label: { id: 'Undangan survei kepuasan', en: 'Satisfaction survey invitations' },
  columns: [{ table: 'survey_invitations', column: 'citizen_id', onErasure: 'deleted' }],
  async erase(ctx, subject) {
    let invitations = 0;
    for (const tenantId of subject.tenantIds) {
      invitations += await ctx.inTenant(tenantId, (trx) => deleteInvitationsOf(trx, tenantId, subject.citizenId));
    }
    return { invitations };
  },
};
