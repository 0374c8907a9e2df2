// Notification delivery: per-recipient rate limits (a keyed hash of the recipient, never another
// copy of the address) and provider delivery reports (delivered / failed / bounced), which arrive
// without a tenant and are applied by a SECURITY DEFINER function. Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- HMAC of the normalised recipient with the tenant's pseudonym key (the same value the audit
    -- entries carry): lets queueNotification count a person's recent messages without the address.
    ALTER TABLE notifications ADD COLUMN recipient_hash text, ADD COLUMN delivered_at timestamptz;
    CREATE INDEX notifications_recipient_recent ON notifications (tenant_id, recipient_hash, created_at);

    -- Delivery reports name only the provider's message id. This index does not lead with tenant_id
    -- (decision 0005): the lookup is across tenants by nature.
    CREATE INDEX notifications_provider_message ON notifications (provider_message_id, channel)
      WHERE provider_message_id IS NOT NULL;

    -- Order of final states: a report never lowers it, so any arrival order ends in the same state.
    CREATE FUNCTION notification_status_rank(status text) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE status WHEN 'delivered' THEN 1 WHEN 'failed' THEN 2 WHEN 'bounced' THEN 3 ELSE 0 END;

    -- Applies one provider report to the notification(s) with that provider message id on that
    -- channel, across tenants (the app role cannot read other tenants' rows; this function can do
    -- exactly this one update and returns only ids and statuses). Idempotent and order-independent.
    CREATE FUNCTION notification_delivery_report(
      p_channel text, p_provider_message_id text, p_status text, p_at timestamptz, p_reason text
    ) RETURNS TABLE (report_tenant_id uuid, notification_id uuid, new_status text, old_status text, changed boolean)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $fn$
    DECLARE
      r record;
      next_status text;
      next_delivered timestamptz;
    BEGIN
      IF p_status NOT IN ('delivered', 'failed', 'bounced') THEN
        RAISE EXCEPTION 'unknown delivery status %', p_status USING ERRCODE = '22023';
      END IF;
      FOR r IN
        SELECT n.tenant_id, n.id, n.status, n.delivered_at FROM public.notifications n
        WHERE n.provider_message_id = p_provider_message_id AND n.channel = p_channel
          AND n.status IN ('sent', 'delivered', 'failed', 'bounced')
        ORDER BY n.tenant_id, n.id
        FOR UPDATE
      LOOP
        next_status := CASE WHEN notification_status_rank(p_status) > notification_status_rank(r.status)
                            THEN p_status ELSE r.status END;
        next_delivered := CASE WHEN p_status = 'delivered' THEN least(coalesce(r.delivered_at, p_at), p_at)
                               ELSE r.delivered_at END;
        IF next_status IS DISTINCT FROM r.status OR next_delivered IS DISTINCT FROM r.delivered_at THEN
          UPDATE public.notifications n SET
            status = next_status,
            delivered_at = next_delivered,
            last_error = CASE WHEN next_status IS DISTINCT FROM r.status AND p_status <> 'delivered'
                              THEN p_reason ELSE n.last_error END,
            updated_at = now()
          WHERE n.tenant_id = r.tenant_id AND n.id = r.id;
          changed := true;
        ELSE
          changed := false;
        END IF;
        report_tenant_id := r.tenant_id;
        notification_id := r.id;
        new_status := next_status;
        old_status := r.status;
        RETURN NEXT;
      END LOOP;
    END
    $fn$;
    REVOKE ALL ON FUNCTION notification_delivery_report(text, text, text, timestamptz, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION notification_delivery_report(text, text, text, timestamptz, text) TO gerbang_app;
  `.execute(db);
}
