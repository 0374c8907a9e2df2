// Waiting rooms: the business rules. A tenant admin sizes a service's room; a citizen who comes to the
// service's application journey while it is on either passes (admitted, inside their window) or holds a
// ticket and a place in line. Admission is sized to the slowest dependency behind the service
// (admissionSize), runs under one lock per service that nobody waits for (store.ts) and admits in
// arrival order; eligibility
// that can be checked early is checked before a ticket is issued (the caller's `checkEligible`), so
// nobody queues to be told "not eligible". The time is ctx.now().
import { type Tx, withTenant } from '../../db/index.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { admitNext, countAhead, countRoom, extendTicket, finishAllTickets, finishTicket, insertTicket, type RoomCounts, type RoomRow, selectLiveTicket, selectRoom, type TicketRow, tryLockRoom, upsertRoom } from './store.js';
import './strings.js';

export interface RoomSettings {
  enabled: boolean;
  maxActive: number;
  admitPerMinute: number;
  windowMinutes: number;
  maxQueue: number;
  registryDailyQuota: number | null;
  paymentPerMinute: number | null;
  signingPerMinute: number | null;
}

export const LIMITS = {
  maxActive: [1, 100000],
  admitPerMinute: [1, 100000],
  windowMinutes: [1, 240],
  maxQueue: [1, 1000000],
  registryDailyQuota: [1, 100000000],
  paymentPerMinute: [1, 100000],
  signingPerMinute: [1, 100000],
} as const satisfies Record<Exclude<keyof RoomSettings, 'enabled'>, readonly [number, number]>;

export const DEFAULT_SETTINGS: RoomSettings = {
  enabled: false,
  maxActive: 200,
  admitPerMinute: 60,
  windowMinutes: 20,
  maxQueue: 20000,
  registryDailyQuota: null,
  paymentPerMinute: null,
  signingPerMinute: null,
};

/** An admitted citizen who does not come back within this long loses the place to the next. */
export const CLAIM_SECONDS = 120;

export type Limiter = 'app' | 'payment' | 'signing';

export interface AdmissionSize {
  /** Admissions per minute: the least of the app's and each dependency's per-minute capacity. */
  perMinute: number;
  limitedBy: Limiter;
  /** Admissions per day (the registry's daily quota: each application checks the NIK once), or null. */
  perDay: number | null;
  maxActive: number;
}

/** How many may enter: never faster than the slowest dependency, never more a day than its quota. */
export function admissionSize(s: RoomSettings): AdmissionSize {
  let perMinute = s.admitPerMinute;
  let limitedBy: Limiter = 'app';
  for (const [limiter, value] of [['payment', s.paymentPerMinute], ['signing', s.signingPerMinute]] as const) {
    if (value !== null && value < perMinute) {
      perMinute = value;
      limitedBy = limiter;
    }
  }
  return { perMinute, limitedBy, perDay: s.registryDailyQuota, maxActive: s.maxActive };
}

const settingsOf = (row: RoomRow): RoomSettings => ({
  enabled: row.enabled,
  maxActive: row.max_active,
  admitPerMinute: row.admit_per_minute,
  windowMinutes: row.window_minutes,
  maxQueue: row.max_queue,
  registryDailyQuota: row.registry_daily_quota,
  paymentPerMinute: row.payment_per_minute,
  signingPerMinute: row.signing_per_minute,
});

/** The start of the tenant's day (WIB/WITA/WIT) that holds `now`: daily quotas reset there. */
export function dayStartIn(timeZone: string, now: Date): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = wall - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) - offset);
}

export interface WaitingRoomView {
  serviceId: string;
  settings: RoomSettings;
  admission: AdmissionSize;
  counts: RoomCounts;
}

export async function getWaitingRoom(ctx: TenantContext, serviceId: string): Promise<WaitingRoomView> {
  const now = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectRoom(trx, ctx.tenant.id, serviceId);
    const settings = row ? settingsOf(row) : DEFAULT_SETTINGS;
    const counts = row ? await countRoom(trx, ctx.tenant.id, serviceId, now, dayStartIn(ctx.tenant.timeZone, now)) : { active: 0, lastMinute: 0, today: 0, waiting: 0 };
    return { serviceId, settings, admission: admissionSize(settings), counts };
  });
}

/** Checks the settings (each a whole number in its range; the queue at least the room). */
export function checkSettings(input: RoomSettings): PendingFieldError[] {
  const errors: PendingFieldError[] = [];
  for (const [field, [min, max]] of Object.entries(LIMITS) as [keyof typeof LIMITS, readonly [number, number]][]) {
    const value = input[field];
    const optional = field === 'registryDailyQuota' || field === 'paymentPerMinute' || field === 'signingPerMinute';
    if (value === null && optional) continue;
    if (value === null || !Number.isInteger(value) || value < min || value > max) errors.push({ field: `/${field}`, code: 'range', messageKey: 'wr.error.range', vars: { min, max } });
  }
  if (errors.length === 0 && input.maxQueue < input.maxActive) errors.push({ field: '/maxQueue', code: 'range', messageKey: 'wr.error.queue_below_active' });
  return errors;
}

/**
 * Saves a service's room (the caller checked the service is the tenant's); audited. Turning it off
 * ends its queue: everyone goes straight in, and the next rush starts with an empty line.
 */
export async function saveWaitingRoom(ctx: TenantContext, input: { serviceId: string; officerId: string; settings: RoomSettings }): Promise<WaitingRoomView> {
  const errors = checkSettings(input.settings);
  if (errors.length > 0) throw new DomainError('validation', 400, 'error.validation', {}, errors);
  const s = input.settings;
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await upsertRoom(trx, {
      tenant_id: ctx.tenant.id,
      service_id: input.serviceId,
      enabled: s.enabled,
      max_active: s.maxActive,
      admit_per_minute: s.admitPerMinute,
      window_minutes: s.windowMinutes,
      max_queue: s.maxQueue,
      registry_daily_quota: s.registryDailyQuota,
      payment_per_minute: s.paymentPerMinute,
      signing_per_minute: s.signingPerMinute,
      updated_at: ctx.now(),
      updated_by: input.officerId,
    });
    if (!s.enabled) await finishAllTickets(trx, ctx.tenant.id, input.serviceId, ctx.now());
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'waiting_room.saved',
      subject: `service:${input.serviceId}`,
      data: { ...s },
    });
  });
  return getWaitingRoom(ctx, input.serviceId);
}

export type Entry =
  | { state: 'admitted'; until: Date }
  | { state: 'waiting'; ahead: number; estimateSeconds: number; retryAfterSeconds: number; windowMinutes: number };

/** How often a waiting page asks again: often near the front, rarely far back (5–30 s). */
export function retryAfterFor(estimateSeconds: number): number {
  return Math.max(5, Math.min(30, Math.round(estimateSeconds / 10)));
}

const full = (seconds: number) => new DomainError('waiting_room.full', 429, 'wr.error.full', { seconds });
const quotaReached = (seconds: number) => new DomainError('waiting_room.quota_reached', 429, 'wr.error.quota', { seconds });

/** Admits as many waiting tickets, in order, as the room's size, rate and daily quota allow now. */
async function admit(trx: Tx, ctx: TenantContext, room: RoomSettings, serviceId: string, now: Date, counts: RoomCounts): Promise<number> {
  const size = admissionSize(room);
  const room_ = Math.min(size.maxActive - counts.active, size.perMinute - counts.lastMinute, size.perDay === null ? Number.MAX_SAFE_INTEGER : size.perDay - counts.today);
  return admitNext(trx, ctx.tenant.id, serviceId, room_, now, new Date(now.getTime() + Math.min(room.windowMinutes * 60, CLAIM_SECONDS) * 1000));
}

/**
 * A citizen comes to the service's application journey while its room is on. Holding an admitted
 * ticket: they pass (the first pass after admission opens the whole window). Holding none:
 * eligibility first (`checkEligible` throws its refusal), then a ticket — or 429 when the queue is full
 * or the day's quota is already spoken for. Then, if no other request is admitting this service right
 * now, this one admits whom the room can take, in ticket order; either way the citizen learns their
 * place. Nothing here waits for another request: in a surge the room's work stays as short as its
 * statements (the queue's size and the quota are checked outside the admission lock, so a burst may
 * overshoot max_queue by the requests in flight; admission itself never overshoots).
 */
export async function enterWaitingRoom(
  ctx: TenantContext,
  input: {
    serviceId: string;
    citizenId: string;
    checkEligible: () => Promise<void>;
    /** Runs the queue's work (everything but an admitted citizen's pass): the gate's bulkhead. */
    limit?: <T>(work: () => Promise<T>) => Promise<T>;
  },
): Promise<Entry> {
  const now = ctx.now();
  const tenantId = ctx.tenant.id;
  const fresh = await withTenant(ctx.db, tenantId, (trx) => selectLiveTicket(trx, tenantId, input.serviceId, input.citizenId, now));
  if (fresh?.admitted_until) return passAdmitted(ctx, input.serviceId, fresh);
  return (input.limit ?? ((work) => work()))(async () => {
    if (!fresh) await input.checkEligible();
    return queue(ctx, input.serviceId, input.citizenId, fresh, now);
  });
}

/** A waiting citizen's turn, or a newcomer's ticket: admits whom the room can take if nobody else is, and tells the place. */
async function queue(ctx: TenantContext, serviceId: string, citizenId: string, fresh: TicketRow | undefined, now: Date): Promise<Entry> {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, async (trx) => {
    const admitter = await tryLockRoom(trx, tenantId, serviceId);
    const row = await selectRoom(trx, tenantId, serviceId);
    if (!row?.enabled) return { state: 'admitted', until: now } as const;
    const room = settingsOf(row);
    const size = admissionSize(room);
    const dayStart = dayStartIn(ctx.tenant.timeZone, now);
    const counts = await countRoom(trx, tenantId, serviceId, now, dayStart);
    let ticket = fresh;
    if (!ticket) {
      if (size.perDay !== null && counts.today + counts.waiting >= size.perDay) throw quotaReached(Math.ceil((dayStart.getTime() + 86_400_000 - now.getTime()) / 1000));
      if (counts.waiting >= room.maxQueue) throw full(60);
      ticket = await insertTicket(trx, { tenant_id: tenantId, service_id: serviceId, citizen_id: citizenId, issued_at: now });
      if (ticket) counts.waiting += 1;
    }
    if (admitter && !ticket?.admitted_at) await admit(trx, ctx, room, serviceId, now, counts);
    ticket = await selectLiveTicket(trx, tenantId, serviceId, citizenId, now);
    // Finished meanwhile (submitted in another tab, or the room turned off and on): the next visit takes a new ticket.
    if (!ticket) return { state: 'waiting', ahead: 0, estimateSeconds: 5, retryAfterSeconds: 5, windowMinutes: room.windowMinutes } as const;
    if (ticket.admitted_until) return { state: 'admitted', until: new Date(ticket.admitted_until) } as const;
    const ahead = await countAhead(trx, tenantId, serviceId, ticket.seq);
    const estimateSeconds = Math.ceil(((ahead + 1) / size.perMinute) * 60);
    return { state: 'waiting', ahead, estimateSeconds, retryAfterSeconds: retryAfterFor(estimateSeconds), windowMinutes: room.windowMinutes } as const;
  });
}

/** An admitted citizen passes; their first pass after admission opens the whole window. */
async function passAdmitted(ctx: TenantContext, serviceId: string, ticket: TicketRow): Promise<Entry> {
  const admittedAt = new Date(ticket.admitted_at!);
  const until = new Date(ticket.admitted_until!);
  if (until.getTime() - admittedAt.getTime() > CLAIM_SECONDS * 1000) return { state: 'admitted', until };
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectRoom(trx, ctx.tenant.id, serviceId);
    const full = new Date(admittedAt.getTime() + (row?.window_minutes ?? 0) * 60_000);
    if (full <= until) return { state: 'admitted', until } as const;
    await extendTicket(trx, ctx.tenant.id, serviceId, ticket.seq, full);
    return { state: 'admitted', until: full } as const;
  });
}

/** The citizen's application is in: their place goes to the next in line. */
export async function leaveWaitingRoom(ctx: TenantContext, input: { serviceId: string; citizenId: string }): Promise<boolean> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => finishTicket(trx, ctx.tenant.id, input.serviceId, input.citizenId, ctx.now()));
}
