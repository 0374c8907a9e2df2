// The survey invitation, sent by the invitation job: through identity's recorded read of the
// applicant's contact and notifications' notifyPerson (their preferences and inbox), in their language.
import { DomainError } from '../../platform/errors.js';
import type { TenantContext, AuditAppender } from '../../platform/context.js';
import { getCitizenContact } from '../identity/index.js';
import { notifyPerson } from '../notifications/index.js';
import './events.js';
import { getSurveyInvitation } from './service.js';

export interface SurveyNotifyContext extends TenantContext {
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  publicBaseUrl: string;
}

/** The survey page of an application: …/t/<tenant>/survei/<application>. */
export function surveyUrl(ctx: SurveyNotifyContext, applicationId: string): string {
  return `${ctx.publicBaseUrl.replace(/\/$/, '')}/t/${ctx.tenant.slug}/survei/${applicationId}`;
}

export async function notifySurveyInvitation(ctx: SurveyNotifyContext, applicationId: string): Promise<void> {
  const invitation = await getSurveyInvitation(ctx, { applicationId }).catch((error: unknown) => {
    // Erased since (the person's invitation deleted): nobody to invite.
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  });
  if (!invitation || invitation.answered) return;
  const contact = await getCitizenContact(ctx, ctx.tenant.id, invitation.citizenId, `Undangan survei ${invitation.trackingNumber} / survey invitation`).catch((error: unknown) => {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  });
  const lang = contact?.lang ?? 'id';
  await notifyPerson({ db: ctx.db, audit: ctx.audit, actor: ctx.actor }, ctx.tenant.id, {
    recipient: { kind: 'citizen', id: invitation.citizenId, email: contact?.email || null, phone: contact?.phone || null, lang },
    event: 'survey.invitation',
    vars: {
      trackingNumber: invitation.trackingNumber,
      serviceName: (lang === 'en' && invitation.serviceName.en) || invitation.serviceName.id,
      url: surveyUrl(ctx, applicationId),
    },
    timeZone: ctx.tenant.timeZone,
    ref: `survey:${applicationId}`,
  });
}
