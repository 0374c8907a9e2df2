// A report sent by someone not signed in through the form without JavaScript carries no proof of
// work (decision 0015: accepted under a stricter per-address limit). The coordinator sees such
// reports marked so they can check them for spam first; the flag is internal (never in a public
// view or Open311). A constant default: adding the column does not rewrite the table.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE complaints ADD COLUMN without_proof boolean NOT NULL DEFAULT false`.execute(db);
}
