// Issue 17: a citizen's passkey is the person's, like their account (migration 0057): made at one
// tenant, it signs them in at every tenant that shares its relying party (the installation's address;
// a tenant on its own host is its own relying party, which WebAuthn itself keeps apart). Rows keep the
// tenant they were made at (it owns the link to the person). Officers' passkeys stay their tenant's.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE POLICY citizen_installation ON passkeys TO gerbang_app
      USING (citizen_id IS NOT NULL AND current_setting('gerbang.scope', true) = 'installation')
      WITH CHECK (citizen_id IS NOT NULL AND current_setting('gerbang.scope', true) = 'installation');
    -- Sign-in finds a credential by its id alone; the security page lists a person's from every tenant.
    CREATE INDEX passkeys_citizen_credential ON passkeys (credential_id) WHERE citizen_id IS NOT NULL;
    CREATE INDEX passkeys_by_citizen ON passkeys (citizen_id) WHERE citizen_id IS NOT NULL;
  `.execute(db);
}
