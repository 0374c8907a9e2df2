// Appending to the audit chain (docs/audit.md): inside the caller's transaction, under the lock of the
// single audit_head row, so the event commits exactly with the change and sequence numbers are gapless
// and in commit order.
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db/index.js';
import type { AuditAppender, AuditEventInput } from '../context.js';
import { encodeCanonical } from './canonical.js';
import { chainHash, leafHash, rowSigningBytes } from './merkle.js';
import { assertNoPersonalData } from './personal-data.js';
import type { AuditSigner } from './signer.js';

export type { AuditEventInput } from '../context.js';

export interface AuditLog extends AuditAppender {
  /**
   * Appends `event` in `trx`, the transaction that makes the change it records. Throws
   * PersonalDataInAuditError when actor, subject or data hold what looks like a raw NIK, e-mail
   * address or phone number.
   */
  append(trx: Tx, event: AuditEventInput): Promise<{ seq: number }>;
  /**
   * A stable pseudonym of a personal identifier within a tenant: `p:` + hex HMAC-SHA-256(key,
   * tenantId ‖ 0x00 ‖ value). Not reversible; equal within a tenant, different across tenants.
   */
  pseudonymize(tenantId: string, value: string): string;
}

/** The JSON stored (canonicalised) as `audit_log.entry`. */
export interface AuditEntry {
  seq: number;
  at: string;
  tenantId: string | null;
  actor: string;
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
}

export function createAuditLog(options: { signer: AuditSigner; pseudonymKey: Buffer }): AuditLog {
  const { signer, pseudonymKey } = options;
  if (pseudonymKey.length < 16) throw new Error('the audit pseudonym key must be at least 16 bytes');
  return {
    pseudonymize(tenantId, value) {
      const mac = createHmac('sha256', pseudonymKey)
        .update(Buffer.concat([Buffer.from(tenantId, 'utf8'), Buffer.from([0]), Buffer.from(value, 'utf8')]))
        .digest('hex');
      return `p:${mac}`;
    },

    async append(trx, event) {
      if (!trx.isTransaction) {
        throw new Error('audit.append must run inside the transaction that makes the change');
      }
      if (!event.actor || !event.action) throw new Error('an audit event needs an actor and an action');
      const at = event.at ?? new Date();
      if (Number.isNaN(at.getTime())) throw new Error('audit event time is not a valid date');
      // Check before taking the lock; the entry's data is checked as it will be stored (after JSON).
      assertNoPersonalData(event.actor, 'actor');
      assertNoPersonalData(event.subject, 'subject');
      const data = encodeCanonical(event.data ?? {}).json;
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw new TypeError('audit event data must be a JSON object');
      }
      assertNoPersonalData(data, 'data');

      // Locking the head serialises appends: gapless sequence numbers, chain order = commit order.
      const { rows } = await sql<{ seq: number | string; chain_hash: Buffer }>`
        SELECT seq, chain_hash FROM audit_head WHERE id = 1 FOR UPDATE`.execute(trx);
      const head = rows[0];
      if (!head) throw new Error('audit_head is missing: the audit tables are damaged');
      const seq = Number(head.seq) + 1;
      const entryValue: AuditEntry = {
        seq,
        at: at.toISOString(),
        tenantId: event.tenantId ?? null,
        actor: event.actor,
        action: event.action,
        subject: event.subject ?? null,
        data: data as Record<string, unknown>,
      };
      const entry = encodeCanonical(entryValue).bytes;
      const leaf = leafHash(entry);
      const chain = chainHash(head.chain_hash, leaf);
      await trx
        .insertInto('audit_log')
        .values({
          seq,
          recorded_at: at,
          tenant_id: entryValue.tenantId,
          actor: entryValue.actor,
          action: entryValue.action,
          subject: entryValue.subject,
          entry,
          leaf_hash: leaf,
          chain_hash: chain,
          signature: signer.sign(rowSigningBytes(seq, chain)),
          key_id: signer.keyId,
        })
        .execute();
      await trx.updateTable('audit_head').set({ seq, chain_hash: chain }).where('id', '=', 1).execute();
      return { seq };
    },
  };
}
