// Verification by code in one round trip (issue 20: ≥ 50 % of a raw lookup). A public look-up is one
// row, and a transaction around it — BEGIN, the tenant's setting, the SELECT, COMMIT — is four round
// trips where the raw lookup makes one. This function sets the tenant and reads in one statement the
// caller sends on its own (its implicit transaction ends the setting). Both layers of tenant isolation
// stay: it runs as its caller (SECURITY INVOKER, so gerbang_app's row-level security applies) and it
// filters by the tenant itself. Called inside a transaction, it puts back the setting it found.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION document_by_code(p_tenant uuid, p_code text) RETURNS SETOF documents
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, public, pg_temp
      AS $$
      DECLARE
        enclosing text := current_setting('gerbang.tenant_id', true);
      BEGIN
        PERFORM set_config('gerbang.tenant_id', p_tenant::text, true);
        RETURN QUERY SELECT * FROM documents d WHERE d.tenant_id = p_tenant AND d.code = p_code;
        PERFORM set_config('gerbang.tenant_id', coalesce(enclosing, ''), true);
      END
      $$;
    REVOKE ALL ON FUNCTION document_by_code(uuid, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION document_by_code(uuid, text) TO gerbang_app;
  `.execute(db);
}
