// Migration 0057 on a database seeded the old way: migrated to 0056, two tenants each with an account
// for the same NIK (and a third person), with complaints, applications, sessions, notifications, an
// access-log row, a data request and an OpenID grant referencing them; then 0057 and the start-up
// rekey. One account per NIK, every reference on the survivor, the merge in the audit chain, isolation
// by the tenant links.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { withDatabase } from '../../../test/global-setup.js';
import { lookupKeys } from '../../modules/identity/citizens/service.js';
import { citizenSubjectId, rekeyCitizenLookups } from '../../modules/identity/index.js';
import { type AuditLog, createAuditLog, loadAuditSigner, verifyAudit } from '../../platform/audit/index.js';
import { APP_ROLE, createKysely, type Db, withInstallationScope, withTenant } from '../index.js';
import { migrations } from './index.js';

const NAME = `gerbang_m0057_${process.pid}_${Date.now().toString(36)}`;
let owner: Db;
let app: Db;
let dir: string;
let audit: AuditLog;
let signer: ReturnType<typeof loadAuditSigner>;

const A = randomUUID(); // Kota Makassar
const B = randomUUID(); // Provinsi Sulawesi Selatan
const C = randomUUID(); // a tenant the person never used
const OLD_A = randomUUID(); // confirmed first, in Makassar
const OLD_B = randomUUID(); // confirmed later, in the province: survives
const OTHER = randomUUID(); // another person, Makassar only
const NIK = '7371014101900001';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any typed Kysely instance
function migrator(db: Kysely<any>) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations as Record<string, Migration> } });
}

async function seedOldWay(db: Db) {
  const q = (text: TemplateStringsArray, ...values: unknown[]) => sql(text, ...values).execute(db);
  for (const [id, slug] of [[A, 'makassar'], [B, 'sulsel'], [C, 'gowa']] as const) {
    await q`INSERT INTO tenants (id, slug, name, kind, time_zone) VALUES (${id}, ${slug}, ${slug}, 'city', 'Asia/Makassar')`;
  }
  const citizen = async (tenant: string, id: string, nik: string, email: string, phone: string, verifiedAt: string, assurance: string) => {
    await q`INSERT INTO citizens (tenant_id, id, name, assurance, status, nik_hash, email_hash, phone_hash, password_hash, contact_verified_at, created_at)
      VALUES (${tenant}, ${id}, ${'Siti ' + email}, ${assurance}, 'active', ${'p:nik-' + tenant + nik}, ${'p:email-' + tenant + email}, ${'p:phone-' + tenant + phone}, ${'hash-' + id}, ${verifiedAt}, ${verifiedAt})`;
    await q`INSERT INTO citizen_profiles (tenant_id, citizen_id, nik, birth_date, sex, email, phone, region_code)
      VALUES (${tenant}, ${id}, ${nik}, '1990-01-01', 'P', ${email}, ${phone}, '73.71.01.1001')`;
  };
  await citizen(A, OLD_A, NIK, 'siti.lama@example.id', '+6281200000001', '2026-01-01T00:00:00Z', 'in_person');
  await citizen(B, OLD_B, NIK, 'siti.baru@example.id', '+6281200000002', '2026-06-01T00:00:00Z', 'unverified');
  await citizen(A, OTHER, '7371010101900002', 'budi@example.id', '+6281200000003', '2026-02-01T00:00:00Z', 'registry');

  // Records other modules keep about each account (foreign keys to their own parents left out: replica role).
  await q`SET session_replication_role = replica`;
  for (const [tenant, id] of [[A, OLD_A], [B, OLD_B]] as const) {
    await q`INSERT INTO sessions (tenant_id, id, subject_kind, subject_id, expires_at) VALUES (${tenant}, ${id.replace(/-/g, '').padEnd(64, '0')}, 'citizen', ${id}, now() + interval '1 hour')`;
    await q`INSERT INTO complaints (tenant_id, id, tracking_number, kind, title, description, category_code, privacy, reporter_citizen_id)
      VALUES (${tenant}, ${randomUUID()}, ${'LPR-' + id.slice(0, 8)}, 'pengaduan', 'Jalan rusak', 'Lubang besar', 'jalan', 'public', ${id})`;
    await q`INSERT INTO applications (tenant_id, id, tracking_number, service_id, service_version_id, agency_id, agencies, applicant_id, state, version, status, submitted_at, updated_at)
      VALUES (${tenant}, ${randomUUID()}, ${'APL-' + id.slice(0, 8)}, ${randomUUID()}, ${randomUUID()}, ${randomUUID()}, '{}', ${id}, '{}', 1, 'in_progress', now(), now())`;
    await q`INSERT INTO notification_inbox (tenant_id, id, recipient_kind, recipient_id, event, lang, title, body_text) VALUES (${tenant}, ${randomUUID()}, 'citizen', ${id}, 'complaint.answered', 'id', 'Jawaban', 'Laporan Anda dijawab.')`;
    await q`INSERT INTO notification_preferences (tenant_id, person_kind, person_id) VALUES (${tenant}, 'citizen', ${id})`;
    await q`INSERT INTO personal_data_access (tenant_id, id, citizen_id, accessor_kind, accessor_id, purpose, fields) VALUES (${tenant}, ${randomUUID()}, ${id}, 'officer', ${randomUUID()}, 'Tindak lanjut laporan', '{name}')`;
    await q`INSERT INTO one_time_codes (tenant_id, id, subject, purpose, code_hash, expires_at) VALUES (${tenant}, ${randomUUID()}, ${'citizen:' + id}, 'login', 'x', now())`;
  }
  await q`INSERT INTO data_requests (tenant_id, id, citizen_id, kind, details, due_at) VALUES (${A}, ${randomUUID()}, ${OLD_A}, 'correction', 'Alamat salah', now())`;
  await q`INSERT INTO oidc_payloads (model, id, payload, grant_id, account_id) VALUES ('Grant', 'g1', ${JSON.stringify({ accountId: `${A}.${OLD_A}`, clientId: 'gbc_x' })}, 'g1', ${`${A}.${OLD_A}`})`;
  await q`SET session_replication_role = DEFAULT`;
}

beforeAll(async () => {
  const adminUrl = inject('pgAdminUrl');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${NAME}"`);
  await admin.end();
  owner = createKysely(withDatabase(adminUrl, NAME), { max: 1 });
  app = createKysely(withDatabase(adminUrl, NAME), { max: 2, role: APP_ROLE });
  const before = await migrator(owner).migrateTo('0056_oidc');
  if (before.error) throw before.error;
  await seedOldWay(owner);
  const after = await migrator(owner).migrateToLatest();
  if (after.error) throw after.error;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-m0057-'));
  signer = loadAuditSigner({ dataDir: dir, env: 'test' });
  audit = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 7) });
}, 120_000);

afterAll(async () => {
  await app?.destroy();
  await owner?.destroy();
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`).finally(() => admin.end());
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('migration 0057: one citizen account per NIK', () => {
  it('merges the same NIK into the most recently confirmed account, keeping the highest assurance', async () => {
    const rows = await owner.selectFrom('citizens').select(['id', 'assurance', 'password_hash']).orderBy('id').execute();
    expect(rows.map((r) => r.id).sort()).toEqual([OLD_B, OTHER].sort());
    const survivor = rows.find((r) => r.id === OLD_B)!;
    expect(survivor).toMatchObject({ assurance: 'in_person', password_hash: `hash-${OLD_B}` });
    const profile = await owner.selectFrom('citizen_profiles').select(['email', 'phone']).where('citizen_id', '=', OLD_B).executeTakeFirstOrThrow();
    expect(profile).toEqual({ email: 'siti.baru@example.id', phone: '+6281200000002' });
    const links = await owner.selectFrom('citizen_tenants').select(['tenant_id', 'citizen_id', 'former_citizen_id']).orderBy('tenant_id').execute();
    expect(links).toEqual(
      expect.arrayContaining([
        { tenant_id: A, citizen_id: OLD_B, former_citizen_id: OLD_A },
        { tenant_id: B, citizen_id: OLD_B, former_citizen_id: null },
        { tenant_id: A, citizen_id: OTHER, former_citizen_id: null },
      ]),
    );
    expect(links).toHaveLength(3);
    // Towards the merged-away account's tenant (its OpenID applications' subjects), the old id stands.
    expect(await citizenSubjectId(app, A, OLD_B)).toBe(OLD_A);
    expect(await citizenSubjectId(app, B, OLD_B)).toBe(OLD_B);
    expect(await citizenSubjectId(app, A, OTHER)).toBe(OTHER);
  });

  it('rewrites every reference to the merged-away account, in every table, and nothing else', async () => {
    const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(owner)).rows[0]!.n);
    for (const [table, column] of [
      ['sessions', 'subject_id'],
      ['complaints', 'reporter_citizen_id'],
      ['applications', 'applicant_id'],
      ['notification_inbox', 'recipient_id'],
      ['notification_preferences', 'person_id'],
      ['personal_data_access', 'citizen_id'],
    ] as const) {
      expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${OLD_A}`), table).toBe(0);
      expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${OLD_B}`), table).toBe(2);
    }
    // Each tenant keeps its own records: one per tenant, now on the one account.
    const complaints = await owner.selectFrom('complaints').select('tenant_id').where('reporter_citizen_id', '=', OLD_B).execute();
    expect(complaints.map((c) => c.tenant_id).sort()).toEqual([A, B].sort());
    expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM one_time_codes WHERE subject = ${`citizen:${OLD_B}`}`)).toBe(2);
    expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM data_requests WHERE citizen_id = ${OLD_B} AND tenant_id = ${A}`)).toBe(1);
    const grant = await owner.selectFrom('oidc_payloads').select(['account_id', 'payload']).where('id', '=', 'g1').executeTakeFirstOrThrow();
    expect(grant.account_id).toBe(`${A}.${OLD_B}`);
    expect(grant.payload).toMatchObject({ accountId: `${A}.${OLD_B}`, clientId: 'gbc_x' });
  });

  it('records the merge in the audit chain, which verifies', async () => {
    expect(await audit.flush(owner)).toBeGreaterThanOrEqual(1);
    const entries = await owner.selectFrom('audit_log').select(['tenant_id', 'actor', 'action', 'subject', 'entry']).where('action', '=', 'citizen.merged').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ tenant_id: A, actor: 'system:migration-0057', subject: `citizen:${OLD_B}` });
    expect(JSON.parse(Buffer.from(entries[0]!.entry).toString('utf8')).data).toEqual({ from: `citizen:${OLD_A}`, intoTenant: B, reason: 'same_nik' });
    expect(await verifyAudit(owner, { publicKeys: [{ keyId: signer.keyId, publicKeyPem: signer.publicKeyPem }] })).toMatchObject({ ok: true });
  });

  it('rekeys the look-up keys into the installation scope at start-up, once', async () => {
    expect(await rekeyCitizenLookups(owner, audit)).toEqual({ rekeyed: 2, dropped: 0 });
    const keys = lookupKeys({ audit }, { nik: NIK, email: 'siti.baru@example.id', phone: '+6281200000002' });
    const row = await owner.selectFrom('citizens').select(['nik_hash', 'email_hash', 'phone_hash', 'keys_tenant_id']).where('id', '=', OLD_B).executeTakeFirstOrThrow();
    expect(row).toEqual({ nik_hash: keys.nikHash, email_hash: keys.emailHash, phone_hash: keys.phoneHash, keys_tenant_id: null });
    expect(await rekeyCitizenLookups(owner, audit)).toEqual({ rekeyed: 0, dropped: 0 });
  });

  it('lets a tenant see only the citizens linked to it; the installation scope sees the account by its NIK key', async () => {
    const visible = (tenant: string) => withTenant(app, tenant, (trx) => trx.selectFrom('citizens').select('id').orderBy('id').execute());
    expect((await visible(A)).map((r) => r.id).sort()).toEqual([OLD_B, OTHER].sort());
    expect((await visible(B)).map((r) => r.id)).toEqual([OLD_B]);
    expect(await visible(C)).toEqual([]);
    expect(await withTenant(app, C, (trx) => trx.selectFrom('citizen_profiles').select('citizen_id').execute())).toEqual([]);
    const nikHash = lookupKeys({ audit }, { nik: NIK, email: 'x@example.id', phone: '+6281200000009' }).nikHash;
    const found = await withInstallationScope(app, C, (trx) => trx.selectFrom('citizens').select('id').where('nik_hash', '=', nikHash).execute());
    expect(found).toEqual([{ id: OLD_B }]);
    // A tenant cannot link someone to another tenant, nor write a citizen it has no link to.
    await expect(withTenant(app, C, (trx) => trx.insertInto('citizen_tenants').values({ tenant_id: A, citizen_id: OTHER }).execute())).rejects.toThrow(/row-level security/);
    const updated = await withTenant(app, C, (trx) => trx.updateTable('citizens').set({ name: 'x' }).where('id', '=', OLD_B).executeTakeFirst());
    expect(Number(updated.numUpdatedRows)).toBe(0);
  });
});
