// Telling the reporter, through the notifications module, in the transaction of the change: the
// receipt of a report (intake), its updates and answer (handling). Anonymous reports have no contact
// (the secret code is the way back). The events and their templates live in the notifications module
// (complaint.received, complaint.updated, complaint.answered).
import type { Tx } from '../../db/index.js';
import type { Actor } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { type Lang, type MessageKey, t } from '../../platform/i18n/index.js';
import { getCitizenContact, officersWithRole } from '../identity/index.js';
import { type NotificationContext, notifyFromTemplate, notifyPerson } from '../notifications/index.js';
import type { NoticeContext } from './context.js';
import type { ComplaintRow } from './store.js';
import './strings.js';

export type ReporterEvent = 'complaint.received' | 'complaint.updated' | 'complaint.answered';

/** What a notice needs of the report. */
export type ReporterRow = Pick<ComplaintRow, 'privacy' | 'reporter_citizen_id' | 'reporter_email' | 'reporter_phone' | 'tracking_number'>;

export function notificationContext(ctx: NoticeContext, trx: Tx, actor?: Actor): NotificationContext {
  return { db: trx, audit: ctx.audit, actor: actor ?? ctx.actor };
}

/** The report's public page, for the links in the reporter's notices. */
export function reporterUrl(ctx: NoticeContext, trackingNumber: string): string {
  return `${ctx.publicBaseUrl}/t/${ctx.tenant.slug}/pengaduan/${trackingNumber}`;
}

/** Where a reporter without an account hears from us: the e-mail typed into the form, else the phone. */
export function typedContact(row: Pick<ReporterRow, 'reporter_email' | 'reporter_phone'>): { channel: 'email' | 'sms'; to: string } | undefined {
  if (row.reporter_email) return { channel: 'email', to: row.reporter_email };
  if (row.reporter_phone) return { channel: 'sms', to: row.reporter_phone };
  return undefined;
}

/**
 * Notifies the reporter of a complaint event through the notifications layer. Anonymous reports have
 * no contact: nothing. A citizen with an account: `notifyPerson` (their preferences, language and
 * inbox) at the account's contact from identity's `getCitizenContact` — recorded in their data-access
 * log, purpose "complaint notification" — else at the contact typed into the form (an account without
 * a profile: the inbox and that contact). Anyone else who typed an e-mail or phone (public or rahasia
 * without an account): the template to that address. In the caller's transaction.
 */
export async function notifyReporter(ctx: NoticeContext, trx: Tx, row: ReporterRow, event: ReporterEvent, vars: Record<string, string>): Promise<void> {
  if (row.privacy === 'anonim') return;
  const { tenant } = ctx;
  const allVars: Record<string, string> = { ...vars, trackingNumber: row.tracking_number, url: reporterUrl(ctx, row.tracking_number) };
  const nctx = notificationContext(ctx, trx);
  if (row.reporter_citizen_id) {
    const contact = await citizenContact(ctx, trx, row.reporter_citizen_id, row.tracking_number);
    const lang = contact?.lang ?? ctx.lang;
    await notifyPerson(nctx, tenant.id, {
      recipient: {
        kind: 'citizen',
        id: row.reporter_citizen_id,
        email: contact?.email || row.reporter_email,
        phone: contact?.phone || row.reporter_phone,
        lang,
      },
      event,
      vars: event === 'complaint.updated' ? { ...allVars, status: statusText(lang, allVars.status!) } : allVars,
      timeZone: tenant.timeZone,
    });
    return;
  }
  const to = typedContact(row);
  if (!to) return;
  await notifyFromTemplate(nctx, tenant.id, {
    event,
    ...to,
    lang: ctx.lang,
    timeZone: tenant.timeZone,
    vars: event === 'complaint.updated' ? { ...allVars, status: statusText(ctx.lang, allVars.status!) } : allVars,
  });
}

/**
 * Tells the officers concerned of a report that needs them (complaint.dispatched,
 * complaint.escalated): the agency's complaint handlers (tenant-wide handlers too), and for an
 * escalation the coordinators as well. Each through `notifyPerson` — their inbox, their digest and
 * preferences — as answers reach reporters; in the caller's transaction.
 */
export async function notifyOfficers(
  ctx: Pick<NoticeContext, 'tenant' | 'audit' | 'actor'> & { publicBaseUrl?: string },
  trx: Tx,
  row: Pick<ComplaintRow, 'tracking_number' | 'title' | 'agency_id'>,
  event: 'complaint.dispatched' | 'complaint.escalated',
  vars: Record<string, string> = {},
): Promise<number> {
  const { tenant } = ctx;
  const handlers = row.agency_id ? await officersWithRole(trx, tenant.id, 'complaint_handler', [row.agency_id]) : [];
  const coordinators = event === 'complaint.escalated' || !row.agency_id ? await officersWithRole(trx, tenant.id, 'complaint_coordinator') : [];
  const officers = [...new Map([...handlers, ...coordinators].map((o) => [o.id, o])).values()];
  const url = `${(ctx.publicBaseUrl ?? 'http://localhost').replace(/\/$/, '')}/t/${tenant.slug}/pengaduan/${row.tracking_number}`;
  const nctx = { db: trx, audit: ctx.audit, actor: ctx.actor };
  for (const officer of officers) {
    await notifyPerson(nctx, tenant.id, {
      recipient: { kind: 'officer', id: officer.id, email: officer.email, lang: officer.lang },
      event,
      vars: { ...vars, trackingNumber: row.tracking_number, title: row.title, url },
      timeZone: tenant.timeZone,
    });
  }
  return officers.length;
}

/** The account's contact (identity records the read), or undefined when the account is gone. */
async function citizenContact(ctx: NoticeContext, trx: Tx, citizenId: string, trackingNumber: string) {
  try {
    return await getCitizenContact(
      { db: trx as unknown as NoticeContext['db'], audit: ctx.audit, actor: { kind: 'system', id: 'complaints' }, lang: ctx.lang, now: ctx.now },
      ctx.tenant.id,
      citizenId,
      `Pemberitahuan pengaduan ${trackingNumber} / complaint notification`,
    );
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  }
}

/** `status` is "<status>" or "closed.<outcome>": the reporter's wording, in their language. */
function statusText(lang: Lang, status: string): string {
  return t(lang, `cp.status.${status}` as MessageKey);
}
