// Routing that learns per tenant (docs/complaints-routing.md, decision 0017): the coordinator's
// confirmations and corrections as training examples, the tenant's retrained model (all app processes
// load the same one), the record of every retraining run, and agency service areas (a place inside
// an area decides the agency). Tenant-owned: tenant_id leads every key, row-level security.
import { type Kysely, sql } from 'kysely';

const TABLES = ['complaint_training_examples', 'complaint_routing_models', 'complaint_retrain_runs', 'complaint_service_areas'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Bumped on every insert or relabel: "new since the last run" is seq > the run's watermark.
    CREATE SEQUENCE complaint_training_seq;

    -- One example per dispatched report: its masked text (as the public sees it: no NIK, phone or
    -- e-mail) and no reporter reference at all, the suggestion made at submission, the labels the
    -- coordinator settled on. Rejected reports never get a row (decision 0017).
    CREATE TABLE complaint_training_examples (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      complaint_id uuid NOT NULL,
      seq bigint NOT NULL DEFAULT nextval('complaint_training_seq'),
      text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 4300),
      suggested_category text,
      suggested_agency_code text,
      category_code text NOT NULL,
      agency_code text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('confirmed', 'corrected')),
      labelled_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, complaint_id),
      FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
    );
    CREATE INDEX complaint_training_examples_seq ON complaint_training_examples (tenant_id, seq);

    -- The tenant's current model (absent: the shipped base model). version counts swaps.
    CREATE TABLE complaint_routing_models (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      version integer NOT NULL,
      model jsonb NOT NULL,
      -- Training examples up to this seq were in the candidate's data.
      examples_through bigint NOT NULL,
      tenant_examples integer NOT NULL,
      category_accuracy real NOT NULL,
      agency_accuracy real NOT NULL,
      trained_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE complaint_retrain_runs (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id bigint GENERATED ALWAYS AS IDENTITY,
      trigger text NOT NULL CHECK (trigger IN ('threshold', 'nightly', 'manual')),
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL DEFAULT now(),
      examples_through bigint NOT NULL,
      base_examples integer NOT NULL,
      tenant_examples integer NOT NULL,
      new_corrections integer NOT NULL,
      base_held_out integer NOT NULL,
      tenant_held_out integer NOT NULL,
      -- Accuracy (0..1) of the current model and of the candidate, on the shipped held-out set and
      -- on the held-out slice of the tenant's examples (NULL when the slice is empty).
      before_category real NOT NULL,
      before_agency real NOT NULL,
      before_tenant_category real,
      before_tenant_agency real,
      after_category real NOT NULL,
      after_agency real NOT NULL,
      after_tenant_category real,
      after_tenant_agency real,
      swapped boolean NOT NULL,
      model_version integer,
      reason text NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX complaint_retrain_runs_recent ON complaint_retrain_runs (tenant_id, finished_at DESC);

    -- An agency's service area (a kecamatan, a UPT's road section…): a report whose point lies
    -- inside goes to that agency, for one category or (category_code NULL) for any.
    CREATE TABLE complaint_service_areas (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
      agency_id uuid NOT NULL,
      category_code text,
      -- GeoJSON geometry: Polygon or MultiPolygon, [longitude, latitude] positions.
      area jsonb NOT NULL CHECK (area->>'type' IN ('Polygon', 'MultiPolygon')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, agency_id) REFERENCES agencies (tenant_id, id),
      FOREIGN KEY (tenant_id, category_code) REFERENCES complaint_categories (tenant_id, code)
    );
  `.execute(db);
  for (const table of TABLES) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO gerbang_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
  await sql`GRANT DELETE ON complaint_service_areas TO gerbang_app`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE complaint_training_seq TO gerbang_app`.execute(db);
}
