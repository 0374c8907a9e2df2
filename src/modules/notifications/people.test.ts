import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, withTenant } from '../../db/index.js';
import type { AuditLog } from '../../platform/audit/index.js';
import { createJobRunner, type JobLog } from '../../platform/jobs/index.js';
import {
  cancelScheduled,
  type Channels,
  DIGEST_JOB,
  digestJobHandlers,
  getPreferences,
  listInbox,
  markAllRead,
  markRead,
  nextDigestRun,
  type NotificationContext,
  notificationJobHandlers,
  notifyFromTemplate,
  notifyPerson,
  notifyPersons,
  notifyPersonsWithNext,
  scheduleDailyDigest,
  seedDefaultTemplates,
  unreadCount,
  updatePreferences,
} from './index.js';
import { inTenant, type NotificationDeliveryEnv, refusal, startNotificationDeliveryEnv } from './test-env.js';
import './test-events.js';
import { recordStatements } from '../../../test/statements.js';

const TENANT = '00000000-0000-4000-8000-0000000000c1';
const OTHER = '00000000-0000-4000-8000-0000000000c2';
const CITIZEN = '11111111-1111-4111-8111-111111111111';
const OFFICER = '22222222-2222-4222-8222-222222222222';
const quiet: JobLog = { info() {}, warn() {}, error() {} };

let env: NotificationDeliveryEnv;
let h: DatabaseHandle;
let audit: AuditLog;
let channels: Channels;
let ctx: NotificationContext;

beforeAll(async () => {
  env = await startNotificationDeliveryEnv('people');
  ({ h, audit, channels, ctx } = env);
  for (const [id, slug] of [
    [TENANT, 'people-a'],
    [OTHER, 'people-b'],
  ] as const) {
    await h.owner.insertInto('tenants').values({ id, slug, name: slug, kind: 'city', time_zone: 'Asia/Jakarta' }).execute();
  }
  await seedDefaultTemplates({ db: h.owner, audit, actor: { kind: 'system', id: 'seed' } });
});
afterAll(() => env.close());
beforeEach(async () => {
  await sql`DELETE FROM jobs; DELETE FROM notifications; DELETE FROM dev_mailbox;
    DELETE FROM notification_inbox; DELETE FROM notification_preferences`.execute(h.owner);
});

const citizen = { kind: 'citizen', id: CITIZEN } as const;
const officer = { kind: 'officer', id: OFFICER } as const;

function runner(now?: () => Date) {
  return createJobRunner(
    h.app,
    {
      ...notificationJobHandlers({ channels, audit }),
      ...digestJobHandlers({ audit, inboxUrl: () => 'https://layanan.contoh.go.id/notifikasi' }),
    },
    { log: quiet, now },
  );
}
async function runAll(now?: () => Date) {
  const r = runner(now);
  let n = 0;
  while (await r.runOnce()) n++;
  return n;
}

const appVars = {
  trackingNumber: 'PMH-7K3Q-9XW2',
  serviceName: 'Akta Kelahiran',
  status: 'Selesai',
  url: 'https://layanan.contoh.go.id/l/K7QX-42',
};

describe('in-app inbox', () => {
  it('notifyFromTemplate with channel inapp puts the message in the person’s inbox, read/unread and counts', async () => {
    const first = await notifyFromTemplate(ctx, TENANT, {
      event: 'application.updated',
      channel: 'inapp',
      recipient: citizen,
      lang: 'id',
      vars: appVars,
    });
    expect(first).toMatchObject({ channel: 'inapp', status: 'inbox', jobId: null });
    await notifyFromTemplate(ctx, TENANT, {
      event: 'example.rated',
      channel: 'inapp',
      recipient: citizen,
      lang: 'en',
      vars: { serviceName: 'Akta Kelahiran', url: appVars.url },
    });
    // A scheduled message is not visible before its time.
    await notifyFromTemplate(ctx, TENANT, {
      event: 'example.rated',
      channel: 'inapp',
      recipient: citizen,
      lang: 'id',
      vars: { serviceName: 'KTP', url: appVars.url },
      sendAt: new Date(Date.now() + 3_600_000),
    });
    const page = await listInbox(inTenant(ctx, TENANT), citizen);
    expect(page.unread).toBe(2);
    expect(page.items).toHaveLength(2);
    const byEvent = Object.fromEntries(page.items.map((i) => [i.event, i]));
    expect(byEvent['application.updated']).toMatchObject({
      lang: 'id',
      title: 'Permohonan PMH-7K3Q-9XW2: Selesai',
      readAt: null,
    });
    expect(byEvent['application.updated']!.text).toContain('Akta Kelahiran');
    expect(byEvent['example.rated']!.lang).toBe('en');

    const read = await markRead(inTenant(ctx, TENANT), citizen, first.id);
    expect(read).toMatchObject({ changed: true, unread: 1 });
    expect(await markRead(inTenant(ctx, TENANT), citizen, first.id)).toMatchObject({ changed: false, unread: 1 });
    expect((await listInbox(inTenant(ctx, TENANT), citizen, { unreadOnly: true })).items.map((i) => i.event)).toEqual(['example.rated']);
    expect(await markAllRead(inTenant(ctx, TENANT), citizen)).toBe(1);
    expect(await unreadCount(inTenant(ctx, TENANT), citizen)).toBe(0);
  });

  it('keeps inboxes apart: another person, another kind and another tenant see nothing (404 on read)', async () => {
    const msg = await notifyFromTemplate(ctx, TENANT, {
      event: 'application.updated',
      channel: 'inapp',
      recipient: citizen,
      lang: 'id',
      vars: appVars,
    });
    expect((await listInbox(inTenant(ctx, TENANT), { kind: 'officer', id: CITIZEN })).items).toEqual([]);
    expect((await listInbox(inTenant(ctx, TENANT), { kind: 'citizen', id: OFFICER })).items).toEqual([]);
    expect((await listInbox(inTenant(ctx, OTHER), citizen)).items).toEqual([]);
    expect((await refusal(markRead(inTenant(ctx, TENANT), officer, msg.id))).status).toBe(404);
    expect((await refusal(markRead(inTenant(ctx, OTHER), citizen, msg.id))).status).toBe(404);
    expect((await refusal(markRead(inTenant(ctx, TENANT), citizen, 'not-a-uuid'))).status).toBe(404);
    // Row-level security: another tenant's context cannot read the row at all.
    const seen = await withTenant(h.app, OTHER, (trx) => trx.selectFrom('notification_inbox').select('id').execute());
    expect(seen).toEqual([]);
  });

  it('commits with the caller’s transaction and vanishes with its rollback', async () => {
    await h.app
      .transaction()
      .execute(async (trx) => {
        await notifyFromTemplate({ ...ctx, db: trx }, TENANT, {
          event: 'application.updated',
          channel: 'inapp',
          recipient: citizen,
          lang: 'id',
          vars: appVars,
        });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    expect(await unreadCount(inTenant(ctx, TENANT), citizen)).toBe(0);
  });
});

describe('preferences', () => {
  it('defaults when nothing is saved; saves channels per event and language; refuses bad input clearly', async () => {
    const before = await getPreferences(inTenant(ctx, TENANT), citizen);
    expect(before).toMatchObject({ saved: false, lang: null, digest: 'none' });
    expect(before.events.find((e) => e.event === 'otp')).toMatchObject({ optOut: false, channels: ['email', 'inapp'], isDefault: true });
    expect(before.events.map((e) => e.event)).not.toContain('officer.digest');

    const saved = await updatePreferences(inTenant(ctx, TENANT), citizen, {
      lang: 'en',
      channels: { 'complaint.updated': [], otp: ['sms', 'inapp'] },
    });
    expect(saved.saved).toBe(true);
    expect(saved.lang).toBe('en');
    expect(saved.events.find((e) => e.event === 'complaint.updated')).toMatchObject({ channels: [], isDefault: false });
    expect(saved.events.find((e) => e.event === 'otp')!.channels).toEqual(['sms', 'inapp']);
    // A partial update keeps the rest.
    const again = await updatePreferences(inTenant(ctx, TENANT), citizen, { channels: { 'complaint.received': ['sms', 'inapp'] } });
    expect(again.lang).toBe('en');
    expect(again.events.find((e) => e.event === 'complaint.updated')!.channels).toEqual([]);

    const locked = await refusal(updatePreferences(inTenant(ctx, TENANT), citizen, { channels: { 'complaint.answered': ['inapp'], otp: [] } }));
    expect(locked).toMatchObject({ code: 'notification.preferences_invalid', status: 400 });
    expect(locked.fieldErrors.map((f) => [f.field, f.code])).toEqual([
      ['/channels/complaint.answered', 'locked'],
      ['/channels/otp', 'locked'],
    ]);
    const bad = await refusal(
      updatePreferences(inTenant(ctx, TENANT), citizen, {
        lang: 'fr' as 'en',
        digest: 'daily',
        channels: { 'no.such': ['email'], 'complaint.updated': ['fax'] },
      }),
    );
    expect(bad.fieldErrors.map((f) => [f.field, f.code])).toEqual([
      ['/lang', 'invalid'],
      ['/digest', 'officers_only'],
      ['/channels/no.such', 'unknown_event'],
      ['/channels/complaint.updated', 'unknown_channel'],
    ]);
    // Nothing of a refused update was saved.
    expect((await getPreferences(inTenant(ctx, TENANT), citizen)).lang).toBe('en');
    // Events no module registers (features not built yet) are neither offered nor accepted:
    // offered-events.test.ts, where they are not registered.
    // Another tenant has its own (default) preferences for the same id.
    expect((await getPreferences(inTenant(ctx, OTHER), citizen)).saved).toBe(false);
    await audit.flush(h.app); // sequence the committed audit events (decision 0014)
    const audited = await h.owner
      .selectFrom('audit_log')
      .select(['action', 'subject'])
      .where('action', '=', 'notification.preferences_updated')
      .execute();
    expect(audited).toHaveLength(2);
    expect(audited[0]!.subject).toBe(`citizen:${CITIZEN}`);
  });
});

describe('notifyPerson', () => {
  it('done when: a one-time code, an application update and a complaint answer reach the development mailbox over SMTP and the inbox, in the chosen language', async () => {
    await updatePreferences(inTenant(ctx, TENANT), citizen, { lang: 'en' });
    const recipient = { ...citizen, email: 'warga@example.com', phone: '0812 3456 7890', lang: 'id' as const };
    await h.app.transaction().execute(async (trx) => {
      const tx = { ...ctx, db: trx };
      const otp = await notifyPerson(tx, TENANT, { recipient, event: 'otp', vars: { code: '482913', minutes: 5 } });
      expect(otp.lang).toBe('en');
      expect(otp.channels).toEqual(['email', 'inapp']);
      await notifyPerson(tx, TENANT, { recipient, event: 'application.updated', vars: appVars });
      await notifyPerson(tx, TENANT, {
        recipient,
        event: 'complaint.answered',
        vars: { trackingNumber: 'ADU-4M8R-2PZ7', agencyName: 'Dinas Kependudukan', url: appVars.url },
      });
    });
    expect(await runAll()).toBe(3);
    const mails = await h.owner.selectFrom('dev_mailbox').selectAll().orderBy('id').execute();
    expect(mails.map((m) => [m.channel, m.recipient])).toEqual([
      ['email', 'warga@example.com'],
      ['email', 'warga@example.com'],
      ['email', 'warga@example.com'],
    ]);
    // The one-time code jumped the queue; all three in English, the chosen language.
    expect(mails.map((m) => m.subject)).toEqual([
      'Gerbang verification code: 482913',
      'Application PMH-7K3Q-9XW2: Selesai',
      expect.stringMatching(/^Complaint ADU-4M8R-2PZ7/),
    ]);
    expect(mails[0]!.message_id).toMatch(/^<[0-9a-f-]{36}@gerbang\.localhost>$/);
    const inbox = await listInbox(inTenant(ctx, TENANT), citizen);
    expect(inbox.unread).toBe(3);
    expect(inbox.items.map((i) => i.lang)).toEqual(['en', 'en', 'en']);
    expect(inbox.items.map((i) => i.event).sort()).toEqual(['application.updated', 'complaint.answered', 'otp']);
    expect(inbox.items.find((i) => i.event === 'otp')!.text).toBe('Your verification code: 482913. Valid for 5 minutes.');
  });

  it('follows the saved channels, switches off what may be switched off, never a one-time code, and uses only given addresses', async () => {
    const complaintVars = { trackingNumber: 'ADU-4M8R-2PZ7', status: 'forwarded', url: appVars.url };
    await updatePreferences(inTenant(ctx, TENANT), citizen, { channels: { 'complaint.updated': [], otp: ['sms'] } });
    const off = await notifyPerson(ctx, TENANT, {
      recipient: { ...citizen, email: 'warga@example.com', phone: '081234567890' },
      event: 'complaint.updated',
      vars: complaintVars,
    });
    expect(off).toMatchObject({ lang: 'id', channels: [], messages: [] });
    await updatePreferences(inTenant(ctx, TENANT), citizen, { channels: { 'complaint.updated': ['sms'] } });
    const sms = await notifyPerson(ctx, TENANT, {
      recipient: { ...citizen, email: 'warga@example.com', phone: '081234567890' },
      event: 'complaint.updated',
      vars: complaintVars,
    });
    expect(sms.channels).toEqual(['sms']);
    // A one-time code with no phone given: falls back to e-mail and always lands in the inbox.
    const otp = await notifyPerson(ctx, TENANT, {
      recipient: { ...citizen, email: 'warga@example.com' },
      event: 'otp',
      vars: { code: '111222', minutes: 5 },
    });
    expect(otp.channels).toEqual(['email', 'inapp']);
    // Defaults for an officer nobody configured; no e-mail given: inbox only.
    expect((await notifyPerson(ctx, TENANT, { recipient: officer, event: 'application.updated', vars: appVars })).channels).toEqual(['inapp']);
    // A malformed address is refused at the source.
    const refused = await refusal(
      notifyPerson(ctx, TENANT, { recipient: { ...citizen, email: 'not-an-address' }, event: 'otp', vars: { code: '1', minutes: 5 } }),
    );
    expect(refused).toMatchObject({ code: 'notification.invalid_recipient', status: 400 });
    await expect(
      notifyPerson(ctx, TENANT, { recipient: { kind: 'admin' as 'citizen', id: CITIZEN }, event: 'otp', vars: {} }),
    ).rejects.toThrow(TypeError);
  });
});

describe('notifyPersons', () => {
  it('does for several people what notifyPerson does for each — their channels, languages and addresses — with the statements of one', async () => {
    const other = { kind: 'citizen', id: '33333333-3333-4333-8333-333333333333' } as const;
    await updatePreferences(inTenant(ctx, TENANT), citizen, { lang: 'en', channels: { 'application.updated': ['sms', 'inapp'] } });
    const inputs = [
      { recipient: { ...citizen, email: 'warga@example.com', phone: '081234567890' }, event: 'application.updated' as const, vars: appVars },
      { recipient: { ...other, email: 'lain@example.com' }, event: 'application.updated' as const, vars: appVars },
      { recipient: officer, event: 'application.updated' as const, vars: appVars },
    ];
    const results = await h.app.transaction().execute((trx) => notifyPersons({ ...ctx, db: trx }, TENANT, inputs));
    expect(results.map((r) => [r.lang, r.channels])).toEqual([
      ['en', ['sms', 'inapp']],
      ['id', ['email', 'inapp']],
      ['id', ['inapp']],
    ]);
    expect(results.map((r) => r.messages.map((m) => [m.channel, m.status]))).toEqual([
      [['sms', 'queued'], ['inapp', 'inbox']],
      [['email', 'queued'], ['inapp', 'inbox']],
      [['inapp', 'inbox']],
    ]);
    const queued = await withTenant(h.app, TENANT, (trx) => trx.selectFrom('notifications').select(['channel', 'recipient', 'lang']).orderBy('channel').execute());
    expect(queued).toEqual([
      { channel: 'email', recipient: 'lain@example.com', lang: 'id' },
      { channel: 'sms', recipient: '+6281234567890', lang: 'en' },
    ]);
    for (const [person, lang] of [[citizen, 'en'], [other, 'id'], [officer, 'id']] as const) {
      const inbox = await listInbox(inTenant(ctx, TENANT), person);
      expect(inbox.items.map((i) => [i.event, i.lang])).toEqual([['application.updated', lang]]);
    }
    // What the first failing one would throw, throws (the batched writer then writes each alone).
    const refused = await refusal(
      h.app.transaction().execute((trx) => notifyPersons({ ...ctx, db: trx }, TENANT, [inputs[2]!, { ...inputs[1]!, recipient: { ...other, email: 'not-an-address' } }])),
    );
    expect(refused).toMatchObject({ code: 'notification.invalid_recipient', status: 400 });
  });

  it("in two steps (notifyPersonsWithNext), reads with the caller's statement and writes the inbox with the e-mails; inbox only, writes it alone", async () => {
    const recording = recordStatements();
    const sent = recording.texts;
    try {
      const inputs = [
        { recipient: { ...citizen, email: 'warga@example.com' }, event: 'application.updated' as const, vars: appVars },
        { recipient: officer, event: 'application.updated' as const, vars: appVars },
      ];
      const results = await withTenant(h.app, TENANT, async (trx) => {
        const pending = notifyPersonsWithNext({ ...ctx, db: trx }, trx, TENANT, inputs);
        await trx.selectFrom('notification_inbox').select('id').limit(1).execute();
        return pending.send();
      });
      expect(results.map((r) => r.messages.map((m) => [m.channel, m.status]))).toEqual([[['email', 'queued'], ['inapp', 'inbox']], [['inapp', 'inbox']]]);
      expect(results[1]!.messages[0]).toMatchObject({ status: 'inbox', sendAt: expect.any(Date) });
      // The caller's SELECT with the reads; the e-mail's rows and jobs with the inbox's INSERT; the audit
      // entries of each (a batch defers them to its COMMIT); the COMMIT.
      expect(sent[0]).toMatch(/notification_preferences.*;\s*select "id" from "notification_inbox"/s);
      expect(sent[1]).toMatch(/insert into "notification_inbox".*;\s*WITH jobs_input/s);
      expect(sent).toHaveLength(5);
      // Inbox only: nothing else to carry the inbox's INSERT, which goes alone.
      sent.length = 0;
      const inboxOnly = await h.app.transaction().execute((trx) => notifyPersons({ ...ctx, db: trx }, TENANT, [inputs[1]!]));
      expect(inboxOnly[0]!.messages.map((m) => m.status)).toEqual(['inbox']);
      expect(sent.filter((s) => s.includes('insert into "notification_inbox"'))).toHaveLength(1);
    } finally {
      recording.stop();
    }
    const inbox = await listInbox(inTenant(ctx, TENANT), officer);
    expect(inbox.items).toHaveLength(2);
  });
});

describe('scheduled messages by reference', () => {
  it('a reminder scheduled on every channel is cancelled in one call; what went out already stays', async () => {
    const recipient = { ...citizen, email: 'warga@example.com' };
    const vars = { trackingNumber: 'PMH-1', serviceName: 'KTP', url: appVars.url, dueDate: '2026-12-24' };
    const inAnHour = new Date(Date.now() + 3_600_000);
    const ref = 'deadline:PMH-1';
    const scheduled = await notifyPerson(ctx, TENANT, { recipient, event: 'deadline.reminder', vars, sendAt: inAnHour, ref });
    expect(scheduled.channels).toEqual(['email', 'inapp']);
    // Another reminder, sent at once under another reference, is not touched.
    await notifyPerson(ctx, TENANT, { recipient, event: 'deadline.reminder', vars, ref: 'deadline:PMH-2' });
    expect(await runAll()).toBe(1);
    expect(await cancelScheduled(ctx, TENANT, 'deadline:PMH-2')).toEqual({ notifications: 0, inbox: 0 });
    // Another tenant cannot cancel it.
    expect(await cancelScheduled(ctx, OTHER, ref)).toEqual({ notifications: 0, inbox: 0 });
    expect(await cancelScheduled(ctx, TENANT, ref)).toEqual({ notifications: 1, inbox: 1 });
    expect(await cancelScheduled(ctx, TENANT, ref)).toEqual({ notifications: 0, inbox: 0 });
    // At the scheduled time the job finds it cancelled; the inbox never shows it.
    expect(await runAll(() => new Date(inAnHour.getTime() + 1000))).toBe(1);
    expect(await h.owner.selectFrom('dev_mailbox').select('id').execute()).toHaveLength(1);
    expect((await listInbox(inTenant(ctx, TENANT), citizen)).items).toHaveLength(1);
    await expect(cancelScheduled(ctx, TENANT, 'bad ref')).rejects.toThrow(TypeError);
  });
});

describe('officers’ daily digest', () => {
  it('collects switchable messages in the inbox and sends one digest e-mail a day; urgent ones still go at once', async () => {
    await updatePreferences(inTenant(ctx, TENANT), officer, { digest: 'daily', lang: 'id' });
    const recipient = { ...officer, email: 'petugas@contoh.go.id' };
    const update = await notifyPerson(ctx, TENANT, { recipient, event: 'application.updated', vars: appVars });
    expect(update.channels).toEqual(['inapp']);
    await notifyPerson(ctx, TENANT, { recipient, event: 'deadline.reminder', vars: { trackingNumber: 'PMH-1', serviceName: 'KTP', url: appVars.url, dueDate: '2026-12-24' } });
    const otp = await notifyPerson(ctx, TENANT, { recipient, event: 'otp', vars: { code: '999000', minutes: 5 } });
    expect(otp.channels).toEqual(['email', 'inapp']);
    expect(await runAll()).toBe(1); // the one-time code only
    await sql`UPDATE notification_inbox SET read_at = now() WHERE event = 'otp'`.execute(h.owner);

    // The digest job for the next date: scheduled once (dedupe by date), then fanned out per tenant.
    // A fixed clock: the later run for 2026-12-03 below must be another date than this one.
    const scheduledAt = new Date('2026-12-01T10:00:00Z');
    const { date, runAt } = nextDigestRun(scheduledAt);
    expect({ date, runAt }).toEqual({ date: '2026-12-02', runAt: new Date('2026-12-02T00:00:00Z') });
    const jobId = await scheduleDailyDigest(h.app, scheduledAt);
    expect(jobId).not.toBeNull();
    expect(await scheduleDailyDigest(h.app, scheduledAt)).toBeNull();
    const later = () => new Date(Date.now() + 2 * 86_400_000);
    expect(await runAll(later)).toBe(3); // digest → digest_tenant → deliver
    const mails = await h.owner.selectFrom('dev_mailbox').selectAll().where('recipient', '=', 'petugas@contoh.go.id').orderBy('id').execute();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe('Ringkasan Gerbang: 2 pesan belum dibaca');
    expect(mails[1]!.body_text).toContain('- Permohonan PMH-7K3Q-9XW2: Selesai');
    expect(mails[1]!.body_text).toContain('https://layanan.contoh.go.id/notifikasi');
    // Digested messages are not sent again; the inbox still shows them unread.
    expect(await unreadCount(inTenant(ctx, TENANT), officer)).toBe(2);
    await h.app.transaction().execute((trx) =>
      digestJobHandlers({ audit, inboxUrl: () => 'https://x.go.id/' })[DIGEST_JOB]!(
        { id: 0, kind: DIGEST_JOB, payload: { date: '2026-12-03' }, tenantId: null, attempts: 0 },
        trx,
      ),
    );
    expect(await runAll(later)).toBe(1); // the tenant job finds nothing new
    expect(await h.owner.selectFrom('dev_mailbox').select('id').execute()).toHaveLength(2);
  });
});
