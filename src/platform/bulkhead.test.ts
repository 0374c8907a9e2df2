// The bulkhead on its own: how many run at once, in what order the rest get their turn, and the 429
// beyond its queue (the work refused never runs).
import { describe, expect, it } from 'vitest';
import { createBulkhead } from './bulkhead.js';
import { DomainError } from './errors.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('createBulkhead', () => {
  it('runs at most `concurrency` at once and gives turns in the order asked', async () => {
    const b = createBulkhead({ name: 'test', concurrency: 2, queue: 10, retryAfterSeconds: 5 });
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const runs = gates.map((g, i) =>
      b.run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await g.opened;
        running -= 1;
        return i;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect([b.active, b.waiting]).toEqual([2, 3]);
    // The second finishes first: the third (not a later one) takes its place.
    gates[1]!.open();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect([b.active, b.waiting]).toEqual([0, 0]);
  });

  it('refuses with 429 and Retry-After beyond its queue, without running the work; a failed run frees its turn', async () => {
    const b = createBulkhead({ name: 'test', concurrency: 1, queue: 1, retryAfterSeconds: 7 });
    const g = gate();
    const first = b.run(() => g.opened);
    expect(b.saturated).toBe(false);
    const second = b.run(async () => 'second');
    let ran = false;
    expect(b.saturated).toBe(true);
    expect(b.refuse()).toMatchObject({ status: 429, vars: { seconds: 7 } });
    const third = b.run(async () => {
      ran = true;
    });
    await expect(third).rejects.toMatchObject({ status: 429, code: 'overloaded', vars: { seconds: 7 } });
    await expect(third).rejects.toBeInstanceOf(DomainError);
    expect(ran).toBe(false);
    g.open();
    await first;
    expect(await second).toBe('second');
    await expect(b.run(async () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(await b.run(async () => 'after')).toBe('after');
    expect([b.active, b.waiting]).toEqual([0, 0]);
  });
});
