// What node-postgres sends: the text of every query made through any client, from `recordStatements()`
// until `stop()` — for the tests that count a path's round trips.
import pg from 'pg';

export function recordStatements(): { texts: string[]; stop(): string[] } {
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  const texts: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    texts.push(typeof first === 'string' ? first : (first?.text ?? '?'));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return {
    texts,
    stop() {
      pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
      return texts;
    },
  };
}
