// Telling the requester (an online request's citizen) what happened to their request, in the
// transaction of the change: through identity's recorded read of their contact and notifications'
// notifyPerson (their preferences and inbox), in their language. A paper request's requester is
// answered on paper by the PPID (its contact is what the form gave), so nothing is sent.
import type { Db, Tx } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import { getCitizenContact } from '../identity/index.js';
import { notifyPerson } from '../notifications/index.js';
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

export async function notifyRequester(ctx: InformationContext, trx: Tx, row: RequestRow, event: Event, vars: Record<string, string>): Promise<void> {
  if (!row.citizen_id) return;
  const inner = { ...ctx, db: trx as unknown as Db };
  const contact = await getCitizenContact(inner, ctx.tenant.id, row.citizen_id, `Pemberitahuan permohonan informasi ${row.number} / information request notice`);
  await notifyPerson({ db: inner.db, audit: ctx.audit, actor: ctx.actor }, ctx.tenant.id, {
    recipient: { kind: 'citizen', id: row.citizen_id, email: contact.email || null, phone: contact.phone || null, lang: contact.lang },
    event,
    vars: { number: row.number, url: `${ctx.publicBaseUrl.replace(/\/$/, '')}/t/${ctx.tenant.slug}${requestPath(row.id)}`, ...vars },
    timeZone: ctx.tenant.timeZone,
    ref: `information_request:${row.id}`,
  });
}
