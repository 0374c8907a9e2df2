// Reporter notifications through the notifications layer: complaint.received on submission and
// complaint.updated / complaint.answered on the officers' actions — to a signed-in citizen through
// notifyPerson (account contact from identity's getCitizenContact, access-logged; inbox), to a
// rahasia/public reporter without an account at the typed contact, to an anonymous reporter never.
// The texts are tenant-editable templates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altchaProof } from '../../../test/altcha.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { seedTestComplaints } from '../../../test/complaints.js';
import { signInAs, tenantIdOf } from '../../../test/auth.js';

let t: TestApp;
let tenantId: string;
let coordinator: string;
let citizen: { cookie: string; id: string };
const M = '/t/makassar';
const ACCOUNT_EMAIL = 'akun.warga@example.com';

const report = {
  kind: 'pengaduan',
  title: 'Kartu keluarga belum jadi',
  description: 'Sudah sebulan kartu keluarga belum jadi, padahal dijanjikan seminggu.',
};

beforeAll(async () => {
  t = await createTestApp();
  await seedTestComplaints(t);
  tenantId = await tenantIdOf(t, 'makassar');
  coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  const c = await signInAs(t, 'makassar', { kind: 'citizen', name: 'Warga Berakun' });
  citizen = { cookie: c.cookie, id: (c.principal as { id: string }).id };
  // The account's contact details (normally written by registration).
  await t.db.owner
    .insertInto('citizen_profiles')
    .values({ citizen_id: citizen.id, nik: '7371010101900001', birth_date: '1990-01-01', sex: 'P', email: ACCOUNT_EMAIL, phone: '+6281234567890', region_code: '73.71.01.1001' })
    .execute();
});
afterAll(async () => {
  await t?.close();
});

async function submit(body: Record<string, unknown>, cookie?: string) {
  const payload = cookie ? body : { ...body, altcha: await altchaProof() };
  const res = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints`, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, payload });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; trackingNumber: string };
}

async function act(ref: string, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/${ref}/actions`, headers: { 'content-type': 'application/json', cookie: coordinator }, payload: body });
  expect(res.statusCode).toBe(200);
}

/** Every notification and inbox message that mentions the tracking number. */
async function sentAbout(trackingNumber: string) {
  const queued = await t.db.owner
    .selectFrom('notifications')
    .select(['kind', 'channel', 'recipient', 'body_text'])
    .where('tenant_id', '=', tenantId)
    .where('body_text', 'like', `%${trackingNumber}%`)
    .orderBy('created_at')
    .execute();
  const inbox = await t.db.owner
    .selectFrom('notification_inbox')
    .select(['event', 'recipient_kind', 'recipient_id', 'body_text'])
    .where('tenant_id', '=', tenantId)
    .where('body_text', 'like', `%${trackingNumber}%`)
    .orderBy('created_at')
    .execute();
  return { queued, inbox };
}

describe('reporter notifications', () => {
  it('a signed-in citizen: received, verified, forwarded and answered — at the account address and in the inbox; the read is access-logged', async () => {
    const s = await submit({ ...report, privacy: 'public' }, citizen.cookie);
    await act(s.trackingNumber, { action: 'verify', tier: 'simple' });
    await act(s.trackingNumber, { action: 'dispatch', agencyId: 'disdukcapil' });
    await act(s.trackingNumber, { action: 'note', text: 'Catatan internal saja.' });
    await act(s.trackingNumber, { action: 'answer', text: 'KK sudah dapat diambil.' });
    const { queued, inbox } = await sentAbout(s.trackingNumber);
    expect(queued.map((q) => [q.kind, q.channel, q.recipient])).toEqual([
      ['complaint.received', 'email', ACCOUNT_EMAIL],
      ['complaint.updated', 'email', ACCOUNT_EMAIL],
      ['complaint.updated', 'email', ACCOUNT_EMAIL],
      ['complaint.answered', 'email', ACCOUNT_EMAIL],
    ]);
    expect(queued[0]!.body_text).toContain(`telah diterima Pemerintah Kota Makassar dengan nomor ${s.trackingNumber}`);
    expect(queued[1]!.body_text).toContain('Terverifikasi');
    expect(queued[2]!.body_text).toContain('Diteruskan');
    expect(inbox.map((i) => i.event)).toEqual(['complaint.received', 'complaint.updated', 'complaint.updated', 'complaint.answered']);
    expect(inbox.every((i) => i.recipient_kind === 'citizen' && i.recipient_id === citizen.id)).toBe(true);
    // The internal note is never sent to the reporter.
    expect(JSON.stringify({ queued, inbox })).not.toContain('Catatan internal');
    const access = await t.db.owner
      .selectFrom('personal_data_access')
      .select(['accessor_kind', 'purpose', 'fields'])
      .where('citizen_id', '=', citizen.id)
      .where('purpose', 'like', `%${s.trackingNumber}%`)
      .execute();
    expect(access.length).toBeGreaterThanOrEqual(1);
    expect(access[0]).toMatchObject({ accessor_kind: 'system', fields: ['name', 'email', 'phone'] });
  });

  it('the citizen’s preferences apply: complaint.updated switched to the inbox only', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: `${M}/api/v1/me/notification-preferences`,
      headers: { 'content-type': 'application/json', cookie: citizen.cookie },
      payload: { channels: { 'complaint.updated': ['inapp'] } },
    });
    expect(saved.statusCode).toBe(200);
    const s = await submit({ ...report, privacy: 'public' }, citizen.cookie);
    await act(s.trackingNumber, { action: 'reject', ground: 'unclear', reason: 'Mohon lengkapi lokasi kantor.' });
    const { queued, inbox } = await sentAbout(s.trackingNumber);
    expect(queued.map((q) => q.kind)).toEqual(['complaint.received']);
    expect(inbox.map((i) => i.event)).toEqual(['complaint.received', 'complaint.updated']);
    expect(inbox[1]!.body_text).toContain('Ditolak');
  });

  it('rahasia without an account: at the typed contact; closing says honestly how it ended', async () => {
    const s = await submit({ ...report, privacy: 'rahasia', reporter: { name: 'Rahasia', email: 'rahasia@example.com' } });
    await act(s.trackingNumber, { action: 'verify', tier: 'simple' });
    await act(s.trackingNumber, { action: 'dispatch', agencyId: 'disdukcapil' });
    await act(s.trackingNumber, { action: 'answer', text: 'Sudah selesai.' });
    await act(s.trackingNumber, { action: 'close', outcome: 'unresolved', reason: 'Pelapor tidak menanggapi.' });
    const { queued, inbox } = await sentAbout(s.trackingNumber);
    expect(queued.map((q) => [q.kind, q.recipient])).toEqual([
      ['complaint.received', 'rahasia@example.com'],
      ['complaint.updated', 'rahasia@example.com'],
      ['complaint.updated', 'rahasia@example.com'],
      ['complaint.answered', 'rahasia@example.com'],
      ['complaint.updated', 'rahasia@example.com'],
    ]);
    expect(queued[4]!.body_text).toContain('Ditutup — belum terselesaikan');
    expect(inbox).toEqual([]);
  });

  it('anonymous reporters get nothing, even signed in and with contact typed', async () => {
    for (const cookie of [undefined, citizen.cookie]) {
      const s = await submit({ ...report, privacy: 'anonim', reporter: { email: 'jangan@example.com' } }, cookie);
      await act(s.trackingNumber, { action: 'verify', tier: 'simple' });
      await act(s.trackingNumber, { action: 'dispatch', agencyId: 'disdukcapil' });
      await act(s.trackingNumber, { action: 'answer', text: 'Dijawab.' });
      expect(await sentAbout(s.trackingNumber)).toEqual({ queued: [], inbox: [] });
    }
  });

  it('complaint.received and complaint.updated are default templates (id/en × e-mail/SMS/in-app) a tenant can edit', async () => {
    const admin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
    const list = await t.app.inject({ method: 'GET', url: `${M}/api/v1/notification-templates`, headers: { cookie: admin } });
    const items = list.json().items as { event: string; lang: string; channel: string; source: string }[];
    for (const event of ['complaint.received', 'complaint.updated']) {
      expect(items.filter((d) => d.event === event && d.source === 'platform').map((d) => `${d.lang}/${d.channel}`).sort()).toEqual([
        'en/email', 'en/inapp', 'en/sms', 'id/email', 'id/inapp', 'id/sms',
      ]);
    }
    const saved = await t.app.inject({
      method: 'PUT',
      url: `${M}/api/v1/notification-templates/complaint.received/id/sms`,
      headers: { 'content-type': 'application/json', cookie: admin },
      payload: { text: 'Kami ({{tenantName}}) menerima laporan {{trackingNumber}}. Cek: {{url}}' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const s = await submit({ ...report, privacy: 'public', reporter: { phone: '081298765432' } });
    const { queued } = await sentAbout(s.trackingNumber);
    expect(queued).toEqual([expect.objectContaining({ kind: 'complaint.received', channel: 'sms', body_text: expect.stringContaining('Kami (Pemerintah Kota Makassar) menerima laporan') })]);
  });
});
