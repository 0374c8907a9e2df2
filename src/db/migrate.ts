// Forward-only migrations (Kysely's Migrator: it locks, so two processes starting together are safe).
import { type Kysely, type Migration, Migrator } from 'kysely';
import { migrations } from './migrations/index.js';

function migrator(db: Kysely<unknown>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations as Record<string, Migration> },
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any typed Kysely instance
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Most starts have nothing to apply: reading the list is two statements, where the Migrator's run
  // takes its lock tables and lock in a transaction first (~0.1 s of every cold start, issue 16).
  if ((await pendingMigrations(db)).length === 0) return [];
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (used by /readyz). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
