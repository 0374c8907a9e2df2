// The document as a one-page A4 PDF: letterhead (tenant, agency), title, number, holder, service, the
// printed fields, issue date and validity, the signer's name and position, and a QR code of the
// verification URL. What goes in comes from the service version's template (catalog
// document-template.ts) or the module's default (service.ts); a preview carries a watermark and is
// never signed. Drawn with pdf-lib's standard Helvetica (no embedded font file: the page stays a few
// kilobytes).
import { degrees, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { PrintedField } from '../../db/schema-documents.js';
import { t, type Lang } from '../../platform/i18n/index.js';
import './strings.js';

export interface DocumentLayout {
  lang: Lang;
  tenantName: string;
  agencyName: string;
  title: string;
  number: string;
  holderName: string;
  serviceName: string;
  fields: PrintedField[];
  issuedAt: string;
  validUntil: string | null;
  signerName: string;
  signerPosition: string;
  verifyUrl: string;
  /** Across the page and above the letterhead: a preview's "CONTOH — TIDAK SAH". */
  watermark?: string;
}

/**
 * Helvetica's WinAnsi encoding has no glyph for most characters outside Latin-1: letters lose their
 * accents, anything else becomes "?", so a name never stops a document being issued.
 */
export function printable(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d]/g, '?');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of printable(text).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** Draws the document; the caller adds the signature placeholder and saves. */
export async function drawDocument(layout: DocumentLayout): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setTitle(printable(`${layout.title} ${layout.number}`));
  doc.setAuthor(printable(layout.tenantName));
  doc.setProducer('Gerbang');
  doc.setCreationDate(new Date(layout.issuedAt));
  doc.setModificationDate(new Date(layout.issuedAt));
  const page: PDFPage = doc.addPage([595.28, 841.89]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const left = 56;
  const width = 595.28 - 2 * left;
  let y = 790;
  const text = (value: string, font: PDFFont, size: number, gap = 4) => {
    for (const line of wrap(value, font, size, width)) {
      page.drawText(line, { x: left, y, size, font, color: rgb(0.1, 0.1, 0.1) });
      y -= size + gap;
    }
  };
  text(layout.tenantName.toUpperCase(), bold, 14);
  text(layout.agencyName, regular, 11);
  page.drawLine({ start: { x: left, y: y + 4 }, end: { x: left + width, y: y + 4 }, thickness: 1.2 });
  y -= 28;
  text(layout.title.toUpperCase(), bold, 16);
  text(`${t(layout.lang, 'doc.pdf.number')}: ${layout.number}`, regular, 11);
  y -= 16;
  const row = (label: string, value: string) => text(`${label}: ${value}`, regular, 11);
  row(t(layout.lang, 'doc.pdf.holder'), layout.holderName);
  row(t(layout.lang, 'doc.pdf.service'), layout.serviceName);
  for (const field of layout.fields.slice(0, 20)) row(field.label, field.value);
  y -= 8;
  row(t(layout.lang, 'doc.pdf.issued'), layout.issuedAt.slice(0, 10));
  if (layout.validUntil) row(t(layout.lang, 'doc.pdf.valid_until'), layout.validUntil.slice(0, 10));
  y -= 24;
  text(t(layout.lang, 'doc.pdf.signed_by'), regular, 10);
  text(layout.signerName, bold, 11);
  text(layout.signerPosition, regular, 10);

  const { default: QRCode } = await import('qrcode'); // with the first document, not at start
  const qr = await QRCode.toBuffer(layout.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const image = await doc.embedPng(qr);
  page.drawImage(image, { x: left, y: 70, width: 110, height: 110 });
  const noteX = left + 124;
  let noteY = 160;
  for (const line of [...wrap(t(layout.lang, 'doc.pdf.verify'), regular, 9, width - 124), layout.verifyUrl]) {
    page.drawText(printable(line), { x: noteX, y: noteY, size: 9, font: regular });
    noteY -= 13;
  }
  if (layout.watermark) drawWatermark(page, bold, printable(layout.watermark));
  return doc;
}

/** Large, light and diagonal, so no part of a sample can be cut out and passed off as a document. */
function drawWatermark(page: PDFPage, font: PDFFont, mark: string): void {
  const red = rgb(0.75, 0.1, 0.1);
  page.drawText(mark, { x: 56, y: 815, size: 10, font, color: red });
  const size = 44;
  const width = font.widthOfTextAtSize(mark, size);
  // Centred on the page along the 45° diagonal.
  const dx = (width / 2) * Math.SQRT1_2;
  page.drawText(mark, { x: 297.64 - dx, y: 420.95 - dx, size, font, color: red, opacity: 0.25, rotate: degrees(45) });
}
