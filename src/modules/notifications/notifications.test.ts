import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app.js';
import { type DatabaseHandle, withTenant } from '../../db/index.js';
import type { AuditLog } from '../../platform/audit/index.js';
import { DomainError } from '../../platform/errors.js';
import { createJobRunner, type JobLog } from '../../platform/jobs/index.js';
import {
  cancelNotification,
  type Channels,
  createDeliverHandler,
  createGatewaySender,
  DELIVER_JOB,
  type NotificationContext,
  normalizeIndonesianMobile,
  notificationJobHandlers,
  PermanentDeliveryError,
  queueNotification,
  queueNotifications,
  startDevMailbox,
  URGENT_PRIORITY,
} from './index.js';
import { countingDb, type NotificationDeliveryEnv, startNotificationDeliveryEnv } from './test-env.js';

const TENANT = '00000000-0000-4000-8000-0000000000e1';
const OTHER_TENANT = '00000000-0000-4000-8000-0000000000e2';
const quiet: JobLog = { info() {}, warn() {}, error() {} };

let env: NotificationDeliveryEnv;
let h: DatabaseHandle;
let audit: AuditLog;
let channels: Channels;
let ctx: NotificationContext;

beforeAll(async () => {
  env = await startNotificationDeliveryEnv('notify');
  ({ h, audit, channels, ctx } = env);
  for (const [id, slug] of [
    [TENANT, 'notify-a'],
    [OTHER_TENANT, 'notify-b'],
  ] as const) {
    await h.owner.insertInto('tenants').values({ id, slug, name: slug, kind: 'city', time_zone: 'Asia/Jakarta' }).execute();
  }
});
afterAll(() => env.close());
beforeEach(async () => {
  await sql`DELETE FROM jobs; DELETE FROM notifications; DELETE FROM dev_mailbox`.execute(h.owner);
});

function runner(now?: () => Date) {
  return createJobRunner(h.app, notificationJobHandlers({ channels, audit }), { log: quiet, now });
}

async function runAll(r: ReturnType<typeof runner>) {
  let n = 0;
  while (await r.runOnce()) n++;
  return n;
}

async function captured() {
  return h.owner.selectFrom('dev_mailbox').selectAll().orderBy('id').execute();
}

async function notification(id: string) {
  return h.owner.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const email = (to: string, n: number | string, extra: object = {}) => ({
  channel: 'email' as const,
  to,
  kind: 'application.updated',
  lang: 'id' as const,
  subject: `Permohonan ${n} diperbarui`,
  text: `Status permohonan ${n}: diproses.`,
  ...extra,
});

describe('the development mailbox', () => {
  it('captures what nodemailer sends to it, parsed', async () => {
    const transport = nodemailer.createTransport({ host: env.mailbox.host, port: env.mailbox.port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'Dinas <dinas@example.go.id>',
      to: 'warga@example.com',
      subject: 'Halo dari Dinas',
      text: 'Isi pesan',
      html: '<p>Isi pesan</p>',
      messageId: '<hello-1@example.go.id>',
    });
    transport.close();
    expect(await captured()).toEqual([
      expect.objectContaining({
        channel: 'email',
        message_id: '<hello-1@example.go.id>',
        recipient: 'warga@example.com',
        subject: 'Halo dari Dinas',
        body_text: 'Isi pesan',
        body_html: '<p>Isi pesan</p>',
      }),
    ]);
  });
});

describe('queueNotification and delivery', () => {
  it('queues nothing when the caller’s transaction rolls back, and delivers once it commits', async () => {
    await expect(
      h.app.transaction().execute(async (trx) => {
        await queueNotification({ ...ctx, db: trx }, TENANT, email('Warga@Example.COM', 1));
        await queueNotification({ ...ctx, db: trx }, TENANT, {
          channel: 'sms',
          to: '0812-3456-7890',
          kind: 'application.updated',
          lang: 'id',
          text: 'Permohonan 1 diproses.',
        });
        throw new Error('the application change is refused');
      }),
    ).rejects.toThrow('refused');
    expect(await h.owner.selectFrom('notifications').select('id').execute()).toEqual([]);
    expect(await h.owner.selectFrom('jobs').select('id').execute()).toEqual([]);

    const [mail, sms] = await h.app.transaction().execute(async (trx) => [
      await queueNotification({ ...ctx, db: trx }, TENANT, email('Warga@Example.COM', 2, { html: '<p>Diproses</p>' })),
      await queueNotification({ ...ctx, db: trx }, TENANT, {
        channel: 'sms',
        to: '0812-3456-7890',
        kind: 'application.updated',
        lang: 'id',
        text: 'Permohonan 2 diproses.',
      }),
    ]);
    expect(mail).toMatchObject({ status: 'queued', channel: 'email' });
    expect(await runAll(runner())).toBe(2);

    const messages = await captured();
    expect(messages).toHaveLength(2);
    const gotMail = messages.find((m) => m.channel === 'email')!;
    expect(gotMail).toMatchObject({
      recipient: 'Warga@example.com',
      subject: 'Permohonan 2 diperbarui',
      body_text: 'Status permohonan 2: diproses.',
      body_html: '<p>Diproses</p>',
      message_id: `<${mail!.id}@gerbang.localhost>`,
    });
    expect(messages.find((m) => m.channel === 'sms')).toMatchObject({
      recipient: '+6281234567890',
      body_text: 'Permohonan 2 diproses.',
      message_id: sms!.id,
    });
    const row = await notification(mail!.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: `<${mail!.id}@gerbang.localhost>` });
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(await notification(sms!.id)).toMatchObject({ status: 'sent', provider_message_id: `dev-${sms!.id}` });
    expect(await h.owner.selectFrom('jobs').select('state').distinct().execute()).toEqual([{ state: 'done' }]);
    // Tenant isolation: another tenant's context sees none of it.
    const seen = await withTenant(h.app, OTHER_TENANT, (trx) => trx.selectFrom('notifications').select('id').execute());
    expect(seen).toEqual([]);
  });

  it('refuses a malformed address with a 400 DomainError and stores nothing', async () => {
    for (const [channel, to] of [
      ['email', 'not-an-address'],
      ['email', 'warga@localhost'],
      ['email', 'a..b@example.com'],
      ['sms', '12345'],
      ['sms', '021-555-1234'], // a fixed line cannot receive SMS
      ['whatsapp', '+1 202 555 0100'],
    ] as const) {
      const error = await queueNotification(ctx, TENANT, { ...email(to, 0), channel }).catch((e: unknown) => e);
      expect(error, `${channel} ${to}`).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'notification.invalid_recipient', status: 400 });
    }
    await expect(queueNotification(ctx, TENANT, email('warga@example.com', 0, { subject: ' ' }))).rejects.toMatchObject({
      code: 'notification.invalid_message',
      status: 400,
    });
    expect(await h.owner.selectFrom('notifications').select('id').execute()).toEqual([]);
    expect(normalizeIndonesianMobile('(0812) 3456 7890')).toBe('+6281234567890');
    expect(normalizeIndonesianMobile('+62 812-3456-7890')).toBe('+6281234567890');
    expect(normalizeIndonesianMobile('6281234567890')).toBe('+6281234567890');
  });

  it('delivers an urgent one-time code queued after 20 ordinary messages first', async () => {
    for (let i = 0; i < 20; i++) await queueNotification(ctx, TENANT, email(`warga${i}@example.com`, i));
    const otp = await queueNotification(ctx, TENANT, {
      channel: 'sms',
      to: '081234567890',
      kind: 'otp',
      lang: 'id',
      text: 'Kode masuk Anda 123456. Jangan berikan kepada siapa pun.',
    });
    expect((await notification(otp.id)).priority).toBe(URGENT_PRIORITY);
    expect(await runAll(runner())).toBe(21);
    const messages = await captured();
    expect(messages).toHaveLength(21);
    expect(messages[0]).toMatchObject({ channel: 'sms', message_id: otp.id });
  });

  it('survives an SMTP outage: retries with backoff and delivers every message exactly once', async () => {
    const port = env.mailbox.port;
    await env.mailbox.stop();
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) ids.push((await queueNotification(ctx, TENANT, email(`w${i}@example.com`, i))).id);
      let clock = Date.now() + 1000;
      const r = runner(() => new Date(clock));
      expect(await runAll(r)).toBe(5); // each attempt fails and is rescheduled
      const jobs = await h.owner.selectFrom('jobs').select(['state', 'attempts', 'last_error']).execute();
      expect(jobs).toHaveLength(5);
      for (const job of jobs) {
        expect(job).toMatchObject({ state: 'queued', attempts: 1 });
        expect(job.last_error).toMatch(/^DeliveryError: SMTP delivery failed/);
        expect(job.last_error).not.toContain('example.com');
      }
      for (const id of ids) expect((await notification(id)).status).toBe('queued');
      expect(await runAll(r)).toBe(0); // backing off

      env.mailbox = await startDevMailbox({ db: h.app, port });
      clock += 10 * 60_000;
      expect(await runAll(r)).toBe(5);
    } finally {
      if (env.mailbox.port !== port) env.mailbox = await startDevMailbox({ db: h.app, port });
    }
    const { rows } = await sql<{ message_id: string; n: number }>`
      SELECT message_id, count(*)::int AS n FROM dev_mailbox GROUP BY message_id ORDER BY message_id`.execute(h.owner);
    expect(rows).toEqual(ids.map((id) => ({ message_id: `<${id}@gerbang.localhost>`, n: 1 })).sort((a, b) => a.message_id.localeCompare(b.message_id)));
    for (const id of ids) expect(await notification(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('marks the notification failed when the last attempt fails', async () => {
    const failing: Channels = {
      ...channels,
      email: {
        async send() {
          throw new Error('connection refused by w0@example.com at +62 812 3456 7890');
        },
      },
    };
    let clock = Date.now() + 1000;
    const r = createJobRunner(h.app, { [DELIVER_JOB]: createDeliverHandler({ channels: failing, audit, maxAttempts: 2 }) }, {
      log: quiet,
      now: () => new Date(clock),
    });
    const n = await queueNotification(ctx, TENANT, email('w0@example.com', 0));
    expect(await r.runOnce()).toBe(true);
    expect(await notification(n.id)).toMatchObject({ status: 'queued' });
    clock += 3_600_000;
    expect(await r.runOnce()).toBe(true);
    const row = await notification(n.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row.last_error).not.toContain('example.com');
    expect(row.last_error).not.toContain('812');

    // A permanent refusal (e.g. a gateway's 400) fails at once.
    const refusing: Channels = { ...channels, sms: { send: async () => Promise.reject(new PermanentDeliveryError('sms gateway answered 400')) } };
    const r2 = createJobRunner(h.app, notificationJobHandlers({ channels: refusing, audit }), { log: quiet });
    const s = await queueNotification(ctx, TENANT, { channel: 'sms', to: '081234567890', kind: 'otp', lang: 'id', text: 'Kode 1' });
    expect(await r2.runOnce()).toBe(true);
    expect(await notification(s.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'PermanentDeliveryError: sms gateway answered 400' });
  });

  it('re-sends with the same Message-ID when the job dies after the hand-over (at-least-once)', async () => {
    const deliver = createDeliverHandler({ channels, audit });
    let crash = true;
    const r = createJobRunner(
      h.app,
      {
        [DELIVER_JOB]: async (job, trx) => {
          await deliver(job, trx);
          if (crash) throw new Error('process died before commit');
        },
      },
      { log: quiet, now: () => new Date(clock) },
    );
    let clock = Date.now() + 1000;
    const n = await queueNotification(ctx, TENANT, email('warga@example.com', 1));
    expect(await r.runOnce()).toBe(true);
    expect((await notification(n.id)).status).toBe('queued');
    crash = false;
    clock += 3_600_000;
    expect(await r.runOnce()).toBe(true);
    expect((await notification(n.id)).status).toBe('sent');
    expect((await captured()).map((m) => m.message_id)).toEqual([`<${n.id}@gerbang.localhost>`, `<${n.id}@gerbang.localhost>`]);
  });

  it('does not send a scheduled message early, and a cancelled one never', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    const keep = await queueNotification(ctx, TENANT, email('a@example.com', 'a', { sendAt: inAnHour }));
    const drop = await queueNotification(ctx, TENANT, email('b@example.com', 'b', { sendAt: inAnHour }));
    expect(keep.sendAt.getTime()).toBe(inAnHour.getTime());
    expect(await runAll(runner())).toBe(0);
    expect(await captured()).toEqual([]);

    await cancelNotification(ctx, TENANT, drop.id);
    expect((await notification(drop.id)).status).toBe('cancelled');
    await expect(cancelNotification(ctx, TENANT, drop.id)).rejects.toMatchObject({ status: 409 });
    await expect(cancelNotification(ctx, TENANT, crypto.randomUUID())).rejects.toMatchObject({ status: 404 });
    await expect(cancelNotification(ctx, OTHER_TENANT, keep.id)).rejects.toMatchObject({ status: 404 });

    expect(await runAll(runner(() => new Date(inAnHour.getTime() + 1000)))).toBe(2);
    const messages = await captured();
    expect(messages.map((m) => m.subject)).toEqual(['Permohonan a diperbarui']);
    expect((await notification(drop.id)).status).toBe('cancelled');
    expect((await notification(keep.id)).status).toBe('sent');
    await expect(cancelNotification(ctx, TENANT, keep.id)).rejects.toMatchObject({ status: 409 });
  });

  it('keeps the recipient out of the audit log and the job payloads', async () => {
    const address = 'siti.rahayu@example.com';
    const phone = '+6281298765432';
    const m = await queueNotification(ctx, TENANT, email(address, 1));
    await queueNotification(ctx, TENANT, { channel: 'whatsapp', to: '0812 9876 5432', kind: 'otp', lang: 'en', text: 'Code 42' });
    const scheduled = await queueNotification(ctx, TENANT, email(address, 2, { sendAt: new Date(Date.now() + 60_000) }));
    await cancelNotification(ctx, TENANT, scheduled.id);
    await runAll(runner());

    const jobs = await h.owner.selectFrom('jobs').select(['payload', 'last_error', 'tenant_id']).execute();
    expect(jobs).toHaveLength(3);
    for (const job of jobs) {
      expect(Object.keys(job.payload as object).sort()).toEqual(['notificationId', 'tenantId']);
      expect(job.tenant_id).toBe(TENANT);
    }
    await audit.flush(h.app); // sequence the committed audit events (decision 0014)
    const entries = await h.owner
      .selectFrom('audit_log')
      .select(['action', 'entry'])
      .where('tenant_id', '=', TENANT)
      .orderBy('seq')
      .execute();
    const text = entries.map((e) => e.entry.toString('utf8')).join('\n');
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['notification.queued', 'notification.sent', 'notification.cancelled']),
    );
    for (const secret of [address, phone, '0812 9876 5432', '81298765432', 'siti']) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(jobs)).not.toContain(secret);
    }
    const queued = JSON.parse(entries.find((e) => e.action === 'notification.queued' && e.entry.toString('utf8').includes(m.id))!.entry.toString('utf8'));
    expect(queued).toMatchObject({
      subject: `notification:${m.id}`,
      data: { channel: 'email', kind: 'application.updated', recipient: audit.pseudonymize(TENANT, address) },
    });
  });
});

describe('queueNotifications (batched)', () => {
  const sms = (to: string, n: number | string, extra: object = {}) => ({
    channel: 'sms' as const,
    to,
    kind: 'complaint.received',
    lang: 'id' as const,
    text: `Laporan ${n} diterima.`,
    ...extra,
  });

  it('queues 5 messages to 3 recipients: rows, jobs with their dedupe keys and ids, audit events in order', async () => {
    const inputs = [
      email('warga1@example.com', 1),
      sms('0812-1111-2222', 2),
      email('warga1@EXAMPLE.com', 3, { sendAt: new Date(Date.now() + 3_600_000) }),
      sms('+62 812 1111 2222', 4, { kind: 'otp' }),
      {
        channel: 'whatsapp' as const,
        to: '0813 3333 4444',
        kind: 'complaint.received',
        lang: 'en' as const,
        text: 'Report 5 received.',
        actor: { kind: 'citizen' as const, id: '00000000-0000-4000-8000-00000000c001' }, // another request's
      },
    ];
    const results = await h.app.transaction().execute((trx) => queueNotifications({ ...ctx, db: trx }, TENANT, inputs));
    expect(results).toHaveLength(5);
    const queued = results.map((r) => {
      if (r instanceof DomainError) throw r;
      return r;
    });
    expect(new Set(queued.map((q) => q.id)).size).toBe(5);
    expect(queued.map((q) => q.channel)).toEqual(['email', 'sms', 'email', 'sms', 'whatsapp']);

    const rows = await h.owner.selectFrom('notifications').selectAll().execute();
    const jobs = await h.owner.selectFrom('jobs').selectAll().execute();
    expect(rows).toHaveLength(5);
    expect(jobs).toHaveLength(5);
    for (const [i, q] of queued.entries()) {
      const row = rows.find((r) => r.id === q.id)!;
      const job = jobs.find((j) => j.id === q.jobId)!;
      expect(row).toMatchObject({ tenant_id: TENANT, job_id: q.jobId, status: 'queued', body_text: inputs[i]!.text });
      expect(row.send_at.getTime()).toBe(q.sendAt.getTime());
      expect(job).toMatchObject({
        kind: DELIVER_JOB,
        tenant_id: TENANT,
        dedupe_key: `notification:${q.id}`,
        payload: { tenantId: TENANT, notificationId: q.id },
        priority: i === 3 ? URGENT_PRIORITY : 0,
        max_attempts: 10,
      });
      expect(job.run_at.getTime()).toBe(q.sendAt.getTime());
    }
    // Spellings of one recipient share one pseudonym (they count together towards the limits).
    const hash = (id: string) => rows.find((r) => r.id === id)!.recipient_hash;
    expect(hash(queued[0]!.id)).toBe(hash(queued[2]!.id));
    expect(hash(queued[1]!.id)).toBe(hash(queued[3]!.id));
    expect(new Set(rows.map((r) => r.recipient_hash)).size).toBe(3);

    await audit.flush(h.app); // sequence the committed audit events (decision 0014)
    const entries = await h.owner
      .selectFrom('audit_log')
      .select(['action', 'subject', 'entry'])
      .where('tenant_id', '=', TENANT)
      .where('subject', 'in', queued.map((q) => `notification:${q.id}`))
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => [e.action, e.subject])).toEqual(queued.map((q) => ['notification.queued', `notification:${q.id}`]));
    expect(JSON.parse(entries[3]!.entry.toString('utf8')).data).toMatchObject({ kind: 'otp', urgent: true, channel: 'sms' });
    expect(entries.map((e) => JSON.parse(e.entry.toString('utf8')).actor)).toEqual([
      ...Array<string>(4).fill('system:test'),
      'citizen:00000000-0000-4000-8000-00000000c001',
    ]);
    expect(JSON.parse(entries[2]!.entry.toString('utf8')).data.sendAt).toBe(queued[2]!.sendAt.toISOString());
    expect(entries.map((e) => e.entry.toString('utf8')).join('\n')).not.toMatch(/warga1|1111/);
  });

  it('counts earlier messages of the batch towards a recipient’s limit: one queued, one 429, the others queued', async () => {
    const limited = { ...ctx, limits: { perHour: 3, otpPer15Minutes: 1 } };
    await queueNotification(limited, TENANT, sms('0812 7777 0001', 'a'));
    await queueNotification(limited, TENANT, sms('0812 7777 0001', 'b')); // one below the hourly limit
    const results = await queueNotifications(limited, TENANT, [
      sms('0812-7777-0001', 1),
      sms('0812 7777 0002', 2),
      sms('+6281277770001', 3), // the same recipient: over the limit now
      email('bukan-alamat', 4), // 400 in its slot
      sms('0812 7777 0003', 5, { kind: 'otp' }),
      sms('0812 7777 0003', 6, { kind: 'otp' }), // the second code in 15 minutes
      sms('0812 7777 0003', 7),
    ]);
    expect(results.map((r) => (r instanceof DomainError ? r.status : r.status))).toEqual([
      'queued',
      'queued',
      429,
      400,
      'queued',
      429,
      'queued',
    ]);
    expect(results[2]).toMatchObject({ code: 'notification.recipient_rate_limited' });
    expect(results[3]).toMatchObject({ code: 'notification.invalid_recipient' });
    const texts = await h.owner.selectFrom('notifications').select('body_text').orderBy('created_at').orderBy('body_text').execute();
    expect(texts.map((t) => t.body_text).sort()).toEqual(
      ['a', 'b', 1, 2, 5, 7].map((n) => `Laporan ${n} diterima.`).sort(),
    );
    expect(await h.owner.selectFrom('jobs').select('id').execute()).toHaveLength(6);
    // The single-message API is the same code path: the limit holds there too.
    await expect(queueNotification(limited, TENANT, sms('0812 7777 0001', 8))).rejects.toMatchObject({ status: 429 });
  });

  it('returns [] for no input without a statement, and throws a programming error for the whole batch', async () => {
    const counting = countingDb(h.app);
    expect(await queueNotifications({ ...ctx, db: counting.db }, TENANT, [])).toEqual([]);
    expect(await queueNotifications({ ...ctx, db: counting.db }, TENANT, [email('x', 1)])).toMatchObject([{ status: 400 }]);
    expect(counting.statements()).toBe(0);
    await expect(queueNotifications(ctx, TENANT, [email('a@example.com', 1), email('a@example.com', 2, { kind: 'Bad Kind' })])).rejects.toThrow(
      TypeError,
    );
    expect(await h.owner.selectFrom('notifications').select('id').execute()).toEqual([]);
  });

  it('uses as many statements for 10 messages as for 2', async () => {
    const batch = (n: number, offset: number) =>
      Array.from({ length: n }, (_, i) => (i % 2 ? email(`warga${offset + i}@example.com`, i) : sms(`0812 6666 ${1000 + offset + i}`, i)));
    const count = async (inputs: ReturnType<typeof batch>) => {
      const counting = countingDb(h.app);
      const results = await queueNotifications({ ...ctx, db: counting.db }, TENANT, inputs);
      expect(results.every((r) => !(r instanceof DomainError))).toBe(true);
      return counting.statements();
    };
    const two = await count(batch(2, 0));
    const ten = await count(batch(10, 100));
    // set_config (tenant), locks, counts, the notifications with their jobs (one statement), audit —
    // BEGIN/COMMIT not counted.
    expect(two).toBe(5);
    expect(ten).toBe(two);
    expect(await h.owner.selectFrom('notifications').select('id').execute()).toHaveLength(12);
  });
});

describe('the SMS/WhatsApp gateway adapter', () => {
  it('POSTs {to, text, sender} with a bearer key and the notification id as Idempotency-Key', async () => {
    const seen: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];
    let status = 200;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: JSON.parse(body) });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'gw-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
      const gateway = createGatewaySender({ url, key: 'secret-key', sender: 'PEMKOT', name: 'sms' });
      const message = { id: crypto.randomUUID(), channel: 'sms' as const, to: '+6281234567890', subject: null, text: 'Halo', html: null, lang: 'id' as const };
      expect(await gateway.send(message)).toEqual({ providerMessageId: 'gw-1' });
      expect(seen[0]).toMatchObject({
        headers: { authorization: 'Bearer secret-key', 'idempotency-key': message.id },
        body: { to: '+6281234567890', text: 'Halo', sender: 'PEMKOT' },
      });
      status = 503;
      await expect(gateway.send(message)).rejects.toThrow('sms gateway answered 503');
      status = 422;
      await expect(gateway.send(message)).rejects.toBeInstanceOf(PermanentDeliveryError);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('/dev/mailbox', () => {
  it('lists captured messages newest first, in Bahasa Indonesia by default', async () => {
    const t = await createTestApp();
    try {
      await t.db.owner
        .insertInto('dev_mailbox')
        .values([
          { channel: 'email', recipient: 'a@example.com', subject: 'Pertama', body_text: 'satu', message_id: '<1@x>', sender: null, body_html: null },
          { channel: 'sms', recipient: '+6281234567890', subject: null, body_text: 'Kode 123456', message_id: 'x', sender: 'GERBANG', body_html: null },
        ])
        .execute();
      const json = await t.app.inject('/dev/mailbox.json');
      expect(json.statusCode).toBe(200);
      expect(json.json().items.map((m: { to: string; subject: string | null; text: string }) => [m.to, m.subject, m.text])).toEqual([
        ['+6281234567890', null, 'Kode 123456'],
        ['a@example.com', 'Pertama', 'satu'],
      ]);
      const page = await t.app.inject({ url: '/dev/mailbox', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Kotak surat pengembangan');
      expect(page.body).toContain('Kode 123456');
      expect(page.body.indexOf('Kode 123456')).toBeLessThan(page.body.indexOf('Pertama'));
      const en = await t.app.inject({ url: '/dev/mailbox?lang=en', headers: { accept: 'text/html' } });
      expect(en.body).toContain('Development mailbox');
    } finally {
      await t.close();
    }
  });

  it('does not exist in production', async () => {
    const t = await createTestApp({
      NODE_ENV: 'production',
      APP_SECRET: 'x'.repeat(40),
      AUDIT_SIGNING_KEY: 'unused-here',
      SEED_DEMO: 'false',
      SMTP_URL: 'smtp://mail.example.go.id:587',
      MAIL_FROM: 'Pemkot <noreply@example.go.id>',
      CLAMD_URL: 'tcp://127.0.0.1:3310',
    });
    try {
      expect((await t.app.inject('/dev/mailbox.json')).statusCode).toBe(404);
      expect((await t.app.inject({ url: '/dev/mailbox', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('messages that carry a secret (one-time codes)', () => {
  const otp = (to: string, code: string) => ({ channel: 'email' as const, to, kind: 'otp', lang: 'id' as const, subject: 'Kode', text: `Kode Anda: ${code}` });

  it('keep no code in the outbox once handed over, given up or cancelled; an expired one is erased unsent', async () => {
    const sent = await queueNotification(ctx, TENANT, otp('satu@example.com', '918273'));
    expect(await runAll(runner())).toBe(1);
    // The person got the code; the outbox row no longer holds it.
    expect((await captured()).map((m) => m.body_text?.trim())).toEqual(['Kode Anda: 918273']);
    expect(await notification(sent.id)).toMatchObject({ status: 'sent', body_html: null });
    expect((await notification(sent.id)).body_text).not.toContain('918273');

    const cancelled = await queueNotification(ctx, TENANT, { ...otp('dua@example.com', '564738'), sendAt: new Date(Date.now() + 3_600_000) });
    await cancelNotification(ctx, TENANT, cancelled.id);
    expect((await notification(cancelled.id)).body_text).not.toContain('564738');

    // Stuck behind a failing provider past the code's 10 minutes: never sent, erased.
    const late = await queueNotification(ctx, TENANT, otp('tiga@example.com', '102938'));
    await sql`UPDATE notifications SET created_at = created_at - interval '11 minutes' WHERE id = ${late.id}`.execute(h.owner);
    await sql`DELETE FROM dev_mailbox`.execute(h.owner);
    expect(await runAll(runner())).toBe(1);
    expect(await captured()).toEqual([]);
    const row = await notification(late.id);
    expect(row).toMatchObject({ status: 'failed' });
    expect(row.body_text).not.toContain('102938');

    // Other messages keep their text (the inbox and the officer's view of what was sent need it).
    const ordinary = await queueNotification(ctx, TENANT, email('empat@example.com', 4));
    expect(await runAll(runner())).toBe(1);
    expect((await notification(ordinary.id)).body_text).toBe('Status permohonan 4: diproses.');
  });
});
