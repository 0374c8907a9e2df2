// HTTP: the signed-in person's inbox (JSON API and pages) and the template admin API and pages — each
// refuses another tenant's session and a role without permission. The examples use a test module's
// event (test-events.ts); the preferences, which offer only the app's own events, are tested in
// offered-events.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { type SignedIn, signInAs } from '../../../test/auth.js';
import { notifyFromTemplate, seedDefaultTemplates } from './index.js';
import './test-events.js';

let t: TestApp;
let citizen: SignedIn;
let otherCitizen: SignedIn;
let foreignCitizen: SignedIn; // a citizen of another tenant
let admin: SignedIn;
let verifier: SignedIn;
let foreignAdmin: SignedIn;
const A = '/t/jateng';

const appVars = {
  trackingNumber: 'PMH-7K3Q-9XW2',
  serviceName: 'Akta Kelahiran',
  status: 'Selesai',
  url: 'https://layanan.contoh.go.id/l/K7QX-42',
};

async function toInbox(who: SignedIn, lang: 'id' | 'en' = 'id') {
  if (who.principal.kind !== 'citizen' && who.principal.kind !== 'officer') throw new Error('not a person');
  return notifyFromTemplate({ db: t.db.app, audit: t.audit, actor: { kind: 'system', id: 'test' } }, who.tenantId, {
    event: 'application.updated',
    channel: 'inapp',
    recipient: { kind: who.principal.kind, id: who.principal.id },
    lang,
    vars: appVars,
  });
}

function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no _csrf field in the page');
  return token;
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDefaultTemplates({ db: t.db.owner, audit: t.audit, actor: { kind: 'system', id: 'seed' } });
  citizen = await signInAs(t, 'jateng', { kind: 'citizen' });
  otherCitizen = await signInAs(t, 'jateng', { kind: 'citizen' });
  foreignCitizen = await signInAs(t, 'makassar', { kind: 'citizen' });
  admin = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
  verifier = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
  foreignAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
});
afterAll(() => t.close());

describe('inbox API (listMyNotifications, markNotificationRead)', () => {
  it('lists the signed-in person’s messages with the unread count and marks one read', async () => {
    const msg = await toInbox(citizen);
    await toInbox(citizen, 'en');
    const list = await t.app.inject({ method: 'GET', url: `${A}/api/v1/me/notifications`, headers: { cookie: citizen.cookie } });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.unread).toBe(2);
    expect(body.items).toHaveLength(2);
    expect(body.items.find((i: { id: string }) => i.id === msg.id)).toMatchObject({ title: 'Permohonan PMH-7K3Q-9XW2: Selesai', read: false });

    const read = await t.app.inject({ method: 'POST', url: `${A}/api/v1/me/notifications/${msg.id}/read`, headers: { cookie: citizen.cookie } });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: msg.id, changed: true, unread: 1 });
    const unread = await t.app.inject({ method: 'GET', url: `${A}/api/v1/me/notifications?unread=true`, headers: { cookie: citizen.cookie } });
    expect(unread.json().items.map((i: { lang: string }) => i.lang)).toEqual(['en']);
  });

  it('pages with the `next` cursor; a cursor it did not issue is a 400 on /before (API), the first page (inbox page)', async () => {
    const reader = await signInAs(t, 'jateng', { kind: 'citizen' });
    await toInbox(reader);
    await toInbox(reader);
    const first = await t.app.inject({ url: `${A}/api/v1/me/notifications?limit=1`, headers: { cookie: reader.cookie } });
    const next = first.json().next;
    const second = await t.app.inject({ url: `${A}/api/v1/me/notifications?limit=1&before=${next}`, headers: { cookie: reader.cookie } });
    expect(second.statusCode).toBe(200);
    expect(second.json().items[0].id).not.toBe(first.json().items[0].id);
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    for (const before of [forged('0000-12-31T00:00:00.000Z|00000000-0000-4000-8000-000000000000'), forged('2026-03-16T02:00:00.000Z|abc'), 'kemarin']) {
      const api = await t.app.inject({ url: `${A}/api/v1/me/notifications?before=${before}`, headers: { cookie: reader.cookie } });
      expect(api.statusCode, before).toBe(400);
      expect(api.json().errors).toEqual([expect.objectContaining({ field: '/before', code: 'cursor' })]);
      const page = await t.app.inject({ url: `${A}/notifikasi?before=${before}`, headers: { cookie: reader.cookie } });
      expect(page.statusCode, before).toBe(200);
    }
  });

  it('refuses: anonymous 401, another tenant’s officer 401, another person’s message 404 (another tenant’s citizen is signed in here too and sees only theirs), api docs name the operations', async () => {
    const msg = await toInbox(citizen);
    expect((await t.app.inject({ method: 'GET', url: `${A}/api/v1/me/notifications` })).statusCode).toBe(401);
    const foreign = await t.app.inject({ method: 'GET', url: `${A}/api/v1/me/notifications`, headers: { cookie: foreignAdmin.cookie } });
    expect(foreign.statusCode).toBe(401);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    // One account for the installation (issue 17): the other tenant's citizen is a person here too,
    // with an inbox of their own that holds nothing of this one's.
    const visitor = await t.app.inject({ method: 'GET', url: `${A}/api/v1/me/notifications`, headers: { cookie: foreignCitizen.cookie } });
    expect(visitor.statusCode).toBe(200);
    expect(visitor.json().items.map((i: { id: string }) => i.id)).not.toContain(msg.id);
    const visitorRead = await t.app.inject({ method: 'POST', url: `${A}/api/v1/me/notifications/${msg.id}/read`, headers: { cookie: foreignCitizen.cookie } });
    expect(visitorRead.statusCode).toBe(404);
    const other = await t.app.inject({ method: 'POST', url: `${A}/api/v1/me/notifications/${msg.id}/read`, headers: { cookie: otherCitizen.cookie } });
    expect(other.statusCode).toBe(404);
    const officerTry = await t.app.inject({ method: 'POST', url: `${A}/api/v1/me/notifications/${msg.id}/read`, headers: { cookie: admin.cookie } });
    expect(officerTry.statusCode).toBe(404);
    // The other person's inbox does not show it.
    const theirs = await t.app.inject({ method: 'GET', url: `${A}/api/v1/me/notifications`, headers: { cookie: otherCitizen.cookie } });
    expect(theirs.json().items).toEqual([]);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ops = Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) =>
      Object.values(p).map((o) => o.operationId),
    );
    for (const op of ['listMyNotifications', 'markNotificationRead', 'getNotificationPreferences', 'updateNotificationPreferences']) {
      expect(ops).toContain(op);
    }
  });
});

describe('template admin API', () => {
  it('a tenant admin lists, previews and saves; an unknown variable is refused on save', async () => {
    const list = await t.app.inject({ method: 'GET', url: `${A}/api/v1/notification-templates`, headers: { cookie: admin.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.find((i: { event: string; lang: string; channel: string }) => i.event === 'otp' && i.lang === 'id' && i.channel === 'sms')).toMatchObject({
      source: 'platform',
    });
    const unknown = await t.app.inject({
      method: 'PUT',
      url: `${A}/api/v1/notification-templates/otp/id/sms`,
      headers: { cookie: admin.cookie },
      payload: { text: 'Kode {{code}} berlaku {{minutes}} menit, {{nama}}.' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: '/text', code: 'unknown_variable', message: 'Variabel {{nama}} tidak tersedia untuk notifikasi ini.' },
    ]);
    const long = 'Kode {{code}} berlaku {{minutes}} menit. ' + 'Jangan berikan kode ini kepada siapa pun. '.repeat(4);
    const saved = await t.app.inject({
      method: 'PUT',
      url: `${A}/api/v1/notification-templates/otp/id/sms`,
      headers: { cookie: admin.cookie },
      payload: { text: long },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().preview.sms).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(saved.json().preview.warnings[0]).toMatchObject({ field: '/text', code: 'sms_multipart' });
    const after = await t.app.inject({ method: 'GET', url: `${A}/api/v1/notification-templates`, headers: { cookie: admin.cookie } });
    expect(after.json().items.find((i: { event: string; lang: string; channel: string }) => i.event === 'otp' && i.lang === 'id' && i.channel === 'sms')).toMatchObject({
      source: 'tenant',
      text: long,
    });
    const preview = await t.app.inject({
      method: 'POST',
      url: `${A}/api/v1/notification-templates/preview`,
      headers: { cookie: admin.cookie },
      payload: { event: 'otp', lang: 'en', channel: 'sms', text: 'Code {{code}} for {{minutes}} min' },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ text: 'Code 482913 for 5 min', warnings: [] });
  });

  it('refuses a citizen and an officer without tenant_admin (403), another tenant’s admin (401)', async () => {
    const url = `${A}/api/v1/notification-templates`;
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: foreignAdmin.cookie } })).statusCode).toBe(401);
    const put = await t.app.inject({
      method: 'PUT',
      url: `${url}/otp/id/sms`,
      headers: { cookie: verifier.cookie },
      payload: { text: 'x' },
    });
    expect(put.statusCode).toBe(403);
  });
});

describe('pages', () => {
  it('inbox page: unread count, mark read by form (POST + redirect), CSRF required', async () => {
    const person = await signInAs(t, 'jateng', { kind: 'citizen' });
    const msg = await toInbox(person);
    const page = await t.app.inject({ method: 'GET', url: `${A}/notifikasi`, headers: { cookie: person.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 pesan belum dibaca.');
    expect(page.body).toContain('Permohonan PMH-7K3Q-9XW2: Selesai');
    const token = csrfOf(page.body);
    // Every page of a signed-in person links to the inbox with the unread count.
    const home = await t.app.inject({ method: 'GET', url: `${A}/`, headers: { cookie: person.cookie, accept: 'text/html' } });
    expect(home.body).toContain(`<a href="${A}/notifikasi">Kotak masuk (1 belum dibaca)</a>`);
    const anonymousHome = await t.app.inject({ method: 'GET', url: `${A}/`, headers: { accept: 'text/html' } });
    // Signed out, the header offers Masuk and Daftar (navigation), never an inbox.
    expect(anonymousHome.body).not.toContain('/notifikasi"');
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `${A}/notifikasi/${msg.id}/baca`,
      headers: { cookie: person.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(noCsrf.statusCode).toBe(403);
    const post = await t.app.inject({
      method: 'POST',
      url: `${A}/notifikasi/${msg.id}/baca`,
      headers: { cookie: person.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe(`${A}/notifikasi?done=read`);
    const after = await t.app.inject({ method: 'GET', url: `${A}/notifikasi?done=read`, headers: { cookie: person.cookie } });
    expect(after.body).toContain('Tidak ada pesan yang belum dibaca.');
    expect((await t.app.inject({ method: 'GET', url: `${A}/notifikasi` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `${A}/notifikasi`, headers: { cookie: foreignAdmin.cookie } })).statusCode).toBe(401);
  });

  it('template admin page: preview with SMS parts, unknown variable refused on save with a clear error; others refused', async () => {
    const url = `${A}/admin/templat-notifikasi/application.updated/id/sms`;
    const page = await t.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('SMS: 1 bagian, GSM-7');
    const token = csrfOf(page.body);
    const post = (text: string, action: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, text, action }).toString(),
      });
    const refused = await post('Permohonan {{trackingNumber}} {{serviceName}} {{status}} {{url}} {{warga}}', 'save');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Variabel {{warga}} tidak tersedia untuk notifikasi ini.');
    expect(refused.body).toContain('{{warga}}</textarea>'); // what was typed is kept
    const long = `Permohonan {{trackingNumber}} ({{serviceName}}) kini {{status}}. ${'Silakan periksa rinciannya. '.repeat(5)}{{url}}`;
    const preview = await post(long, 'preview');
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('SMS: 2 bagian, GSM-7');
    expect(preview.body).toContain('biayanya 2 kali SMS biasa');
    const saved = await post(long, 'save');
    expect(saved.statusCode).toBe(303);
    const list = await t.app.inject({ method: 'GET', url: `${A}/admin/templat-notifikasi`, headers: { cookie: admin.cookie } });
    expect(list.body).toContain('diubah oleh daerah ini');
    expect(list.body).toContain('memakai teks SMS');
    // A WhatsApp template starts from the SMS text it would replace.
    const wa = await t.app.inject({ method: 'GET', url: `${A}/admin/templat-notifikasi/otp/en/whatsapp`, headers: { cookie: admin.cookie } });
    expect(wa.statusCode).toBe(200);
    expect(wa.body).toContain('Your Gerbang verification code: {{code}}');
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: foreignAdmin.cookie } })).statusCode).toBe(401);
  });
});
