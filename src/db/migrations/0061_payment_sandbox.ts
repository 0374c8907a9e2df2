// The sandbox payment gateway's own books (issue 19): the bills it issued, the payments its simulated
// bank recorded, and the notifications it sent about them. Kept apart from Gerbang's payment tables
// (0060) on purpose: the sandbox plays the bank, so its status query and settlement report answer from
// what the bank saw — a payment whose notification never reached Gerbang still shows there, and the
// day's reconciliation finds it, as it would with a real gateway. Tenant-owned, row-level security.
import { type Kysely, sql } from 'kysely';

const TABLES = ['payment_sandbox_bills', 'payment_sandbox_payments', 'payment_sandbox_notifications'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE payment_sandbox_bills (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      gateway_ref text NOT NULL,
      invoice_number text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('va', 'qris', 'ewallet')),
      amount bigint NOT NULL CHECK (amount > 0),
      va_number text,
      qris_payload text,
      checkout_url text,
      state text NOT NULL CHECK (state IN ('unpaid', 'paid', 'expired', 'cancelled')),
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, gateway_ref),
      -- One bill per invoice and channel: issuing again (a retried job, a page view) returns it.
      UNIQUE (tenant_id, invoice_number, channel)
    );
    CREATE UNIQUE INDEX payment_sandbox_bills_va ON payment_sandbox_bills (tenant_id, va_number) WHERE va_number IS NOT NULL;
    -- What the simulated bank took: a bill may be paid twice (a QRIS scanned again), too little, late.
    CREATE TABLE payment_sandbox_payments (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      event_id text NOT NULL,
      gateway_ref text NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      paid_at timestamptz NOT NULL,
      -- The Asia/Jakarta day the payment settles on (the settlement report's day).
      business_date date NOT NULL,
      PRIMARY KEY (tenant_id, event_id),
      FOREIGN KEY (tenant_id, gateway_ref) REFERENCES payment_sandbox_bills (tenant_id, gateway_ref)
    );
    CREATE INDEX payment_sandbox_payments_day ON payment_sandbox_payments (tenant_id, business_date);
    -- Each attempt to deliver a payment's notification, with the answer the platform gave.
    CREATE TABLE payment_sandbox_notifications (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      event_id text NOT NULL,
      attempt integer NOT NULL,
      sent_at timestamptz NOT NULL,
      status integer,
      error text,
      PRIMARY KEY (tenant_id, event_id, attempt),
      FOREIGN KEY (tenant_id, event_id) REFERENCES payment_sandbox_payments (tenant_id, event_id)
    );
  `.execute(db);
  for (const table of TABLES) {
    await sql`GRANT SELECT, INSERT ON ${sql.table(table)} TO gerbang_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
  // A bill's state changes (paid, expired, cancelled); payments and delivery attempts are append-only.
  await sql`GRANT UPDATE ON payment_sandbox_bills TO gerbang_app`.execute(db);
}
