// Idempotency records that keep no secret and no link to a person, written in the transaction that
// does the work (src/platform/http/idempotency.ts). The old table stored the scope (with the caller's
// account id) and the response (with an anonymous report's secret code) in plain text, and committed
// an "in progress" row before the work, which a crash left stuck for 24 hours. Its rows are a replay
// cache of at most a day: they are dropped, not converted (their secrets must not survive anyway).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE idempotency_keys;
    CREATE TABLE idempotency_records (
      -- HMAC of (scope, client key): neither is stored.
      id bytea PRIMARY KEY CHECK (octet_length(id) = 32),
      -- HMAC of (scope, client key, request body): the same key with another body is refused.
      request_mac bytea NOT NULL CHECK (octet_length(request_mac) = 32),
      -- The result, sealed with a key derived from the client key (AES-256-GCM: iv, tag, ciphertext).
      -- Null only inside the transaction that claimed the key; never committed so.
      response bytea,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
    GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_records TO gerbang_app;
  `.execute(db);
}
