import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/index.js';
import { createTestDatabase } from '../../../../test/db.js';
import { seedDemoTenants } from '../../tenancy/index.js';
import { createAuditLog, loadAuditSigner } from '../../../platform/audit/index.js';
import { systemContext } from '../../../platform/context.js';
import { checkCode, issueCode, ISSUE_LIMIT, MAX_ATTEMPTS } from './codes.js';

let db: DatabaseHandle;
let tenantA: string;
let tenantB: string;
const subject = 'citizen:8b0c2c43-7d4f-4c59-9d0e-5a1f3b2e0001';
const t0 = new Date('2026-12-01T03:00:00Z');
const after = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

beforeAll(async () => {
  db = await createTestDatabase();
  const audit = createAuditLog({ signer: loadAuditSigner({ dataDir: '/tmp/gerbang-codes-test', env: 'test' }), pseudonymKey: Buffer.alloc(32, 7) });
  await seedDemoTenants(systemContext(db.owner, audit, 'seed'));
  const rows = await db.owner.selectFrom('tenants').select(['id', 'slug']).orderBy('slug').execute();
  tenantA = rows[0]!.id;
  tenantB = rows[1]!.id;
});
afterAll(() => db.close());

describe('one-time codes', () => {
  it('accepts the right code once, within its lifetime', async () => {
    const issued = (await issueCode(db.app, tenantA, subject, 'verify_contact', t0))!;
    expect(issued.code).toMatch(/^\d{6}$/);
    expect(await checkCode(db.app, tenantA, subject, 'verify_contact', issued.code, after(9))).toBe('ok');
    expect(await checkCode(db.app, tenantA, subject, 'verify_contact', issued.code, after(9))).toBe('used');
  });

  it('refuses an expired code', async () => {
    const issued = (await issueCode(db.app, tenantA, subject, 'expiry', t0))!;
    expect(await checkCode(db.app, tenantA, subject, 'expiry', issued.code, after(10))).toBe('expired');
  });

  it('locks after the allowed number of wrong tries, even for the right code afterwards', async () => {
    const issued = (await issueCode(db.app, tenantA, subject, 'attempts', t0))!;
    const wrong = issued.code === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) answers.push(await checkCode(db.app, tenantA, subject, 'attempts', wrong, after(1)));
    expect(answers).toEqual([...Array(MAX_ATTEMPTS - 1).fill('wrong'), 'locked']);
    expect(await checkCode(db.app, tenantA, subject, 'attempts', issued.code, after(1))).toBe('locked');
  });

  it('keeps only the newest code valid and limits how many are issued', async () => {
    const first = (await issueCode(db.app, tenantA, subject, 'newest', t0))!;
    const second = (await issueCode(db.app, tenantA, subject, 'newest', after(1)))!;
    if (first.code !== second.code) {
      expect(await checkCode(db.app, tenantA, subject, 'newest', first.code, after(2))).toBe('wrong');
    }
    expect(await checkCode(db.app, tenantA, subject, 'newest', second.code, after(2))).toBe('ok');
    for (let i = 2; i < ISSUE_LIMIT; i++) expect(await issueCode(db.app, tenantA, subject, 'newest', after(3))).toBeDefined();
    expect(await issueCode(db.app, tenantA, subject, 'newest', after(3))).toBeUndefined();
    // A new window: codes again.
    expect(await issueCode(db.app, tenantA, subject, 'newest', after(20))).toBeDefined();
  });

  it('is tenant-scoped: another tenant has no such code', async () => {
    const issued = (await issueCode(db.app, tenantA, subject, 'tenant', t0))!;
    expect(await checkCode(db.app, tenantB, subject, 'tenant', issued.code, after(1))).toBe('none');
    const stored = await db.owner.selectFrom('one_time_codes').select('code_hash').where('id', '=', issued.id).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(issued.code);
  });
});
