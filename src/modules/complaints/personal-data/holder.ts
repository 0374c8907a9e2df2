// Complaints' part in carrying out a citizen's rights (src/platform/personal-data.ts). Erasure keeps
// each report's substance — what happened, where, the agency's answers, its place on the public list
// and in the statistics — with the person taken out: the reporter's account link, name, e-mail and
// phone are cleared, and the person's name, e-mail, phone and NIK are removed from the report's texts
// and its timeline wherever they appear. Reports filed without an account but with the person's
// e-mail or phone as contact are theirs too. A correction updates the name or contact copied onto the
// reports filed from the account. Complaints record no consent of their own.
import { type PersonalDataHolder, scrubPersonFromText } from '../../../platform/personal-data.js';
import { selectReportsOfPerson, selectTimelineTexts, updateReportPseudonymised, updateReporterField, updateTimelineText } from './store.js';

const scrubOrNull = (text: string | null, scrub: (t: string) => string) => (text === null ? null : scrub(text));

export const complaintsHolder: PersonalDataHolder = {
  label: { id: 'Pengaduan', en: 'Complaints' },
  columns: [
    { table: 'complaints', column: 'reporter_citizen_id', onErasure: 'cleared' },
    { table: 'complaints', column: 'reporter_name', onErasure: 'cleared' },
    { table: 'complaints', column: 'reporter_email', onErasure: 'cleared' },
    { table: 'complaints', column: 'reporter_phone', onErasure: 'cleared' },
    // `citizen:<uuid>` of the reporter's own steps (reopening, rating): it points at the emptied account.
    { table: 'complaint_events', column: 'actor', onErasure: 'kept' },
    { table: 'complaint_dispositions', column: 'actor', onErasure: 'kept' },
  ],
  async erase(ctx, subject) {
    let reports = 0;
    let entries = 0;
    for (const tenantId of subject.tenantIds) {
      await ctx.inTenant(tenantId, async (trx) => {
        const rows = await selectReportsOfPerson(trx, tenantId, subject);
        for (const r of rows) {
          // The name typed on this report may differ from the account's: both go.
          const scrub = (text: string) => scrubPersonFromText(scrubPersonFromText(text, subject), { name: r.reporterName, email: null, phone: null, nik: null });
          await updateReportPseudonymised(trx, tenantId, r.id, {
            title: scrub(r.title),
            description: scrub(r.description),
            publishedTitle: scrubOrNull(r.publishedTitle, scrub),
            publishedDescription: scrubOrNull(r.publishedDescription, scrub),
            ratingComment: scrubOrNull(r.ratingComment, scrub),
          });
          reports++;
          for (const e of await selectTimelineTexts(trx, tenantId, [r.id])) {
            const next = { reason: scrubOrNull(e.reason, scrub), body: scrubOrNull(e.body, scrub) };
            if (next.reason === e.reason && next.body === e.body) continue;
            await updateTimelineText(trx, tenantId, e.complaintId, e.id, next);
            entries++;
          }
        }
      });
    }
    return { reports, entries };
  },
  async correct(ctx, subject, correction) {
    let reports = 0;
    for (const tenantId of subject.tenantIds) {
      reports += await ctx.inTenant(tenantId, (trx) => updateReporterField(trx, tenantId, subject.citizenId, correction.field, correction.value));
    }
    return { reports };
  },
};
