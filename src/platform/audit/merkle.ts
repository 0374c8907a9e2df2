// Hashes of the audit chain, as in Certificate Transparency (RFC 6962 §2.1).
import { createHash } from 'node:crypto';

export const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export const ZERO_HASH = Buffer.alloc(32);
const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** leaf = SHA-256(0x00 ‖ entry) */
export function leafHash(entry: Buffer): Buffer {
  return sha256(LEAF_PREFIX, entry);
}

/** chain = SHA-256(previous chain ‖ leaf), with 32 zero bytes before the first entry. */
export function chainHash(previous: Buffer, leaf: Buffer): Buffer {
  return sha256(previous, leaf);
}

/** Merkle tree hash over leaf hashes: interior node = SHA-256(0x01 ‖ left ‖ right), split at the
 * largest power of two smaller than n; the empty tree is SHA-256 of nothing. */
export function merkleRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  // Bottom-up with carries gives the same tree as RFC 6962's recursive split.
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2)
      next.push(sha256(NODE_PREFIX, level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

/** The bytes a row signature covers: the sequence number (8 bytes, big-endian) and its chain hash. */
export function rowSigningBytes(seq: number, chain: Buffer): Buffer {
  const seqBytes = Buffer.alloc(8);
  seqBytes.writeBigUInt64BE(BigInt(seq));
  return Buffer.concat([seqBytes, chain]);
}

/**
 * The Merkle root of a growing list of leaves without keeping them: the roots of the perfect subtrees
 * that make up the list (at most log2(n) of them). Used by the checkpointer, which sees every leaf once.
 */
export class MerkleFrontier {
  private readonly nodes: { height: number; hash: Buffer }[] = [];
  size = 0;

  push(leaf: Buffer): void {
    let node = { height: 0, hash: leaf };
    while (this.nodes.length > 0 && this.nodes[this.nodes.length - 1]!.height === node.height) {
      const left = this.nodes.pop()!;
      node = {
        height: node.height + 1,
        hash: sha256(NODE_PREFIX, left.hash, node.hash),
      };
    }
    this.nodes.push(node);
    this.size++;
  }

  /** The RFC 6962 Merkle tree hash of the leaves pushed so far. */
  root(): Buffer {
    if (this.nodes.length === 0) return sha256();
    let hash = this.nodes[this.nodes.length - 1]!.hash;
    for (let i = this.nodes.length - 2; i >= 0; i--)
      hash = sha256(NODE_PREFIX, this.nodes[i]!.hash, hash);
    return hash;
  }
}
