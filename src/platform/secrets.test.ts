// Sealed secrets: they open with the same key and context, and with nothing else (a sealed value
// copied to another tenant's row, a changed APP_SECRET, a flipped byte).
import { describe, expect, it } from 'vitest';
import { deriveKey, sealSecret, unsealSecret } from './secrets.js';

const key = deriveKey(Buffer.alloc(32, 7), 'test-purpose');

describe('sealSecret', () => {
  it('opens with the same key and context, and never shows the plain text', () => {
    const sealed = sealSecret(key, 'client-secret-123', 'tenant-a');
    expect(sealed.toString('latin1')).not.toContain('client-secret-123');
    expect(unsealSecret(key, sealed, 'tenant-a')).toBe('client-secret-123');
    expect(sealSecret(key, 'client-secret-123', 'tenant-a').equals(sealed)).toBe(false); // a fresh IV each time
  });

  it('refuses another context, another key and a changed byte', () => {
    const sealed = sealSecret(key, 'client-secret-123', 'tenant-a');
    expect(() => unsealSecret(key, sealed, 'tenant-b')).toThrow();
    expect(() => unsealSecret(deriveKey(Buffer.alloc(32, 8), 'test-purpose'), sealed, 'tenant-a')).toThrow();
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => unsealSecret(key, flipped, 'tenant-a')).toThrow();
  });
});
