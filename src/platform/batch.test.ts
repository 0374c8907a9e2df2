import { describe, expect, it } from 'vitest';
import { createBatcher, createKeyedBatcher } from './batch.js';

/** A run whose batches stay open until `release()`, recording what each batch held. */
function gatedRun() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const run = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((n) => n * 10);
  };
  const release = () => gates.splice(0).forEach((open) => open());
  return { batches, run, release };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createBatcher', () => {
  it('writes a lone call at once, alone', async () => {
    const g = gatedRun();
    const b = createBatcher(g.run);
    const one = b.submit(1);
    await tick();
    expect(g.batches).toEqual([[1]]);
    g.release();
    expect(await one).toBe(10);
    await tick();
    expect(b.pending()).toBe(0);
  });

  it('groups the calls that arrive while the running batches are written', async () => {
    const g = gatedRun();
    const b = createBatcher(g.run, { concurrency: 1 });
    const results = [1, 2, 3, 4, 5].map((n) => b.submit(n));
    await tick();
    expect(g.batches).toEqual([[1]]);
    g.release();
    await tick();
    expect(g.batches).toEqual([[1], [2, 3, 4, 5]]);
    g.release();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
  });

  it('runs at most `concurrency` batches and at most `maxBatch` items in each', async () => {
    const g = gatedRun();
    const b = createBatcher(g.run, { concurrency: 2, maxBatch: 3 });
    const results = Array.from({ length: 10 }, (_, i) => b.submit(i));
    await tick();
    expect(g.batches).toEqual([[0], [1]]);
    expect(b.pending()).toBe(10);
    g.release();
    await tick();
    expect(g.batches.slice(2)).toEqual([
      [2, 3, 4],
      [5, 6, 7],
    ]);
    g.release();
    await tick();
    expect(g.batches.slice(4)).toEqual([[8, 9]]);
    g.release();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('with minBatchWhileBusy, a second batch starts beside a running one only once enough wait', async () => {
    const g = gatedRun();
    const b = createBatcher(g.run, { concurrency: 2, minBatchWhileBusy: 3 });
    const first = b.submit(1);
    await tick();
    const more = [2, 3].map((n) => b.submit(n));
    await tick();
    expect(g.batches).toEqual([[1]]); // two waiting: not yet
    const last = b.submit(4);
    await tick();
    expect(g.batches).toEqual([[1], [2, 3, 4]]);
    g.release();
    expect(await Promise.all([first, ...more, last])).toEqual([10, 20, 30, 40]);
  });

  it('settles each item with its own result or error', async () => {
    const b = createBatcher(async (items: number[]) => items.map((n) => (n % 2 ? new Error(`odd ${n}`) : n)), { concurrency: 1 });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => b.submit(n)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['odd 1', 2, 'odd 3', 4]);
  });

  it('tries each item alone when a batch of several throws, so one bad item fails only itself', async () => {
    const batches: number[][] = [];
    const b = createBatcher(
      async (items: number[]) => {
        batches.push(items);
        if (items.includes(3)) throw new Error('constraint violated by 3');
        return items;
      },
      { concurrency: 1 },
    );
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => b.submit(n)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([1, 2, 'constraint violated by 3', 4]);
    expect(batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('refuses a run that returns the wrong number of results, for each item', async () => {
    const b = createBatcher(async () => [] as number[]);
    await expect(b.submit(1)).rejects.toThrow(/returned 0 results/);
  });
});

describe('createKeyedBatcher', () => {
  it('never mixes keys in one batch, and writes different keys side by side', async () => {
    const seen: Array<[string, number[]]> = [];
    const gates: Array<() => void> = [];
    const b = createKeyedBatcher(
      async (key: string, items: number[]) => {
        seen.push([key, items]);
        await new Promise<void>((resolve) => gates.push(resolve));
        return items;
      },
      { concurrency: 1 },
    );
    const all = [b.submit('a', 1), b.submit('b', 2), b.submit('a', 3), b.submit('b', 4), b.submit('a', 5)];
    await tick();
    expect(seen).toEqual([
      ['a', [1]],
      ['b', [2]],
    ]);
    gates.splice(0).forEach((open) => open());
    await tick();
    expect(seen.slice(2)).toEqual([
      ['a', [3, 5]],
      ['b', [4]],
    ]);
    gates.splice(0).forEach((open) => open());
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5]);
    await tick();
    expect(b.pending()).toBe(0);
  });
});
