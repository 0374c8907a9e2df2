// The write rate limiter's counters (src/platform/http/rate-limit-store.ts) become an UNLOGGED table
// (decision 0018). Every limited request upserts one counter row in its own statement; on a logged
// table that commit waits for a WAL flush while it holds the row lock, so all requests from one
// address (a kelurahan office behind NAT, a load test) queue behind each other's fsync. Counters of
// an unlogged table write no WAL: the commit does not wait for the disk. What is given up: after a
// crash (not a clean restart) PostgreSQL empties the table, and standbys do not have it — every
// client starts a fresh one-minute window then, which is acceptable for ephemeral counters. Sign-in's
// brute-force protection (login_throttle, lockout) stays in a logged table.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE rate_limits SET UNLOGGED`.execute(db);
}
