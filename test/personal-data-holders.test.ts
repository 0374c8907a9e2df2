// So a new module cannot forget to join the personal-data rights (UU 27/2022; docs/identity.md, "Who
// holds what"): every column of the live schema that refers to a citizen, or holds a person's contact,
// must be claimed by a registered holder (src/platform/personal-data.ts), which says what erasure does
// to it. A table added with a `citizen_id`, an `applicant_id`, a `reporter_…` or a `recipient…` column
// and no holder fails here, naming the column.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../src/app.js'; // every module, as the app lists them: each registers its holder when it loads
import type { DatabaseHandle } from '../src/db/index.js';
import { claimedColumns, personalDataHolders } from '../src/platform/personal-data.js';
import { createTestDatabase } from './db.js';

/**
 * The names a reference to a citizen (or their contact data) goes by in this schema. `subject_id`,
 * `person_id` and `recipient_id` sit beside a `…_kind` that says citizen or officer; `subject` and
 * `actor` hold text references (`citizen:<uuid>`); `account_id` is the OpenID Provider's
 * "<tenant>.<citizen>".
 */
export const CITIZEN_REFERENCE = /^(citizen_id|[a-z_]+_citizen_id|applicant_id|account_id|person_id|subject_id|subject|actor|recipient(_[a-z]+)?|reporter_[a-z]+)$/;

/** Columns that match the names but refer to no citizen, each with the reason. */
const AUDIT = 'the audit chain holds pseudonymous references only (citizen:<uuid>, p:<hmac>), cannot be changed, and stays verifiable after an erasure (docs/audit.md)';
const SUBJECT_LINE = 'a message’s subject line, not a person';
const NOT_A_CITIZEN: Record<string, string> = {
  'audit_log.actor': AUDIT,
  'audit_log.subject': AUDIT,
  'audit_pending.actor': AUDIT,
  'audit_pending.subject': AUDIT,
  'notifications.subject': SUBJECT_LINE,
  'dev_mailbox.subject': SUBJECT_LINE,
  'notification_templates.subject': SUBJECT_LINE,
};

let db: DatabaseHandle;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

async function citizenColumns(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'kysely_migration'
    ORDER BY 1, 2`.execute(db.owner);
  return rows.filter((r) => CITIZEN_REFERENCE.test(r.column_name)).map((r) => `${r.table_name}.${r.column_name}`);
}

describe('personal-data holders', () => {
  it('claim every column of the live schema that refers to a citizen', async () => {
    const claimed = claimedColumns();
    const found = await citizenColumns();
    expect(found.length).toBeGreaterThan(5);
    const unclaimed = found.filter((c) => !claimed.has(c) && !(c in NOT_A_CITIZEN));
    expect(unclaimed, 'columns no personal-data holder claims: register them in the module’s holder').toEqual([]);
  });

  it('claim only columns that exist (a renamed column is claimed again under its new name)', async () => {
    const { rows } = await sql<{ name: string }>`SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = 'public'`.execute(db.owner);
    const existing = new Set(rows.map((r) => r.name));
    expect([...claimedColumns().keys()].filter((c) => !existing.has(c))).toEqual([]);
  });

  it('has every module that holds citizens’ data registered, identity last', () => {
    const names = personalDataHolders().map(([name]) => name);
    expect(names.sort()).toEqual(['applications', 'complaints', 'documents', 'identity', 'information-requests', 'notifications', 'oidc', 'payments', 'surveys', 'waiting-room']);
    expect(personalDataHolders().at(-1)?.[0]).toBe('identity');
  });
});
