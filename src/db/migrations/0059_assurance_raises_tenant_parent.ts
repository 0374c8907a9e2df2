// Issue 17: levels of assurance are the person's, with who raised them and when; and the tenant
// hierarchy (a province names its regencies and cities on the same installation).
//
//  - assurance_raises: one row per raise of a citizen's level (registry match, counter check), written
//    in the raise's transaction. Keyed by the citizen id, not by tenant: the level is the person's
//    wherever it was raised (accounts become installation-wide), and `tenant_id` names the tenant
//    that raised it, for the citizen ("by whom") and for other tenants' officers ("raised elsewhere").
//    No foreign key to citizens: their key changes when accounts leave the tenant (issue 17), and a
//    raise names only a level, a method and the tenant — nothing personal. Append-only for the app.
//  - tenants.parent_id: the province a regency or city belongs to (set by the platform operator,
//    `gerbang tenant parent`); NULL for a province, a ministry, or a city whose province is not on
//    the installation.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assurance_raises (
      citizen_id uuid NOT NULL,
      id uuid NOT NULL,
      level text NOT NULL CHECK (level IN ('registry', 'in_person')),
      method text NOT NULL CHECK (method IN ('registry', 'counter')),
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      -- The officer who checked the documents at a counter (NULL for a registry match, and for
      -- accounts a seed or an import created already verified).
      officer_id uuid,
      raised_at timestamptz NOT NULL,
      PRIMARY KEY (citizen_id, id),
      CHECK (method = 'counter' OR officer_id IS NULL)
    );
    CREATE INDEX assurance_raises_by_time ON assurance_raises (citizen_id, raised_at DESC);
    GRANT SELECT, INSERT ON assurance_raises TO gerbang_app;

    ALTER TABLE tenants ADD COLUMN parent_id uuid REFERENCES tenants (id),
      ADD CONSTRAINT tenants_parent_not_self CHECK (parent_id <> id);
  `.execute(db);
}
