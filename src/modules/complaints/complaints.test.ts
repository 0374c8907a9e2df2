// Service tests on a real PostgreSQL (medium tests): the workflow, deadlines, privacy, duplicates,
// transfers, escalation and statistics. HTTP lives in routes.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.js';
import { type DatabaseHandle, withTenant } from '../../db/index.js';
import { type AuditLog, createAuditLog, loadAuditSigner } from '../../platform/audit/index.js';
import { type Actor, type ServiceContext, systemContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { seedDefaultTemplates } from '../notifications/index.js';
import * as intakeStore from './intake/store.js';
import { listTenants, seedDemoTenants, type Tenant, TenantDirectory } from '../tenancy/index.js';
import {
  actAsReporter,
  actOnComplaint,
  AgencyCache,
  complaintJobHandlers,
  complaintStatistics,
  ESCALATE_JOB,
  escalateOverdueComplaints,
  getComplaint,
  getTierDays,
  keywordRouting,
  listPublicComplaints,
  listQueue,
  createSubmissionWriter,
  type HandlingDeps,
  type IntakeDeps,
  minimalPhotoSanitizer,
  type OfficerAccess,
  revealIdentity,
  seedDemoComplaints,
  setTierDays,
  submitComplaint,
  suggestDuplicates,
  trackComplaint,
} from './index.js';

let h: DatabaseHandle;
let audit: AuditLog;
let makassar: Tenant;
let jateng: Tenant;
let agencyIds: Record<string, string>;
const agencies = new AgencyCache(0);

type ComplaintContext = ServiceContext & IntakeDeps & HandlingDeps;
// One writer, as the app has: concurrent submissions share its batches.
const submissions = createSubmissionWriter();

function ctxAt(now: Date | string, actor: Actor = { kind: 'anonymous' }): ComplaintContext {
  const at = new Date(now);
  return {
    db: h.app,
    audit,
    actor,
    lang: 'id',
    now: () => at,
    routing: keywordRouting,
    photos: minimalPhotoSanitizer,
    publicBaseUrl: 'http://localhost:3000',
    tenants: new TenantDirectory(h.app, () => new Date()),
    agencies,
    submissions,
  };
}

/** A context for one tenant (the services take it inside the context). */
const on = <C extends ServiceContext>(ctx: C, tenant: Tenant) => ({ ...ctx, tenant });

const coordinator: OfficerAccess = { officerId: '00000000-0000-4000-8000-00000000c001', coordinator: true, agencies: 'all' };
const handler = (code: string): OfficerAccess => ({ officerId: '00000000-0000-4000-8000-00000000a001', coordinator: false, agencies: [agencyIds[code]!] });

// A 1×1 PNG with a tEXt chunk (metadata that must be dropped).
function png(): Buffer {
  const crc = Buffer.alloc(4);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from('GPS\0-5.14,119.43', 'latin1')),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function expectDomainError(promise: Promise<unknown>, code: string, status?: number): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (status) expect((error as DomainError).status).toBe(status);
  return error as DomainError;
}

beforeAll(async () => {
  h = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-complaints-'));
  audit = createAuditLog({ signer: loadAuditSigner({ dataDir, env: 'test' }), pseudonymKey: Buffer.alloc(32, 5) });
  await seedDemoTenants(systemContext(h.owner, audit, 'seed'));
  await seedDefaultTemplates(systemContext(h.owner, audit, 'seed'));
  const seedCtx = { ...ctxAt(new Date()), actor: { kind: 'system', id: 'seed' } as Actor };
  await seedDemoComplaints(seedCtx);
  const tenants = await listTenants(h.owner);
  makassar = tenants.find((t) => t.slug === 'makassar')!;
  jateng = tenants.find((t) => t.slug === 'jateng')!;
  agencyIds = Object.fromEntries((await agencies.list(seedCtx, makassar.id)).map((a) => [a.code, a.id]));
});
afterAll(async () => {
  await h?.close();
});

const base = {
  kind: 'pengaduan' as const,
  title: 'Blanko KTP-el kosong',
  description: 'Sudah tiga kali ke kantor kecamatan, blanko KTP-el selalu kosong.',
  privacy: 'public' as const,
};

describe('submission', () => {
  it('routes by keywords, stores the report with a check-digit tracking number and a 3-working-day deadline', async () => {
    // Monday 16 March 2026, 10:00 WITA; 18–24 March are holidays and cuti bersama (SKB 2026).
    const result = await submitComplaint(on(ctxAt('2026-03-16T10:00:00+08:00'), makassar), {
      ...base,
      reporter: { name: 'Budi', email: 'budi@example.com' },
    });
    expect(result.trackingNumber).toMatch(/^ADU-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(result.routing).toMatchObject({ categoryCode: 'administrasi_kependudukan', suggested: 'administrasi_kependudukan' });
    expect(result.dueAt).toBe('2026-03-26T23:59:59.999+08:00');
    expect(result.secretCode).toBeUndefined();
    const { complaint } = await getComplaint(on(ctxAt('2026-03-16T11:00:00+08:00'), makassar), { viewer: { kind: 'officer', access: coordinator }, ref: result.trackingNumber });
    expect(complaint).toMatchObject({ status: 'submitted', agencyName: 'Dinas Kependudukan dan Pencatatan Sipil', reporter: { state: 'shown', name: 'Budi' } });
    // The confirmation is queued in the same transaction.
    const queued = await withTenant(h.app, makassar.id, (trx) =>
      trx.selectFrom('notifications').select(['kind', 'recipient']).where('tenant_id', '=', makassar.id).where('kind', '=', 'complaint.received').execute(),
    );
    expect(queued).toContainEqual({ kind: 'complaint.received', recipient: 'budi@example.com' });
  });

  it('refuses bad input with field errors and saves nothing', async () => {
    const before = await countComplaints();
    const e = await expectDomainError(
      submitComplaint(on(ctxAt(new Date()), makassar), { ...base, title: '', description: 'x'.repeat(4001), latitude: -5.1 }),
      'validation',
      400,
    );
    expect(e.fieldErrors.map((f) => f.field).sort()).toEqual(['/description', '/longitude', '/title']);
    const location = await expectDomainError(
      submitComplaint(on(ctxAt(new Date()), makassar), { ...base, categoryCode: 'jalan_rusak' }),
      'validation',
    );
    expect(location.fieldErrors[0]).toMatchObject({ field: '/latitude', messageKey: 'error.complaint.location_required' });
    const script = Buffer.from('#!/bin/sh\necho pwned\n');
    await expectDomainError(submitComplaint(on(ctxAt(new Date()), makassar), { ...base, photos: [script] }), 'complaint.photo_invalid', 422);
    await expectDomainError(
      submitComplaint(on(ctxAt(new Date()), makassar), { ...base, photos: [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(9 * 1024 * 1024)])] }),
      'complaint.photo_too_large',
      413,
    );
    expect(await countComplaints()).toBe(before);
  });

  it('warns, without refusing, when the service was received more than 30 days ago', async () => {
    const result = await submitComplaint(on(ctxAt('2026-05-04T09:00:00+08:00'), makassar), { ...base, serviceReceivedOn: '2026-03-20' });
    expect(result.warnings.map((w) => w.code)).toEqual(['late_filing']);
    await expectDomainError(
      submitComplaint(on(ctxAt('2026-05-04T09:00:00+08:00'), makassar), { ...base, serviceReceivedOn: '2026-06-01' }),
      'validation',
    );
  });

  it('keeps photos with metadata removed', async () => {
    const result = await submitComplaint(on(ctxAt(new Date()), makassar), { ...base, photos: [png()] });
    const { complaint } = await getComplaint(on(ctxAt(new Date()), makassar), { viewer: { kind: 'officer', access: coordinator }, ref: result.id });
    expect('photos' in complaint && complaint.photos).toEqual([{ idx: 0, mime: 'image/png', width: 1, height: 1 }]);
    const stored = await withTenant(h.app, makassar.id, (trx) => trx.selectFrom('complaint_photos').select('data').where('complaint_id', '=', result.id).executeTakeFirstOrThrow());
    expect(stored.data.includes(Buffer.from('GPS'))).toBe(false);
  });
});

describe('batched submission (group commit)', () => {
  it('concurrent submissions share transactions; each keeps its own number, event, receipt and audit entry', async () => {
    // One writer, as the app shares it: concurrent submissions go through one batcher.
    const shared = ctxAt(new Date());
    const ctxFor = (actor: Actor = { kind: 'anonymous' }): ComplaintContext => ({ ...shared, actor });
    const n = 12;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        submitComplaint(on(ctxFor(), makassar), {
          ...base,
          title: `Laporan serentak ${i}`,
          ...(i % 3 === 0 ? { privacy: 'anonim' as const } : { reporter: { name: `Warga ${i}`, email: `serentak${i}@example.com` } }),
        }),
      ),
    );
    expect(new Set(results.map((r) => r.trackingNumber)).size).toBe(n);
    const ids = results.map((r) => r.id);
    const rows = await withTenant(h.app, makassar.id, (trx) =>
      sql<{ id: string; tracking_number: string; title: string; tx: string; events: number }>`
        SELECT c.id, c.tracking_number, c.title, c.xmin::text AS tx,
               (SELECT count(*)::int FROM complaint_events e WHERE e.tenant_id = c.tenant_id AND e.complaint_id = c.id AND e.action = 'submitted') AS events
        FROM complaints c WHERE c.id = ANY(${ids}::uuid[])`.execute(trx),
    );
    expect(rows.rows).toHaveLength(n);
    for (const [i, r] of results.entries()) {
      expect(rows.rows.find((row) => row.id === r.id)).toMatchObject({ tracking_number: r.trackingNumber, title: `Laporan serentak ${i}`, events: 1 });
    }
    // Rows written by one transaction share its id (xmin): fewer transactions than submissions.
    expect(new Set(rows.rows.map((r) => r.tx)).size).toBeLessThan(n);
    const receipts = await withTenant(h.app, makassar.id, (trx) =>
      trx.selectFrom('notifications').select(['id', 'recipient', 'recipient_hash']).where('kind', '=', 'complaint.received').where('recipient', 'like', 'serentak%').execute(),
    );
    expect(receipts.map((r) => r.recipient).sort()).toEqual(
      results.flatMap((_, i) => (i % 3 === 0 ? [] : [`serentak${i}@example.com`])).sort(),
    );
    await audit.flush(h.app);
    const entries = await h.owner.selectFrom('audit_log').select(['subject', 'entry']).where('action', '=', 'complaint.submitted').execute();
    for (const [i, r] of results.entries()) {
      const entry = entries.find((e) => e.subject === `complaint:${r.id}`);
      const data = JSON.parse(Buffer.from(entry!.entry).toString('utf8')).data;
      expect(data.trackingNumber).toBe(r.trackingNumber);
      // The receipt is recorded in the report's own entry (no separate notification.queued entry).
      const sent = receipts.find((n) => n.recipient === `serentak${i}@example.com`);
      expect(data.receipt).toEqual(i % 3 === 0 ? undefined : { channel: 'email', notification: sent!.id, recipient: sent!.recipient_hash });
    }
    const queuedEntries = await h.owner.selectFrom('audit_log').select('subject').where('action', '=', 'notification.queued').execute();
    expect(queuedEntries.filter((e) => receipts.some((n) => e.subject === `notification:${n.id}`))).toEqual([]);
  });
});

describe('insertComplaintsWithEvents', () => {
  it('skips a complaint whose tracking number is taken, with its event; the others get exactly one event', async () => {
    const taken = await submitComplaint(on(ctxAt(new Date()), makassar), base);
    const row = (id: string, trackingNumber: string) => ({
      tenant_id: makassar.id,
      id,
      tracking_number: trackingNumber,
      kind: 'pengaduan' as const,
      title: 'Lampu jalan mati',
      description: 'Lampu jalan di depan pasar mati sejak seminggu.',
      category_code: taken.routing.categoryCode,
      privacy: 'public' as const,
    });
    const event = { at: new Date(), actor: 'system', action: 'submitted', to_status: 'submitted' };
    const [skipped, fresh] = [crypto.randomUUID(), crypto.randomUUID()];
    const inserted = await withTenant(h.app, makassar.id, (trx) =>
      intakeStore.insertComplaintsWithEvents(trx, [
        { row: row(skipped, taken.trackingNumber), event },
        { row: row(fresh, 'ADU-TEST-0001'), event },
      ]),
    );
    expect([...inserted]).toEqual([fresh]);
    const counts = await withTenant(h.app, makassar.id, (trx) =>
      sql<{ id: string; complaints: number; events: number }>`
        SELECT x.id, (SELECT count(*)::int FROM complaints c WHERE c.id = x.id) AS complaints,
               (SELECT count(*)::int FROM complaint_events e WHERE e.complaint_id = x.id) AS events
        FROM unnest(${[skipped, fresh]}::uuid[]) AS x(id)`.execute(trx),
    );
    expect(counts.rows).toEqual([
      { id: skipped, complaints: 0, events: 0 },
      { id: fresh, complaints: 1, events: 1 },
    ]);
  });
});

describe('the receipt never refuses a report', () => {
  it('past the address’s hourly limit (20) the report is stored and audited with receipt: rate limited; a landline gets no SMS', async () => {
    const shared = ctxAt(new Date());
    const email = 'sering.melapor@example.com';
    const results = await Promise.all(
      Array.from({ length: 22 }, (_, i) => submitComplaint(on(shared, makassar), { ...base, title: `Laporan berulang ${i}`, reporter: { email } })),
    );
    expect(new Set(results.map((r) => r.trackingNumber)).size).toBe(22);
    const receipts = await withTenant(h.app, makassar.id, (trx) =>
      trx.selectFrom('notifications').select('id').where('kind', '=', 'complaint.received').where('recipient', '=', email).execute(),
    );
    expect(receipts).toHaveLength(20);
    const landline = await submitComplaint(on(shared, makassar), { ...base, reporter: { phone: '(0411) 872 345' } });
    await audit.flush(h.app);
    const entries = await h.owner.selectFrom('audit_log').select(['subject', 'entry']).where('action', '=', 'complaint.submitted').execute();
    const receiptOf = (id: string) => JSON.parse(Buffer.from(entries.find((e) => e.subject === `complaint:${id}`)!.entry).toString('utf8')).data.receipt;
    expect(results.map((r) => receiptOf(r.id).refused).filter(Boolean)).toEqual(['notification.recipient_rate_limited', 'notification.recipient_rate_limited']);
    expect(results.filter((r) => receiptOf(r.id).notification).length).toBe(20);
    expect(receiptOf(landline.id)).toMatchObject({ channel: 'sms', refused: expect.any(String) });
  });
});

describe('anonymous reports', () => {
  it('store no identity at all, track by a secret code shown once, and have nothing to reveal', async () => {
    const canary = 'CANARY-anon-7731';
    const result = await submitComplaint(on(ctxAt(new Date(), { kind: 'citizen', id: '00000000-0000-4000-8000-0000000000c9' }), makassar), {
      ...base,
      privacy: 'anonim',
      reporter: { name: canary, email: `${canary}@example.com`, phone: '081234567890' },
    });
    expect(result.secretCode).toMatch(/^[2-9A-Z]{5}(-[2-9A-Z]{5}){3}$/);
    const row = await h.owner.selectFrom('complaints').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ reporter_citizen_id: null, reporter_name: null, reporter_email: null, reporter_phone: null });
    expect(row.secret_code_hash).not.toContain(result.secretCode!.replace(/-/g, ''));
    await audit.flush(h.app); // sequence the committed audit events (decision 0014)
    const dump = JSON.stringify(await sql`SELECT * FROM complaints, complaint_events, audit_log WHERE complaints.id = ${result.id}`.execute(h.owner).then((r) => r.rows));
    expect(dump).not.toContain(canary);
    expect(dump).not.toContain('00000000-0000-4000-8000-0000000000c9');
    const tracked = await trackComplaint(on(ctxAt(new Date()), makassar), { code: result.secretCode!.toLowerCase() });
    expect(tracked.trackingNumber).toBe(result.trackingNumber);
    await expectDomainError(trackComplaint(on(ctxAt(new Date()), makassar), { code: 'AAAAA-BBBBB-CCCCC-DDDDD' }), 'complaint.tracking_code_invalid', 404);
    await expectDomainError(trackComplaint(on(ctxAt(new Date()), jateng), { code: result.secretCode! }), 'complaint.tracking_code_invalid', 404);
    const { complaint } = await getComplaint(on(ctxAt(new Date()), makassar), { viewer: { kind: 'officer', access: coordinator }, ref: result.id });
    expect('reporter' in complaint && complaint.reporter).toEqual({ state: 'none' });
    await expectDomainError(revealIdentity(on(ctxAt(new Date()), makassar), { access: coordinator, ref: result.id, reason: 'perlu klarifikasi' }), 'complaint.nothing_to_reveal', 409);
  });
});

describe('confidential reports filed without an account', () => {
  it('get a secret code (as anonymous ones) that follows them, are never public, and keep the identity for a reveal', async () => {
    const result = await submitComplaint(on(ctxAt(new Date()), makassar), {
      ...base,
      privacy: 'rahasia',
      reporter: { name: 'Rina Rahasia', email: 'rina.rahasia@example.com' },
    });
    expect(result.secretCode).toMatch(/^[2-9A-Z]{5}(-[2-9A-Z]{5}){3}$/);
    const tracked = await trackComplaint(on(ctxAt(new Date()), makassar), { code: result.secretCode! });
    expect(tracked).toMatchObject({ trackingNumber: result.trackingNumber, privacy: 'rahasia' });
    // Still never public: the code is the reporter's only way in.
    await expectDomainError(getComplaint(on(ctxAt(new Date()), makassar), { viewer: { kind: 'public' }, ref: result.trackingNumber }), 'complaint.not_found', 404);
    const { complaint } = await getComplaint(on(ctxAt(new Date()), makassar), { viewer: { kind: 'officer', access: coordinator }, ref: result.id });
    expect('reporter' in complaint && complaint.reporter).not.toEqual({ state: 'none' });
    // Signed in, the account follows the report: no code.
    const signedIn = await submitComplaint(on(ctxAt(new Date(), { kind: 'citizen', id: '00000000-0000-4000-8000-0000000000ca' }), makassar), { ...base, privacy: 'rahasia' });
    expect(signedIn.secretCode).toBeUndefined();
  });
});

describe('the workflow', () => {
  it('verify → dispatch → follow up → answer (notified) → reporter rates and confirms; deadlines in working days', async () => {
    const citizen = { kind: 'citizen' as const, id: '00000000-0000-4000-8000-00000000c111' };
    const s = await submitComplaint(on(ctxAt('2026-03-16T10:00:00+08:00', citizen), makassar), { ...base, reporter: { email: 'warga@example.com' } });
    const officer = { kind: 'officer' as const, id: coordinator.officerId };
    await expectDomainError(actOnComplaint(on(ctxAt('2026-03-17T09:00:00+08:00', officer), makassar), { access: handler('disdukcapil'), ref: s.id, action: 'verify', tier: 'dispute' }), 'complaint.forbidden', 403);
    await expectDomainError(actOnComplaint(on(ctxAt('2026-03-17T09:00:00+08:00', officer), makassar), { access: handler('dinkes'), ref: s.id, action: 'answer', text: 'x' }), 'complaint.not_found', 404);
    await expectDomainError(actOnComplaint(on(ctxAt('2026-03-17T09:00:00+08:00', officer), makassar), { access: coordinator, ref: s.id, action: 'answer', text: 'x' }), 'complaint.invalid_transition', 409);
    const verified = await actOnComplaint(on(ctxAt('2026-03-17T09:00:00+08:00', officer), makassar), { access: coordinator, ref: s.id, action: 'verify', tier: 'dispute' });
    expect(verified).toMatchObject({ status: 'verified', tier: 'dispute' });
    const forwarded = await actOnComplaint(on(ctxAt('2026-03-17T10:00:00+08:00', officer), makassar), { access: coordinator, ref: s.id, action: 'dispatch', agencyId: 'disdukcapil' });
    // +5 HK from Tue 17 March: 25, 26, 27, 30, 31 March.
    expect(forwarded).toMatchObject({ status: 'forwarded', dueAt: '2026-03-31T15:59:59.999Z' });
    // +14 HK (dispute tier): … 17 April 2026 (3 April Good Friday off).
    expect(forwarded.resolutionDueAt).toBe('2026-04-14T15:59:59.999Z');
    expect(forwarded.dispositions).toHaveLength(1);
    const handlerCtx = ctxAt('2026-03-25T09:00:00+08:00', { kind: 'officer', id: 'h1' });
    await actOnComplaint(on(handlerCtx, makassar), { access: handler('disdukcapil'), ref: s.id, action: 'note', text: 'Cek stok blanko di gudang.' });
    await actOnComplaint(on(handlerCtx, makassar), { access: handler('disdukcapil'), ref: s.id, action: 'start' });
    const answered = await actOnComplaint(on(handlerCtx, makassar), { access: handler('disdukcapil'), ref: s.trackingNumber, action: 'answer', text: 'Blanko tersedia mulai 1 April.' });
    expect(answered.status).toBe('responded');
    const notified = await withTenant(h.app, makassar.id, (trx) =>
      trx.selectFrom('notifications').select(['recipient', 'body_text']).where('tenant_id', '=', makassar.id).where('kind', '=', 'complaint.answered').execute(),
    );
    expect(notified.some((n) => n.recipient === 'warga@example.com' && n.body_text.includes(s.trackingNumber))).toBe(true);
    // The public/reporter view never shows internal notes.
    const mine = await getComplaint(on(ctxAt(new Date(), citizen), makassar), { viewer: { kind: 'citizen', id: citizen.id }, ref: s.id });
    expect(mine.view).toBe('reporter');
    expect(JSON.stringify(mine.complaint)).not.toContain('gudang');
    await expectDomainError(actAsReporter(on(ctxAt(new Date(), citizen), makassar), { who: { citizenId: 'someone-else' }, ref: s.id, action: 'confirm', rating: 5, resolved: true }), 'complaint.not_found', 404);
    await expectDomainError(actAsReporter(on(ctxAt(new Date(), citizen), makassar), { who: { citizenId: citizen.id }, ref: s.id, action: 'confirm', rating: 6, resolved: true }), 'validation', 400);
    const closed = await actAsReporter(on(ctxAt(new Date(), citizen), makassar), { who: { citizenId: citizen.id }, ref: s.id, action: 'confirm', rating: 4, comment: 'Terima kasih', resolved: true });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'resolved', rating: 4 });
    await audit.flush(h.app);
    const events = await h.owner.selectFrom('audit_log').select(['action', 'actor']).where('subject', '=', `complaint:${s.id}`).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual([
      'complaint.submitted',
      'complaint.verify',
      'complaint.dispatch',
      'complaint.note',
      'complaint.start',
      'complaint.answer',
      'complaint.confirm',
    ]);
  });

  it('reopens once; a second "not resolved" closes honestly as unresolved', async () => {
    const officer = { kind: 'officer' as const, id: 'c1' };
    const s = await submitComplaint(on(ctxAt(new Date()), makassar), { ...base, privacy: 'anonim' });
    await actOnComplaint(on(ctxAt(new Date(), officer), makassar), { access: coordinator, ref: s.id, action: 'verify', tier: 'simple' });
    await actOnComplaint(on(ctxAt(new Date(), officer), makassar), { access: coordinator, ref: s.id, action: 'dispatch', agencyId: agencyIds.disdukcapil! });
    await actOnComplaint(on(ctxAt(new Date(), officer), makassar), { access: handler('disdukcapil'), ref: s.id, action: 'answer', text: 'Sudah ditangani.' });
    const who = { secretCode: s.secretCode! };
    await expectDomainError(actAsReporter(on(ctxAt(new Date()), makassar), { who: who, ref: null, action: 'reopen', reason: ' ' }), 'validation', 400);
    const reopened = await actAsReporter(on(ctxAt(new Date()), makassar), { who: who, ref: null, action: 'reopen', reason: 'Belum selesai, blanko masih kosong.' });
    expect(reopened.status).toBe('in_follow_up');
    await actOnComplaint(on(ctxAt(new Date(), officer), makassar), { access: handler('disdukcapil'), ref: s.id, action: 'answer', text: 'Sudah dikirim blanko.' });
    await expectDomainError(actAsReporter(on(ctxAt(new Date()), makassar), { who: who, ref: null, action: 'reopen', reason: 'Masih belum.' }), 'complaint.reopen_limit', 409);
    const closed = await actAsReporter(on(ctxAt(new Date()), makassar), { who: who, ref: null, action: 'confirm', rating: 2, resolved: false });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'unresolved' });
  });

  it("uses the tenant's own tier days for the resolution deadline", async () => {
    await setTierDays(on(ctxAt(new Date(), { kind: 'system', id: 'admin' }), jateng), { simple: 2, dispute: 10, field: 40 });
    expect(await getTierDays(on(ctxAt(new Date()), jateng))).toEqual({ simple: 2, dispute: 10, field: 40 });
    await expectDomainError(setTierDays(on(ctxAt(new Date()), jateng), { simple: 0, dispute: 10, field: 40 }), 'validation');
    const s = await submitComplaint(on(ctxAt('2026-03-02T09:00:00+07:00'), jateng), base);
    await actOnComplaint(on(ctxAt('2026-03-02T10:00:00+07:00'), jateng), { access: coordinator, ref: s.id, action: 'verify', tier: 'simple' });
    const forwarded = await actOnComplaint(on(ctxAt('2026-03-02T11:00:00+07:00'), jateng), { access: coordinator, ref: s.id, action: 'dispatch', agencyId: 'dinkes' });
    // Monday 2 March 2026 + 2 working days = Wednesday 4 March, end of day WIB.
    expect(forwarded.resolutionDueAt).toBe('2026-03-04T16:59:59.999Z');
  });

  it('rejects only with a reason', async () => {
    const s = await submitComplaint(on(ctxAt(new Date()), makassar), base);
    await expectDomainError(actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, action: 'reject', reason: '', ground: 'unclear' }), 'validation', 400);
    const rejected = await actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, action: 'reject', reason: 'Laporan tidak jelas.', ground: 'unclear' });
    expect(rejected.status).toBe('rejected');
  });

  it('escalates overdue reports once per deadline', async () => {
    const s = await submitComplaint(on(ctxAt('2026-03-16T10:00:00+08:00'), makassar), base);
    const sys = ctxAt('2026-03-27T08:00:00+08:00', { kind: 'system', id: 'escalate' });
    expect(await escalateOverdueComplaints(on(sys, makassar))).toBeGreaterThanOrEqual(1);
    const queue = await listQueue(on(sys, makassar), { access: coordinator });
    expect(queue.find((q) => q.id === s.id)).toMatchObject({ deadline: 'overdue', escalated: true });
    expect(await escalateOverdueComplaints(on(sys, makassar))).toBe(0);
  });

  it('the complaints.escalate job escalates every tenant in the job transaction', async () => {
    const s = await submitComplaint(on(ctxAt('2026-04-01T10:00:00+07:00'), jateng), base);
    const handlers = complaintJobHandlers({ db: h.app, audit, now: () => new Date('2026-05-01T00:00:00Z') });
    await h.app.transaction().execute((trx) => handlers[ESCALATE_JOB]!({ id: 1, kind: ESCALATE_JOB, payload: {}, tenantId: null, attempts: 0 }, trx));
    const row = await h.owner.selectFrom('complaints').select('escalated_at').where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(row.escalated_at).not.toBeNull();
  });
});

describe('confidential reports', () => {
  it('hide the reporter from officers until the coordinator reveals with a reason (audited)', async () => {
    const s = await submitComplaint(on(ctxAt(new Date()), makassar), { ...base, privacy: 'rahasia', reporter: { name: 'Siti Rahasia', phone: '081298765432' } });
    await actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, action: 'verify', tier: 'simple' });
    await actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, action: 'dispatch', agencyId: 'disdukcapil' });
    const { complaint } = await getComplaint(on(ctxAt(new Date()), makassar), { viewer: { kind: 'officer', access: handler('disdukcapil') }, ref: s.id });
    expect(JSON.stringify(complaint)).not.toContain('Siti');
    await expectDomainError(revealIdentity(on(ctxAt(new Date()), makassar), { access: handler('disdukcapil'), ref: s.id, reason: 'ingin tahu' }), 'complaint.forbidden', 403);
    await expectDomainError(revealIdentity(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, reason: '' }), 'validation', 400);
    const identity = await revealIdentity(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, reason: 'Klarifikasi lapangan diperlukan' });
    expect(identity.name).toBe('Siti Rahasia');
    await audit.flush(h.app);
    const entry = await h.owner.selectFrom('audit_log').select(['entry']).where('action', '=', 'complaint.identity_revealed').where('subject', '=', `complaint:${s.id}`).executeTakeFirstOrThrow();
    expect(entry.entry.toString()).not.toContain('0812');
    await expectDomainError(getComplaint(on(ctxAt(new Date()), makassar), { viewer: { kind: 'public' }, ref: s.id }), 'complaint.not_found', 404);
  });
});

describe('public list', () => {
  it('shows public and anonymous reports, never confidential ones, with NIK, phone numbers and e-mail addresses masked', async () => {
    const s = await submitComplaint(on(ctxAt(new Date()), makassar), {
      ...base,
      title: 'KTP hilang, hubungi 0812-3456-7890',
      description: 'NIK saya 7371014501900001, e-mail siti.aminah@example.com, tolong bantu.',
    });
    await actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, action: 'verify', tier: 'simple' });
    const page = await listPublicComplaints(on(ctxAt(new Date()), makassar), { limit: 100 });
    const item = page.items.find((i) => i.id === s.id)!;
    expect(item.title).toBe('KTP hilang, hubungi 0812******90');
    const { complaint } = await getComplaint(on(ctxAt(new Date()), makassar), { viewer: { kind: 'public' }, ref: s.trackingNumber });
    expect(complaint.description).toBe('NIK saya 7371************, e-mail s***@example.com, tolong bantu.');
    expect(page.items.every((i) => i.privacy === undefined)).toBe(true);
    const all = await h.owner.selectFrom('complaints').select(['id', 'privacy']).where('tenant_id', '=', makassar.id).execute();
    const hidden = new Set(all.filter((r) => r.privacy === 'rahasia').map((r) => r.id));
    expect(page.items.some((i) => hidden.has(i.id))).toBe(false);
    // Another tenant sees none of them (row-level security and the tenant filter).
    await expectDomainError(getComplaint(on(ctxAt(new Date()), jateng), { viewer: { kind: 'officer', access: coordinator }, ref: s.id }), 'complaint.not_found', 404);
  });

  it('paginates with a cursor', async () => {
    const first = await listPublicComplaints(on(ctxAt(new Date()), makassar), { limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await listPublicComplaints(on(ctxAt(new Date()), makassar), { limit: 2, cursor: first.nextCursor! });
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    await expectDomainError(listPublicComplaints(on(ctxAt(new Date()), makassar), { cursor: 'bogus' }), 'validation');
  });
});

describe('duplicates, merge and transfer', () => {
  it('suggests nearby similar reports and merges them', async () => {
    const place = { categoryCode: 'jalan_rusak', latitude: -5.135, longitude: 119.42 };
    const a = await submitComplaint(on(ctxAt(new Date()), makassar), { ...base, ...place, title: 'Jalan berlubang dekat sekolah', description: 'Jalan berlubang besar dekat sekolah dasar, bahaya untuk motor.' });
    const b = await submitComplaint(on(ctxAt(new Date()), makassar), { ...base, ...place, latitude: -5.1352, title: 'Lubang jalan dekat sekolah', description: 'Ada jalan berlubang besar dekat sekolah, motor sering jatuh.' });
    await submitComplaint(on(ctxAt(new Date()), makassar), { ...base, ...place, latitude: -5.2, title: 'Jalan berlubang dekat sekolah', description: 'Jalan berlubang besar dekat sekolah dasar.' });
    const suggestions = await suggestDuplicates(on(ctxAt(new Date()), makassar), { access: coordinator, ref: b.id });
    expect(suggestions.map((s) => s.id)).toEqual([a.id]);
    expect(suggestions[0]!.distanceMeters).toBeLessThan(50);
    const merged = await actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: b.id, action: 'merge', into: a.trackingNumber });
    expect(merged).toMatchObject({ status: 'rejected', outcome: 'duplicate', mergedInto: a.id });
    await expectDomainError(actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: a.id, action: 'merge', into: a.id }), 'validation');
  });

  it('transfers to another tenant ("no wrong door") and keeps the history', async () => {
    const s = await submitComplaint(on(ctxAt(new Date()), makassar), { ...base, reporter: { email: 'pindah@example.com' } });
    const moved = await actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, action: 'transfer', tenantSlug: 'jateng', reason: 'Kewenangan provinsi' });
    expect(moved).toMatchObject({ status: 'closed', outcome: 'transferred' });
    expect(moved.transferredTo).toMatch(/^jateng:ADU-/);
    expect(moved.dispositions[0]).toMatchObject({ toTenant: 'jateng', reason: 'Kewenangan provinsi' });
    const number = moved.transferredTo!.split(':')[1]!;
    const there = await getComplaint(on(ctxAt(new Date()), jateng), { viewer: { kind: 'officer', access: coordinator }, ref: number });
    expect(there.complaint).toMatchObject({ status: 'submitted', title: base.title });
    await expectDomainError(actOnComplaint(on(ctxAt(new Date()), makassar), { access: coordinator, ref: s.id, action: 'transfer', tenantSlug: 'nowhere', reason: 'x' }), 'complaint.invalid_transition');
  });
});

describe('statistics', () => {
  it('counts per agency: received, on time, answered, resolved, rating, top topics', async () => {
    const { agencies: stats } = await complaintStatistics(on(ctxAt(new Date()), makassar), { since: new Date('2020-01-01') });
    const capil = stats.find((s) => s.agencyCode === 'disdukcapil')!;
    expect(capil.received).toBeGreaterThanOrEqual(5);
    expect(capil.answered).toBeGreaterThanOrEqual(2);
    expect(capil.resolved).toBeGreaterThanOrEqual(1);
    expect(capil.averageRating).toBe(3);
    expect(capil.topTopics[0]).toMatchObject({ categoryCode: 'administrasi_kependudukan' });
    expect(capil.verifiedOnTime).toBeGreaterThanOrEqual(1);
  });
});

async function countComplaints(): Promise<number> {
  const r = await h.owner.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
