// The payment notification inbox (decision 0082). A gateway's notification used to be confirmed with
// the gateway's status query and booked before it was answered: ~30 statements and ~3 commits while
// the gateway waited. Now the endpoint only authenticates it and stores it durably: one round trip
// that looks the invoice up, records the notice once per gateway event and queues the job that
// confirms and books it (payments.process_notice). The notice's key is the gateway's event identity
// (tenant, gateway, event id), so a re-delivery inserts nothing and queues nothing.
//
// `receive_payment_notice` follows 0081's pattern: SECURITY INVOKER (gerbang_app's row-level security
// applies), sets the tenant for its own statements and puts back the enclosing setting, filters by the
// tenant itself. Its job row is the one enqueueJob writes (platform/jobs): state 'queued', run_at
// now() (the database's clock, as the runner's), attempts 0.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- What a gateway told Gerbang, stored before the gateway is answered: 'received' (its job queued),
    -- then 'processed' (in the booking's transaction: the ledger entry exists) or 'not_confirmed' (the
    -- gateway's status query does not list the payment: nothing credited; the reason says why).
    CREATE TABLE payment_notification_inbox (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      gateway text NOT NULL,
      event_id text NOT NULL,
      invoice_id uuid NOT NULL,
      invoice_number text NOT NULL,
      gateway_ref text NOT NULL,
      amount bigint NOT NULL,
      channel text NOT NULL CHECK (channel IN ('va', 'qris', 'ewallet')),
      paid_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processed', 'not_confirmed')),
      -- The booking's outcome ('credited', 'amount_mismatch', …) or why it was not confirmed.
      outcome text,
      settled_at timestamptz,
      PRIMARY KEY (tenant_id, gateway, event_id),
      FOREIGN KEY (tenant_id, invoice_id) REFERENCES payment_invoices (tenant_id, id),
      CHECK ((status = 'received') = (settled_at IS NULL))
    );
    -- The treasurer's list: notices not credited (not confirmed, or still waiting), oldest first.
    CREATE INDEX payment_notification_inbox_open ON payment_notification_inbox (tenant_id, received_at) WHERE status <> 'processed';

    GRANT SELECT, INSERT ON payment_notification_inbox TO gerbang_app;
    GRANT UPDATE (status, outcome, settled_at) ON payment_notification_inbox TO gerbang_app;
    ALTER TABLE payment_notification_inbox ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON payment_notification_inbox TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);

    -- 'unknown_invoice' (nothing written), 'received' (stored, job queued) or 'duplicate' (already held).
    CREATE FUNCTION receive_payment_notice(
      p_tenant uuid, p_gateway text, p_event_id text, p_invoice_number text, p_gateway_ref text,
      p_amount bigint, p_channel text, p_paid_at timestamptz, p_received_at timestamptz,
      p_job_kind text, p_job_max_attempts integer
    ) RETURNS text
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, public, pg_temp
      AS $$
      DECLARE
        enclosing text := current_setting('gerbang.tenant_id', true);
        v_invoice uuid;
        v_result text := 'duplicate';
      BEGIN
        PERFORM set_config('gerbang.tenant_id', p_tenant::text, true);
        SELECT i.id INTO v_invoice FROM payment_invoices i WHERE i.tenant_id = p_tenant AND i.number = p_invoice_number;
        IF v_invoice IS NULL THEN
          v_result := 'unknown_invoice';
        ELSE
          INSERT INTO payment_notification_inbox (tenant_id, gateway, event_id, invoice_id, invoice_number, gateway_ref, amount, channel, paid_at, received_at)
          VALUES (p_tenant, p_gateway, p_event_id, v_invoice, p_invoice_number, p_gateway_ref, p_amount, p_channel, p_paid_at, p_received_at)
          ON CONFLICT (tenant_id, gateway, event_id) DO NOTHING;
          IF FOUND THEN
            INSERT INTO jobs (tenant_id, kind, payload, max_attempts)
            VALUES (p_tenant, p_job_kind, jsonb_build_object('gateway', p_gateway, 'eventId', p_event_id), p_job_max_attempts);
            v_result := 'received';
          END IF;
        END IF;
        PERFORM set_config('gerbang.tenant_id', coalesce(enclosing, ''), true);
        RETURN v_result;
      END
      $$;
    REVOKE ALL ON FUNCTION receive_payment_notice(uuid, text, text, text, text, bigint, text, timestamptz, timestamptz, text, integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION receive_payment_notice(uuid, text, text, text, text, bigint, text, timestamptz, timestamptz, text, integer) TO gerbang_app;
  `.execute(db);
}
