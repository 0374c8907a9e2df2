// Canary: an anonymous report's reporter details (unique strings in the contact fields, the IP
// address and the user agent) appear in no officer view, public page, API response, Open311 output,
// log line or database row; an anonymous report filed by a signed-in citizen (with an
// Idempotency-Key, retried) is linked to the account in no row; and the secret codes are stored
// nowhere in clear, replay records included.
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
// Needles that cannot occur by chance. The phone's national number (81377310000, as in +62 forms)
// replaced the 8-digit '77310000', reported found in the logs in 1 of 3 runs elsewhere and found in
// none of 24 runs here, whose trace logs held no digits but times, pids, response times and UUIDs in
// URLs. Eight digits can come out of those by chance — a response time is a float with binary noise
// after its microseconds (e.g. 12.347731000000001) — the whole number cannot; a real leak would still
// be caught, by the whole number, the name, the e-mail address and the canary word.
const needles = [CANARY, CANARY.toLowerCase(), canaryPhone, '81377310000', canaryIp];
const citizenName = 'Warga Akun QZ4T9';
const idempotencyKey = 'c4f1d9e2-7b3a-4e8f-9a6c-1d2e3f4a5b6c';

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

  // A signed-in citizen files an anonymous report with an Idempotency-Key, and the client retries.
  const citizen = await signInAs(t, 'makassar', { kind: 'citizen', name: citizenName });
  const citizenId = (citizen.principal as { id: string }).id;
  const fromAccount = () =>
    t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/complaints`,
      headers: { ...reporterHeaders, cookie: citizen.cookie, 'idempotency-key': idempotencyKey },
      remoteAddress: canaryIp,
      payload: {
        kind: 'pengaduan',
        privacy: 'anonim',
        title: 'Pungutan di puskesmas',
        description: 'Pasien diminta membayar biaya pendaftaran yang seharusnya gratis.',
        address: 'Jalan Sungai Saddang',
        reporter: { name: canaryName, email: canaryEmail, phone: canaryPhone },
      },
    });
  const byAccount = await fromAccount();
  expect(byAccount.statusCode).toBe(201);
  const retried = await fromAccount();
  expect(retried.statusCode).toBe(201);
  expect(retried.headers['idempotent-replayed']).toBe('true');
  expect(retried.json().secretCode).toBe(byAccount.json().secretCode);
  const accountReport = byAccount.json() as { id: string; trackingNumber: string; secretCode: string };
  const secrets = [secretCode as string, accountReport.secretCode];
  expect(secrets.every((code) => typeof code === 'string' && code.length >= 8)).toBe(true);

  const coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  const handler = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dpmptsp' }] })).cookie;
  const act = (cookie: string, body: object) =>
    t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/${id}/actions`, headers: { 'content-type': 'application/json', cookie }, payload: body });
  const responses: string[] = [submitted.body, o311.body];
  responses.push((await act(coordinator, { action: 'verify', tier: 'simple' })).body);
  // Verified, the Open311 report is published too (publication.ts): every public reader below shows it.
  const o311Verified = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/${o311Number}/actions`, headers: { 'content-type': 'application/json', cookie: coordinator }, payload: { action: 'verify', tier: 'simple' } });
  expect(o311Verified.statusCode).toBe(200);
  responses.push(o311Verified.body);
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
  // Row by row: nothing that names the account-filed anonymous report names the account.
  const rowsAbout: string[] = [];
  for (const { tablename } of tables.rows) {
    const rows = await sql`SELECT * FROM ${sql.table(tablename)}`.execute(t.db.owner);
    for (const row of rows.rows) {
      const text = JSON.stringify(row, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
      if (text.includes(accountReport.id) || text.includes(accountReport.trackingNumber)) rowsAbout.push(`${tablename}: ${text}`);
    }
  }
  expect(rowsAbout.length).toBeGreaterThan(2); // the report, its first event, its audit entry at least
  for (const needle of [citizenId, citizenName]) {
    expect(rowsAbout.join('\n').includes(needle), `${needle} in a row about the anonymous report`).toBe(false);
  }
  // The replay record holds neither the caller, nor the key, nor the code.
  const records = await sql`SELECT * FROM idempotency_records`.execute(t.db.owner);
  expect(records.rows).toHaveLength(1);
  const recordText = JSON.stringify(records.rows, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
  for (const needle of [citizenId, idempotencyKey, accountReport.secretCode, accountReport.trackingNumber]) {
    expect(recordText.includes(needle), `${needle} in idempotency_records`).toBe(false);
  }

  expect(logs.join('').length).toBeGreaterThan(1000); // the logger did write (trace level)
  for (const [where, text] of [
    ['responses', responses.join('\n')],
    ['database', dump.join('\n')],
    ['logs', logs.join('')],
  ] as const) {
    for (const needle of needles) expect(text.includes(needle), `${needle} found in ${where}`).toBe(false);
  }
  // The secret codes only ever reach their reporters: no table, no log line holds them.
  for (const [where, text] of [
    ['database', dump.join('\n')],
    ['logs', logs.join('')],
  ] as const) {
    for (const code of secrets) expect(text.includes(code), `a secret code found in ${where}`).toBe(false);
  }
});
