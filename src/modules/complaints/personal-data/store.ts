// SQL for carrying out a person's rights on complaints (holder.ts): finding the reports that name
// them, taking the reporter off, and the copied contact corrected.
import type { Tx } from '../../../db/index.js';

export interface ReportOfPerson {
  id: string;
  reporterName: string | null;
  title: string;
  description: string;
  publishedTitle: string | null;
  publishedDescription: string | null;
  ratingComment: string | null;
}

/** The reports filed from the person's account, or with their e-mail or phone as the contact. */
export function selectReportsOfPerson(trx: Tx, tenantId: string, who: { citizenId: string; email: string | null; phone: string | null }): Promise<ReportOfPerson[]> {
  return trx
    .selectFrom('complaints')
    .select([
      'id',
      'reporter_name as reporterName',
      'title',
      'description',
      'published_title as publishedTitle',
      'published_description as publishedDescription',
      'rating_comment as ratingComment',
    ])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb('reporter_citizen_id', '=', who.citizenId),
        ...(who.email ? [eb('reporter_email', '=', who.email)] : []),
        ...(who.phone ? [eb('reporter_phone', '=', who.phone)] : []),
      ]),
    )
    .forUpdate()
    .execute();
}

/** The reporter taken off a report; its texts replaced by their scrubbed versions. */
export async function updateReportPseudonymised(
  trx: Tx,
  tenantId: string,
  id: string,
  texts: { title: string; description: string; publishedTitle: string | null; publishedDescription: string | null; ratingComment: string | null },
): Promise<void> {
  await trx
    .updateTable('complaints')
    .set({
      reporter_citizen_id: null,
      reporter_name: null,
      reporter_email: null,
      reporter_phone: null,
      title: texts.title,
      description: texts.description,
      published_title: texts.publishedTitle,
      published_description: texts.publishedDescription,
      rating_comment: texts.ratingComment,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export function selectTimelineTexts(trx: Tx, tenantId: string, complaintIds: readonly string[]): Promise<{ complaintId: string; id: number; reason: string | null; body: string | null }[]> {
  if (complaintIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('complaint_events')
    .select(['complaint_id as complaintId', 'id', 'reason', 'body'])
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', 'in', complaintIds)
    .where((eb) => eb.or([eb('reason', 'is not', null), eb('body', 'is not', null)]))
    .execute();
}

export async function updateTimelineText(trx: Tx, tenantId: string, complaintId: string, id: number, texts: { reason: string | null; body: string | null }): Promise<void> {
  await trx
    .updateTable('complaint_events')
    .set({ reason: texts.reason, body: texts.body })
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', '=', complaintId)
    .where('id', '=', id)
    .execute();
}

const REPORTER_COLUMN = { name: 'reporter_name', email: 'reporter_email', phone: 'reporter_phone' } as const;

/** A corrected name or contact on the reports filed from the account (where the report kept one). */
export async function updateReporterField(trx: Tx, tenantId: string, citizenId: string, field: 'name' | 'email' | 'phone', value: string): Promise<number> {
  const column = REPORTER_COLUMN[field];
  const r = await trx
    .updateTable('complaints')
    .set({ [column]: value })
    .where('tenant_id', '=', tenantId)
    .where('reporter_citizen_id', '=', citizenId)
    .where(column, 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
