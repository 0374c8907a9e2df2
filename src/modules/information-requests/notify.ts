// Telling the requester (an online request's citizen) what happened to their request, in the
// transaction of the change: through identity's recorded read of their contact and notifications'
// notifyPerson (their preferences and inbox), in their language. A paper request's requester is
// answered on paper by the PPID (its contact is what the form gave), so nothing is sent — except the
// decision to one who chose e-mail and wrote an e-mail address: it carries the link to the answer.
import type { Db, Tx } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import { getCitizenContact } from '../identity/index.js';
import { normalizeEmail, notifyFromTemplate, notifyPerson } from '../notifications/index.js';
import './events.js';
import type { RequestRow } from './store.js';

/** A service context that can link to the request's page in a message (routes give the configured public address). */
export interface InformationContext extends TenantContext {
  publicBaseUrl: string;
}

type Event = 'information.extended' | 'information.decided' | 'information.objection_answered';

/** The request's page: …/t/<tenant>/informasi-publik/permohonan/<id>. */
export function requestPath(id: string): string {
  return `/informasi-publik/permohonan/${id}`;
}

/** A paper requester's e-mail address, when the contact they wrote is one. */
export function requesterEmail(row: RequestRow): string | undefined {
  return row.channel === 'paper' && row.requester_contact ? normalizeEmail(row.requester_contact) : undefined;
}

/**
 * Tells the requester, in the caller's transaction. `path` replaces the request's page as the message's
 * link (the decision's answer link, relative to the tenant). A paper requester is written to only with
 * such a link (they have no page to sign in to).
 */
export async function notifyRequester(ctx: InformationContext, trx: Tx, row: RequestRow, event: Event, vars: Record<string, string>, path?: string): Promise<void> {
  const base = `${ctx.publicBaseUrl.replace(/\/$/, '')}/t/${ctx.tenant.slug}`;
  const url = `${base}${path ?? requestPath(row.id)}`;
  const email = requesterEmail(row);
  if (!row.citizen_id) {
    if (!email || !path) return;
    await notifyFromTemplate({ db: trx as unknown as Db, audit: ctx.audit, actor: ctx.actor }, ctx.tenant.id, { channel: 'email', to: email, event, lang: 'id', vars: { number: row.number, url, ...vars }, timeZone: ctx.tenant.timeZone, ref: `information_request:${row.id}` });
    return;
  }
  const inner = { ...ctx, db: trx as unknown as Db };
  const contact = await getCitizenContact(inner, ctx.tenant.id, row.citizen_id, `Pemberitahuan permohonan informasi ${row.number} / information request notice`);
  await notifyPerson({ db: inner.db, audit: ctx.audit, actor: ctx.actor }, ctx.tenant.id, {
    recipient: { kind: 'citizen', id: row.citizen_id, email: contact.email || null, phone: contact.phone || null, lang: contact.lang },
    event,
    vars: { number: row.number, url, ...vars },
    timeZone: ctx.tenant.timeZone,
    ref: `information_request:${row.id}`,
  });
}
