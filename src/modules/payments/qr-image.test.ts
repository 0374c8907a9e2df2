import QRCode from 'qrcode';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sampleQris } from '../../../test/qris.js';
import { QR_MARGIN, qrSvg } from './qr-image.js';

const QRIS = sampleQris();

/** The modules an SVG path of "Mx yhNv1h-Nz" rectangles darkens, back as a matrix (without the margin). */
function modulesDrawn(svg: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const d = /<path fill="#000" d="([^"]*)"/.exec(svg)?.[1] ?? '';
  for (const [, x, y, n] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(n); i++) grid[Number(y) - QR_MARGIN]![Number(x) - QR_MARGIN + i] = true;
  }
  expect(d.replace(/M(\d+) (\d+)h(\d+)v1h-\3z/g, '')).toBe(''); // nothing drawn but those rectangles
  return grid;
}

function referenceMatrix(payload: string, level: 'L' | 'M' | 'Q' | 'H') {
  const { modules, version } = QRCode.create(payload, { errorCorrectionLevel: level });
  return { version, matrix: Array.from({ length: modules.size }, (_, y) => Array.from({ length: modules.size }, (_, x) => modules.get(y, x) === 1)) };
}

describe('qrSvg', () => {
  it('is well-formed SVG with a title for screen readers and the quiet zone around the code', async () => {
    const svg = await qrSvg(QRIS, 'Kode QRIS untuk membayar');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg) as { svg: Record<string, unknown> };
    expect(parsed.svg['@_role']).toBe('img');
    expect(parsed.svg.title).toBe('Kode QRIS untuk membayar');
    const { matrix, version } = referenceMatrix(QRIS, 'M');
    expect(matrix.length).toBe(17 + 4 * version); // the module count of the version (ISO/IEC 18004)
    expect(parsed.svg['@_viewBox']).toBe(`0 0 ${matrix.length + 2 * QR_MARGIN} ${matrix.length + 2 * QR_MARGIN}`);
  });

  it('draws exactly the matrix of qrcode at error-correction level M', async () => {
    for (const payload of [QRIS, 'https://gerbang.example.go.id/t/kota-semarang/tagihan/INV-7K3QX9/bukti', 'A']) {
      const { matrix } = referenceMatrix(payload, 'M');
      const drawn = modulesDrawn(await qrSvg(payload), matrix.length);
      expect(drawn).toEqual(matrix);
      // Level L of the same payload is a different picture (its format bits differ at least).
      expect(drawn).not.toEqual(referenceMatrix(payload, 'L').matrix);
    }
  });

  it('escapes its title and never prints the payload', async () => {
    const svg = await qrSvg('INV-<1>', 'a <b> & "c"');
    expect(svg).toContain('<title>a &#60;b&#62; &#38; &#34;c&#34;</title>');
    expect(svg).not.toContain('INV-');
  });
});
