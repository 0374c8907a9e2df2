import { sql } from 'kysely';
import { recordStatements } from '../../../test/statements.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, withTenant } from '../../db/index.js';
import type { AuditLog } from '../../platform/audit/index.js';
import { DomainError, toProblem } from '../../platform/errors.js';
import {
  eventDefinition,
  listedEvents,
  mayOptOut,
  type NotificationContext,
  notifyFromTemplate,
  notifyManyFromTemplate,
  previewTemplate,
  readAheadFromTemplate,
  renderTemplate,
  saveDefaultTemplate,
  saveTemplate,
  seedDefaultTemplates,
  smsInfo,
  type TemplateContext,
  templateVariables,
} from './index.js';
import { countingDb, inTenant, type NotificationTestDatabase, refusal, startNotificationTestDatabase } from './test-env.js';
import './test-events.js';

const TENANT = '00000000-0000-4000-8000-0000000000f1';
const OTHER = '00000000-0000-4000-8000-0000000000f2';

let env: NotificationTestDatabase;
let h: DatabaseHandle;
let audit: AuditLog;
let platform: TemplateContext; // owner connection: platform defaults
let app: NotificationContext; // application role: tenants

const actor = { kind: 'system', id: 'test' } as const;

beforeAll(async () => {
  env = await startNotificationTestDatabase('templates');
  ({ h, audit } = env);
  for (const [id, slug] of [
    [TENANT, 'tpl-a'],
    [OTHER, 'tpl-b'],
  ] as const) {
    await h.owner.insertInto('tenants').values({ id, slug, name: slug, kind: 'city', time_zone: 'Asia/Jakarta' }).execute();
  }
  platform = { db: h.owner, audit, actor };
  app = { db: h.app, audit, actor };
  await seedDefaultTemplates(platform);
});
afterAll(() => env.close());

const OTP_VARS = { code: '123456', minutes: 5 };

describe('template syntax', () => {
  it('lists variables and rejects malformed placeholders', () => {
    expect(templateVariables('Kode {{code}} / {{ minutes }} / {{code}}')).toEqual(['code', 'minutes']);
    expect(templateVariables('no vars')).toEqual([]);
    expect(templateVariables('{{#if x}}')).toBeUndefined();
    expect(templateVariables('{{code}')).toBeUndefined();
    expect(templateVariables('{{ code.name }}')).toBeUndefined();
  });
});

describe('saveTemplate validation', () => {
  it('refuses an unknown variable with a field error, in Indonesian and English', async () => {
    const error = await refusal(
      saveTemplate(inTenant(app, TENANT), { event: 'otp', lang: 'id', channel: 'sms', text: 'Kode {{code}} {{minutes}} {{nik}}' }),
    );
    expect(error.code).toBe('notification.template_invalid');
    expect(error.status).toBe(400);
    const id = toProblem(error, 'id');
    const en = toProblem(error, 'en');
    expect(id.errors).toEqual([{ field: '/text', code: 'unknown_variable', message: expect.stringContaining('{{nik}}') }]);
    expect(id.title).toBe('Templat notifikasi tidak valid.');
    expect(en.errors?.[0]?.message).toBe('Variable {{nik}} is not available for this notification.');
  });

  it('refuses a missing required variable, an unknown event, a missing e-mail subject and bad syntax', async () => {
    const missing = await refusal(saveTemplate(inTenant(app, TENANT), { event: 'otp', lang: 'id', channel: 'sms', text: 'Kode {{code}}' }));
    expect(toProblem(missing, 'en').errors).toEqual([
      { field: '/text', code: 'missing_variable', message: 'The message body must contain the required variable {{minutes}}.' },
    ]);
    const htmlMissing = await refusal(
      saveTemplate(inTenant(app, TENANT), {
        event: 'otp', lang: 'id', channel: 'email', subject: 'Kode', text: '{{code}} {{minutes}}', html: '<p>{{code}}</p>',
      }),
    );
    expect(htmlMissing.fieldErrors).toMatchObject([{ field: '/html', code: 'missing_variable' }]);
    const unknown = await refusal(saveTemplate(inTenant(app, TENANT), { event: 'tax.refund', lang: 'id', channel: 'sms', text: 'x' }));
    expect(unknown.fieldErrors).toMatchObject([{ field: '/event', code: 'unknown_event' }]);
    const noSubject = await refusal(
      saveTemplate(inTenant(app, TENANT), { event: 'otp', lang: 'en', channel: 'email', text: '{{code}} {{minutes}}' }),
    );
    expect(toProblem(noSubject, 'id').errors).toEqual([
      { field: '/subject', code: 'required', message: 'Templat e-mail memerlukan subjek.' },
    ]);
    const syntax = await refusal(
      saveTemplate(inTenant(app, TENANT), { event: 'otp', lang: 'en', channel: 'sms', text: '{{code}} {{minutes}} {{#if x}}' }),
    );
    expect(syntax.fieldErrors).toMatchObject([{ field: '/text', code: 'syntax' }]);
    // Nothing was stored.
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notification_templates WHERE tenant_id IS NOT NULL`.execute(h.owner);
    expect(rows[0]?.n).toBe(0);
  });

  it('the application role cannot write platform defaults (row-level security)', async () => {
    await expect(
      saveDefaultTemplate(app, { event: 'otp', lang: 'id', channel: 'sms', text: '{{code}} {{minutes}}' }),
    ).rejects.toThrow(/row-level security/);
  });
});

describe('rendering', () => {
  it('escapes variables in HTML bodies and leaves them raw in text', async () => {
    const draft = {
      event: 'application.updated',
      lang: 'id' as const,
      channel: 'email' as const,
      subject: 'Permohonan {{trackingNumber}}',
      text: '{{serviceName}} {{trackingNumber}}: {{status}} {{url}}',
      html: '<p>{{serviceName}} {{trackingNumber}}: {{status}} <a href="{{url}}">buka</a></p>',
    };
    await saveTemplate(inTenant(app, TENANT), draft);
    const out = await renderTemplate(app, TENANT, 'application.updated', 'id', 'email', {
      trackingNumber: 'PMH-1',
      serviceName: 'Akta <Kelahiran> & "KTP"',
      status: "<script>alert('x')</script>",
      url: 'https://contoh.go.id/a?b=1&c=2',
    });
    expect(out.tenantOverride).toBe(true);
    expect(out.text).toBe(`Akta <Kelahiran> & "KTP" PMH-1: <script>alert('x')</script> https://contoh.go.id/a?b=1&c=2`);
    expect(out.html).toBe(
      '<p>Akta &lt;Kelahiran&gt; &amp; &quot;KTP&quot; PMH-1: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ' +
        '<a href="https://contoh.go.id/a?b=1&amp;c=2">buka</a></p>',
    );
    expect(out.subject).toBe('Permohonan PMH-1');
  });

  it('checks variables by type', async () => {
    const error = await refusal(
      renderTemplate(app, TENANT, 'payment.receipt', 'id', 'sms', {
        invoiceNumber: 'INV-1',
        amount: 'seratus',
        paidAt: 'kemarin',
        url: 'javascript:alert(1)',
        extra: 'x',
      }),
    );
    expect(error.code).toBe('notification.template_vars_invalid');
    expect(error.fieldErrors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      '/vars/amount:type',
      '/vars/extra:unknown_variable',
      '/vars/paidAt:type',
      '/vars/serviceName:required',
      '/vars/url:type',
    ]);
  });

  it('a tenant override beats the default; another tenant still gets the default', async () => {
    await saveTemplate(inTenant(app, TENANT), {
      event: 'otp', lang: 'id', channel: 'sms', text: 'Pemkot A: kode {{code}}, {{minutes}} menit.',
    });
    const own = await renderTemplate(app, TENANT, 'otp', 'id', 'sms', OTP_VARS);
    expect(own.text).toBe('Pemkot A: kode 123456, 5 menit.');
    const other = await renderTemplate(app, OTHER, 'otp', 'id', 'sms', OTP_VARS);
    expect(other.tenantOverride).toBe(false);
    expect(other.text).toBe('Kode verifikasi Gerbang Anda: 123456. Berlaku 5 menit. Jangan berikan kode ini kepada siapa pun.');
    // Row-level security: the other tenant cannot even see the override, with no filter at all.
    const seen = await h.app.transaction().execute(async (trx) => {
      await sql`select set_config('gerbang.tenant_id', ${OTHER}, true)`.execute(trx);
      return trx.selectFrom('notification_templates').select('tenant_id').where('tenant_id', 'is not', null).execute();
    });
    expect(seen).toEqual([]);
  });

  it('falls back to the other language when neither the tenant nor the platform has one', async () => {
    // in-app English for an event exists by default; remove the platform's English in-app OTP in a copy.
    await sql`DELETE FROM notification_templates WHERE tenant_id IS NULL AND event = 'example.rated' AND lang = 'en' AND channel = 'inapp'`.execute(h.owner);
    const out = await renderTemplate(app, OTHER, 'example.rated', 'en', 'inapp', {
      serviceName: 'KTP',
      url: 'https://contoh.go.id/s',
    });
    expect(out.lang).toBe('id');
    expect(out.text).toBe('Bagaimana layanan KTP? Beri penilaian Anda dalam dua menit: https://contoh.go.id/s');
    // A tenant's template in the requested language beats the platform's other-language one.
    await saveTemplate(inTenant(app, OTHER), { event: 'example.rated', lang: 'en', channel: 'inapp', text: 'Rate {{serviceName}}: {{url}}' });
    const own = await renderTemplate(app, OTHER, 'example.rated', 'en', 'inapp', { serviceName: 'KTP', url: 'https://contoh.go.id/s' });
    expect(own).toMatchObject({ lang: 'en', text: 'Rate KTP: https://contoh.go.id/s' });
    // Seeding again restores only the missing default and keeps the rest.
    expect(await seedDefaultTemplates(platform)).toEqual({ created: 1 });
    expect(await seedDefaultTemplates(platform)).toEqual({ created: 0 });
  });

  it('WhatsApp without a template of its own uses the SMS text', async () => {
    const out = await renderTemplate(app, OTHER, 'otp', 'en', 'whatsapp', OTP_VARS);
    expect(out.text).toBe('Your Gerbang verification code: 123456. Valid for 5 minutes. Never give this code to anyone.');
  });

  it('the seeded defaults render for every event, both languages and every channel', async () => {
    const events = listedEvents();
    // The catalogue's events, each now registered by the module that raises it (identity, complaints,
    // applications, this module's digest) or, for features not built yet, by the test module (test-events.ts).
    expect([...events].sort()).toEqual(['otp', 'application.updated', 'application.draft_expiring', 'complaint.answered', 'complaint.received', 'complaint.updated', 'complaint.dispatched', 'complaint.escalated', 'example.rated', 'information.decided', 'information.extended', 'information.objection_answered', 'payment.receipt', 'officer.digest', 'deadline.reminder'].sort());
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notification_templates WHERE tenant_id IS NULL`.execute(h.owner);
    expect(rows[0]?.n).toBe(events.length * 2 * 3);
    for (const event of events) {
      const vars = Object.fromEntries(Object.entries(eventDefinition(event).variables).map(([k, v]) => [k, v.example]));
      for (const lang of ['id', 'en'] as const) {
        for (const channel of ['email', 'sms', 'inapp'] as const) {
          const out = await renderTemplate(platform, null, event, lang, channel, vars);
          expect(out.lang).toBe(lang);
          expect(out.text).not.toMatch(/\{\{|\}\}/);
          if (channel === 'email') {
            expect(out.subject).toBeTruthy();
            expect(out.html).toContain(`<html lang="${lang}">`);
            expect(out.html).not.toMatch(/\{\{|\}\}/);
          }
          if (channel === 'sms') expect(smsInfo(out.text), `${event} ${lang}: ${out.text}`).toMatchObject({ encoding: 'GSM-7', segments: 1 });
        }
      }
    }
    // Dates and numbers in the language's format, date-times in the tenant's zone.
    const receipt = await renderTemplate(platform, null, 'payment.receipt', 'id', 'inapp', {
      invoiceNumber: 'INV-9',
      amount: 1250000,
      paidAt: new Date('2026-11-22T02:30:00Z'),
      serviceName: 'PBB',
      url: 'https://contoh.go.id/r',
    }, { timeZone: 'Asia/Makassar' });
    expect(receipt.text).toContain('Rp1.250.000');
    expect(receipt.text).toContain('22 November 2026 pukul 10.30 WITA');
  });

  it('the catalogue says which events citizens may switch off', () => {
    expect(mayOptOut('otp')).toBe(false);
    expect(mayOptOut('payment.receipt')).toBe(false);
    expect(mayOptOut('example.rated')).toBe(true);
  });
});

describe('SMS encoding and segments', () => {
  const cases: [string, string, 'GSM-7' | 'UCS-2', number, number][] = [
    ['empty', '', 'GSM-7', 0, 1],
    ['160 GSM-7', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 GSM-7', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['306 GSM-7', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['307 GSM-7', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['extension chars count twice', '€[]{}|^~\\', 'GSM-7', 18, 1],
    ['80 euro signs = 160 septets', '€'.repeat(80), 'GSM-7', 160, 1],
    ['159 + one extension = 161', `${'a'.repeat(159)}€`, 'GSM-7', 161, 2],
    // 152 septets then an escape pair: the pair is not split, so it starts part 2.
    ['escape pair not split', `${'a'.repeat(152)}€${'a'.repeat(10)}`, 'GSM-7', 164, 2],
    ['GSM-7 accents stay GSM-7', 'èéùìòÇØøÅåÄÖÑÜäöñüà', 'GSM-7', 19, 1],
    ['one non-GSM char switches to UCS-2', `Kode ${'a'.repeat(60)} ç`, 'UCS-2', 67, 1],
    ['70 UCS-2', 'ç'.repeat(70), 'UCS-2', 70, 1],
    ['71 UCS-2', 'ç'.repeat(71), 'UCS-2', 71, 2],
    ['134 UCS-2', 'ç'.repeat(134), 'UCS-2', 134, 2],
    ['135 UCS-2', 'ç'.repeat(135), 'UCS-2', 135, 3],
    ['emoji take two units', '👍', 'UCS-2', 2, 1],
    ['35 emoji = 70 units', '👍'.repeat(35), 'UCS-2', 70, 1],
    ['emoji not split across parts', `${'ç'.repeat(66)}👍${'ç'.repeat(10)}`, 'UCS-2', 78, 2],
    ['curly quote is UCS-2', 'Jangan “bagikan”', 'UCS-2', 16, 1],
  ];
  it.each(cases)('%s', (_name, text, encoding, units, segments) => {
    expect(smsInfo(text)).toMatchObject({ encoding, units, segments });
  });

  it('saving an SMS longer than one part returns a warning', async () => {
    const long = `Kode {{code}} berlaku {{minutes}} menit. ${'Jangan berikan kode ini kepada siapa pun. '.repeat(4)}`;
    const saved = await saveTemplate(inTenant(app, OTHER), { event: 'otp', lang: 'en', channel: 'sms', text: long });
    expect(saved.preview.sms).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(saved.warnings).toMatchObject([{ field: '/text', code: 'sms_multipart', vars: { segments: 2, encoding: 'GSM-7' } }]);
    const short = previewTemplate({ event: 'otp', lang: 'en', channel: 'sms', text: 'Code {{code}}, {{minutes}} min 👍' });
    expect(short.sms).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(short.warnings).toEqual([]);
  });
});

describe('notifyFromTemplate', () => {
  it('queues a notification whose body is the rendered template, and audits the save without content', async () => {
    const queued = await notifyFromTemplate(app, OTHER, {
      event: 'otp',
      channel: 'email',
      to: 'warga@example.com',
      lang: 'id',
      vars: { code: '654321', minutes: 10 },
    });
    const row = await h.owner.selectFrom('notifications').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'otp', lang: 'id', channel: 'email', subject: 'Kode verifikasi Gerbang: 654321', priority: 100 });
    expect(row.body_text).toContain('Kode verifikasi Gerbang Anda: 654321');
    expect(row.body_text).toContain('Kode ini berlaku 10 menit.');
    expect(row.body_html).toContain('Kode verifikasi Gerbang Anda: 654321');

    const sms = await notifyFromTemplate(app, OTHER, {
      event: 'deadline.reminder',
      channel: 'sms',
      to: '0812 3456 7890',
      lang: 'en',
      vars: { trackingNumber: 'PMH-1', serviceName: 'KTP', dueDate: '2026-12-01', url: 'https://contoh.go.id/p' },
    });
    const smsRow = await h.owner.selectFrom('notifications').selectAll().where('id', '=', sms.id).executeTakeFirstOrThrow();
    expect(smsRow.body_text).toBe('KTP application PMH-1 needs your action before 1 December 2026: https://contoh.go.id/p');
    expect(smsRow.priority).toBe(0);

    await audit.flush(h.app); // sequence the committed audit events (decision 0014)
    const entries = await h.owner.selectFrom('audit_log').select(['action', 'entry']).where('action', '=', 'notification.template_saved').execute();
    expect(entries.length).toBeGreaterThan(36);
    for (const e of entries) expect(e.entry.toString()).not.toMatch(/verifikasi|Pemkot/);
  });
});

describe('notifyManyFromTemplate', () => {
  const BATCH_TENANT = '00000000-0000-4000-8000-0000000000f3';
  const complaintVars = { trackingNumber: 'ADU-1', tenantName: 'Pemkab Contoh', url: 'https://contoh.go.id/a' };
  const deadlineVars = { trackingNumber: 'PMH-1', serviceName: 'KTP', dueDate: '2026-12-01', url: 'https://contoh.go.id/p' };

  beforeAll(async () => {
    await h.owner.insertInto('tenants').values({ id: BATCH_TENANT, slug: 'tpl-c', name: 'tpl-c', kind: 'city', time_zone: 'Asia/Jakarta' }).execute();
    await saveTemplate(inTenant(app, BATCH_TENANT), {
      event: 'complaint.received',
      lang: 'id',
      channel: 'sms',
      text: 'Pemkab: laporan {{trackingNumber}} kami terima ({{tenantName}}), {{url}}',
    });
  });

  it('renders each message of a mixed batch with its own template (tenant override, platform default) and queues them', async () => {
    const results = await notifyManyFromTemplate(app, BATCH_TENANT, [
      { event: 'complaint.received', channel: 'sms', to: '0812 4444 0001', lang: 'id', vars: complaintVars },
      { event: 'deadline.reminder', channel: 'sms', to: '0812 4444 0002', lang: 'id', vars: deadlineVars },
      { event: 'complaint.received', channel: 'whatsapp', to: '0812 4444 0003', lang: 'id', vars: complaintVars }, // SMS text
      { event: 'deadline.reminder', channel: 'sms', to: '0812 4444 0004', lang: 'id', vars: { ...deadlineVars, url: 'ftp://x' } },
      { event: 'otp', channel: 'email', to: 'warga@example.com', lang: 'en', vars: { code: '111222', minutes: 5 } },
    ]);
    expect(results[3]).toBeInstanceOf(DomainError);
    expect(results[3]).toMatchObject({ code: 'notification.template_vars_invalid', status: 400 });
    const ids = results.flatMap((r) => (r instanceof DomainError ? [] : [r.id]));
    expect(ids).toHaveLength(4);
    const rows = await h.owner.selectFrom('notifications').selectAll().where('id', 'in', ids).execute();
    const text = (i: number) => rows.find((r) => r.id === (results[i] as { id: string }).id)!;
    expect(text(0).body_text).toBe('Pemkab: laporan ADU-1 kami terima (Pemkab Contoh), https://contoh.go.id/a');
    expect(text(1).body_text).toBe('Permohonan KTP PMH-1 perlu tindakan Anda sebelum 1 Desember 2026: https://contoh.go.id/p');
    expect(text(2)).toMatchObject({ channel: 'whatsapp', body_text: text(0).body_text });
    expect(text(4)).toMatchObject({ kind: 'otp', lang: 'en', subject: 'Gerbang verification code: 111222', priority: 100 });
    expect(text(4).body_html).toContain('111222');

    // notifyFromTemplate is the same path: the same text for the same input.
    const single = await notifyFromTemplate(app, BATCH_TENANT, {
      event: 'complaint.received',
      channel: 'sms',
      to: '0812 4444 0005',
      lang: 'id',
      vars: complaintVars,
    });
    const row = await h.owner.selectFrom('notifications').select('body_text').where('id', '=', single.id).executeTakeFirstOrThrow();
    expect(row.body_text).toBe(text(0).body_text);
  });

  it('with readAheadFromTemplate, reads its templates, locks and counts with the caller’s next statement, and the hourly limit holds', async () => {
    const to = 'sering@example.com';
    const message = (i: number) => ({ event: 'complaint.received' as const, channel: 'email' as const, to, lang: 'id' as const, vars: { ...complaintVars, trackingNumber: `ADU-R${i}` } });
    await notifyManyFromTemplate(app, BATCH_TENANT, Array.from({ length: 19 }, (_, i) => message(i)));
    const recording = recordStatements();
    const sent = recording.texts;
    let results: Awaited<ReturnType<typeof notifyManyFromTemplate>>;
    try {
      results = await withTenant(h.app, BATCH_TENANT, async (trx) => {
        const messages = [message(19), message(20), { ...message(21), to: 'bukan alamat' }];
        const readAhead = readAheadFromTemplate(app, trx, BATCH_TENANT, messages);
        expect(sent).toEqual([]);
        await sql`select 1`.execute(trx); // the caller's next statement
        return notifyManyFromTemplate({ ...app, db: trx }, BATCH_TENANT, messages, { readAhead });
      });
    } finally {
      recording.stop();
    }
    // The twentieth is queued, the twenty-first is over the limit, the bad address refused.
    expect(results[0]).not.toBeInstanceOf(DomainError);
    expect(results.slice(1)).toMatchObject([{ code: 'notification.recipient_rate_limited' }, { code: 'notification.invalid_recipient' }]);
    // The templates, the lock and the count with `select 1`; then the notification with its job, its
    // audit entry, the COMMIT: four round trips, where reading them here took two more.
    expect(sent, sent.join('\n')).toHaveLength(4);
    expect(sent[0]).toMatch(/notification_templates[\s\S]*pg_advisory_xact_lock[\s\S]*count\(\*\)[\s\S]*select 1$/);
  });

  it('without a read-ahead covering its recipients, reads them itself', async () => {
    const results = await withTenant(h.app, BATCH_TENANT, async (trx) => {
      const readAhead = readAheadFromTemplate(app, trx, BATCH_TENANT, [{ event: 'complaint.received', channel: 'email', to: 'satu@example.com' }]);
      await sql`select 1`.execute(trx);
      return notifyManyFromTemplate({ ...app, db: trx }, BATCH_TENANT, [{ event: 'deadline.reminder', channel: 'sms', to: '0812 6666 0001', lang: 'id', vars: deadlineVars }], { readAhead });
    });
    expect(results[0]).not.toBeInstanceOf(DomainError);
    const row = await h.owner.selectFrom('notifications').select('body_text').where('id', '=', (results[0] as { id: string }).id).executeTakeFirstOrThrow();
    expect(row.body_text).toContain('PMH-1');
  });

  it('renders and queues 10 messages with as many statements as 2, and refuses in-app', async () => {
    const batch = (n: number, offset: number) =>
      Array.from({ length: n }, (_, i) => ({
        event: i % 2 ? ('deadline.reminder' as const) : ('complaint.received' as const),
        channel: i % 3 ? ('sms' as const) : ('email' as const),
        to: i % 3 ? `0812 5555 ${1000 + offset + i}` : `warga${offset + i}@example.com`,
        lang: 'id' as const,
        vars: i % 2 ? deadlineVars : complaintVars,
      }));
    const count = async (inputs: ReturnType<typeof batch>) => {
      const counting = countingDb(h.app);
      const results = await notifyManyFromTemplate({ ...app, db: counting.db }, BATCH_TENANT, inputs);
      expect(results.every((r) => !(r instanceof DomainError))).toBe(true);
      return counting.statements();
    };
    const two = await count(batch(2, 0));
    const ten = await count(batch(10, 100));
    // set_config (tenant), templates, locks, counts, the notifications with their jobs (one statement),
    // audit — BEGIN/COMMIT not counted.
    expect(two).toBe(6);
    expect(ten).toBe(two);
    expect(await notifyManyFromTemplate(app, BATCH_TENANT, [])).toEqual([]);
    await expect(
      notifyManyFromTemplate(app, BATCH_TENANT, [
        { event: 'otp', channel: 'inapp', to: 'x', lang: 'id', vars: OTP_VARS } as unknown as Parameters<typeof notifyManyFromTemplate>[2][number],
      ]),
    ).rejects.toThrow(TypeError);
  });
});
