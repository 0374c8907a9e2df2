// The guard that keeps raw personal data out of the audit log: entries are permanent and signed, so a
// NIK, an e-mail address or a phone number written there could never be erased. Refer to people with
// pseudonyms (`audit.pseudonymize`) instead.

export class PersonalDataInAuditError extends Error {
  override name = 'PersonalDataInAuditError';
  constructor(
    /** Where the value was found, e.g. `data.contact` — never the value itself. */
    readonly where: string,
    readonly kind: 'nik' | 'email' | 'phone',
  ) {
    const what = kind === 'nik' ? 'NIK' : kind === 'email' ? 'e-mail address' : 'phone number';
    super(`audit ${where} looks like a raw ${what}: store a pseudonym (audit.pseudonymize) instead`);
  }
}

// A match must stand on its own: not glued to letters, digits, '-' or '+' (UUIDs, hashes, base64,
// ISO timestamps) nor part of a decimal number.
const BEFORE = String.raw`(?<![\w+-]|\d\.)`;
const AFTER = String.raw`(?![\w-]|\.\d)`;

// NIK: 16 digits, compact or grouped as printed (2.2.2.6.4, e.g. 33.74.01.250190.0001) or in fours
// with one consistent separator. Fixed groupings keep two adjacent dates ("2025-01-01 2025-02-02")
// from counting as one 16-digit number.
const NIK_PRINTED = String.raw`\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{6}[ .-]?\d{4}`;
const NIK_FOURS = String.raw`\d{4}([ .-])\d{4}\1\d{4}\1\d{4}`;
const NIK = new RegExp(`${BEFORE}(?:${NIK_PRINTED}|${NIK_FOURS})${AFTER}`);

// Indonesian phone numbers, digits optionally separated by single spaces or dashes:
//   +62 followed by 7–12 digits (mobile or fixed line);
//   62 followed by 7–12 digits starting with 8 (mobile) — a bare "62" + any digits would also match
//     every BPS/Kemendagri region code of Kalimantan Tengah (province 62, e.g. 6201012001);
//   08 followed by 7–12 digits.
const PHONE = new RegExp(
  `${BEFORE}(?:\\+62[ -]?\\d(?:[ -]?\\d){6,11}|62[ -]?8(?:[ -]?\\d){6,11}|08(?:[ -]?\\d){7,12})${AFTER}`,
);

const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const EMAIL = new RegExp(`[^\\s@<>()[\\]"',;:]+@${LABEL}(?:\\.${LABEL})*\\.[a-z]{2,}`, 'i');

/** Exactly what `pseudonymize` returns; never personal data. */
const PSEUDONYM = /^p:[0-9a-f]{64}$/;

/** What kind of raw personal data `value` looks like, if any. */
export function personalDataKind(value: string): 'nik' | 'email' | 'phone' | undefined {
  if (PSEUDONYM.test(value)) return undefined;
  if (EMAIL.test(value)) return 'email';
  if (NIK.test(value)) return 'nik';
  if (PHONE.test(value)) return 'phone';
  // A value that is nothing but a phone number, however it is punctuated: "(0812) 3456-7890". (Not
  // for NIKs: any 16 digits would include a pair of dates such as "2025-01-01 2025-02-02".)
  if (/^[\d\s.()+-]+$/.test(value)) {
    const compact = value.replace(/[\s.()-]/g, '');
    if (/^(?:\+62\d{7,12}|628\d{6,11}|08\d{7,12})$/.test(compact)) return 'phone';
  }
  return undefined;
}

/** True when a string looks like a raw NIK, Indonesian phone number or e-mail address. */
export function looksLikePersonalData(value: string): boolean {
  return personalDataKind(value) !== undefined;
}

/** Throws PersonalDataInAuditError when any string in `value` (object keys included) looks personal. */
export function assertNoPersonalData(value: unknown, where: string): void {
  if (typeof value === 'string') {
    const kind = personalDataKind(value);
    if (kind) throw new PersonalDataInAuditError(where, kind);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) assertNoPersonalData(item, `${where}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const kind = personalDataKind(key);
      if (kind) throw new PersonalDataInAuditError(`${where} (a key)`, kind);
      assertNoPersonalData(item, `${where}.${key}`);
    }
  }
}
