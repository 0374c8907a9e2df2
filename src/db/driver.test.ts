// The driver that owes a transaction's BEGIN, its settings and sendWithNext's writes to the next
// statement (driver.ts): what reaches the server, that the transactions it opens still commit, roll
// back and set their tenant, and that a parameter written as a literal is the value the server would
// have been sent.
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.js';
import { executeAndCommit, inlineParameters, sendOwed } from './driver.js';
import { type DatabaseHandle, inTransaction, readInInstallationScope, readWithNext, sendWithNext, type Tx, withTenant } from './index.js';

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
  it('sends BEGIN and its settings with its first statement, and the tenant is set for the rest', async () => {
    const row = agency('a1');
    await withTenant(h.app, tenant, (trx) => trx.insertInto('agencies').values(row).execute());
    expect(sent).toEqual([
      `begin; /* settings */ select set_config('gerbang.tenant_id', '${tenant}', true); insert into "agencies" ("tenant_id", "id", "code", "name") values ('${tenant}', '${row.id}', 'a1', 'Dinas a1')`,
      'commit',
    ]);
    expect(await codes()).toContain('a1');
  });

  it("returns the first statement's rows and counts", async () => {
    const result = await withTenant(h.app, tenant, (trx) => trx.updateTable('agencies').set({ name: 'Dinas a1' }).where('code', '=', 'a1').returning('code').executeTakeFirst());
    expect(result).toEqual({ code: 'a1' });
    const counted = await withTenant(h.app, tenant, (trx) => trx.updateTable('agencies').set({ name: 'Dinas a1' }).where('code', '=', 'a1').executeTakeFirst());
    expect(counted.numUpdatedRows).toBe(1n);
    expect(sent).toHaveLength(4);
  });

  it('sends nothing when it only set its settings', async () => {
    expect(await withTenant(h.app, tenant, async () => 'done')).toBe('done');
    expect(sent).toEqual([]);
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
        expect(sent.map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['begin; insert']);
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

describe('sendWithNext', () => {
  const insertAgency = (code: string) => h.app.insertInto('agencies').values(agency(code));

  it('sends a write with the next statement, in the order the statements were made', async () => {
    const seen = await withTenant(h.app, tenant, async (trx) => {
      await sendWithNext(trx, trx.insertInto('agencies').values(agency('w1')));
      expect(sent).toEqual([]);
      return trx.selectFrom('agencies').select('code').where('code', '=', 'w1').execute();
    });
    expect(seen).toEqual([{ code: 'w1' }]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^begin; \/\* settings \*\/ select set_config\(.*\); \/\* with next \*\/ insert into "agencies" .*; select "code" from "agencies"/);
  });

  it('sends a write made last with the COMMIT', async () => {
    await withTenant(h.app, tenant, async (trx) => {
      await trx.selectFrom('agencies').select('code').execute();
      await sendWithNext(trx, trx.insertInto('agencies').values(agency('w2')));
      await sendWithNext(trx, sql`update agencies set name = ${"Dinas 'w2'"} where code = ${'w2'}`);
    });
    expect(sent.at(-1)).toMatch(/^\/\* with next \*\/ insert into "agencies" .*; \/\* with next \*\/ update agencies set name = 'Dinas ''w2''' where code = 'w2'; commit$/);
    expect(await codes()).toContain('w2');
  });

  it('fails the COMMIT when the write fails, and the transaction is rolled back', async () => {
    const taken = agency('w3');
    await expect(
      withTenant(h.app, tenant, async (trx) => {
        await trx.insertInto('agencies').values(agency('w4')).execute();
        await sendWithNext(trx, trx.insertInto('agencies').values({ ...taken, id: 'not a uuid' }));
      }),
    ).rejects.toThrow(/invalid input syntax for type uuid/);
    expect(sent.at(-1)).toBe('rollback');
    expect(await codes()).not.toContain('w4');
  });

  it('drops the write when the transaction rolls back, and sends nothing when nothing else was sent', async () => {
    await expect(
      withTenant(h.app, tenant, async (trx) => {
        await sendWithNext(trx, trx.insertInto('agencies').values(agency('w5')));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(sent).toEqual([]);
    expect(await codes()).not.toContain('w5');
  });

  it("keeps Kysely's savepoints: what is owed goes with the savepoint, and a rollback to it drops what was owed after it", async () => {
    // The owner's pool: a transaction Kysely controls has no tenant setting (row-level security).
    const trx = await h.owner.startTransaction().execute();
    try {
      await trx.insertInto('agencies').values(agency('s1')).execute();
      await sendWithNext(trx, trx.insertInto('agencies').values(agency('s2')));
      const kept = await trx.savepoint('before').execute();
      expect(sent.at(-1)).toMatch(/^\/\* with next \*\/ insert into "agencies" .*; savepoint "before"$/);
      await sendWithNext(kept, kept.insertInto('agencies').values(agency('s3')));
      const back = await kept.rollbackToSavepoint('before').execute();
      await back.insertInto('agencies').values(agency('s4')).execute();
      await back.releaseSavepoint('before').execute();
      await back.commit().execute();
    } catch (error) {
      await trx.rollback().execute();
      throw error;
    }
    expect((await h.owner.selectFrom('agencies').select('code').where('code', 'in', ['s1', 's2', 's3', 's4']).orderBy('code').execute()).map((r) => r.code)).toEqual(['s1', 's2', 's4']);
  });

  it('sends at once outside a transaction', async () => {
    await sendWithNext(h.owner, insertAgency('w6'));
    expect(sent).toHaveLength(1);
    expect(await codes()).toContain('w6');
  });

  it('after a failed statement, sends each statement on its own (a rollback to a savepoint is not refused with it)', async () => {
    const restored = await withTenant(h.app, tenant, async (trx) => {
      await sql`savepoint s`.execute(trx);
      await expect(sql`select 1 / 0`.execute(trx)).rejects.toThrow(/division by zero/);
      await expect(sendWithNext(trx, trx.insertInto('agencies').values(agency('w7')))).rejects.toThrow(/current transaction is aborted/);
      await sql`rollback to savepoint s`.execute(trx);
      return (await sql<{ t: string }>`select current_setting('gerbang.tenant_id') as t`.execute(trx)).rows[0]!.t;
    });
    expect(restored).toBe(tenant);
    expect(await codes()).not.toContain('w7');
  });

  it('sends a statement whose parameter cannot be a literal on its own, after what is owed', async () => {
    await expect(withTenant(h.app, tenant, (trx) => sql`select ${'a\u0000b'}::text`.execute(trx))).rejects.toThrow(/0x00/);
    expect(sent[0]).toBe(`begin; /* settings */ select set_config('gerbang.tenant_id', '${tenant}', true)`);
    expect(sent[1]).toBe('select $1::text');
  });
});

describe('readWithNext', () => {
  const codesLike = (trx: Tx, pattern: string) => trx.selectFrom('agencies').select('code').where('code', 'like', pattern).orderBy('code');

  it('sends a read with the next statement and gives its rows once that statement is answered', async () => {
    const reads = await withTenant(h.app, tenant, async (trx) => {
      const before = readWithNext(trx, codesLike(trx, 'r1%'));
      expect(sent).toEqual([]);
      const inserted = await trx.insertInto('agencies').values(agency('r1a')).returning('code').execute();
      // Made last, it goes with the COMMIT: awaited here, it would wait for ever.
      const after = readWithNext(trx, codesLike(trx, 'r1%'));
      await sendWithNext(trx, trx.insertInto('agencies').values(agency('r1b')));
      return { before: await before, inserted, after };
    });
    const { before, inserted } = reads;
    const after = await reads.after;
    // The first read went with the INSERT and saw the table before it; the second, with the second
    // INSERT and the COMMIT, saw the first row only: each read sees the transaction where it was made.
    expect(before).toEqual([]);
    expect(inserted).toEqual([{ code: 'r1a' }]);
    expect(after).toEqual([{ code: 'r1a' }]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^begin; \/\* settings \*\/ select set_config\(.*\); \/\* read with next \d+ \*\/ select "code" from "agencies" where "code" like 'r1%' order by "code"; insert into "agencies" /);
    expect(sent[1]).toMatch(/^\/\* read with next \d+ \*\/ select .*; \/\* with next \*\/ insert into "agencies" .*; commit$/);
    expect(await codes()).toEqual(expect.arrayContaining(['r1a', 'r1b']));
  });

  it('fails the statement it goes with when it fails, and rejects with the same error', async () => {
    let read: Promise<unknown> | undefined;
    await expect(
      withTenant(h.app, tenant, async (trx) => {
        read = readWithNext(trx, sql<{ n: number }>`select 1 / 0 as n`);
        await trx.insertInto('agencies').values(agency('r2')).execute();
      }),
    ).rejects.toThrow(/division by zero/);
    await expect(read).rejects.toThrow(/division by zero/);
    expect(await codes()).not.toContain('r2');
  });

  it('rejects when its transaction rolls back before anything else was sent, and sends nothing', async () => {
    let read: Promise<unknown> | undefined;
    let mapped: Promise<unknown> | undefined;
    await expect(
      withTenant(h.app, tenant, async (trx) => {
        read = readWithNext(trx, codesLike(trx, '%'));
        // Mapped, and never awaited by the work that failed: no unhandled rejection either.
        mapped = readWithNext(trx, codesLike(trx, '%'), (rows) => rows.length);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(read).rejects.toThrow(/not sent/);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(mapped).rejects.toThrow();
    expect(sent).toEqual([]);
  });

  it('gives what `map` makes of the rows', async () => {
    const count = await withTenant(h.app, tenant, async (trx) => {
      const n = readWithNext(trx, codesLike(trx, 'r1%'), (rows) => rows.map((r) => r.code).join(','));
      await trx.selectFrom('agencies').select('code').limit(1).execute();
      return n;
    });
    expect(count).toBe('r1a,r1b');
  });

  it('runs at once outside a transaction, and after a failed statement', async () => {
    expect(await readWithNext(h.app, sql<{ n: number }>`select 2 as n`)).toEqual([{ n: 2 }]);
    expect(sent).toHaveLength(1);
    await withTenant(h.app, tenant, async (trx) => {
      await sql`savepoint s`.execute(trx);
      await expect(sql`select 1 / 0`.execute(trx)).rejects.toThrow(/division by zero/);
      await expect(readWithNext(trx, sql`select 3 as n`)).rejects.toThrow(/current transaction is aborted/);
      await sql`rollback to savepoint s`.execute(trx);
    });
  });
});

describe('sendOwed', () => {
  it('sends what is owed at once, alone, and the reads get their rows; then nothing is owed', async () => {
    const row = agency('o1');
    const result = await withTenant(h.app, tenant, async (trx) => {
      await sendWithNext(trx, trx.insertInto('agencies').values(row));
      const read = readWithNext(trx, trx.selectFrom('agencies').select('code').where('code', '=', 'o1'));
      await sendOwed(trx);
      const rows = await read;
      await sendOwed(trx);
      return rows;
    });
    expect(result).toEqual([{ code: 'o1' }]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^begin; \/\* settings \*\/ select set_config\(.*\); \/\* with next \*\/ insert into "agencies" .*; \/\* read with next \d+ \*\/ select "code" from "agencies" where "code" = 'o1'$/);
    expect(sent[1]).toBe('commit');
  });

  it('sends nothing when only the BEGIN and settings are owed, or outside a transaction', async () => {
    await withTenant(h.app, tenant, (trx) => sendOwed(trx));
    await sendOwed(h.app);
    expect(sent).toEqual([]);
  });

  it('rejects with the error of an owed statement, and the transaction is rolled back', async () => {
    await expect(
      withTenant(h.app, tenant, async (trx) => {
        await sendWithNext(trx, trx.insertInto('agencies').values(agency('o3')));
        await sendWithNext(trx, sql`select 1 / 0`);
        await sendOwed(trx);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await codes()).not.toContain('o3');
  });
});

describe('executeAndCommit and readInInstallationScope', () => {
  const read = (trx: Tx) => trx.selectFrom('agencies').select('code').where('code', '=', 'a1');

  it('sends BEGIN, the settings, the read and COMMIT in one round trip, and returns the rows', async () => {
    const rows = await readInInstallationScope(h.app, tenant, read);
    expect(rows).toEqual([{ code: 'a1' }]);
    expect(sent).toEqual([
      `begin; /* settings */ select set_config('gerbang.tenant_id', '${tenant}', true), set_config('gerbang.scope', 'installation', true); /* last */ select "code" from "agencies" where "code" = 'a1'; commit`,
    ]);
    // The connection went back to the pool outside any transaction: the next one starts afresh.
    expect(await codes()).toContain('a1');
  });

  it('inside an enclosing transaction, is one statement of it and commits nothing', async () => {
    const row = agency('e1');
    await expect(
      withTenant(h.app, tenant, async (trx) => {
        await trx.insertInto('agencies').values(row).execute();
        expect(await readInInstallationScope(trx, tenant, (t) => t.selectFrom('agencies').select('code').where('code', '=', 'e1'))).toEqual([{ code: 'e1' }]);
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    expect(sent.some((s) => s.includes('commit'))).toBe(false);
    expect(await codes()).not.toContain('e1');
  });

  it('refuses a statement after the one the transaction was committed with', async () => {
    await expect(
      inTransaction(h.app, async (trx) => {
        await executeAndCommit(trx, read(trx));
        await trx.selectFrom('agencies').select('code').execute();
      }),
    ).rejects.toThrow(/after the one its transaction was committed with/);
    // Its ROLLBACK sent nothing (there was nothing left to undo), and the connection serves the next one.
    expect(sent.filter((s) => s === 'rollback')).toEqual([]);
    expect(await codes()).toContain('a1');
  });

  it('rolls back when the read fails: the COMMIT behind it is not run', async () => {
    const row = agency('f1');
    await expect(
      withTenant(h.app, tenant, async (trx) => {
        await sendWithNext(trx, trx.insertInto('agencies').values(row));
        await executeAndCommit(trx, sql<{ n: number }>`select 1 / 0 as n`);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(sent.at(-1)).toBe('rollback');
    expect(await codes()).not.toContain('f1');
  });
});

describe('inlineParameters', () => {
  it('replaces placeholders, not what looks like one inside a string, an identifier, a comment or a dollar quote', () => {
    const text = `select $1, '$1', E'\\'$1', "a$1""$1", $$ $1 $$, $x$ $1 $x$, a$1 /* $1 /* $1 */ */ -- $1\n, $2, $10`;
    const params = ['one', 'two', 3, 4, 5, 6, 7, 8, 9, 'ten'];
    expect(inlineParameters(text, params)).toBe(`select 'one', '$1', E'\\'$1', "a$1""$1", $$ $1 $$, $x$ $1 $x$, a$1 /* $1 /* $1 */ */ -- $1\n, 'two', 'ten'`);
  });

  it('writes values as node-postgres sends them, quoted, backslashes in an E string', () => {
    const at = new Date('2026-12-07T01:02:03.456Z');
    const values = [null, 42, true, "it's", 'C:\\dir', at, Buffer.from([0xde, 0xad]), ['a"b', null, "c'd"], { k: "v'" }];
    expect(inlineParameters('$1 $2 $3 $4 $5 $6 $7 $8 $9', values)).toBe(
      `NULL '42' 'true' 'it''s'  E'C:\\\\dir' '${pgUtils.prepareValue(at) as string}' E'\\\\xdead'  E'{"a\\\\"b",NULL,"c''d"}' '{"k":"v''"}'`,
    );
    expect(inlineParameters('select $1', ['a\u0000'])).toBeUndefined();
  });

  // What the server makes of a literal is what it made of the parameter: each pair read both ways.
  const cases: Array<[string, unknown[]]> = [
    ['select $1::int + 1 as v', [41]],
    ['select $1 as v', ["plain 'quoted' \\ back\\slash ünïcode 🙂"]],
    ['select $1::text || $2 as v', ['a\\', "'b"]],
    ['select v from unnest($1::text[]) as v', [['x', "y'", 'z\\', 'with "quotes"', null]]],
    ['select 2 = any($1) as v', [[1, 2, 3]]],
    ['select v from generate_series(1, 10) v order by v limit $1 offset $2', [3, 2]],
    ['select $1::jsonb as v', [{ a: ["b'c", 1, null], d: '\\' }]],
    ['select $1::bytea as v', [Buffer.from('\u0000\u00ff binary', 'latin1')]],
    ['select v from unnest($1::bytea[]) as v', [[Buffer.from([1, 2]), Buffer.from([0])]]],
    ['select $1::timestamptz as v', [new Date('2026-03-29T16:00:00.123Z')]],
    ['select $1::date as v', ['2026-03-31']],
    ['select $1::text is null as v', [null]],
    ['select $1::numeric * 2 as v', ['12345678901234567890.5']],
  ];
  it.each(cases)('%s', async (text, params) => {
    const inlined = inlineParameters(text, params);
    expect(inlined).toBeDefined();
    const viaParameters = await h.owner.executeQuery(CompiledQuery.raw(text, params));
    const viaLiteral = await h.owner.executeQuery(CompiledQuery.raw(inlined!));
    expect(sent).toHaveLength(2);
    expect(sent[1]).not.toMatch(/\$\d/);
    expect(viaLiteral.rows).toEqual(viaParameters.rows);
  });
});
