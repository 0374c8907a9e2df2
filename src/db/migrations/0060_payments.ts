// Non-cash payments (issue 19, DOMAIN.md §6): each tenant's gateway and rules, invoices (tagihan) with
// the ways to pay them and their history, every notification a gateway sent (each event processed
// once), the ledger of every rupiah received or returned, and the daily reconciliation against the
// gateway's settlement report. Money is integer rupiah (bigint). Every table is tenant-owned:
// tenant_id leads the primary key, row-level security.
//
// What the database itself guarantees, whatever the code does:
//  - one gateway event is processed once: payment_gateway_events' key is (tenant, gateway, event id),
//    and the event row is written in the credit's transaction — a replay finds it and changes nothing;
//  - an invoice is credited once: a unique index allows one 'credit' entry per invoice; money that
//    arrives for a paid, expired or cancelled invoice, or with the wrong amount, is a 'held' entry
//    (kept for refund or a treasurer's decision), never a second credit;
//  - ledger entries, invoice events and gateway events are append-only for the app.
import { type Kysely, sql } from 'kysely';

const TABLES = [
  'payment_settings',
  'payment_invoices',
  'payment_bills',
  'payment_invoice_events',
  'payment_gateway_events',
  'payment_ledger',
  'payment_reconciliations',
  'payment_reconciliation_items',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Per tenant: which gateway, its merchant identity and sealed credentials, how long an invoice is
    -- valid, and what happens to a payment that arrives after its invoice expired or was cancelled.
    CREATE TABLE payment_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      gateway text NOT NULL DEFAULT 'sandbox' CHECK (gateway IN ('sandbox', 'bisnap')),
      channels text[] NOT NULL DEFAULT '{va,qris,ewallet}',
      -- Hours an invoice can be paid after it is issued.
      invoice_valid_hours integer NOT NULL DEFAULT 72 CHECK (invoice_valid_hours BETWEEN 1 AND 720),
      -- 'accept': a late payment credits the invoice and moves the application on;
      -- 'refund': it is held and listed for refund. Never a silent credit or a silent loss.
      late_payment text NOT NULL DEFAULT 'refund' CHECK (late_payment IN ('accept', 'refund')),
      merchant_name text NOT NULL DEFAULT '',
      merchant_city text NOT NULL DEFAULT '',
      -- QRIS National Merchant ID and merchant category code.
      nmid text NOT NULL DEFAULT '',
      mcc text NOT NULL DEFAULT '9399',
      -- The adapter's non-secret configuration (base URL, partner and channel ids, key ids).
      gateway_config jsonb NOT NULL DEFAULT '{}',
      -- Secrets (client secret, private key) sealed under a key derived from APP_SECRET.
      gateway_secret_sealed text,
      updated_at timestamptz NOT NULL,
      updated_by uuid
    );

    -- A bill for one thing: an application's fee at its payment step (or one an officer issued).
    -- Cancelled and re-issued invoices keep their rows; 'replaces_id' links a re-issue to the one before.
    CREATE TABLE payment_invoices (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      -- TGH-XXXX-XXXX with a check character (platform/tracking-number.ts).
      number text NOT NULL,
      application_id uuid,
      step_id text,
      agency_id uuid NOT NULL,
      service_id uuid,
      service_version_id uuid,
      payer_id uuid NOT NULL,
      -- What it pays for, in both languages, and how the amount was reached (the fee rule and quantity).
      description jsonb NOT NULL,
      fee_basis jsonb NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      status text NOT NULL CHECK (status IN ('open', 'paid', 'expired', 'cancelled')),
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      paid_at timestamptz,
      closed_at timestamptz,
      cancel_reason text,
      replaces_id uuid,
      issued_by uuid,
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, number),
      FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id),
      FOREIGN KEY (tenant_id, replaces_id) REFERENCES payment_invoices (tenant_id, id),
      CHECK ((status = 'paid') = (paid_at IS NOT NULL)),
      CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
    );
    CREATE INDEX payment_invoices_application ON payment_invoices (tenant_id, application_id, issued_at DESC);
    CREATE INDEX payment_invoices_payer ON payment_invoices (tenant_id, payer_id, issued_at DESC);
    CREATE INDEX payment_invoices_open ON payment_invoices (tenant_id, expires_at) WHERE status = 'open';
    -- One open invoice per application step at a time.
    CREATE UNIQUE INDEX payment_invoices_one_open ON payment_invoices (tenant_id, application_id, step_id)
      WHERE status = 'open' AND application_id IS NOT NULL;

    -- How to pay an invoice on each channel the gateway issued (virtual account, dynamic QRIS, e-wallet).
    CREATE TABLE payment_bills (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      invoice_id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('va', 'qris', 'ewallet')),
      gateway text NOT NULL,
      gateway_ref text NOT NULL,
      bank_name text,
      va_number text,
      qris_payload text,
      checkout_url text,
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, invoice_id, channel),
      UNIQUE (tenant_id, gateway, gateway_ref),
      FOREIGN KEY (tenant_id, invoice_id) REFERENCES payment_invoices (tenant_id, id)
    );

    -- An invoice's history: issued, bill issued, paid, flagged, expired, cancelled, re-issued, refunded.
    CREATE TABLE payment_invoice_events (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      invoice_id uuid NOT NULL,
      seq integer NOT NULL,
      type text NOT NULL,
      at timestamptz NOT NULL,
      actor_id uuid,
      detail jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (tenant_id, invoice_id, seq),
      FOREIGN KEY (tenant_id, invoice_id) REFERENCES payment_invoices (tenant_id, id)
    );

    -- Every authenticated notification, once per gateway event: written in the same transaction as
    -- what it caused, with the outcome, so a replay gets the same answer and changes nothing.
    CREATE TABLE payment_gateway_events (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      gateway text NOT NULL,
      event_id text NOT NULL,
      gateway_ref text NOT NULL,
      invoice_id uuid,
      amount bigint NOT NULL,
      channel text NOT NULL,
      paid_at timestamptz NOT NULL,
      outcome text NOT NULL,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, gateway, event_id),
      FOREIGN KEY (tenant_id, invoice_id) REFERENCES payment_invoices (tenant_id, id)
    );
    CREATE INDEX payment_gateway_events_invoice ON payment_gateway_events (tenant_id, invoice_id);

    -- Every rupiah received or returned. 'credit': paid an invoice (one per invoice). 'held': received
    -- but not credited (wrong amount, paid twice, late under the refund rule) — owed back or decided by
    -- a treasurer. 'refund': returned (negative amount), with the reason and who recorded it.
    CREATE TABLE payment_ledger (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('credit', 'held', 'refund')),
      invoice_id uuid NOT NULL,
      agency_id uuid NOT NULL,
      service_id uuid,
      channel text NOT NULL CHECK (channel IN ('va', 'qris', 'ewallet')),
      gateway text NOT NULL,
      -- The gateway event that brought the money ('credit', 'held'); a refund names the entry it returns.
      gateway_event_id text,
      refund_of uuid,
      amount bigint NOT NULL CHECK ((kind = 'refund') = (amount < 0) AND amount <> 0),
      reason text,
      -- When the payer paid (the gateway's time) and the day it counts for (Asia/Jakarta).
      paid_at timestamptz NOT NULL,
      business_date date NOT NULL,
      booked_at timestamptz NOT NULL,
      booked_by uuid,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, invoice_id) REFERENCES payment_invoices (tenant_id, id),
      FOREIGN KEY (tenant_id, gateway, gateway_event_id) REFERENCES payment_gateway_events (tenant_id, gateway, event_id),
      FOREIGN KEY (tenant_id, refund_of) REFERENCES payment_ledger (tenant_id, id),
      CHECK ((kind = 'refund') = (refund_of IS NOT NULL)),
      CHECK (kind = 'refund' OR gateway_event_id IS NOT NULL),
      CHECK (kind = 'credit' OR reason IS NOT NULL)
    );
    CREATE UNIQUE INDEX payment_ledger_one_credit ON payment_ledger (tenant_id, invoice_id) WHERE kind = 'credit';
    CREATE UNIQUE INDEX payment_ledger_one_per_event ON payment_ledger (tenant_id, gateway, gateway_event_id) WHERE kind <> 'refund';
    CREATE UNIQUE INDEX payment_ledger_one_refund ON payment_ledger (tenant_id, refund_of) WHERE kind = 'refund';
    CREATE INDEX payment_ledger_by_day ON payment_ledger (tenant_id, business_date, agency_id, channel);

    -- One run of the daily reconciliation per gateway and day; a re-run adds a run, the newest is current.
    CREATE TABLE payment_reconciliations (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      gateway text NOT NULL,
      business_date date NOT NULL,
      ran_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('clean', 'mismatches', 'failed')),
      ledger_count integer NOT NULL,
      ledger_amount bigint NOT NULL,
      report_count integer NOT NULL,
      report_amount bigint NOT NULL,
      failure text,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, gateway, business_date, ran_at)
    );

    -- What a run found: in the report but not the ledger, in the ledger but not the report, or both
    -- with different amounts. A treasurer resolves each with a note.
    CREATE TABLE payment_reconciliation_items (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      reconciliation_id uuid NOT NULL,
      seq integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('missing_in_ledger', 'missing_in_report', 'amount_differs')),
      gateway_event_id text NOT NULL,
      invoice_number text,
      ledger_amount bigint,
      report_amount bigint,
      resolved_at timestamptz,
      resolved_by uuid,
      resolution text,
      PRIMARY KEY (tenant_id, reconciliation_id, seq),
      FOREIGN KEY (tenant_id, reconciliation_id) REFERENCES payment_reconciliations (tenant_id, id)
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
  // Settings, invoices (status) and reconciliation items (resolution) change; the rest is append-only.
  await sql`GRANT UPDATE ON payment_settings, payment_invoices, payment_reconciliation_items TO gerbang_app`.execute(db);
}
