// The event registry: a module's events are usable end to end once it registers them (default
// templates seeded, rendered, queued, delivered, offered in preferences), an event nobody registered
// is refused everywhere, a name cannot be registered twice with another definition, and template rows
// of events no module registers any more are left alone and out of sight.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { type SignedIn, signInAs } from '../../../test/auth.js';
import { loadConfig } from '../../config.js';
import { createJobRunner } from '../../platform/jobs/index.js';
import {
  type Channels,
  createChannels,
  type DevMailbox,
  eventDefinition,
  isNotificationEvent,
  type NotificationEventSpec,
  notificationJobHandlers,
  notifyFromTemplate,
  notifyPerson,
  registeredEvents,
  registerNotificationEvents,
  renderTemplate,
  saveTemplate,
  seedDefaultTemplates,
  startDevMailbox,
} from './index.js';
import { inTenant, refusal } from './test-env.js';

// A module of the test: registers its event before the app (and its seed of default templates) starts,
// as a module's index.ts does when the app loads it.
const PARCEL = {
  'parcel.ready': {
    definition: {
      optOut: true,
      audience: 'citizen',
      description: { id: 'Dokumen siap diambil', en: 'Document ready for collection' },
      variables: {
        document: { type: 'string', required: true, example: 'KTP-el' },
        place: { type: 'string', required: true, example: 'Mal Pelayanan Publik' },
        url: { type: 'url', required: true, example: 'https://layanan.contoh.go.id/l/K7QX-42' },
      },
    },
    texts: {
      id: {
        subject: '{{document}} Anda siap diambil',
        paragraphs: ['{{document}} Anda dapat diambil di {{place}}.'],
        action: 'Lihat rincian',
        sms: '{{document}} siap diambil di {{place}}: {{url}}',
        inapp: '{{document}} Anda siap diambil di {{place}}: {{url}}',
      },
      en: {
        subject: 'Your {{document}} is ready',
        paragraphs: ['Your {{document}} can be collected at {{place}}.'],
        action: 'See the details',
        sms: '{{document}} ready at {{place}}: {{url}}',
        inapp: 'Your {{document}} is ready at {{place}}: {{url}}',
      },
    },
  },
} as const satisfies Record<string, NotificationEventSpec>;
registerNotificationEvents(PARCEL);
type ParcelEvents = Record<keyof typeof PARCEL, NotificationEventSpec>;
declare module './index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationEvents extends ParcelEvents {}
}

const VARS = { document: 'KTP-el', place: 'MPP Kota Semarang', url: 'https://layanan.contoh.go.id/l/1' };
const A = '/t/jateng';
const quiet = { info() {}, warn() {}, error() {} };

let t: TestApp;
let mailbox: DevMailbox;
let channels: Channels;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  // The test app's database comes with the app's templates (seeded once per run, test/global-setup.ts);
  // the seed adds the ones of the events this file registered, as it would at a real start.
  await seedDefaultTemplates({ db: t.db.owner, audit: t.audit, actor: { kind: 'system', id: 'seed' } });
  mailbox = await startDevMailbox({ db: t.db.app });
  channels = createChannels(loadConfig({ NODE_ENV: 'test' }), { db: t.db.app, devSmtp: mailbox });
  admin = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
});
afterAll(async () => {
  await channels?.close();
  await mailbox?.stop();
  await t?.close();
});

describe('registering events', () => {
  it('accepts the same definition again and refuses a name registered with another definition or texts', () => {
    expect(() => registerNotificationEvents(PARCEL)).not.toThrow();
    const other = { ...PARCEL['parcel.ready'], definition: { ...PARCEL['parcel.ready'].definition, optOut: false } };
    expect(() => registerNotificationEvents({ 'parcel.ready': other })).toThrow('notification event parcel.ready is registered twice with different definitions');
    const otherText = { ...PARCEL['parcel.ready'], texts: { ...PARCEL['parcel.ready'].texts, en: { ...PARCEL['parcel.ready'].texts.en, sms: 'Ready: {{url}} {{document}} {{place}}' } } };
    expect(() => registerNotificationEvents({ 'parcel.ready': otherText })).toThrow(/registered twice/);
    expect(eventDefinition('parcel.ready').optOut).toBe(true);
    // A refused batch adds nothing, not even its good entries.
    expect(() => registerNotificationEvents({ 'parcel.lost': PARCEL['parcel.ready'], 'parcel.ready': other })).toThrow(/registered twice/);
    expect(isNotificationEvent('parcel.lost')).toBe(false);
  });

  it('refuses a malformed name and default texts missing in a language', () => {
    expect(() => registerNotificationEvents({ 'Parcel Ready': PARCEL['parcel.ready'] })).toThrow(/lower-case words/);
    const { en: _en, ...idOnly } = PARCEL['parcel.ready'].texts;
    expect(() => registerNotificationEvents({ 'parcel.half': { ...PARCEL['parcel.ready'], texts: idOnly as never } })).toThrow(/missing in en/);
    expect(isNotificationEvent('parcel.half')).toBe(false);
    const noAudience = { ...PARCEL['parcel.ready'], definition: { ...PARCEL['parcel.ready'].definition, audience: 'everyone' } };
    expect(() => registerNotificationEvents({ 'parcel.anyone': noAudience as never })).toThrow(/needs an audience/);
  });

  it('knows the events of the app’s modules and no other: identity, complaints, applications, information requests, its own digest', () => {
    const events = registeredEvents();
    for (const event of ['otp', 'complaint.received', 'complaint.answered', 'complaint.updated', 'application.updated', 'application.draft_expiring', 'officer.digest', 'parcel.ready', 'information.decided']) {
      expect(events).toContain(event);
    }
    for (const planned of ['payment.receipt', 'legacy.retired', 'deadline.reminder']) {
      expect(isNotificationEvent(planned)).toBe(false);
    }
    expect(isNotificationEvent('constructor')).toBe(false);
    expect(() => eventDefinition('no.such' as never)).toThrow(TypeError);
  });
});

describe('an event a module registered, end to end', () => {
  it('has its default templates seeded and rendered in both languages', async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notification_templates
      WHERE tenant_id IS NULL AND event = 'parcel.ready'`.execute(t.db.owner);
    expect(rows[0]?.n).toBe(6); // e-mail, SMS, in-app × id, en
    const tenantId = admin.tenantId;
    const sms = await renderTemplate({ db: t.db.app }, tenantId, 'parcel.ready', 'id', 'sms', VARS);
    expect(sms.text).toBe('KTP-el siap diambil di MPP Kota Semarang: https://layanan.contoh.go.id/l/1');
    const email = await renderTemplate({ db: t.db.app }, tenantId, 'parcel.ready', 'en', 'email', VARS);
    expect(email.subject).toBe('Your KTP-el is ready');
    expect(email.text).toContain('See the details: https://layanan.contoh.go.id/l/1');
  });

  it('is offered in preferences (it may be switched off), listed and editable on the template pages', async () => {
    const citizen = await signInAs(t, 'jateng', { kind: 'citizen' });
    const prefs = await t.app.inject({ url: `${A}/api/v1/me/notification-preferences`, headers: { cookie: citizen.cookie } });
    expect(prefs.json().events).toContainEqual({ event: 'parcel.ready', description: 'Dokumen siap diambil', optOut: true, channels: ['email', 'inapp'], isDefault: true });
    const page = await t.app.inject({ url: `${A}/notifikasi/pengaturan?lang=en`, headers: { cookie: citizen.cookie } });
    expect(page.body).toContain('Document ready for collection');
    const list = await t.app.inject({ url: `${A}/admin/templat-notifikasi`, headers: { cookie: admin.cookie } });
    expect(list.body).toContain('Dokumen siap diambil');
    const edit = await t.app.inject({ url: `${A}/admin/templat-notifikasi/parcel.ready/id/sms`, headers: { cookie: admin.cookie } });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('{{place}}');
  });

  it('notifyPerson queues it, and the delivery job hands it to the development mailbox', async () => {
    const citizen = await signInAs(t, 'jateng', { kind: 'citizen' });
    if (citizen.principal.kind !== 'citizen') throw new Error('expected a citizen');
    const ctx = { db: t.db.app, audit: t.audit, actor: { kind: 'system', id: 'test' } } as const;
    const result = await notifyPerson(ctx, citizen.tenantId, {
      recipient: { kind: 'citizen', id: citizen.principal.id, email: 'penerima.paket@example.com', lang: 'id' },
      event: 'parcel.ready',
      vars: VARS,
    });
    expect(result.channels).toEqual(['email', 'inapp']);
    const runner = createJobRunner(t.db.app, notificationJobHandlers({ channels, audit: t.audit }), { log: quiet, kinds: ['notifications.deliver'] });
    while (await runner.runOnce());
    const mail = await t.db.owner.selectFrom('dev_mailbox').selectAll().where('recipient', '=', 'penerima.paket@example.com').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('KTP-el Anda siap diambil');
    expect(mail.body_text).toContain('KTP-el Anda dapat diambil di MPP Kota Semarang.');
    const inbox = await t.app.inject({ url: `${A}/api/v1/me/notifications`, headers: { cookie: citizen.cookie } });
    expect(inbox.json().items).toMatchObject([{ event: 'parcel.ready', title: 'KTP-el Anda siap diambil' }]);
  });
});

describe('an event no module registered', () => {
  it('is refused by every way in', async () => {
    const tenantId = admin.tenantId;
    const ctx = { db: t.db.app, audit: t.audit, actor: { kind: 'system', id: 'test' } } as const;
    const unknown = 'payment.receipt' as never;
    await expect(notifyPerson(ctx, tenantId, { recipient: { kind: 'citizen', id: '11111111-1111-4111-8111-111111111111' }, event: unknown, vars: {} })).rejects.toThrow(TypeError);
    await expect(notifyFromTemplate(ctx, tenantId, { event: unknown, channel: 'sms', to: '0812 3456 7890', lang: 'id', vars: {} })).rejects.toThrow(TypeError);
    await expect(renderTemplate(ctx, tenantId, unknown, 'id', 'sms', {})).rejects.toThrow(TypeError);
    const saved = await refusal(saveTemplate(inTenant(ctx, tenantId), { event: 'payment.receipt', lang: 'id', channel: 'sms', text: 'x' }));
    expect(saved.fieldErrors).toMatchObject([{ field: '/event', code: 'unknown_event' }]);
    const page = await t.app.inject({ url: `${A}/admin/templat-notifikasi/payment.receipt/id/sms`, headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(404);
    const put = await t.app.inject({ method: 'PUT', url: `${A}/api/v1/notification-templates/payment.receipt/id/sms`, headers: { cookie: admin.cookie }, payload: { text: 'x' } });
    expect(put.statusCode).toBe(404);
    const prefs = await t.app.inject({ method: 'PUT', url: `${A}/api/v1/me/notification-preferences`, headers: { cookie: admin.cookie }, payload: { channels: { 'payment.receipt': ['email'] } } });
    expect(prefs.statusCode).toBe(400);
    expect(prefs.json().errors).toMatchObject([{ field: '/channels/payment.receipt', code: 'unknown_event' }]);
  });

  it('keeps the template rows stored for it (a module that stopped registering it) out of sight, and the seed leaves them alone', async () => {
    const tenantId = admin.tenantId;
    // Defaults and a tenant's own text saved when the catalogue still had the event.
    await sql`INSERT INTO notification_templates (id, tenant_id, event, lang, channel, subject, body_text, body_html, updated_at, updated_by)
      VALUES (gen_random_uuid(), NULL, 'legacy.retired', 'id', 'sms', NULL, 'Nilai {{serviceName}}: {{url}}', NULL, now(), 'seed'),
             (gen_random_uuid(), ${tenantId}, 'legacy.retired', 'id', 'inapp', 'Survei', 'Nilai {{serviceName}}: {{url}}', NULL, now(), 'officer:x')`.execute(t.db.owner);
    const api = await t.app.inject({ url: `${A}/api/v1/notification-templates`, headers: { cookie: admin.cookie } });
    expect(api.statusCode).toBe(200);
    expect(api.json().items.map((i: { event: string }) => i.event)).not.toContain('legacy.retired');
    expect(api.json().items.map((i: { event: string }) => i.event)).toContain('parcel.ready');
    const page = await t.app.inject({ url: `${A}/admin/templat-notifikasi`, headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('legacy.retired');
    expect(await seedDefaultTemplates({ db: t.db.owner, audit: t.audit, actor: { kind: 'system', id: 'seed' } })).toEqual({ created: 0 });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notification_templates WHERE event = 'legacy.retired'`.execute(t.db.owner);
    expect(rows[0]?.n).toBe(2);
  });
});
