// QRIS (EMVCo Merchant-Presented Mode, as Bank Indonesia profiles it; DOMAIN.md §6): the TLV string a
// dynamic QRIS carries — ID (2 digits) + length (2 digits) + value, templates nested the same way,
// CRC-16/CCITT-FALSE in tag 63, always last. The sandbox gateway encodes with it; officers parse what a
// citizen shows with it (`parseQris`). Parsing never throws on what a person pasted: every problem is an
// error code with the tag it concerns, so a page can say which field is wrong.

/** CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR ("123456789" → 29B1). */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

export interface TlvField {
  tag: string;
  value: string;
  /** The sub-fields of a template (26–51 merchant accounts, 62 additional data, 64 language template). */
  children?: TlvField[];
}

/** Merchant account templates (26–51), the additional data template (62) and the language template (64). */
export function isTemplate(tag: string): boolean {
  const n = Number(tag);
  return (n >= 26 && n <= 51) || n === 62 || n === 64;
}

/** The most a value may hold per tag, where EMVCo or the QRIS profile sets less than the 99 a length allows. */
const MAX_LENGTH: Record<string, number> = {
  '00': 2,
  '01': 2,
  '52': 4,
  '53': 3,
  '54': 13,
  '55': 2,
  '56': 13,
  '57': 5,
  '58': 2,
  '59': 25,
  '60': 15,
  '61': 10,
  '63': 4,
};

function tlv(tag: string, value: string, top: boolean): string {
  // EMVCo's "ans" values are printable ASCII, so a length in characters is a length in bytes.
  if (!PRINTABLE.test(value)) throw new RangeError(`QRIS field ${tag} holds a character outside printable ASCII`);
  const length = value.length;
  const max = top ? (MAX_LENGTH[tag] ?? 99) : 99;
  if (!/^\d{2}$/.test(tag)) throw new RangeError(`QRIS tag must be two digits: ${tag}`);
  if (length > max) throw new RangeError(`QRIS field ${tag} is longer than ${max}`);
  return tag + String(length).padStart(2, '0') + value;
}

function encodeFields(fields: readonly TlvField[], top: boolean): string {
  return fields.map((f) => tlv(f.tag, f.children ? encodeFields(f.children, false) : f.value, top)).join('');
}

/** The fields as a QRIS string, with the CRC appended (any tag 63 given is ignored). Throws RangeError on what a QRIS cannot hold. */
export function encodeQris(fields: readonly TlvField[]): string {
  const body = encodeFields(fields.filter((f) => f.tag !== '63'), true) + '6304';
  // A string the parser (and a payer's app) would refuse is a bug to stop here, not a code to print.
  if (body.length + 4 > QRIS_MAX_LENGTH) throw new RangeError(`QRIS string would be longer than ${QRIS_MAX_LENGTH}`);
  return body + crc16(body);
}

export interface DynamicQrisInput {
  /** The acquirer's reverse-domain id and the merchant PAN in template 26 (e.g. "ID.CO.BANKNAME.WWW"). */
  acquirer: { globallyUniqueId: string; merchantPan: string; merchantId: string; criteria: 'UMI' | 'UKE' | 'UME' | 'UBE' | 'URE' };
  /** National Merchant ID (NMID) in template 51. */
  nmid: string;
  /** Merchant category code (ISO 18245), e.g. 9399 government services. */
  mcc: string;
  merchantName: string;
  merchantCity: string;
  postalCode?: string;
  /** Integer rupiah. */
  amount: number;
  /** The bill (invoice) number, tag 62.01, and the gateway's reference, 62.05. */
  billNumber: string;
  reference?: string;
  terminalLabel?: string;
}

const CRITERIA_TEXT = /^(UMI|UKE|UME|UBE|URE)$/;

/** A dynamic (one-transaction) QRIS for one bill. Throws RangeError on a value the format cannot hold. */
export function dynamicQris(input: DynamicQrisInput): string {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new RangeError('QRIS amount must be a positive integer of rupiah');
  if (!CRITERIA_TEXT.test(input.acquirer.criteria)) throw new RangeError('unknown merchant criteria');
  const additional: TlvField[] = [{ tag: '01', value: input.billNumber }];
  if (input.reference) additional.push({ tag: '05', value: input.reference });
  if (input.terminalLabel) additional.push({ tag: '07', value: input.terminalLabel });
  const fields: TlvField[] = [
    { tag: '00', value: '01' },
    { tag: '01', value: '12' },
    {
      tag: '26',
      value: '',
      children: [
        { tag: '00', value: input.acquirer.globallyUniqueId },
        { tag: '01', value: input.acquirer.merchantPan },
        { tag: '02', value: input.acquirer.merchantId },
        { tag: '03', value: input.acquirer.criteria },
      ],
    },
    {
      tag: '51',
      value: '',
      children: [
        { tag: '00', value: 'ID.CO.QRIS.WWW' },
        { tag: '02', value: input.nmid },
        { tag: '03', value: input.acquirer.criteria },
      ],
    },
    { tag: '52', value: input.mcc },
    { tag: '53', value: '360' },
    { tag: '54', value: String(input.amount) },
    { tag: '58', value: 'ID' },
    { tag: '59', value: input.merchantName },
    { tag: '60', value: input.merchantCity },
  ];
  if (input.postalCode) fields.push({ tag: '61', value: input.postalCode });
  fields.push({ tag: '62', value: '', children: additional });
  return encodeQris(fields);
}

export type QrisErrorCode =
  | 'empty'
  | 'too_long'
  | 'truncated'
  | 'bad_length'
  | 'bad_character'
  | 'field_too_long'
  | 'bad_format_indicator'
  | 'bad_point_of_initiation'
  | 'crc_missing'
  | 'crc_not_last'
  | 'crc_mismatch'
  | 'bad_amount'
  | 'bad_currency'
  | 'bad_country'
  | 'no_qris_template'
  | 'amount_missing';

export interface QrisError {
  code: QrisErrorCode;
  /** The tag concerned ("54", "62.01"), when there is one. */
  tag?: string;
}

export interface ParsedQris {
  fields: TlvField[];
  /** "static" (01 = 11, the payer types the amount) or "dynamic" (12, one transaction). */
  pointOfInitiation?: 'static' | 'dynamic';
  /** Integer rupiah from tag 54, when present and valid. */
  amount?: number;
  merchantName?: string;
  merchantCity?: string;
  nmid?: string;
  billNumber?: string;
  reference?: string;
  crc?: string;
  crcValid: boolean;
  errors: QrisError[];
}

/** A QRIS string is at most 512 characters (EMVCo MPM). */
export const QRIS_MAX_LENGTH = 512;

const PRINTABLE = /^[\x20-\x7e]*$/;

function parseFields(text: string, prefix: string, errors: QrisError[]): TlvField[] {
  const out: TlvField[] = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (head.length < 4) {
      errors.push({ code: 'truncated', tag: prefix + head.slice(0, 2) || undefined });
      break;
    }
    const tag = head.slice(0, 2);
    const lengthText = head.slice(2);
    if (!/^\d{2}$/.test(tag) || !/^\d{2}$/.test(lengthText)) {
      errors.push({ code: 'bad_length', tag: prefix + tag });
      break;
    }
    const length = Number(lengthText);
    const value = text.slice(at + 4, at + 4 + length);
    if (value.length < length) {
      errors.push({ code: 'truncated', tag: prefix + tag });
      break;
    }
    if (!prefix && value.length > (MAX_LENGTH[tag] ?? 99)) errors.push({ code: 'field_too_long', tag });
    const field: TlvField = { tag, value };
    if (!prefix && isTemplate(tag)) field.children = parseFields(value, tag + '.', errors);
    // Lengths count bytes and the CRC covers bytes: a pasted "É" shifts both, and a payer's app refuses it.
    else if (!PRINTABLE.test(value)) errors.push({ code: 'bad_character', tag: prefix + tag });
    out.push(field);
    at += 4 + length;
  }
  return out;
}

/** Reads a QRIS string: its fields, what they mean, and every way it is not a valid QRIS. */
export function parseQris(input: string): ParsedQris {
  const errors: QrisError[] = [];
  const text = typeof input === 'string' ? input.trim() : '';
  if (!text) return { fields: [], crcValid: false, errors: [{ code: 'empty' }] };
  if (text.length > QRIS_MAX_LENGTH) return { fields: [], crcValid: false, errors: [{ code: 'too_long' }] };
  const fields = parseFields(text, '', errors);
  const get = (tag: string) => fields.find((f) => f.tag === tag);
  const sub = (tag: string, child: string) => get(tag)?.children?.find((f) => f.tag === child)?.value;
  const result: ParsedQris = { fields, crcValid: false, errors };

  if (get('00')?.value !== '01' || fields[0]?.tag !== '00') errors.push({ code: 'bad_format_indicator', tag: '00' });
  const poi = get('01')?.value;
  if (poi === '11') result.pointOfInitiation = 'static';
  else if (poi === '12') result.pointOfInitiation = 'dynamic';
  else errors.push({ code: 'bad_point_of_initiation', tag: '01' });

  const amount = get('54')?.value;
  if (amount !== undefined) {
    // Gerbang's amounts are integer rupiah; EMVCo allows a decimal point, which a rupiah bill never needs.
    if (/^[1-9]\d{0,12}$/.test(amount)) result.amount = Number(amount);
    else errors.push({ code: 'bad_amount', tag: '54' });
  } else if (result.pointOfInitiation === 'dynamic') errors.push({ code: 'amount_missing', tag: '54' });
  const currency = get('53')?.value;
  if (currency !== undefined && currency !== '360') errors.push({ code: 'bad_currency', tag: '53' });
  const country = get('58')?.value;
  if (country !== undefined && country !== 'ID') errors.push({ code: 'bad_country', tag: '58' });
  const qrisTemplate = fields.find((f) => f.children?.some((c) => c.tag === '00' && c.value === 'ID.CO.QRIS.WWW'));
  if (!qrisTemplate) errors.push({ code: 'no_qris_template', tag: '51' });
  else result.nmid = qrisTemplate.children?.find((c) => c.tag === '02')?.value;
  result.merchantName = get('59')?.value;
  result.merchantCity = get('60')?.value;
  result.billNumber = sub('62', '01');
  result.reference = sub('62', '05');

  const crcIndex = fields.findIndex((f) => f.tag === '63');
  if (crcIndex < 0) errors.push({ code: 'crc_missing', tag: '63' });
  else if (crcIndex !== fields.length - 1) errors.push({ code: 'crc_not_last', tag: '63' });
  else {
    const crc = fields[crcIndex]!.value;
    result.crc = crc;
    // The CRC covers everything up to and including "6304": the string minus the CRC's 4 digits. It is
    // written in uppercase (DOMAIN.md §6); accepting "29b1" would let a retyped digit pass unseen.
    result.crcValid = text.endsWith('6304' + crc) && crc16(text.slice(0, -4)) === crc;
    if (!result.crcValid) errors.push({ code: 'crc_mismatch', tag: '63' });
  }
  return result;
}
