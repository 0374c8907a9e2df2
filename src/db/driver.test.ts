// The driver that sends a transaction's BEGIN with its settings (driver.ts): what reaches the server,
// and that the transactions it opens still commit, roll back and set their tenant.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.js';
import { type DatabaseHandle, inTransaction, withTenant } from './index.js';

let h: DatabaseHandle;
const sent: string[] = [];
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
const tenant = '00000000-0000-4000-8000-0000000000d1';

beforeAll(async () => {
  h = await createTestDatabase();
  await h.owner.insertInto('tenants').values({ id: tenant, slug: 'driver', name: 'driver', kind: 'city', time_zone: 'Asia/Makassar' }).execute();
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    sent.push((typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').trim());
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(async () => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  await h.close();
});
afterEach(() => {
  sent.length = 0;
});

const agency = (code: string) => ({ tenant_id: tenant, id: crypto.randomUUID(), code, name: `Dinas ${code}` });
const codes = async () => (await withTenant(h.app, tenant, (trx) => trx.selectFrom('agencies').select('code').orderBy('code').execute())).map((r) => r.code);

describe('a transaction opened by withTenant', () => {
  it('sends BEGIN and its settings as one statement, and the tenant is set for the rest', async () => {
    await withTenant(h.app, tenant, (trx) => trx.insertInto('agencies').values(agency('a1')).execute());
    expect(sent[0]).toBe(`begin; /* settings */ select set_config('gerbang.tenant_id', '${tenant}', true)`);
    expect(sent.slice(1).map((s) => s.split(' ')[0])).toEqual(['insert', 'commit']);
    expect(await codes()).toContain('a1');
  });

  it('rolls back what it wrote when its work fails', async () => {
    await expect(
      withTenant(h.app, tenant, async (trx) => {
        await trx.insertInto('agencies').values(agency('a2')).execute();
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(sent.at(-1)).toBe('rollback');
    expect(await codes()).not.toContain('a2');
  });

  it('rolls back after a failed statement, and the connection serves the next transaction', async () => {
    await expect(withTenant(h.app, tenant, (trx) => sql`select 1 / 0`.execute(trx))).rejects.toThrow(/division by zero/);
    expect(await codes()).toContain('a1');
  });

  it('escapes the values it writes into the statement', async () => {
    const value = "x', true); drop table agencies; --";
    const seen = await withTenant(h.app, value, async (trx) => (await sql<{ t: string }>`select current_setting('gerbang.tenant_id') as t`.execute(trx)).rows[0]!.t);
    expect(seen).toBe(value);
    expect(await codes()).toContain('a1');
  });
});

describe('a transaction opened otherwise', () => {
  it('sends BEGIN on its own before a first statement that is not settings, and is still one transaction', async () => {
    await expect(
      inTransaction(h.owner, async (trx) => {
        await trx.insertInto('agencies').values(agency('b1')).execute();
        expect(sent.slice(0, 2).map((s) => s.split(' ')[0])).toEqual(['begin', 'insert']);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await codes()).not.toContain('b1');
  });

  it('sends nothing when it has no statement', async () => {
    expect(await inTransaction(h.app, async () => 42)).toBe(42);
    expect(sent).toEqual([]);
  });

  it('keeps an isolation level asked for (BEGIN sent at once)', async () => {
    const level = await h.app
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => (await sql<{ l: string }>`select current_setting('transaction_isolation') as l`.execute(trx)).rows[0]!.l);
    expect(level).toBe('serializable');
    expect(sent[0]).toBe('start transaction isolation level serializable');
  });
});
