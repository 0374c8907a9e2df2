// How an SMS text is encoded and into how many parts it is split (3GPP TS 23.038 / 23.040).
// GSM-7: 160 septets in one message, 153 per part of a concatenated one; the extension characters
// (€ [ ] { } | ^ ~ \ and form feed) take two septets (escape + character) and are never split across
// parts. Any character outside the GSM-7 alphabet switches the whole message to UCS-2: 70 UTF-16
// code units in one message, 67 per part; a surrogate pair (most emoji) takes two and is never split.

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsInfo {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text needs. */
  units: number;
  segments: number;
  /** Units per message at this length: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  return true;
}

/** Splits `sizes` (units per character) into parts of at most `limit` units, never splitting a character. */
function countParts(sizes: number[], limit: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limit) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}

export function smsInfo(text: string): SmsInfo {
  const chars = [...text];
  if (isGsm7(text)) {
    const sizes = chars.map((ch) => (EXTENSION.has(ch) ? 2 : 1));
    const units = sizes.reduce((a, b) => a + b, 0);
    if (units <= 160) return { encoding: 'GSM-7', units, segments: 1, perSegment: 160 };
    return { encoding: 'GSM-7', units, segments: countParts(sizes, 153), perSegment: 153 };
  }
  const sizes = chars.map((ch) => ch.length); // 2 for a surrogate pair
  const units = sizes.reduce((a, b) => a + b, 0);
  if (units <= 70) return { encoding: 'UCS-2', units, segments: 1, perSegment: 70 };
  return { encoding: 'UCS-2', units, segments: countParts(sizes, 67), perSegment: 67 };
}
