// The empty signature a PDF carries before it is signed: a signature field with a /ByteRange and room
// for the CMS in /Contents, SubFilter ETSI.CAdES.detached (PAdES baseline). The document module draws
// the page with pdf-lib, then calls this; any DocumentSigner fills it.
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { PDFDocument } from 'pdf-lib';

/** Room for the CMS: a 4096-bit key, a chain of three certificates and margin (hex doubles it). */
const SIGNATURE_BYTES = 16_384;

export interface PlaceholderInput {
  /** The signer's name, as the signature dictionary's /Name. */
  name: string;
  reason: string;
  location: string;
  contactInfo?: string;
  /** The signing time written as /M (PAdES takes the claimed time from here). */
  signingTime: Date;
}

/** Adds the placeholder and saves: the bytes a DocumentSigner signs. */
export async function savePdfForSigning(pdfDoc: PDFDocument, input: PlaceholderInput): Promise<Uint8Array> {
  pdflibAddPlaceholder({
    pdfDoc,
    reason: input.reason,
    contactInfo: input.contactInfo ?? '',
    name: input.name,
    location: input.location,
    signingTime: input.signingTime,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Gerbang',
  });
  // signpdf finds the placeholder by scanning the file: object streams would compress it away.
  return pdfDoc.save({ useObjectStreams: false });
}
