import { describe, expect, it } from 'vitest';
import { parseLsn } from './replica.js';

describe('parseLsn', () => {
  it('orders WAL positions across the 4-GB boundary of their low half', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBe(1n << 32n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(parseLsn('A/1') > parseLsn('9/FFFFFFFF')).toBe(true);
  });
});
