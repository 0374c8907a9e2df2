// Single use of proof-of-work solutions (ALTCHA, decision 0015): the id of every challenge whose
// solution was accepted, until the challenge expires (afterwards it is refused anyway, so the
// platform housekeeping job deletes the row). Platform table: no tenant, nothing about the reporter.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE altcha_replays (
      challenge_id text PRIMARY KEY CHECK (length(challenge_id) <= 100),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX altcha_replays_expires ON altcha_replays (expires_at);
    GRANT SELECT, INSERT, DELETE ON altcha_replays TO gerbang_app;
  `.execute(db);
}
