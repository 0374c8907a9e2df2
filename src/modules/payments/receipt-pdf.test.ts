import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRupiah, formatWib, type ReceiptView, renderReceiptPdf } from './receipt-pdf.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-receipt-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const VIEW: ReceiptView = {
  lang: 'id',
  tenantName: 'Pemerintah Kota Semarang',
  agencyName: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
  invoiceNumber: 'INV-7K3QX9',
  trackingNumber: 'SMG-24-7KQ3',
  serviceName: null,
  description: 'Retribusi Persetujuan Bangunan Gedung untuk rumah tinggal dua lantai di Jalan Pemuda Nomor 12, Kelurahan Sekayu',
  amount: 150_000,
  channel: 'qris',
  gatewayRef: 'SBX-20261205-0001',
  // 07:30 UTC = 14.30 WIB (UTC+7).
  paidAt: new Date('2026-12-05T07:30:00Z'),
  payerName: 'Siti Rahayu',
  verifyUrl: 'https://gerbang.example.go.id/t/kota-semarang/tagihan/INV-7K3QX9/bukti',
};

/** The PDF's text as poppler reads it (what a search engine, a screen reader or copy-paste gets). */
async function textOf(view: ReceiptView): Promise<{ text: string; file: string }> {
  const file = path.join(dir, `${view.invoiceNumber}-${view.lang}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, await renderReceiptPdf(view));
  return { text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }), file };
}

describe('formatRupiah and formatWib', () => {
  it('writes rupiah with dots between thousands, in both languages', () => {
    expect(formatRupiah(150_000)).toBe('Rp150.000');
    expect(formatRupiah(1_250_000_000)).toBe('Rp1.250.000.000');
    expect(formatRupiah(0)).toBe('Rp0');
  });

  it('writes the time in Jakarta whatever the server zone, across midnight too', () => {
    expect(formatWib('id', VIEW.paidAt)).toBe('5 Desember 2026 14.30 WIB');
    expect(formatWib('en', VIEW.paidAt)).toBe('5 December 2026 14:30 WIB');
    expect(formatWib('id', new Date('2026-12-31T17:05:00Z'))).toBe('1 Januari 2027 00.05 WIB');
  });
});

describe('renderReceiptPdf', () => {
  it('holds the invoice number, the amount, the WIB time, the payer and the verification address, in Bahasa Indonesia', async () => {
    const { text } = await textOf(VIEW);
    for (const expected of ['BUKTI PEMBAYARAN', 'INV-7K3QX9', 'SMG-24-7KQ3', 'Rp150.000', '5 Desember 2026 14.30 WIB', 'Siti Rahayu', 'QRIS', 'SBX-20261205-0001', 'Pemerintah Kota Semarang']) {
      expect(text).toContain(expected);
    }
    // The long description wraps rather than running off the page: its last words are there.
    expect(text).toContain('Kelurahan Sekayu');
    expect(text.replace(/\s+/g, '')).toContain(VIEW.verifyUrl);
  });

  it('is in English when asked, with the amount still in rupiah', async () => {
    const { text } = await textOf({ ...VIEW, lang: 'en', trackingNumber: null, channel: 'va' });
    for (const expected of ['PAYMENT RECEIPT', 'Invoice number', 'Rp150.000', '5 December 2026 14:30 WIB', 'Virtual account']) expect(text).toContain(expected);
    expect(text).not.toContain('Tracking number');
  });

  it('names the service on a line of its own, instead of the description, when the invoice is for one', async () => {
    const { text } = await textOf({ ...VIEW, serviceName: 'Persetujuan Bangunan Gedung' });
    expect(text).toMatch(/Layanan\s+Persetujuan Bangunan Gedung/);
    expect(text).toMatch(/Nomor pelacakan\s+SMG-24-7KQ3/);
    expect(text).not.toContain('Kelurahan Sekayu');
  });

  it('writes a name outside Latin-1 with the nearest letters instead of failing', async () => {
    const { text } = await textOf({ ...VIEW, payerName: 'Ni Luh Putu Sārī Dewi 李' });
    expect(text).toContain('Ni Luh Putu Sari Dewi ?');
  });

  it('is a well-formed PDF (qpdf --check)', async (ctx) => {
    if (spawnSync('qpdf', ['--version']).error) {
      ctx.skip('qpdf is not installed: the structure check needs it (apt-get install qpdf)');
    }
    const { file } = await textOf(VIEW);
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
  });

  it('renders the same receipt to the same bytes (no clock inside)', async () => {
    expect(Buffer.from(await renderReceiptPdf(VIEW)).equals(Buffer.from(await renderReceiptPdf(VIEW)))).toBe(true);
  });
});
