// Kysely table types of the OpenID Provider's tables (migration 0056_oidc), kept apart so schema.ts
// stays readable. Keep in step with the migration.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface OidcClientTable {
  tenant_id: string;
  id: string;
  name: string;
  logo_url: string | null;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  scopes: string[];
  secret_hash: string | null;
  jwks: ColumnType<unknown, string | null, string | null>;
  nik_approved: boolean;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OidcPayloadTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grant_id: string | null;
  uid: string | null;
  account_id: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface OidcSigningKeyTable {
  kid: string;
  public_jwk: Json<Record<string, unknown>>;
  private_sealed: Buffer;
  created_at: Timestamp;
  retired_at: Date | null;
  expires_at: Date | null;
}
