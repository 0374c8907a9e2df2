// The payment receipt as a PDF (A5, one page): what the citizen downloads from the receipt page and
// keeps — invoice and tracking numbers, what was paid for, the amount in rupiah, how and when (WIB)
// it was paid, the payer, and a QR code of the page that proves it genuine. pdf-lib (decision 0060),
// the library the documents module will sign PDFs with.
//
// The font is PDF's standard Helvetica (WinAnsi, i.e. Latin-1 and a few more): it covers Bahasa
// Indonesia, which needs no letter outside ASCII, and needs no font file in the repository or the PDF.
// A name with letters outside it (an accent is kept where WinAnsi has it; other scripts are not) is
// written with the nearest letters rather than refused: a receipt must always be printable.
// pdf-lib is loaded when the first receipt is drawn, not at every start (issue 16: cold start, memory).
import type { Color, PDFFont, PDFPage } from 'pdf-lib';
import { t } from '../../platform/i18n/index.js';
import type { PaymentChannel } from './gateway.js';
import { darkRuns, QR_MARGIN, qrMatrix } from './qr-image.js';
import './qris-tools/strings.js';

export interface ReceiptView {
  lang: 'id' | 'en';
  tenantName: string;
  agencyName: string;
  invoiceNumber: string;
  trackingNumber: string | null;
  description: string;
  /** Integer rupiah. */
  amount: number;
  channel: PaymentChannel;
  gatewayRef: string;
  paidAt: Date;
  payerName: string;
  verifyUrl: string;
}

/** Rupiah as Indonesians write them, in either language: Rp150.000. */
export function formatRupiah(amount: number): string {
  return `Rp${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 }).format(amount)}`;
}

/** A time in Western Indonesia Time: "5 Desember 2026 14.30 WIB" / "5 December 2026 14:30 WIB". */
export function formatWib(lang: 'id' | 'en', at: Date): string {
  const locale = lang === 'en' ? 'en-GB' : 'id-ID';
  const date = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${date} ${time} WIB`;
}

// A5 in points, and the page's layout.
const PAGE = { width: 419.53, height: 595.28 };
const MARGIN = 36;
const LABEL_WIDTH = 110;
const QR_SIZE = 110;
interface Colours {
  ink: Color;
  muted: Color;
  paid: Color;
  black: Color;
}

/** Text the font can write: accents it lacks dropped (NFKD), any other missing character as "?". */
function writable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet());
  const plain = text.replace(/[\r\n\t]+/g, ' ');
  return [...plain]
    .map((c) => (known.has(c.codePointAt(0)!) ? c : c.normalize('NFKD').replace(/\p{M}/gu, '')))
    .map((c) => [...c].map((d) => (known.has(d.codePointAt(0)!) ? d : '?')).join(''))
    .join('');
}

/** The lines `text` takes at this width, broken between words (a word wider than the line is cut). */
function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

class Writer {
  y = PAGE.height - MARGIN;
  constructor(
    readonly page: PDFPage,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly colours: Colours,
  ) {}

  text(text: string, opts: { size?: number; bold?: boolean; color?: Color; x?: number; width?: number; gap?: number } = {}): void {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.bold : this.regular;
    const x = opts.x ?? MARGIN;
    for (const line of wrap(font, size, writable(font, text), opts.width ?? PAGE.width - x - MARGIN)) {
      this.y -= size * 1.3;
      this.page.drawText(line, { x, y: this.y, size, font, color: opts.color ?? this.colours.ink });
    }
    this.y -= opts.gap ?? 0;
  }

  /** A label and its value side by side; the value wraps under itself. */
  row(label: string, value: string, bold = false): void {
    const top = this.y;
    this.text(label, { size: 9, color: this.colours.muted });
    const afterLabel = this.y;
    this.y = top;
    this.text(value, { size: bold ? 12 : 10, bold, x: MARGIN + LABEL_WIDTH });
    this.y = Math.min(this.y, afterLabel) - 5;
  }

  rule(): void {
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: PAGE.width - MARGIN, y: this.y }, thickness: 0.5, color: this.colours.muted });
    this.y -= 6;
  }
}

/** The QR code of `payload`, its quiet zone included, with its top-left corner at (x, top). */
async function drawQr(page: PDFPage, payload: string, x: number, top: number, size: number, color: Color): Promise<void> {
  const matrix = await qrMatrix(payload);
  const module = size / (matrix.length + 2 * QR_MARGIN);
  for (const [mx, my, n] of darkRuns(matrix)) {
    page.drawRectangle({ x: x + (mx + QR_MARGIN) * module, y: top - (my + QR_MARGIN + 1) * module, width: n * module, height: module, color });
  }
}

/** The receipt as PDF bytes, in the view's language. */
export async function renderReceiptPdf(view: ReceiptView): Promise<Uint8Array> {
  const { lang } = view;
  const { PDFDocument, rgb, StandardFonts } = await import('pdf-lib');
  const colours: Colours = { ink: rgb(0.1, 0.1, 0.1), muted: rgb(0.35, 0.35, 0.35), paid: rgb(0.05, 0.45, 0.2), black: rgb(0, 0, 0) };
  // No metadata dates: the same receipt renders to the same bytes, and no clock is read here.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(t(lang, 'pay.receipt_pdf.document_title', { invoice: view.invoiceNumber }), { showInWindowTitleBar: true });
  pdf.setAuthor(view.tenantName);
  pdf.setLanguage(lang === 'en' ? 'en' : 'id');
  pdf.setProducer('Gerbang');
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  const w = new Writer(page, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold), colours);

  w.text(view.tenantName, { size: 11, bold: true });
  w.text(view.agencyName, { size: 10, color: colours.muted });
  w.rule();
  w.text(t(lang, 'pay.receipt_pdf.title'), { size: 16, bold: true });
  w.text(t(lang, 'pay.receipt_pdf.paid'), { size: 12, bold: true, color: colours.paid, gap: 8 });

  w.row(t(lang, 'pay.receipt_pdf.invoice'), view.invoiceNumber, true);
  if (view.trackingNumber) w.row(t(lang, 'pay.receipt_pdf.tracking'), view.trackingNumber);
  w.row(t(lang, 'pay.receipt_pdf.description'), view.description);
  w.row(t(lang, 'pay.receipt_pdf.amount'), formatRupiah(view.amount), true);
  w.row(t(lang, 'pay.receipt_pdf.channel'), t(lang, `pay.receipt_pdf.channel.${view.channel}`));
  w.row(t(lang, 'pay.receipt_pdf.reference'), view.gatewayRef);
  w.row(t(lang, 'pay.receipt_pdf.paid_at'), formatWib(lang, view.paidAt));
  w.row(t(lang, 'pay.receipt_pdf.payer'), view.payerName);
  w.rule();

  // The QR code on the left, what it is for and the address beside it (for those who cannot scan).
  const top = w.y - 4;
  await drawQr(page, view.verifyUrl, MARGIN, top, QR_SIZE, colours.black);
  const textX = MARGIN + QR_SIZE + 12;
  w.y = top;
  w.text(t(lang, 'pay.receipt_pdf.verify'), { size: 9, x: textX });
  w.text(view.verifyUrl, { size: 8, x: textX, color: colours.muted });
  w.y = Math.min(w.y, top - QR_SIZE) - 8;
  w.text(t(lang, 'pay.receipt_pdf.note'), { size: 8, color: colours.muted });
  return pdf.save();
}
