// Applications' part in carrying out a citizen's rights (src/platform/personal-data.ts). A submitted
// application is the record of a government decision: the archives law (UU 43/2009) and the service's
// retention schedule require it kept, and UU 27/2022 lets a controller keep what a legal obligation
// requires. So erasure keeps each application — its answers, documents, messages, timeline and
// decision — with the applicant pseudonymised: `applicant_id` points at the emptied account (no name,
// NIK or contact left there) and the keyed birth date used by the public tracking look-up is cleared.
// What no decision rests on goes: unfinished drafts, and uploads no submitted application uses
// (their files removed by a job). A correction changes nothing filed (the record shows what was
// decided on); pages read the applicant's name and contacts from the profile.
import { discardFiles } from '../../platform/files/index.js';
import type { PersonalDataHolder } from '../../platform/personal-data.js';
import { clearBirthDateKeys, deleteDraftsOf, deleteUnsubmittedUploads } from './intake/store.js';

export const applicationsHolder: PersonalDataHolder = {
  label: { id: 'Permohonan layanan', en: 'Service applications' },
  columns: [
    { table: 'applications', column: 'applicant_id', onErasure: 'kept' },
    // `citizen:<uuid>` of the applicant's own steps: it points at the emptied account.
    { table: 'application_events', column: 'actor', onErasure: 'kept' },
    { table: 'application_drafts', column: 'citizen_id', onErasure: 'deleted' },
    { table: 'application_uploads', column: 'citizen_id', onErasure: 'deleted' },
  ],
  async erase(ctx, subject) {
    const out = { drafts: 0, uploads: 0, applications: 0 };
    for (const tenantId of subject.tenantIds) {
      await ctx.inTenant(tenantId, async (trx) => {
        out.drafts += await deleteDraftsOf(trx, tenantId, subject.citizenId);
        const files = await deleteUnsubmittedUploads(trx, tenantId, subject.citizenId);
        await discardFiles(trx, tenantId, files);
        out.uploads += files.length;
        out.applications += await clearBirthDateKeys(trx, tenantId, subject.citizenId);
      });
    }
    return out;
  },
};
