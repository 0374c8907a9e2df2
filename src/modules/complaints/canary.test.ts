// Canary: an anonymous report's reporter details (unique strings in the contact fields, the IP
// address and the user agent) appear in no officer view, public page, API response, Open311 output,
// log line or database row.
import type * as NodeFs from 'node:fs';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { seedTestComplaints } from '../../../test/complaints.js';
import { altchaProof } from '../../../test/altcha.js';
import { signInAs } from '../../../test/auth.js';

const CANARY = 'KNR7731';
const canaryName = `Nama${CANARY}`;
const canaryEmail = `pelapor.${CANARY.toLowerCase()}@example.com`;
const canaryPhone = '081377310000';
const canaryIp = '203.0.113.77';
const canaryAgent = `Browser-${CANARY}`;
const needles = [CANARY, CANARY.toLowerCase(), canaryPhone, '77310000', canaryIp];

// Capture everything the process writes to stdout/stderr (pino writes with fs.write/fs.writeSync).
const fs = createRequire(import.meta.url)('node:fs') as typeof NodeFs;
const logs: string[] = [];
const originalWriteSync = fs.writeSync;
const originalWrite = fs.write;

let t: TestApp;

beforeAll(async () => {
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) logs.push(String(data));
    return (originalWriteSync as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync;
  fs.write = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) logs.push(String(data));
    return (originalWrite as (...a: unknown[]) => void)(fd, data, ...rest);
  }) as typeof fs.write;
  t = await createTestApp({ LOG_LEVEL: 'trace' });
  await seedTestComplaints(t);
});
afterAll(async () => {
  fs.writeSync = originalWriteSync;
  fs.write = originalWrite;
  await t?.close();
});

it('finds the anonymous reporter nowhere', async () => {
  const M = '/t/makassar';
  const reporterHeaders = { 'content-type': 'application/json', 'user-agent': canaryAgent, 'x-forwarded-for': canaryIp, 'x-real-ip': canaryIp };
  const submitted = await t.app.inject({
    method: 'POST',
    url: `${M}/api/v1/complaints`,
    headers: reporterHeaders,
    remoteAddress: canaryIp,
    payload: {
      kind: 'pengaduan',
      privacy: 'anonim',
      title: 'Pungli di loket perizinan',
      description: 'Petugas loket meminta uang tambahan untuk mempercepat izin usaha.',
      latitude: -5.14,
      longitude: 119.42,
      reporter: { name: canaryName, email: canaryEmail, phone: canaryPhone },
      altcha: await altchaProof(),
    },
  });
  expect(submitted.statusCode).toBe(201);
  const { id, trackingNumber, secretCode } = submitted.json();
  // Through the Open311 POST too (its contact fields).
  const o311 = await t.app.inject({
    method: 'POST',
    url: `${M}/open311/v2/requests.json`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': canaryAgent },
    remoteAddress: canaryIp,
    payload: new URLSearchParams({
      api_key: 'demo-open311-makassar',
      service_code: 'perizinan',
      description: 'Calo di kantor perizinan.',
      lat: '-5.14',
      long: '119.42',
      'attribute[privacy]': 'anonim',
      email: canaryEmail,
      first_name: canaryName,
      phone: canaryPhone,
      device_id: CANARY,
    }).toString(),
  });
  expect(o311.statusCode).toBe(200);
  const o311Number = o311.json()[0].service_request_id;

  const coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  const handler = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dpmptsp' }] })).cookie;
  const act = (cookie: string, body: object) =>
    t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/${id}/actions`, headers: { 'content-type': 'application/json', cookie }, payload: body });
  const responses: string[] = [submitted.body, o311.body];
  responses.push((await act(coordinator, { action: 'verify', tier: 'simple' })).body);
  responses.push((await act(coordinator, { action: 'dispatch', agencyId: 'dpmptsp' })).body);
  responses.push((await act(handler, { action: 'answer', text: 'Sudah ditindak.' })).body);
  const reveal = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/${id}/reveal`, headers: { 'content-type': 'application/json', cookie: coordinator }, payload: { reason: 'coba' } });
  expect(reveal.statusCode).toBe(409);
  responses.push(reveal.body);

  const gets: [string, string | undefined][] = [
    [`${M}/api/v1/complaints/${id}`, coordinator],
    [`${M}/api/v1/complaints/${id}`, handler],
    [`${M}/api/v1/complaints/${id}`, undefined],
    [`${M}/api/v1/complaints/${o311Number}`, coordinator],
    [`${M}/api/v1/complaints/queue`, coordinator],
    [`${M}/api/v1/complaints/queue?agency=dpmptsp`, handler],
    [`${M}/api/v1/complaints`, undefined],
    [`${M}/api/v1/complaints/statistics`, undefined],
    [`${M}/api/v1/complaints/${id}/duplicates`, coordinator],
    [`${M}/open311/v2/requests.json`, undefined],
    [`${M}/open311/v2/requests.xml`, undefined],
    [`${M}/open311/v2/requests/${trackingNumber}.json`, undefined],
    [`${M}/open311/v2/requests/${o311Number}.xml`, undefined],
    [`${M}/pengaduan`, undefined],
    [`${M}/pengaduan/${trackingNumber}`, undefined],
    [`${M}/pengaduan/${trackingNumber}`, coordinator],
    [`${M}/pengaduan/${trackingNumber}`, handler],
    [`${M}/pengaduan/${o311Number}`, coordinator],
    [`${M}/petugas/pengaduan`, coordinator],
    [`${M}/petugas/pengaduan?agency=dpmptsp`, handler],
  ];
  for (const [url, cookie] of gets) {
    const res = await t.app.inject({ url, headers: cookie ? { cookie } : {} });
    expect(res.statusCode, url).toBe(200);
    responses.push(`${url}\n${JSON.stringify(res.headers)}\n${res.body}`);
  }
  const tracked = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/track`, headers: { 'content-type': 'application/json' }, payload: { code: secretCode } });
  expect(tracked.statusCode).toBe(200);
  responses.push(tracked.body);

  // Every table of the database, as text.
  const tables = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`.execute(t.db.owner);
  const dump: string[] = [];
  for (const { tablename } of tables.rows) {
    if (tablename === 'notifications' || tablename === 'dev_mailbox') continue; // checked below
    const rows = await sql`SELECT * FROM ${sql.table(tablename)}`.execute(t.db.owner);
    dump.push(`${tablename}: ${JSON.stringify(rows.rows, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v))}`);
  }
  const notifications = await sql`SELECT * FROM notifications`.execute(t.db.owner);
  dump.push(JSON.stringify(notifications.rows));

  expect(logs.join('').length).toBeGreaterThan(1000); // the logger did write (trace level)
  for (const [where, text] of [
    ['responses', responses.join('\n')],
    ['database', dump.join('\n')],
    ['logs', logs.join('')],
  ] as const) {
    for (const needle of needles) expect(text.includes(needle), `${needle} found in ${where}`).toBe(false);
  }
});
