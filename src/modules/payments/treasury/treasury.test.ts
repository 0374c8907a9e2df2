// The treasury over HTTP on real PostgreSQL: the report's sums per agency, channel and day (a
// treasurer sees their agency's, tenant-wide roles all), the kas daerah CSV parsed back strictly
// (RFC 4180, header, integer rupiah, formula cells escaped), refunds once per entry and audited, the
// pages' forms, and refusals for another tenant, another role and the read-only auditor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { agencyIdOf, signInAs, type SignedIn, tenantIdOf } from '../../../../test/auth.js';
import { seedPayment } from '../../../../test/payments-ledger.js';
import { csvCell } from './reports.js';

let t: TestApp;
const M = '/t/makassar';
let makassar: string;
let dpmptsp: string;
let dinkes: string;
let treasurer: SignedIn;
let admin: SignedIn;
let auditor: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  makassar = await tenantIdOf(t, 'makassar');
  dpmptsp = await agencyIdOf(t, 'makassar', 'dpmptsp');
  dinkes = await agencyIdOf(t, 'makassar', 'dinkes');
  treasurer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'treasurer', agency: 'dpmptsp' }] });
  admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
  auditor = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'auditor' }] });
  const pay = (agencyId: string, day: string, amount: number, extra: object = {}) => seedPayment(t.db.owner, { tenantId: makassar, agencyId, day, amount, ...extra });
  await pay(dpmptsp, '2026-10-01', 150_000);
  await pay(dpmptsp, '2026-10-01', 50_000, { channel: 'qris', kind: 'held', reason: 'duplicate_payment' });
  await pay(dpmptsp, '2026-10-02', 75_000, { channel: 'ewallet', invoiceNumber: '=HYPERLINK("http://x")' });
  await pay(dinkes, '2026-10-02', 20_000, { channel: 'qris' });
  await pay(dinkes, '2026-09-30', 999_000); // outside the range asked below
});
afterAll(() => t?.close());

const get = (url: string, who?: SignedIn, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { ...(who ? { cookie: who.cookie } : {}), ...headers } });
const post = (url: string, who: SignedIn, payload: object) => t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, payload });
const RANGE = 'from=2026-10-01&to=2026-10-31';

/** A strict RFC 4180 reader: quoted fields with doubled quotes, CRLF records; anything else throws. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error('quote inside an unquoted field');
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`bare line break or junk at ${i}`);
  }
  if (row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

describe('the report', () => {
  it('sums received, credited, held and refunded per agency for a tenant-wide role', async () => {
    const res = await get(`${M}/api/v1/payments/reports?${RANGE}`, admin);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rows).toHaveLength(2);
    const byKey = Object.fromEntries(body.rows.map((r: { key: string }) => [r.key, r]));
    expect(byKey[dpmptsp]).toMatchObject({ payments: 3, received: 275_000, credited: 225_000, held: 50_000, refunded: 0 });
    expect(byKey[dinkes]).toMatchObject({ payments: 1, received: 20_000, credited: 20_000, held: 0 });
    expect(byKey[dpmptsp].label).toMatch(/Penanaman Modal/);
    expect(body.totals).toEqual({ payments: 4, received: 295_000, credited: 245_000, held: 50_000, refunded: 0 });
  });

  it('groups by channel and by day, and shows an agency treasurer their agency only', async () => {
    const channel = (await get(`${M}/api/v1/payments/reports?${RANGE}&groupBy=channel`, treasurer, { 'accept-language': 'en' })).json();
    expect(channel.rows.map((r: { key: string; label: string; received: number }) => [r.key, r.label, r.received])).toEqual([
      ['ewallet', 'E-wallet', 75_000],
      ['qris', 'QRIS', 50_000],
      ['va', 'Virtual account', 150_000],
    ]);
    const day = (await get(`${M}/api/v1/payments/reports?${RANGE}&groupBy=day`, auditor)).json();
    expect(day.rows.map((r: { key: string; received: number }) => [r.key, r.received])).toEqual([
      ['2026-10-01', 200_000],
      ['2026-10-02', 95_000],
    ]);
  });

  it('refuses a reversed or malformed range with a 400 on the field, in the request’s language', async () => {
    const res = await get(`${M}/api/v1/payments/reports?from=2026-10-31&to=2026-10-01`, admin, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ title: expect.stringContaining('Invalid date range'), errors: [{ field: '/to' }] });
    expect((await get(`${M}/api/v1/payments/reports?from=2026-02-30`, admin)).statusCode).toBe(400);
    expect((await get(`${M}/api/v1/payments/reports?groupBy=nope`, admin)).statusCode).toBe(400);
    const page = await get(`${M}/petugas/kas?from=bogus`, treasurer, { accept: 'text/html' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('TTTT-BB-HH');
  });
});

describe('the kas daerah export', () => {
  it('is RFC 4180 UTF-8 with a header, one line per entry, integer rupiah and formula cells escaped', async () => {
    const res = await get(`${M}/petugas/kas/ekspor.csv?${RANGE}`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('kas-makassar-2026-10-01-2026-10-31.csv');
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual(['Tanggal', 'Waktu bayar (WIB)', 'Nomor tagihan', 'Perangkat daerah', 'Layanan', 'Kanal', 'Referensi gateway', 'Jumlah (Rp)', 'Jenis', 'Alasan']);
    expect(rows).toHaveLength(5);
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(10);
      expect(row[7]).toMatch(/^-?\d+$/);
    }
    // Booking order: by day (entries booked at the same instant in any order).
    expect(rows.slice(1).map((r) => r[0])).toEqual(['2026-10-01', '2026-10-01', '2026-10-02', '2026-10-02']);
    expect(rows.find((r) => r[7] === '150000')).toMatchObject({ 0: '2026-10-01', 1: '2026-10-01 10:00:00', 5: 'Virtual account', 8: 'Dikreditkan', 9: '' });
    expect(rows.find((r) => r[7] === '50000')).toMatchObject({ 5: 'QRIS', 8: 'Ditahan', 9: 'Tagihan dibayar dua kali' });
    const injected = rows.find((r) => r[2]!.includes('HYPERLINK'))!;
    expect(injected[2]).toBe(`'=HYPERLINK("http://x")`);
    expect(rows.every((r) => r.every((c) => !/^[=+\-@]/.test(c) || /^-\d+$/.test(c)))).toBe(true);
    // The API gives the same file; an agency treasurer gets their agency's lines only.
    expect((await get(`${M}/api/v1/payments/reports/ledger.csv?${RANGE}`, admin)).body).toBe(res.body);
    expect(parseCsv((await get(`${M}/petugas/kas/ekspor.csv?${RANGE}`, treasurer)).body)).toHaveLength(4);
  });

  it('escapes every cell a spreadsheet would run, and quotes separators', () => {
    expect(['=1+1', '+62', '-2', '@SUM(A1)', '\tx', 'a,b', 'a;b', 'say "hi"', 'line\nbreak', 'plain'].map(csvCell)).toEqual([
      "'=1+1",
      "'+62",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      '"a,b"',
      '"a;b"',
      '"say ""hi"""',
      '"line\nbreak"',
      'plain',
    ]);
    expect(csvCell(-150000)).toBe('-150000');
  });
});

describe('refunds', () => {
  it('records a held entry’s refund once, audited, and shows it in the report and the export', async () => {
    const held = await seedPayment(t.db.owner, { tenantId: makassar, agencyId: dpmptsp, day: '2026-10-03', amount: 30_000, kind: 'held', reason: 'amount_mismatch' });
    const first = await post(`${M}/api/v1/payments/refunds`, treasurer, { entryId: held.entryId });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ refundOf: held.entryId, invoiceNumber: held.invoiceNumber, amount: -30_000, reason: 'amount_mismatch' });
    const again = await post(`${M}/api/v1/payments/refunds`, treasurer, { entryId: held.entryId });
    expect(again.statusCode).toBe(409);
    // A retry with an Idempotency-Key gets the first answer, not a second refund nor a 409.
    const keyed = await seedPayment(t.db.owner, { tenantId: makassar, agencyId: dpmptsp, day: '2026-10-03', amount: 7_000, kind: 'held' });
    const send = () => t.app.inject({ method: 'POST', url: `${M}/api/v1/payments/refunds`, headers: { cookie: treasurer.cookie, 'idempotency-key': `refund-${keyed.entryId}` }, payload: { entryId: keyed.entryId } });
    const once = await send();
    const retried = await send();
    expect([once.statusCode, retried.statusCode]).toEqual([201, 201]);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json()).toEqual(once.json());
    // Two at once: still one refund (the unique index decides).
    const other = await seedPayment(t.db.owner, { tenantId: makassar, agencyId: dpmptsp, day: '2026-10-03', amount: 5_000, kind: 'held' });
    const both = await Promise.all([0, 1].map(() => post(`${M}/api/v1/payments/refunds`, treasurer, { entryId: other.entryId })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refunds = await t.db.owner.selectFrom('payment_ledger').select(['amount', 'booked_by']).where('kind', '=', 'refund').where('refund_of', 'in', [held.entryId, other.entryId]).execute();
    expect(refunds).toHaveLength(2);
    expect(refunds.every((r) => r.booked_by === (treasurer.principal as { id: string }).id)).toBe(true);
    await t.audit.flush(t.db.app);
    const audit = await t.db.owner.selectFrom('audit_log').select('action').where('subject', '=', `payment_invoice:${held.invoiceId}`).execute();
    expect(audit.map((a) => a.action)).toEqual(['payment.refunded']);
    const events = await t.db.owner.selectFrom('payment_invoice_events').select(['type', 'seq']).where('invoice_id', '=', held.invoiceId).execute();
    expect(events).toEqual([{ type: 'refunded', seq: 1 }]);
  });

  it('refunds a credit only with a reason, found by its invoice number; refuses a refund of a refund', async () => {
    const credit = await seedPayment(t.db.owner, { tenantId: makassar, agencyId: dpmptsp, day: '2026-10-04', amount: 100_000 });
    const noReason = await post(`${M}/api/v1/payments/refunds`, treasurer, { invoiceNumber: credit.invoiceNumber });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('/reason');
    const done = await post(`${M}/api/v1/payments/refunds`, treasurer, { invoiceNumber: credit.invoiceNumber.toLowerCase(), reason: 'Layanan dibatalkan pemohon' });
    expect(done.statusCode).toBe(201);
    const refundOfRefund = await post(`${M}/api/v1/payments/refunds`, treasurer, { entryId: done.json().id, reason: 'x' });
    expect(refundOfRefund.statusCode).toBe(409);
    const report = (await get(`${M}/api/v1/payments/reports?from=2026-10-04&to=2026-10-04&groupBy=agency`, admin)).json();
    expect(report.totals).toMatchObject({ credited: 100_000 });
    const today = (await get(`${M}/api/v1/payments/reports?groupBy=agency`, admin)).json();
    expect(today.totals.refunded).toBeGreaterThanOrEqual(100_000);
    expect((await post(`${M}/api/v1/payments/refunds`, treasurer, {})).statusCode).toBe(400);
  });

  it('does not let a treasurer find another agency’s money, nor the auditor or a tenant admin refund', async () => {
    const theirs = await seedPayment(t.db.owner, { tenantId: makassar, agencyId: dinkes, day: '2026-10-05', amount: 10_000, kind: 'held' });
    expect((await post(`${M}/api/v1/payments/refunds`, treasurer, { entryId: theirs.entryId })).statusCode).toBe(404);
    expect((await post(`${M}/api/v1/payments/refunds`, auditor, { entryId: theirs.entryId })).statusCode).toBe(403);
    expect((await post(`${M}/api/v1/payments/refunds`, admin, { entryId: theirs.entryId })).statusCode).toBe(403);
    expect(await t.db.owner.selectFrom('payment_ledger').select('id').where('refund_of', '=', theirs.entryId).execute()).toEqual([]);
  });

  it('works as a form without JavaScript: the held list’s button, then the page says so', async () => {
    const held = await seedPayment(t.db.owner, { tenantId: makassar, agencyId: dpmptsp, day: '2026-10-06', amount: 12_500, kind: 'held', reason: 'late_refund' });
    const page = await get(`${M}/petugas/kas`, treasurer, { accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(held.invoiceNumber);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const form = (payload: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `${M}/petugas/kas/pengembalian`, headers: { cookie: treasurer.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...payload }).toString() });
    const done = await form({ entryId: held.entryId });
    expect(done.statusCode).toBe(303);
    const flash = ([] as string[]).concat(done.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const after = await get(String(done.headers.location), undefined, { cookie: [treasurer.cookie, ...flash].join('; '), accept: 'text/html' });
    expect(after.body).toContain(`Pengembalian Rp12.500 untuk tagihan ${held.invoiceNumber} dicatat.`);
    const refused = await form({ invoiceNumber: 'TGH-TIDAK-ADA' });
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toContain('tidak ditemukan');
    expect(refused.body).toContain('value="TGH-TIDAK-ADA"');
  });
});

describe('reconciliation over HTTP', () => {
  it('re-runs a past day against the tenant’s gateway (the sandbox’s bank never saw rows written straight into the ledger), lists and shows it; the auditor only reads', async () => {
    const res = await post(`${M}/api/v1/payments/reconciliations`, treasurer, { day: '2026-10-01' });
    expect(res.statusCode).toBe(201);
    const [run] = res.json().runs;
    expect(run).toMatchObject({ businessDate: '2026-10-01', gateway: 'sandbox', status: 'mismatches', ledgerCount: 2, ledgerAmount: 200_000, reportCount: 0, items: 2, unresolved: 2 });
    expect((await post(`${M}/api/v1/payments/reconciliations`, treasurer, { day: '2999-01-01' })).statusCode).toBe(400);
    const list = (await get(`${M}/api/v1/payments/reconciliations?from=2026-10-01&to=2026-10-31`, auditor)).json();
    expect(list.runs.map((r: { id: string }) => r.id)).toEqual([run.id]);
    const detail = (await get(`${M}/api/v1/payments/reconciliations/${run.id}`, auditor)).json();
    expect(detail.items.map((i: { kind: string }) => i.kind)).toEqual(['missing_in_report', 'missing_in_report']);
    const page = await get(`${M}/petugas/kas/rekonsiliasi/${run.id}`, auditor, { accept: 'text/html' });
    expect(page.body).toContain('Ada di buku kas, tidak ada di laporan gateway');
    expect(page.body).not.toContain('Selesaikan'); // the auditor reads, no form
    expect((await post(`${M}/api/v1/payments/reconciliations`, auditor, { day: '2026-10-01' })).statusCode).toBe(403);
    expect((await post(`${M}/api/v1/payments/reconciliations/${run.id}/items/1/resolution`, auditor, { note: 'x' })).statusCode).toBe(403);
    expect((await get(`${M}/api/v1/payments/reconciliations/00000000-0000-4000-8000-000000000000`, auditor)).statusCode).toBe(404);
  });
});

describe('who may', () => {
  it('refuses another role and another tenant’s officer on every treasury route', async () => {
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const elsewhere = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'treasurer' }] });
    const reads = [`${M}/api/v1/payments/reports`, `${M}/api/v1/payments/reports/ledger.csv`, `${M}/api/v1/payments/reconciliations`, `${M}/petugas/kas`, `${M}/petugas/kas/ekspor.csv`, `${M}/petugas/kas/rekonsiliasi`];
    for (const who of [verifier, citizen, elsewhere]) {
      for (const url of reads) expect([401, 403], `${url}`).toContain((await get(url, who)).statusCode);
      expect([401, 403]).toContain((await post(`${M}/api/v1/payments/refunds`, who, { invoiceNumber: 'TGH-1' })).statusCode);
      expect([401, 403]).toContain((await post(`${M}/api/v1/payments/reconciliations`, who, { day: '2026-10-01' })).statusCode);
    }
    expect((await get(`${M}/api/v1/payments/reports`)).statusCode).toBe(401);
    // The other tenant's own treasurer sees their own (empty) books, never Makassar's.
    const own = (await get(`/t/jateng/api/v1/payments/reports?${RANGE}`, elsewhere)).json();
    expect(own.rows).toEqual([]);
  });
});
