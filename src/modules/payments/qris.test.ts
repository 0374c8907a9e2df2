import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLE_QRIS_INPUT } from '../../../test/qris.js';
import { crc16, dynamicQris, encodeQris, parseQris, QRIS_MAX_LENGTH, type TlvField } from './qris.js';

const codes = (text: string) => parseQris(text).errors.map((e) => e.code);
const withCrc = (body: string) => body + '6304' + crc16(body + '6304');
const tlv = (tag: string, value: string) => tag + String(value.length).padStart(2, '0') + value;

const SAMPLE = SAMPLE_QRIS_INPUT;
const VALID = dynamicQris(SAMPLE);
// A valid string whose CRC has a letter in it (most do; the bill number is varied until one does).
const LETTERED = Array.from({ length: 50 }, (_, i) => dynamicQris({ ...SAMPLE, billNumber: `INV-${i}` })).find((t) => /[A-F]/.test(t.slice(-4)))!;

/** The top-level fields of VALID with one replaced (the CRC recomputed, so only that field is wrong). */
function replaceField(tag: string, value: string | null): string {
  const fields = parseQris(VALID).fields.filter((f) => f.tag !== '63');
  const body = fields.flatMap((f) => (f.tag === tag ? (value === null ? [] : [tlv(tag, value)]) : [tlv(f.tag, f.value)])).join('');
  return withCrc(body);
}

describe('crc16 (CRC-16/CCITT-FALSE)', () => {
  it('has the standard check value: "123456789" → 29B1', () => {
    expect(crc16('123456789')).toBe('29B1');
  });

  it('writes four uppercase hex digits, zero-padded', () => {
    expect(crc16('')).toBe('FFFF');
    fc.assert(fc.property(fc.string(), (s) => /^[0-9A-F]{4}$/.test(crc16(s))));
  });
});

describe('parseQris: a valid dynamic QRIS', () => {
  it('reads what the sandbox encoded, with no error', () => {
    const parsed = parseQris(VALID);
    expect(parsed.errors).toEqual([]);
    expect(parsed).toMatchObject({
      pointOfInitiation: 'dynamic',
      amount: 150_000,
      merchantName: 'DPMPTSP KOTA MAKASSAR',
      merchantCity: 'MAKASSAR',
      nmid: 'ID1020012345678',
      billNumber: 'INV-7K3QX9',
      reference: 'SBX-0001',
      crcValid: true,
    });
    expect(parsed.fields.at(-1)).toEqual({ tag: '63', value: crc16(VALID.slice(0, -4)) });
  });

  it('forgives the spaces and line break a paste brings around the string', () => {
    expect(parseQris(`  ${VALID}\n`).errors).toEqual([]);
  });
});

describe('parseQris: every way a string is not a valid QRIS names the field', () => {
  it.each<[string, () => string, string, string]>([
    ['merchant name longer than 25', () => replaceField('59', 'D'.repeat(26)), 'field_too_long', '59'],
    ['merchant city longer than 15', () => replaceField('60', 'S'.repeat(16)), 'field_too_long', '60'],
    ['point of initiation neither 11 nor 12', () => replaceField('01', '13'), 'bad_point_of_initiation', '01'],
    ['point of initiation missing', () => replaceField('01', null), 'bad_point_of_initiation', '01'],
    ['format indicator not 01', () => replaceField('00', '02'), 'bad_format_indicator', '00'],
    ['amount with letters', () => replaceField('54', '15O000'), 'bad_amount', '54'],
    ['amount zero', () => replaceField('54', '0'), 'bad_amount', '54'],
    ['amount with a leading zero', () => replaceField('54', '0150000'), 'bad_amount', '54'],
    ['amount negative', () => replaceField('54', '-150000'), 'bad_amount', '54'],
    ['a dynamic QRIS without an amount', () => replaceField('54', null), 'amount_missing', '54'],
    ['currency not rupiah (840 = USD)', () => replaceField('53', '840'), 'bad_currency', '53'],
    ['country not ID', () => replaceField('58', 'SG'), 'bad_country', '58'],
    ['no ID.CO.QRIS.WWW template', () => replaceField('51', tlv('00', 'ID.CO.OTHER.WWW') + tlv('02', 'ID1020012345678')), 'no_qris_template', '51'],
    ['CRC missing', () => VALID.slice(0, -8), 'crc_missing', '63'],
    ['CRC not last', () => VALID + tlv('99', 'X'), 'crc_not_last', '63'],
    ['CRC wrong', () => VALID.slice(0, -4) + (VALID.endsWith('0000') ? '0001' : '0000'), 'crc_mismatch', '63'],
    ['CRC in lowercase hex (DOMAIN §6: uppercase)', () => LETTERED.slice(0, -4) + LETTERED.slice(-4).toLowerCase(), 'crc_mismatch', '63'],
    ['a declared length beyond the end', () => VALID.slice(0, -8) + '6310' + VALID.slice(-4), 'truncated', '63'],
    ['a template whose sub-field runs past the template', () => replaceField('62', '0120INV'), 'truncated', '62.01'],
    ['a length that is not digits', () => VALID.slice(0, 6) + '01X2' + VALID.slice(10), 'bad_length', '01'],
  ])('%s', (_name, make, code, tag) => {
    const parsed = parseQris(make());
    expect(parsed.errors).toContainEqual({ code, tag });
  });

  it('says the CRC is not valid whenever it is wrong, missing or misplaced', () => {
    expect(parseQris(VALID.slice(0, -4) + '0000').crcValid).toBe(VALID.endsWith('0000'));
    expect(parseQris(VALID.slice(0, -8)).crcValid).toBe(false);
    expect(parseQris(VALID + tlv('99', 'X')).crcValid).toBe(false);
  });

  it('refuses an empty string and one longer than 512 characters', () => {
    expect(codes('')).toEqual(['empty']);
    expect(codes(' \n ')).toEqual(['empty']);
    expect(codes('0'.repeat(QRIS_MAX_LENGTH + 1))).toEqual(['too_long']);
  });

  it('refuses characters outside printable ASCII, naming the field that holds them', () => {
    const accented = replaceField('59', 'DINAS KOTA MAKASSAR É');
    // Its CRC (over the UTF-8 bytes) is right: only the character check tells it is not a QRIS.
    expect(parseQris(accented).errors).toEqual([{ code: 'bad_character', tag: '59' }]);
    expect(parseQris(replaceField('62', tlv('01', 'INV\u00a01'))).errors).toEqual([{ code: 'bad_character', tag: '62.01' }]);
  });

  it('never throws, whatever is pasted', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (text) => {
        const parsed = parseQris(text);
        return Array.isArray(parsed.errors) && (parsed.errors.length > 0 || parsed.crcValid);
      }),
    );
  });
});

// ---- Properties over arbitrary valid field sets -------------------------------------------------

const printable = (min: number, max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const twoDigitTag = (from: number, to: number) => fc.integer({ min: from, max: to }).map((n) => String(n).padStart(2, '0'));
const subFields = (max: number) => fc.uniqueArray(fc.record({ tag: twoDigitTag(1, 99), value: printable(0, 20) }), { selector: (f) => f.tag, maxLength: max });

/** A valid QRIS's fields (without the CRC), in the order EMVCo lists them. */
const validFields = fc
  .record({
    dynamic: fc.boolean(),
    amount: fc.integer({ min: 1, max: 9_999_999_999_999 }),
    otherAccounts: fc.uniqueArray(fc.record({ tag: twoDigitTag(26, 50), children: subFields(3) }), { selector: (f) => f.tag, maxLength: 2 }),
    nmid: printable(1, 15),
    criteria: fc.constantFrom('UMI', 'UKE', 'UME', 'UBE', 'URE'),
    mcc: digits(4, 4),
    name: printable(1, 25),
    city: printable(1, 15),
    postal: fc.option(digits(5, 5), { nil: undefined }),
    additional: subFields(4),
  })
  .map((r) => {
    const fields: TlvField[] = [
      { tag: '00', value: '01' },
      { tag: '01', value: r.dynamic ? '12' : '11' },
      ...r.otherAccounts.sort((a, b) => a.tag.localeCompare(b.tag)).map((a) => ({ tag: a.tag, value: '', children: a.children })),
      { tag: '51', value: '', children: [{ tag: '00', value: 'ID.CO.QRIS.WWW' }, { tag: '02', value: r.nmid }, { tag: '03', value: r.criteria }] },
      { tag: '52', value: r.mcc },
      { tag: '53', value: '360' },
      ...(r.dynamic ? [{ tag: '54', value: String(r.amount) }] : []),
      { tag: '58', value: 'ID' },
      { tag: '59', value: r.name },
      { tag: '60', value: r.city },
      ...(r.postal ? [{ tag: '61', value: r.postal }] : []),
      ...(r.additional.length ? [{ tag: '62', value: '', children: r.additional }] : []),
    ];
    return { fields, amount: r.dynamic ? r.amount : undefined, r };
  });

/** The fields as the parser gives them back: a template's value is its encoded children. */
const shape = (fields: readonly TlvField[]): unknown[] => fields.map((f) => (f.children ? { tag: f.tag, children: shape(f.children) } : { tag: f.tag, value: f.value }));

describe('properties of encode and parse', () => {
  it('encode → parse gives back every field, sub-field and meaning, with a valid CRC and no error', () => {
    fc.assert(
      fc.property(validFields, ({ fields, amount, r }) => {
        const text = encodeQris(fields);
        const parsed = parseQris(text);
        expect(parsed.errors).toEqual([]);
        expect(parsed.crcValid).toBe(true);
        expect(shape(parsed.fields.slice(0, -1))).toEqual(shape(fields));
        expect(parsed.pointOfInitiation).toBe(r.dynamic ? 'dynamic' : 'static');
        expect(parsed.amount).toBe(amount);
        expect(parsed.merchantName).toBe(r.name);
        expect(parsed.merchantCity).toBe(r.city);
        expect(parsed.nmid).toBe(r.nmid);
        expect(parsed.billNumber).toBe(r.additional.find((f) => f.tag === '01')?.value);
      }),
    );
  });

  it('any single-character change of a valid string breaks the CRC or the parse', () => {
    const valid = validFields.map(({ fields }) => encodeQris(fields));
    fc.assert(
      fc.property(
        valid,
        fc.nat(),
        // null: the same character in the other case ("B" → "b", the change a retyped CRC makes).
        fc.oneof(printable(1, 1), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', ' ', '\n', null)),
        (text, at, given) => {
          const i = at % text.length;
          const replacement = given ?? (text[i]!.toLowerCase() === text[i] ? text[i]!.toUpperCase() : text[i]!.toLowerCase());
          fc.pre(text[i] !== replacement);
          const changed = text.slice(0, i) + replacement + text.slice(i + 1);
          const parsed = parseQris(changed);
          expect(!parsed.crcValid || parsed.errors.length > 0).toBe(true);
          expect(parsed.crcValid && parsed.errors.length === 0).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a single lowercase CRC digit is a change too', () => {
    // The property above found this one: "…6304ABCD" and "…6304abCD" were both read as valid.
    const upper = fc.sample(validFields.map(({ fields }) => encodeQris(fields)).filter((t) => /[A-F]/.test(t.slice(-4))), 1)[0]!;
    const at = upper.length - 4 + upper.slice(-4).search(/[A-F]/);
    const changed = upper.slice(0, at) + upper[at]!.toLowerCase() + upper.slice(at + 1);
    expect(parseQris(changed).crcValid).toBe(false);
  });

  it('dynamicQris makes strings the parser accepts, for any bill it can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999_999_999 }), printable(1, 25), printable(1, 20), (amount, name, bill) => {
        const parsed = parseQris(dynamicQris({ ...SAMPLE, amount, merchantName: name, billNumber: bill }));
        expect(parsed.errors).toEqual([]);
        expect([parsed.amount, parsed.merchantName, parsed.billNumber]).toEqual([amount, name, bill]);
      }),
    );
  });

  it('encodeQris refuses what a QRIS cannot hold rather than write a string its parser refuses', () => {
    expect(() => encodeQris([{ tag: '59', value: 'D'.repeat(26) }])).toThrow(RangeError);
    expect(() => encodeQris([{ tag: '60', value: 'S'.repeat(16) }])).toThrow(RangeError);
    expect(() => encodeQris([{ tag: '59', value: 'SÉMARANG' }])).toThrow(RangeError);
    const long = Array.from({ length: 6 }, (_, i) => ({ tag: String(26 + i), value: 'X'.repeat(90) }));
    expect(() => encodeQris([{ tag: '00', value: '01' }, ...long])).toThrow(RangeError);
  });
});
