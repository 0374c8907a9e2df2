// Every notification the applications module sends, in one file (its events: events.ts). The applicant hears of every
// transition they can see — in their language, in the transaction that makes it — through identity's
// recorded read of their contact and notifications' notifyPerson (their preferences and inbox), as
// complaints do. Officers see their work in the queues (no e-mail per task yet).
import type { Tx } from '../../db/index.js';
import { DomainError } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n/index.js';
import { getCitizenContact, type ProfilesAhead, readManyCitizensPersonalData } from '../identity/index.js';
import { notifyPerson, notifyPersonsWithNext, type PendingPersonNotifications, type PersonNotification } from '../notifications/index.js';
import type { ApplicationContext } from './context.js';
import './events.js';
import './strings.js';

export interface ApplicantNotice {
  applicationId: string;
  trackingNumber: string;
  applicantId: string;
  /** The application's language at submission (used when the citizen has no profile language). */
  lang: Lang;
  serviceName: { id: string; en?: string };
  /** The new status in words, per language (view.ts statusText). */
  status: (lang: Lang) => string;
  /** An optional note per language (a revision request's message, a rejection's reason…). */
  note?: (lang: Lang) => string | undefined;
}

/** The applicant's page of an application (built by the pages): …/t/<tenant>/permohonan/<id>; drafts: …/permohonan/draf. */
export function applicationUrl(ctx: ApplicationContext, applicationId: string): string {
  return `${ctx.publicBaseUrl.replace(/\/$/, '')}/t/${ctx.tenant.slug}/permohonan/${applicationId}`;
}

/** The citizen's contact, read through identity (recorded for them to see); undefined without a profile. */
async function contactOf(ctx: ApplicationContext, trx: Tx, citizenId: string, trackingNumber: string) {
  try {
    return await getCitizenContact(
      { ...ctx, db: trx, actor: { kind: 'system', id: 'applications' } },
      ctx.tenant.id,
      citizenId,
      contactPurpose(trackingNumber),
    );
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  }
}

/** Tells the applicant their application changed, in the transaction `trx`. */
export async function notifyApplicant(ctx: ApplicationContext, trx: Tx, notice: ApplicantNotice): Promise<void> {
  const contact = await contactOf(ctx, trx, notice.applicantId, notice.trackingNumber);
  await notifyPerson({ db: trx, audit: ctx.audit, actor: ctx.actor }, ctx.tenant.id, updatedNotification(ctx, notice, contact));
}

type Contact = { email: string; phone: string; lang: Lang } | undefined;

const contactPurpose = (trackingNumber: string) => `Pemberitahuan permohonan ${trackingNumber} / application notification`;

function updatedNotification(ctx: ApplicationContext, notice: ApplicantNotice, contact: Contact): PersonNotification {
  const lang: Lang = contact?.lang ?? notice.lang;
  const note = notice.note?.(lang);
  return {
    recipient: { kind: 'citizen', id: notice.applicantId, email: contact?.email || null, phone: contact?.phone || null, lang },
    event: 'application.updated',
    vars: {
      trackingNumber: notice.trackingNumber,
      serviceName: (lang === 'en' && notice.serviceName.en) || notice.serviceName.id,
      status: notice.status(lang),
      url: applicationUrl(ctx, notice.applicationId),
      ...(note ? { note } : {}),
    },
    timeZone: ctx.tenant.timeZone,
    actor: ctx.actor,
  };
}

/**
 * Tells several applicants of their applications at once, in `trx` (a batch of submissions): as
 * notifyApplicant does each — the same recorded reads of their contacts, the same messages — with one
 * read of the contacts (none when `profiles`, fetched earlier in `trx`, has them) and one
 * notifyPersonsWithNext, whose reads go with the transaction's next statement: the caller makes it,
 * then calls `send()`. Each notice carries the context of its own request (its actor names the audit
 * entries).
 */
export async function notifyApplicantsWithNext(
  trx: Tx,
  notices: ReadonlyArray<{ ctx: ApplicationContext; notice: ApplicantNotice }>,
  profiles?: ProfilesAhead,
): Promise<PendingPersonNotifications> {
  if (notices.length === 0) return { send: async () => [] };
  const first = notices[0]!.ctx;
  const reads = await readManyCitizensPersonalData({ ...first, db: trx, actor: { kind: 'system', id: 'applications' } }, first.tenant.id, notices.map(({ notice }) => ({
    citizenId: notice.applicantId,
    purpose: contactPurpose(notice.trackingNumber),
    fields: ['name', 'email', 'phone'],
  })), profiles);
  const messages = notices.map(({ ctx, notice }, i) => {
    const read = reads[i]!;
    if (read instanceof DomainError && read.status !== 404) throw read;
    const contact: Contact = read instanceof DomainError ? undefined : { email: read.email!, phone: read.phone!, lang: read.lang };
    return updatedNotification(ctx, notice, contact);
  });
  return notifyPersonsWithNext({ db: trx, audit: first.audit, actor: first.actor }, trx, first.tenant.id, messages);
}

/** Reminds a citizen that their draft for a service will be deleted on `expiresOn` unless they continue it. */
export async function notifyDraftExpiring(
  ctx: ApplicationContext,
  trx: Tx,
  draft: { citizenId: string; serviceId: string; serviceName: { id: string; en?: string }; expiresOn: string },
): Promise<void> {
  const contact = await contactOf(ctx, trx, draft.citizenId, 'draft');
  const lang: Lang = contact?.lang ?? 'id';
  await notifyPerson({ db: trx, audit: ctx.audit, actor: ctx.actor }, ctx.tenant.id, {
    recipient: { kind: 'citizen', id: draft.citizenId, email: contact?.email || null, phone: contact?.phone || null, lang },
    event: 'application.draft_expiring',
    vars: {
      serviceName: (lang === 'en' && draft.serviceName.en) || draft.serviceName.id,
      dueDate: draft.expiresOn,
      url: `${ctx.publicBaseUrl.replace(/\/$/, '')}/t/${ctx.tenant.slug}/permohonan/draf`,
    },
    timeZone: ctx.tenant.timeZone,
    ref: `application-draft:${draft.citizenId}:${draft.serviceId}`,
  });
}
