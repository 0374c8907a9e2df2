// Public information requests (PPID, issue 21, DOMAIN.md §4: UU 14/2008, Perki 1/2021): the requests
// with their working-day deadlines and the one extension, the consequence-test records an exemption
// must reference, the objections to the PPID's superior (atasan PPID), and the identity documents a
// legal entity uploads. Tenant-owned: tenant_id leads every key, row-level security. Also the role of
// the atasan PPID (tenant-wide), added to the roles an officer may hold.
//
// What the database itself guarantees, whatever the code does:
//  - one extension, of 1–7 working days, always with its reason;
//  - a decision of one of the five kinds, with what its kind requires (an exemption its consequence
//    test, a partial grant its redaction, "not held" who holds it);
//  - one objection per request, on a ground of Pasal 35(1) a–g.
import { type Kysely, sql } from 'kysely';

const TABLES = ['information_consequence_tests', 'information_requests', 'information_objections', 'information_request_uploads'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE officer_roles DROP CONSTRAINT officer_roles_role_check;
    ALTER TABLE officer_roles ADD CONSTRAINT officer_roles_role_check CHECK (role IN ('tenant_admin', 'agency_admin',
      'verifier', 'approver', 'signer', 'treasurer', 'complaint_handler', 'complaint_coordinator', 'ppid',
      'ppid_superior', 'auditor'));

    -- The PPID's written consequence test (uji konsekuensi, UU 14/2008 Pasal 2(4), Pasal 17): what
    -- document, what of it is exempt, on which letter of Pasal 17, and why disclosure would harm.
    CREATE TABLE information_consequence_tests (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      document text NOT NULL CHECK (length(document) BETWEEN 1 AND 500),
      exempt_part text NOT NULL CHECK (length(exempt_part) BETWEEN 1 AND 2000),
      legal_ground text NOT NULL CHECK (legal_ground IN ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j')),
      reasoning text NOT NULL CHECK (length(reasoning) BETWEEN 1 AND 4000),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX information_consequence_tests_recent ON information_consequence_tests (tenant_id, created_at DESC);

    -- A legal entity's identity document (deed, NIB), uploaded by the citizen acting for it before the
    -- request that names it: who uploaded it, so nobody else can attach it.
    CREATE TABLE information_request_uploads (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      file_id uuid NOT NULL,
      citizen_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, file_id)
    );

    CREATE TABLE information_requests (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      number text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('online', 'paper')),
      -- The signed-in citizen who asked (online), or none (received on paper and recorded by an officer).
      citizen_id uuid,
      requester_name text NOT NULL CHECK (length(requester_name) BETWEEN 1 AND 200),
      requester_contact text CHECK (length(requester_contact) <= 254),
      requester_kind text NOT NULL CHECK (requester_kind IN ('person', 'legal_entity')),
      entity_name text CHECK (length(entity_name) <= 300),
      entity_document_file_id uuid,
      information text NOT NULL CHECK (length(information) BETWEEN 1 AND 4000),
      purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
      delivery text NOT NULL CHECK (delivery IN ('view', 'copy', 'email')),
      received_at timestamptz NOT NULL,
      -- The working day the receipt counts on, and the deadline (10 HK; extended: +1–7 HK).
      received_on date NOT NULL,
      due_on date NOT NULL,
      due_at timestamptz NOT NULL,
      calendar_confirmed boolean NOT NULL,
      extension_days smallint CHECK (extension_days BETWEEN 1 AND 7),
      extension_reason text CHECK (length(extension_reason) BETWEEN 1 AND 2000),
      extended_at timestamptz,
      decision text CHECK (decision IN ('granted_full', 'granted_part', 'refused_exempt', 'not_held', 'not_documented')),
      redaction text CHECK (length(redaction) <= 2000),
      holder text CHECK (length(holder) <= 300),
      consequence_test_id uuid,
      answer_text text CHECK (length(answer_text) <= 8000),
      decided_at timestamptz,
      decided_on date,
      -- Working days from the receipt's day to the decision's (the annual report's average).
      decided_working_days integer,
      recorded_by text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, consequence_test_id) REFERENCES information_consequence_tests (tenant_id, id),
      CHECK ((channel = 'online') = (citizen_id IS NOT NULL)),
      CHECK ((requester_kind = 'legal_entity') = (entity_name IS NOT NULL)),
      CHECK (channel = 'paper' OR (requester_kind = 'legal_entity') = (entity_document_file_id IS NOT NULL)),
      CHECK ((extension_days IS NULL) = (extension_reason IS NULL) AND (extension_days IS NULL) = (extended_at IS NULL)),
      CHECK ((decision IS NULL) = (decided_at IS NULL)),
      CHECK (decision IS DISTINCT FROM 'refused_exempt' OR consequence_test_id IS NOT NULL),
      CHECK (decision IS DISTINCT FROM 'granted_part' OR redaction IS NOT NULL),
      CHECK (decision IS DISTINCT FROM 'not_held' OR holder IS NOT NULL)
    );
    CREATE UNIQUE INDEX information_requests_number ON information_requests (tenant_id, number);
    -- The PPID's queue: open requests by deadline.
    CREATE INDEX information_requests_open ON information_requests (tenant_id, due_at) WHERE decision IS NULL;
    CREATE INDEX information_requests_received ON information_requests (tenant_id, received_on);
    CREATE INDEX information_requests_citizen ON information_requests (tenant_id, citizen_id) WHERE citizen_id IS NOT NULL;

    -- The objection (keberatan, UU 14/2008 Pasal 35–36) to the atasan PPID, and its answer.
    CREATE TABLE information_objections (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      request_id uuid NOT NULL,
      ground text NOT NULL CHECK (ground IN ('a', 'b', 'c', 'd', 'e', 'f', 'g')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
      filed_at timestamptz NOT NULL,
      filed_by text NOT NULL,
      due_on date NOT NULL,
      due_at timestamptz NOT NULL,
      answer text CHECK (length(answer) <= 8000),
      upheld boolean,
      answered_at timestamptz,
      answered_by text,
      PRIMARY KEY (tenant_id, request_id),
      FOREIGN KEY (tenant_id, request_id) REFERENCES information_requests (tenant_id, id),
      CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (upheld IS NULL))
    );
    CREATE INDEX information_objections_open ON information_objections (tenant_id, due_at) WHERE answered_at IS NULL;
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
  // Erasure removes a person's unused uploads.
  await sql`GRANT DELETE ON information_request_uploads TO gerbang_app`.execute(db);
}
