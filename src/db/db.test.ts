import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/db.js';
import { createKysely, type DatabaseHandle, isDatabaseUnavailable, pendingMigrations, withTenant } from './index.js';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(() => h.close());

describe('database', () => {
  it('has every migration applied in the per-file copy', async () => {
    expect(await pendingMigrations(h.owner)).toEqual([]);
  });

  it('runs application queries as the gerbang_app role, which cannot change the schema', async () => {
    const { rows } = await sql<{ u: string }>`select current_user as u`.execute(h.app);
    expect(rows[0]?.u).toBe('gerbang_app');
    await expect(sql`alter table agencies add column x int`.execute(h.app)).rejects.toThrow(/owner/);
    await expect(sql`drop table audit_log`.execute(h.app)).rejects.toThrow(/owner/);
  });

  it('row-level security hides other tenants even when a query forgets the filter', async () => {
    const a = '00000000-0000-4000-8000-00000000000a';
    const b = '00000000-0000-4000-8000-00000000000b';
    for (const [id, slug] of [
      [a, 'tenant-a'],
      [b, 'tenant-b'],
    ] as const) {
      await h.owner
        .insertInto('tenants')
        .values({ id, slug, name: slug, kind: 'city', time_zone: 'Asia/Jakarta' })
        .execute();
      await h.owner
        .insertInto('agencies')
        .values({ tenant_id: id, id: crypto.randomUUID(), code: 'dukcapil', name: `Dukcapil ${slug}` })
        .execute();
    }
    const seen = await withTenant(h.app, a, (trx) => trx.selectFrom('agencies').select('name').execute());
    expect(seen.map((r) => r.name)).toEqual(['Dukcapil tenant-a']);
    // Outside a tenant context nothing is visible at all.
    expect(await h.app.selectFrom('agencies').selectAll().execute()).toEqual([]);
    // Writing a row for another tenant is refused by the policy's WITH CHECK.
    await expect(
      withTenant(h.app, a, (trx) =>
        trx
          .insertInto('agencies')
          .values({ tenant_id: b, id: crypto.randomUUID(), code: 'dinkes', name: 'x' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('commits without waiting for the disk only where asked, and never changes an enclosing transaction', async () => {
    const tenant = '00000000-0000-4000-8000-00000000000a';
    const setting = (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
      sql<{ v: string; t: string }>`select current_setting('synchronous_commit') as v, current_setting('gerbang.tenant_id') as t`.execute(trx).then((r) => r.rows[0]!);
    expect(await withTenant(h.app, tenant, setting, { asyncCommit: true })).toEqual({ v: 'off', t: tenant });
    expect(await withTenant(h.app, tenant, setting)).toEqual({ v: 'on', t: tenant });
    // Nested in a durable transaction, the option is ignored: the outer commit still waits.
    const nested = await withTenant(h.app, tenant, (outer) => withTenant(outer, tenant, setting, { asyncCommit: true }));
    expect(nested.v).toBe('on');
  });

  it('acts in another tenant inside a transaction and comes back to the enclosing one, also after a failure', async () => {
    const a = '00000000-0000-4000-8000-00000000000a';
    const b = '00000000-0000-4000-8000-00000000000b';
    const current = (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
      sql<{ t: string }>`select current_setting('gerbang.tenant_id') as t`.execute(trx).then((r) => r.rows[0]!.t);
    const seen = await withTenant(h.app, a, async (trx) => {
      const inside = await withTenant(trx, b, current);
      const after = await current(trx);
      // A failure in the other tenant (the transaction still usable): back to the enclosing one too.
      await withTenant(trx, b, () => Promise.reject(new Error('holder failed'))).catch(() => undefined);
      const afterFailure = await current(trx);
      // The enclosing tenant's rows are what a plain query sees again.
      const agencies = await trx.selectFrom('agencies').select('tenant_id').execute();
      return { inside, after, afterFailure, tenants: [...new Set(agencies.map((r) => r.tenant_id))] };
    });
    expect(seen).toEqual({ inside: b, after: a, afterFailure: a, tenants: [a] });
    // Aborted by an SQL error inside the other tenant: ROLLBACK TO SAVEPOINT reverts the setting, and
    // the next withTenant to the other tenant sets it again instead of trusting a stale memory.
    const again = await withTenant(h.app, a, async (trx) => {
      await sql`savepoint s`.execute(trx);
      await withTenant(trx, b, () => sql`select 1/0`.execute(trx)).catch(() => undefined);
      await sql`rollback to savepoint s`.execute(trx);
      return { restored: await current(trx), other: await withTenant(trx, b, current), back: await current(trx) };
    });
    expect(again).toEqual({ restored: a, other: b, back: a });
  });

  it('keeps a connection open once opened: the connections of a burst do not all close when it ends (decision 0105)', async () => {
    const db = createKysely(h.url, { max: 3 });
    // The pool's timers only: an idle timeout would be one of them, and an hour passes at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const burst = () =>
        Promise.all([1, 2, 3].map(() => sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(db).then((r) => r.rows[0]!.pid)));
      const opened = new Set(await burst());
      expect(opened.size).toBe(3);
      vi.advanceTimersByTime(60 * 60_000);
      expect(new Set(await burst())).toEqual(opened);
    } finally {
      vi.useRealTimers();
      await db.destroy();
    }
  });

  it('survives connections the server cuts, idle, mid-query or inside a transaction, and reconnects by itself', async () => {
    let resume!: () => void;
    const gate = new Promise<void>((resolve) => (resume = resolve));
    // Checked out between two statements of a transaction when the cut comes (no query running).
    const inTransaction = h.app.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await gate;
      await sql`select 1`.execute(trx);
    }).then(() => undefined, (error: unknown) => error);
    const midQuery = sql`select pg_sleep(60)`.execute(h.app).then(() => undefined, (error: unknown) => error);
    await sql`select 1`.execute(h.owner); // and an idle owner connection
    const backends = () =>
      sql<{ state: string }>`select state from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
        .execute(h.owner)
        .then((r) => r.rows.map((row) => row.state));
    for (let states = await backends(); !(states.includes('active') && states.includes('idle in transaction')); states = await backends()) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    await sql`select pg_terminate_backend(pid, 5000) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(h.owner);

    const cut = await midQuery;
    expect(isDatabaseUnavailable(cut), String(cut)).toBe(true);
    resume();
    const broken = await inTransaction;
    expect(isDatabaseUnavailable(broken), String(broken)).toBe(true);
    // The pools drop the dead clients: the next queries get fresh connections (one issued before
    // the driver has read the cut may still fail, as a connection error).
    const selectOne = () => sql<{ one: number }>`select 1 as one`.execute(h.app).then((r) => r.rows);
    expect(await eventually(selectOne)).toEqual([{ one: 1 }]);
    const inTenant = () => withTenant(h.app, '00000000-0000-4000-8000-00000000000a', (trx) => sql<{ one: number }>`select 1 as one`.execute(trx)).then((r) => r.rows);
    expect(await eventually(inTenant)).toEqual([{ one: 1 }]);
  });
});

/** `attempt` until it succeeds, failing only with connection errors, at most a few times. */
async function eventually<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || tries >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
