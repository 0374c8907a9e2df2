import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { systemContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { listTenants } from '../tenancy/index.js';
import { withTenant } from '../../db/index.js';
import { addWorkingDays } from '../../platform/calendar/index.js';
import { clearCalendarOverride, computeDeadline, setCalendarOverride, tenantCalendar } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const due = async (tenant: string) =>
  (await t.app.inject(`/api/v1/calendar/working-days?from=2026-03-17&days=1&tenant=${tenant}`)).json().dueDate;

describe("a tenant's calendar amendments", () => {
  it('change that tenant’s deadlines only, are audited, and can be cleared', async () => {
    const tenants = await listTenants(t.db.owner);
    const makassar = tenants.find((x) => x.slug === 'makassar')!;
    const ctx = { ...systemContext(t.db.app, t.audit, 'test'), actor: { kind: 'officer' as const, id: 'admin-1' }, tenant: makassar };
    expect(await due('makassar')).toBe('2026-03-25');

    await setCalendarOverride(ctx, {
      date: '2026-03-25',
      action: 'add',
      name: 'Libur daerah',
      source: 'Keputusan Wali Kota Makassar 1/2026',
    });
    expect(await due('makassar')).toBe('2026-03-26');
    expect(await due('jateng')).toBe('2026-03-25');
    const holidays = await t.app.inject('/api/v1/calendar/holidays?year=2026&tenant=makassar');
    expect(holidays.json().days).toContainEqual(
      expect.objectContaining({ date: '2026-03-25', name: 'Libur daerah', source: 'Keputusan Wali Kota Makassar 1/2026' }),
    );

    await t.audit.flush(t.db.app); // sequence the committed audit events (decision 0014)
    const events = await t.db.owner
      .selectFrom('audit_log')
      .select(['action', 'actor', 'tenant_id'])
      .where('action', 'like', 'calendar.%')
      .execute();
    expect(events).toEqual([{ action: 'calendar.override_set', actor: 'officer:admin-1', tenant_id: makassar.id }]);

    // Restoring a cuti bersama day as a working day (an amended SKB).
    await setCalendarOverride(ctx, { date: '2026-03-24', action: 'remove', source: 'SKB perubahan' });
    expect(await due('makassar')).toBe('2026-03-24');

    expect(await clearCalendarOverride(ctx, { date: '2026-03-24' })).toBe(true);
    expect(await clearCalendarOverride(ctx, { date: '2026-03-25' })).toBe(true);
    expect(await clearCalendarOverride(ctx, { date: '2026-03-25' })).toBe(false);
    expect(await due('makassar')).toBe('2026-03-25');
  });

  it('refuses an impossible date or a missing legal basis', async () => {
    const [tenant] = await listTenants(t.db.owner);
    const ctx = { ...systemContext(t.db.app, t.audit, 'test'), tenant: tenant! };
    await expect(setCalendarOverride(ctx, { date: '2026-02-30', action: 'add', source: 'x' })).rejects.toThrow(
      DomainError,
    );
    await expect(setCalendarOverride(ctx, { date: '2026-05-04', action: 'add', source: '  ' })).rejects.toMatchObject({
      code: 'calendar.source_required',
    });
  });
});

describe("the tenant's calendar cache", () => {
  it('is the database’s: read inside two requests’ transactions, the overrides are loaded once', async () => {
    const makassar = (await listTenants(t.db.owner)).find((x) => x.slug === 'makassar')!;
    // A submission reads the calendar inside its Idempotency-Key's transaction: a cache keyed by the
    // transaction loaded the overrides again on every request.
    const inRequest = () => withTenant(t.db.app, makassar.id, (trx) => tenantCalendar(trx as never, makassar));
    expect(await inRequest()).toBe(await inRequest());
    expect(await inRequest()).toBe(await tenantCalendar(t.db.app, makassar));
  });
});

describe('deadlines from a moment (computeDeadline, counted once per local day)', () => {
  it('match the count from scratch every hour across holidays and midnights, and follow an amendment at once', async () => {
    const makassar = (await listTenants(t.db.owner)).find((x) => x.slug === 'makassar')!;
    const ctx = { ...systemContext(t.db.app, t.audit, 'test'), actor: { kind: 'officer' as const, id: 'admin-1' }, tenant: makassar };
    const fromScratch = async (from: string) => addWorkingDays(from, 3, { timeZone: makassar.timeZone, calendar: await tenantCalendar(t.db.app, makassar) });
    // Around Nyepi and Idul Fitri 2026, each hour twice (the second time from what was counted), in three spellings of the moment.
    for (let hour = 0; hour < 24 * 12; hour++) {
      const instant = new Date(Date.parse('2026-03-16T00:00:00Z') + hour * 3_600_000);
      const spellings = [instant.toISOString(), instant.toISOString().replace('.000Z', 'Z'), instant.toISOString().replace('Z', '+00:00')];
      for (const from of [...spellings, spellings[0]!]) {
        expect(await computeDeadline(t.db.app, makassar, from, 3), from).toEqual({ ...(await fromScratch(from)), timeZone: makassar.timeZone });
      }
    }
    // 23:59 and 00:00 WITA are different days.
    expect((await computeDeadline(t.db.app, makassar, '2026-12-07T15:59:00Z', 1)).dueDate).toBe('2026-12-08');
    expect((await computeDeadline(t.db.app, makassar, '2026-12-07T16:00:00Z', 1)).dueDate).toBe('2026-12-09');

    const before = await computeDeadline(t.db.app, makassar, '2026-12-07T03:00:00Z', 1);
    await setCalendarOverride(ctx, { date: '2026-12-08', action: 'add', name: 'Libur daerah', source: 'Keputusan Wali Kota Makassar 9/2026' });
    try {
      expect(before.dueDate).toBe('2026-12-08');
      expect((await computeDeadline(t.db.app, makassar, '2026-12-07T03:00:00Z', 1)).dueDate).toBe('2026-12-09');
    } finally {
      await clearCalendarOverride(ctx, { date: '2026-12-08' });
    }
    expect((await computeDeadline(t.db.app, makassar, '2026-12-07T03:00:00Z', 1)).dueDate).toBe('2026-12-08');
  });
});
