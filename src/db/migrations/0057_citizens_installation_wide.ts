// One citizen account per NIK for the whole installation (issue 17; docs/identity.md, "One account
// for the installation"; decision 0057). Until now `citizens` was per tenant: the same person who
// used two governments had two accounts. This migration, in place:
//  1. merges the accounts that share a NIK (citizen_profiles.nik) into one: the account whose contact
//     was confirmed most recently survives with its id, contacts and password; the highest level of
//     assurance of the group is kept; every reference to a merged-away id in the tables below — the
//     list is fixed here, as a migration is a frozen snapshot — is rewritten to the survivor's; each
//     merge is appended to the audit chain (audit_pending, sequenced like any event) as
//     `citizen.merged` in the tenant the merged-away account belonged to;
//  2. records which tenants each person has used in `citizen_tenants` (one row per old account, with
//     the merged-away id it replaced, so a tenant's OpenID clients keep their pairwise subjects);
//  3. makes `citizens` and `citizen_profiles` installation-level (no tenant_id; keyed by id), with
//     the NIK/e-mail/phone look-up keys unique on the installation. The keys were tenant pseudonyms:
//     `keys_tenant_id` says whose key made them, and identity rekeys those rows with the installation
//     key when the runtime starts (rekeyCitizenLookups: the HMAC key is not the database's);
//  4. keeps the isolation in row-level security: a tenant sees a citizen (and the profile) only when
//     the citizen has a link to it; identity's sign-in, registration and session code opens an
//     explicit installation scope (`gerbang.scope = 'installation'`); a citizen reading their own
//     access log across tenants sets `gerbang.citizen_id` (rows about them only). Citizen sessions
//     are visible in the installation scope (one sign-in for every tenant); officers' stay per tenant.
// Tenant-owned tables that pointed at citizens (tenant_id, id) now point at citizen_tenants
// (tenant_id, citizen_id): a tenant's record about a person requires the person to be linked to it.
import { type Kysely, sql } from 'kysely';

const INSTALLATION = sql`current_setting('gerbang.scope', true) = 'installation'`;
const TENANT = sql`nullif(current_setting('gerbang.tenant_id', true), '')::uuid`;
const SELF = sql`nullif(current_setting('gerbang.citizen_id', true), '')::uuid`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Which account survives for each old one: the group of a NIK, most recently confirmed first.
    CREATE TEMPORARY TABLE citizen_merge ON COMMIT DROP AS
      WITH ranked AS (
        SELECT c.tenant_id, c.id, p.nik,
          first_value(c.id) OVER w AS survivor,
          first_value(c.tenant_id) OVER w AS survivor_tenant
        FROM citizens c JOIN citizen_profiles p ON p.tenant_id = c.tenant_id AND p.citizen_id = c.id
        WHERE c.status <> 'erased'
        WINDOW w AS (PARTITION BY p.nik ORDER BY c.contact_verified_at DESC NULLS LAST, c.created_at DESC, c.id)
      )
      SELECT tenant_id, id AS old_id, survivor AS new_id, survivor_tenant FROM ranked WHERE id <> survivor;

    -- The person keeps the highest level any of their accounts reached.
    UPDATE citizens s SET assurance = best.assurance
    FROM (
      SELECT m.new_id, (array_agg(c.assurance ORDER BY CASE c.assurance WHEN 'in_person' THEN 3 WHEN 'registry' THEN 2 ELSE 1 END DESC))[1] AS assurance
      FROM citizen_merge m JOIN citizens c ON c.tenant_id = m.tenant_id AND c.id = m.old_id
      GROUP BY m.new_id
    ) best
    WHERE s.id = best.new_id
      AND CASE best.assurance WHEN 'in_person' THEN 3 WHEN 'registry' THEN 2 ELSE 1 END
        > CASE s.assurance WHEN 'in_person' THEN 3 WHEN 'registry' THEN 2 ELSE 1 END;

    CREATE TABLE citizen_tenants (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      citizen_id uuid NOT NULL,
      -- When the person first used this tenant (registered, signed in on its pages, or acted there).
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      -- The tenant's own account id this person had before migration 0057 merged it (else NULL).
      former_citizen_id uuid,
      PRIMARY KEY (tenant_id, citizen_id)
    );
    CREATE INDEX citizen_tenants_citizen ON citizen_tenants (citizen_id);
    INSERT INTO citizen_tenants (tenant_id, citizen_id, first_seen_at, former_citizen_id)
      SELECT c.tenant_id, coalesce(m.new_id, c.id), c.created_at, m.old_id
      FROM citizens c LEFT JOIN citizen_merge m ON m.tenant_id = c.tenant_id AND m.old_id = c.id;

    -- Foreign keys onto the per-tenant citizens key go before the ids are rewritten.
    ALTER TABLE citizen_profiles DROP CONSTRAINT citizen_profiles_tenant_id_citizen_id_fkey;
    ALTER TABLE data_requests DROP CONSTRAINT data_requests_tenant_id_citizen_id_fkey;
    ALTER TABLE assisted_sessions DROP CONSTRAINT assisted_sessions_tenant_id_citizen_id_fkey;
    ALTER TABLE passkeys DROP CONSTRAINT passkeys_tenant_id_citizen_id_fkey;

    -- Every reference to a merged-away account (the tables that hold citizen ids as of 0056).
    UPDATE sessions t SET subject_id = m.new_id FROM citizen_merge m WHERE t.subject_kind = 'citizen' AND t.subject_id = m.old_id;
    UPDATE passkey_challenges t SET subject_id = m.new_id FROM citizen_merge m WHERE t.subject_kind = 'citizen' AND t.subject_id = m.old_id;
    UPDATE one_time_codes t SET subject = 'citizen:' || m.new_id FROM citizen_merge m WHERE t.subject = 'citizen:' || m.old_id;
    UPDATE personal_data_access t SET citizen_id = m.new_id FROM citizen_merge m WHERE t.citizen_id = m.old_id;
    UPDATE data_requests t SET citizen_id = m.new_id FROM citizen_merge m WHERE t.citizen_id = m.old_id;
    UPDATE assisted_sessions t SET citizen_id = m.new_id FROM citizen_merge m WHERE t.citizen_id = m.old_id;
    UPDATE passkeys t SET citizen_id = m.new_id FROM citizen_merge m WHERE t.citizen_id = m.old_id;
    UPDATE notification_inbox t SET recipient_id = m.new_id FROM citizen_merge m WHERE t.recipient_kind = 'citizen' AND t.recipient_id = m.old_id;
    UPDATE notification_preferences t SET person_id = m.new_id FROM citizen_merge m WHERE t.person_kind = 'citizen' AND t.person_id = m.old_id;
    UPDATE complaints t SET reporter_citizen_id = m.new_id FROM citizen_merge m WHERE t.reporter_citizen_id = m.old_id;
    UPDATE complaint_events t SET actor = 'citizen:' || m.new_id FROM citizen_merge m WHERE t.actor = 'citizen:' || m.old_id;
    UPDATE complaint_dispositions t SET actor = 'citizen:' || m.new_id FROM citizen_merge m WHERE t.actor = 'citizen:' || m.old_id;
    UPDATE applications t SET applicant_id = m.new_id FROM citizen_merge m WHERE t.applicant_id = m.old_id;
    UPDATE application_answers t SET submitted_by = 'citizen:' || m.new_id FROM citizen_merge m WHERE t.submitted_by = 'citizen:' || m.old_id;
    UPDATE application_events t SET actor = 'citizen:' || m.new_id FROM citizen_merge m WHERE t.actor = 'citizen:' || m.old_id;
    UPDATE application_uploads t SET citizen_id = m.new_id FROM citizen_merge m WHERE t.citizen_id = m.old_id;
    UPDATE application_uploads t SET uploaded_by = 'citizen:' || m.new_id FROM citizen_merge m WHERE t.uploaded_by = 'citizen:' || m.old_id;
    UPDATE application_drafts t SET citizen_id = m.new_id FROM citizen_merge m WHERE t.citizen_id = m.old_id;
    -- OpenID Provider state: account ids are "<tenant>.<citizen>".
    UPDATE oidc_payloads t
      SET account_id = m.tenant_id || '.' || m.new_id,
          payload = CASE WHEN t.payload ? 'accountId' THEN jsonb_set(t.payload, '{accountId}', to_jsonb(m.tenant_id || '.' || m.new_id)) ELSE t.payload END
      FROM citizen_merge m WHERE t.account_id = m.tenant_id || '.' || m.old_id;

    -- The merges in the audit chain, in the tenant the merged-away account belonged to (pseudonymous
    -- references only; canonical JSON: keys sorted, no spaces).
    INSERT INTO audit_pending (recorded_at, tenant_id, actor, action, subject, data)
      SELECT now(), m.tenant_id, 'system:migration-0057', 'citizen.merged', 'citizen:' || m.new_id,
        '{"from":"citizen:' || m.old_id || '","intoTenant":"' || m.survivor_tenant || '","reason":"same_nik"}'
      FROM citizen_merge m ORDER BY m.tenant_id, m.old_id;

    DELETE FROM citizen_profiles p USING citizen_merge m WHERE p.tenant_id = m.tenant_id AND p.citizen_id = m.old_id;
    DELETE FROM citizens c USING citizen_merge m WHERE c.tenant_id = m.tenant_id AND c.id = m.old_id;

    -- Citizens and their profiles become the installation's.
    DROP POLICY tenant_isolation ON citizens;
    DROP POLICY tenant_isolation ON citizen_profiles;
    DROP INDEX citizens_nik;
    DROP INDEX citizens_email;
    DROP INDEX citizens_phone;
    ALTER TABLE citizens ADD COLUMN keys_tenant_id uuid;
    UPDATE citizens SET keys_tenant_id = tenant_id WHERE nik_hash IS NOT NULL OR email_hash IS NOT NULL OR phone_hash IS NOT NULL;
    ALTER TABLE citizen_profiles DROP CONSTRAINT citizen_profiles_pkey;
    ALTER TABLE citizen_profiles DROP COLUMN tenant_id;
    ALTER TABLE citizen_profiles ADD PRIMARY KEY (citizen_id);
    ALTER TABLE citizens DROP CONSTRAINT citizens_pkey;
    ALTER TABLE citizens DROP COLUMN tenant_id;
    ALTER TABLE citizens ADD PRIMARY KEY (id);
    CREATE UNIQUE INDEX citizens_nik ON citizens (nik_hash) WHERE status <> 'erased';
    CREATE UNIQUE INDEX citizens_email ON citizens (email_hash) WHERE status <> 'erased';
    CREATE UNIQUE INDEX citizens_phone ON citizens (phone_hash) WHERE status <> 'erased';
    CREATE INDEX citizens_keys_tenant ON citizens (keys_tenant_id) WHERE keys_tenant_id IS NOT NULL;
    ALTER TABLE citizen_profiles ADD FOREIGN KEY (citizen_id) REFERENCES citizens (id) ON DELETE CASCADE;
    ALTER TABLE citizen_tenants ADD FOREIGN KEY (citizen_id) REFERENCES citizens (id) ON DELETE CASCADE;

    -- A tenant's records about a person need the person's link to that tenant.
    ALTER TABLE data_requests ADD FOREIGN KEY (tenant_id, citizen_id) REFERENCES citizen_tenants (tenant_id, citizen_id) ON DELETE CASCADE;
    ALTER TABLE assisted_sessions ADD FOREIGN KEY (tenant_id, citizen_id) REFERENCES citizen_tenants (tenant_id, citizen_id) ON DELETE CASCADE;
    ALTER TABLE passkeys ADD FOREIGN KEY (tenant_id, citizen_id) REFERENCES citizen_tenants (tenant_id, citizen_id) ON DELETE CASCADE;

    GRANT SELECT, INSERT ON citizen_tenants TO gerbang_app;
    ALTER TABLE citizen_tenants ENABLE ROW LEVEL SECURITY;
  `.execute(db);

  await sql`
    CREATE POLICY tenant_isolation ON citizen_tenants TO gerbang_app
      USING (tenant_id = ${TENANT}) WITH CHECK (tenant_id = ${TENANT});
    CREATE POLICY installation_scope ON citizen_tenants TO gerbang_app
      USING (${INSTALLATION}) WITH CHECK (${INSTALLATION});
    CREATE POLICY citizen_self ON citizen_tenants FOR SELECT TO gerbang_app USING (citizen_id = ${SELF});

    CREATE POLICY linked_or_installation ON citizens TO gerbang_app
      USING (${INSTALLATION} OR id = ${SELF}
        OR EXISTS (SELECT 1 FROM citizen_tenants l WHERE l.citizen_id = citizens.id AND l.tenant_id = ${TENANT}))
      WITH CHECK (${INSTALLATION}
        OR EXISTS (SELECT 1 FROM citizen_tenants l WHERE l.citizen_id = citizens.id AND l.tenant_id = ${TENANT}));
    CREATE POLICY linked_or_installation ON citizen_profiles TO gerbang_app
      USING (${INSTALLATION} OR citizen_id = ${SELF}
        OR EXISTS (SELECT 1 FROM citizen_tenants l WHERE l.citizen_id = citizen_profiles.citizen_id AND l.tenant_id = ${TENANT}))
      WITH CHECK (${INSTALLATION}
        OR EXISTS (SELECT 1 FROM citizen_tenants l WHERE l.citizen_id = citizen_profiles.citizen_id AND l.tenant_id = ${TENANT}));

    -- One sign-in for every tenant: a citizen's session is found from any tenant in the installation
    -- scope; an officer's only in its own tenant (tenant_isolation, unchanged).
    CREATE POLICY citizen_installation ON sessions TO gerbang_app
      USING (subject_kind = 'citizen' AND ${INSTALLATION})
      WITH CHECK (subject_kind = 'citizen' AND ${INSTALLATION});

    -- The citizen's own access log, every tenant's reads of their data.
    CREATE POLICY citizen_self ON personal_data_access FOR SELECT TO gerbang_app USING (citizen_id = ${SELF});
  `.execute(db);
}
