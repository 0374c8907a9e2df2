// A QR code as inline SVG, for pages (a dynamic QRIS to pay, a receipt's verification link) and for the
// receipt PDF (the same matrix, drawn there as rectangles). Inline SVG, not an image file: no extra
// request on a slow link, sharp at any zoom, and printable. The matrix comes from `qrcode`; we draw it
// ourselves so the markup is small (one path, a rectangle per run of dark modules) and carries a title.

// qrcode loads with the first QR code drawn (a payment page, a receipt), not at every start
// (docs/performance.md).
const qrcode = () => import('qrcode');

/**
 * Error-correction level M (15 % of the code may be lost): what payers' apps and EMVCo's QRIS examples
 * use, readable from a phone screen with glare or a crumpled print, at a size that stays small.
 */
export const QR_ERROR_CORRECTION = 'M' as const;
/** The quiet zone around the code, in modules (ISO/IEC 18004 asks for 4). */
export const QR_MARGIN = 4;

/** The dark modules of the QR code of `payload`, row by row (true = dark), at level M. */
export async function qrMatrix(payload: string): Promise<boolean[][]> {
  const { modules } = (await qrcode()).default.create(payload, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  return Array.from({ length: modules.size }, (_, y) => Array.from({ length: modules.size }, (_, x) => modules.get(y, x) === 1));
}

/** The runs of dark modules on each row: [x, y, length], what both the SVG and the PDF draw. */
export function darkRuns(matrix: boolean[][]): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let end = x;
      while (row[end + 1]) end++;
      runs.push([x, y, end - x + 1]);
      x = end;
    }
  });
  return runs;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An inline `<svg role="img">` of the QR code of `payload`, its `<title>` what a screen reader says
 * (never the payload: people are not read raw codes). It scales to its container (CSS sets the size).
 */
export async function qrSvg(payload: string, title = 'Kode QR / QR code'): Promise<string> {
  const matrix = await qrMatrix(payload);
  const size = matrix.length + 2 * QR_MARGIN;
  const path = darkRuns(matrix)
    .map(([x, y, n]) => `M${x + QR_MARGIN} ${y + QR_MARGIN}h${n}v1h-${n}z`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="qr" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<title>${escapeXml(title)}</title><rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}
