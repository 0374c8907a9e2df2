// Hashes, Merkle tree and canonical JSON of the audit chain, without a database.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { chainHash, leafHash, MerkleFrontier, merkleRoot, rowSigningBytes, ZERO_HASH } from './merkle.js';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const hex = (b: Buffer) => b.toString('hex');
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);

/** RFC 6962 §2.1 literally: MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest
 * power of two < n. */
function naiveRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return node(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

const leaves = Array.from({ length: 33 }, (_, i) => leafHash(Buffer.from(`{"seq":${i + 1}}`)));

describe('hashes', () => {
  it('leaf = SHA-256(0x00 ‖ entry), chain = SHA-256(previous ‖ leaf) from 32 zero bytes', () => {
    const entry = Buffer.from('{"a":1}');
    expect(hex(leafHash(entry))).toBe(hex(sha(Buffer.from([0]), entry)));
    expect(hex(ZERO_HASH)).toBe('00'.repeat(32));
    const first = chainHash(ZERO_HASH, leafHash(entry));
    expect(hex(first)).toBe(hex(sha(Buffer.alloc(32), leafHash(entry))));
    expect(hex(chainHash(first, leaves[0]!))).toBe(hex(sha(first, leaves[0]!)));
  });

  it('signs seq as 8 bytes big-endian followed by the chain hash', () => {
    const bytes = rowSigningBytes(258, Buffer.alloc(32, 0xab));
    expect(bytes.length).toBe(40);
    expect(hex(bytes.subarray(0, 8))).toBe('0000000000000102');
    expect(bytes.subarray(8).equals(Buffer.alloc(32, 0xab))).toBe(true);
  });
});

describe('Merkle tree (RFC 6962)', () => {
  it('has the known structure for n = 1..7', () => {
    const [a, b, c, d, e, f, g] = leaves as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
    const expected = [
      a,
      node(a, b),
      node(node(a, b), c),
      node(node(a, b), node(c, d)),
      node(node(node(a, b), node(c, d)), e),
      node(node(node(a, b), node(c, d)), node(e, f)),
      node(node(node(a, b), node(c, d)), node(node(e, f), g)),
    ];
    for (const [i, root] of expected.entries()) {
      const n = i + 1;
      expect(hex(merkleRoot(leaves.slice(0, n))), `n=${n}`).toBe(hex(root));
      expect(hex(naiveRoot(leaves.slice(0, n))), `naive n=${n}`).toBe(hex(root));
    }
  });

  it('the empty tree is SHA-256 of nothing', () => {
    expect(hex(merkleRoot([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(new MerkleFrontier().root())).toBe(hex(merkleRoot([])));
  });

  it('matches the recursive definition for 1..33 leaves, also built incrementally', () => {
    const frontier = new MerkleFrontier();
    for (let n = 1; n <= leaves.length; n++) {
      frontier.push(leaves[n - 1]!);
      const expected = hex(naiveRoot(leaves.slice(0, n)));
      expect(hex(merkleRoot(leaves.slice(0, n))), `n=${n}`).toBe(expected);
      expect(hex(frontier.root()), `frontier n=${n}`).toBe(expected);
      expect(frontier.size).toBe(n);
    }
  });
});

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys, drops whitespace and formats numbers as the RFC example shows', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input).toString('utf8')).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } }).toString()).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(TypeError);
  });
});
