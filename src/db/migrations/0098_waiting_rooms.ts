// Waiting rooms for announced rushes (issue 23): a tenant admin turns one on for a service; citizens
// beyond its admission size take a ticket and enter in the order they came. The state is here, not in
// a process, so three app processes (or three servers) behind a proxy share one queue. A ticket belongs
// to one citizen (one live ticket per citizen and service: a second tab does not buy a second place);
// `seq` orders arrival, admission stamps admitted_at and the end of the admission's window, finishing
// (the application submitted, or the window over) frees the place.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE waiting_rooms (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      service_id uuid NOT NULL,
      enabled boolean NOT NULL,
      -- Citizens inside the journey at once (admitted, not finished, window not over).
      max_active integer NOT NULL CHECK (max_active BETWEEN 1 AND 100000),
      -- Admissions per minute the app itself should take for this service.
      admit_per_minute integer NOT NULL CHECK (admit_per_minute BETWEEN 1 AND 100000),
      -- How long an admitted citizen has to finish before the place goes to the next.
      window_minutes integer NOT NULL CHECK (window_minutes BETWEEN 1 AND 240),
      -- Beyond this many waiting, newcomers are turned away (429 with Retry-After).
      max_queue integer NOT NULL CHECK (max_queue BETWEEN 1 AND 1000000),
      -- The slowest dependencies behind the service: admission never outruns them (null: not used).
      registry_daily_quota integer CHECK (registry_daily_quota BETWEEN 1 AND 100000000),
      payment_per_minute integer CHECK (payment_per_minute BETWEEN 1 AND 100000),
      signing_per_minute integer CHECK (signing_per_minute BETWEEN 1 AND 100000),
      updated_at timestamptz NOT NULL,
      updated_by uuid NOT NULL,
      PRIMARY KEY (tenant_id, service_id)
    );
    GRANT SELECT, INSERT, UPDATE ON waiting_rooms TO gerbang_app;
    ALTER TABLE waiting_rooms ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON waiting_rooms TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);

    CREATE TABLE waiting_room_tickets (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      service_id uuid NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      citizen_id uuid NOT NULL,
      issued_at timestamptz NOT NULL,
      admitted_at timestamptz,
      admitted_until timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (tenant_id, service_id, seq),
      FOREIGN KEY (tenant_id, service_id) REFERENCES waiting_rooms (tenant_id, service_id),
      CHECK ((admitted_at IS NULL) = (admitted_until IS NULL))
    );
    -- One live ticket per citizen and service.
    CREATE UNIQUE INDEX waiting_room_tickets_live ON waiting_room_tickets (tenant_id, service_id, citizen_id) WHERE finished_at IS NULL;
    -- The queue (waiting, in order) and the admitted (counted against the room's size and rate).
    CREATE INDEX waiting_room_tickets_waiting ON waiting_room_tickets (tenant_id, service_id, seq) WHERE finished_at IS NULL AND admitted_at IS NULL;
    CREATE INDEX waiting_room_tickets_admitted ON waiting_room_tickets (tenant_id, service_id, admitted_at) WHERE admitted_at IS NOT NULL;
    -- DELETE: a citizen's erasure removes their tickets (personal-data.ts).
    GRANT SELECT, INSERT, UPDATE, DELETE ON waiting_room_tickets TO gerbang_app;
    ALTER TABLE waiting_room_tickets ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON waiting_room_tickets TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}
