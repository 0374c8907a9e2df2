// Per-recipient rate limits and provider delivery callbacks (migration 0004).
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { DomainError } from '../../platform/errors.js';
import { lintOpenApi } from '../../../test/openapi-lint.js';
import { type NotificationContext, queueNotification, signCallback, verifyCallback } from './index.js';

const SECRET = 'test-callback-secret-0123456789abcdef';
let t: TestApp;
let ctx: NotificationContext;
let tenantId: string;
let otherTenantId: string;

beforeAll(async () => {
  t = await createTestApp({ NOTIFY_CALLBACK_SECRET: SECRET });
  const tenants = await t.db.owner.selectFrom('tenants').select(['id', 'slug']).orderBy('slug').execute();
  tenantId = tenants[0]!.id;
  otherTenantId = tenants[1]!.id;
  ctx = { db: t.db.app, audit: t.audit, actor: { kind: 'system', id: 'test' } };
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await sql`DELETE FROM jobs; DELETE FROM notifications`.execute(t.db.owner);
});

const sms = (to: string, kind = 'application.updated') => ({
  channel: 'sms' as const,
  to,
  kind,
  lang: 'id' as const,
  text: 'Permohonan diproses.',
});

async function ageAll(interval: string) {
  await sql`UPDATE notifications SET created_at = created_at - ${interval}::interval`.execute(t.db.owner);
}

describe('per-recipient rate limits', () => {
  it('refuses the 21st message to one person in an hour with 429, whatever the spelling of the number', async () => {
    const spellings = ['0812-3456-7890', '+62 812 3456 7890', '6281234567890', '(0812) 3456 7890'];
    for (let i = 0; i < 20; i++) await queueNotification(ctx, tenantId, sms(spellings[i % 4]!));
    const error = await queueNotification(ctx, tenantId, sms('081234567890')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'notification.recipient_rate_limited', status: 429 });
    // Another person, and the same person at another tenant, are not affected.
    await queueNotification(ctx, tenantId, sms('0813 1111 2222'));
    await queueNotification(ctx, otherTenantId, sms('081234567890'));
    // The hash is stored, never a second copy of the address; it is the audit pseudonym.
    const rows = await t.db.owner.selectFrom('notifications').select(['recipient', 'recipient_hash']).execute();
    expect(rows).toHaveLength(22);
    for (const r of rows) {
      expect(r.recipient_hash).toMatch(/^p:[0-9a-f]{64}$/);
      expect(r.recipient_hash).not.toContain('81234567890');
    }
    // An hour later the person can be reached again.
    await ageAll('61 minutes');
    await queueNotification(ctx, tenantId, sms('081234567890'));
  });

  it('limits one-time codes to 5 per 15 minutes, configurable, and holds under concurrency', async () => {
    for (let i = 0; i < 5; i++) await queueNotification(ctx, tenantId, sms('0812 9999 0000', 'otp'));
    await expect(queueNotification(ctx, tenantId, sms('0812 9999 0000', 'otp'))).rejects.toMatchObject({
      code: 'notification.recipient_rate_limited',
    });
    // Ordinary messages still go (the hourly limit is not reached).
    await queueNotification(ctx, tenantId, sms('0812 9999 0000'));
    await ageAll('16 minutes');
    await queueNotification(ctx, tenantId, sms('0812 9999 0000', 'otp'));

    // Concurrent callers cannot overshoot: 10 at once with a limit of 3 -> exactly 3 queued.
    const limited = { ...ctx, limits: { perHour: 3, otpPer15Minutes: 3 } };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => queueNotification(limited, tenantId, sms('0857 1234 5678'))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.status)).toEqual(
      Array(7).fill(429),
    );
  });

  it('answers in Indonesian and English', async () => {
    const { t: translate } = await import('../../platform/i18n/index.js');
    expect(translate('id', 'error.notification.recipient_rate_limited')).toMatch(/Terlalu banyak/);
    expect(translate('en', 'error.notification.recipient_rate_limited')).toMatch(/Too many/);
  });
});

describe('provider delivery callbacks', () => {
  async function sentSms(providerId: string, tenant = tenantId) {
    const q = await queueNotification(ctx, tenant, sms(`0812 5555 ${String(Math.floor(Math.random() * 9000) + 1000)}`));
    await sql`UPDATE notifications SET status = 'sent', provider_message_id = ${providerId}, sent_at = now()
      WHERE id = ${q.id}`.execute(t.db.owner);
    return q.id;
  }

  function post(channel: string, body: unknown, options: { secret?: string; timestamp?: string; signature?: string } = {}) {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
    const signature = options.signature ?? signCallback(options.secret ?? SECRET, timestamp, raw);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/callbacks/${channel}?lang=en`,
      headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signature },
      payload: raw,
    });
  }

  async function row(id: string) {
    return t.db.owner.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('accepts a well-signed report and records delivery, once (idempotent repeat)', async () => {
    const id = await sentSms('gw-1');
    const at = '2026-11-22T10:00:00Z';
    const res = await post('sms', { messageId: 'gw-1', status: 'delivered', at });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ messageId: 'gw-1', status: 'delivered', changed: true });
    const after = await row(id);
    expect(after).toMatchObject({ status: 'delivered' });
    expect(after.delivered_at?.toISOString()).toBe('2026-11-22T10:00:00.000Z');

    const again = await post('sms', { messageId: 'gw-1', status: 'delivered', at });
    expect(again.json()).toEqual({ messageId: 'gw-1', status: 'delivered', changed: false });
    expect((await row(id)).updated_at).toEqual(after.updated_at);
    await t.audit.flush(t.db.app); // sequence the committed audit events (decision 0014)
    const audited = await t.db.owner
      .selectFrom('audit_log')
      .select(['action', 'tenant_id'])
      .where('action', '=', 'notification.delivered')
      .execute();
    expect(audited).toEqual([{ action: 'notification.delivered', tenant_id: tenantId }]);
  });

  it('refuses a bad signature, a wrong secret, a missing header and a stale or future timestamp (401)', async () => {
    const id = await sentSms('gw-2');
    const body = { messageId: 'gw-2', status: 'delivered', at: new Date().toISOString() };
    const bad = await post('sms', body, { signature: 'ab'.repeat(32) });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'notification.unauthenticated_callback', status: 401 });
    expect((await post('sms', body, { secret: 'another-secret-0123456789abcdef0123' })).statusCode).toBe(401);
    expect((await post('sms', body, { signature: 'not-hex' })).statusCode).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await post('sms', body, { timestamp: stale })).statusCode).toBe(401);
    const future = String(Math.floor(Date.now() / 1000) + 6 * 60);
    expect((await post('sms', body, { timestamp: future })).statusCode).toBe(401);
    // A body changed after signing.
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = signCallback(SECRET, ts, JSON.stringify(body));
    const tampered = await post('sms', { ...body, status: 'bounced' }, { timestamp: ts, signature: sig });
    expect(tampered.statusCode).toBe(401);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/callbacks/sms',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(missing.statusCode).toBe(401);
    expect(await row(id)).toMatchObject({ status: 'sent', delivered_at: null });
    // ISO 8601 timestamps (BI-SNAP style) are accepted too.
    const iso = new Date().toISOString();
    expect((await post('sms', body, { timestamp: iso })).statusCode).toBe(200);
  });

  it('answers 404 for an unknown message id or the wrong channel, 400 for a malformed report', async () => {
    await sentSms('gw-3');
    const unknown = await post('sms', { messageId: 'nope', status: 'delivered', at: new Date().toISOString() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const wrongChannel = await post('whatsapp', { messageId: 'gw-3', status: 'delivered', at: new Date().toISOString() });
    expect(wrongChannel.statusCode).toBe(404);
    expect((await post('sms', { messageId: 'gw-3', status: 'read', at: new Date().toISOString() })).statusCode).toBe(400);
    expect((await post('sms', '{"messageId":')).statusCode).toBe(400);
    expect((await post('fax', { messageId: 'gw-3', status: 'delivered', at: new Date().toISOString() })).statusCode).toBe(400);
  });

  it('is order-independent: a late "delivered" after "bounced" does not resurrect; same end state either way', async () => {
    const a = await sentSms('gw-4a');
    const b = await sentSms('gw-4b', otherTenantId);
    const delivered = (id: string) => ({ messageId: id, status: 'delivered', at: '2026-11-22T10:00:00Z' });
    const bounced = (id: string) => ({
      messageId: id,
      status: 'bounced',
      at: '2026-11-22T10:05:00Z',
      reason: 'mailbox full for warga@example.com at +62 812 3456 7890',
    });
    // a: bounced, then delivered. b: delivered, then bounced.
    expect((await post('sms', bounced('gw-4a'))).json()).toMatchObject({ status: 'bounced', changed: true });
    expect((await post('sms', delivered('gw-4a'))).json()).toMatchObject({ status: 'bounced' });
    expect((await post('sms', delivered('gw-4b'))).json()).toMatchObject({ status: 'delivered', changed: true });
    expect((await post('sms', bounced('gw-4b'))).json()).toMatchObject({ status: 'bounced', changed: true });
    const ra = await row(a);
    const rb = await row(b);
    for (const r of [ra, rb]) {
      expect(r.status).toBe('bounced');
      expect(r.delivered_at?.toISOString()).toBe('2026-11-22T10:00:00.000Z');
      expect(r.last_error).toBe('provider: mailbox full for [address] at [number]');
    }
    // failed then delivered: stays failed; a later bounce is stronger than failed.
    const c = await sentSms('gw-4c');
    await post('sms', { messageId: 'gw-4c', status: 'failed', at: '2026-11-22T10:00:00Z', reason: 'expired' });
    await post('sms', delivered('gw-4c'));
    expect((await row(c)).status).toBe('failed');
    await post('sms', bounced('gw-4c'));
    expect((await row(c)).status).toBe('bounced');
  });

  it('verifyCallback compares in constant time and checks the window', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const ts = String(now / 1000);
    const sig = signCallback(SECRET, ts, '{}');
    expect(verifyCallback(SECRET, { timestamp: ts, signature: sig }, '{}', now)).toBe(true);
    expect(verifyCallback(SECRET, { timestamp: ts, signature: sig.toUpperCase() }, '{}', now)).toBe(true);
    expect(verifyCallback(SECRET, { timestamp: ts, signature: sig }, '{}', now + 5 * 60_000 + 1000)).toBe(false);
    expect(verifyCallback(SECRET, { timestamp: ts, signature: sig.slice(2) }, '{}', now)).toBe(false);
    expect(verifyCallback(SECRET, { timestamp: undefined, signature: sig }, '{}', now)).toBe(false);
  });

  it('is documented in the OpenAPI document (operationId reportNotificationDelivery), which still lints clean', async () => {
    const res = await t.app.inject('/api/openapi.json');
    const doc = res.json();
    expect(doc.paths['/api/v1/notifications/callbacks/{channel}'].post.operationId).toBe('reportNotificationDelivery');
    expect(await lintOpenApi(res.body)).toEqual([]);
  });

  it('does not exist without NOTIFY_CALLBACK_SECRET', async () => {
    const plain = await createTestApp();
    try {
      const res = await plain.app.inject({
        method: 'POST',
        url: '/api/v1/notifications/callbacks/sms',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
