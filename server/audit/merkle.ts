import crypto from "node:crypto";

/**
 * The Merkle tree of RFC 9162 §2.1 over the compliance_logs chain: leaf i (0-based) is row
 * seq = i + 1, and its leaf data is the row's 32-byte chain hash. A signed checkpoint of seq S
 * (version 2) signs the tree's root over rows 1..S, so a single row proves it belongs to that
 * signed history with about log2(S) hashes (an inclusion proof, §2.1.3) instead of every row.
 *
 *   leaf hash  = SHA-256(0x00 || leaf data)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH(D[n])  = SHA-256() for n = 0; the leaf hash for n = 1; else, with k the largest power of two
 *                below n, node(MTH(D[0:k]), MTH(D[k:n]))
 *
 * The tree is built left to right with a frontier: the roots of the maximal perfect subtrees
 * covering the leaves so far, largest first (one per set bit of the size, so at most 64). Folding
 * it from the right gives the root, and persisting it lets the next checkpoint continue without
 * re-reading the table. No `server-only`: the offline verifier uses it.
 */
const sha256 = (...parts: Buffer[]) => {
  const hash = crypto.createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leafPrefix = Buffer.from([0]);
const nodePrefix = Buffer.from([1]);

/** The leaf hash of a row: SHA-256(0x00 || the 32 bytes of its chain hash). */
export function leafHash(rowHash: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(rowHash)) throw new Error(`not a row hash: ${rowHash}`);
  return sha256(leafPrefix, Buffer.from(rowHash, "hex"));
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(nodePrefix, left, right);
}

/** The root of the empty tree: SHA-256 of nothing. */
export const emptyRoot = sha256();

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The sizes of the frontier's subtrees for a tree of `size` leaves, largest first (its set bits). */
export function frontierSizes(size: number): number[] {
  // Beyond 2^31 bitwise & is wrong; the chain will not get there, but say so rather than miscompute.
  if (size >= 2 ** 31) throw new Error("tree sizes beyond 2^31 leaves are not supported");
  const sizes: number[] = [];
  for (let bit = 2 ** 30; bit >= 1; bit /= 2) if (size & bit) sizes.push(bit);
  return sizes;
}

/** Folds a frontier (largest subtree first) into the tree's root. */
export function foldFrontier(frontier: Buffer[]): Buffer {
  if (frontier.length === 0) return emptyRoot;
  let root = frontier[frontier.length - 1];
  for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i], root);
  return root;
}

/** An RFC 9162 tree built leaf by leaf at O(log n) memory. */
export class MerkleFrontier {
  private constructor(
    private subtrees: Buffer[],
    private count: number,
  ) {}

  static empty(): MerkleFrontier {
    return new MerkleFrontier([], 0);
  }

  /** Continues a tree of `size` leaves from its frontier (as hex, largest subtree first). */
  static resume(size: number, frontier: string[]): MerkleFrontier {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error("a tree size is a non-negative integer");
    if (frontier.length !== frontierSizes(size).length)
      throw new Error(
        `a tree of ${size} leaves has ${frontierSizes(size).length} frontier hashes, not ${frontier.length}`,
      );
    for (const hex of frontier) if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error("a frontier hash is 64 hex digits");
    return new MerkleFrontier(
      frontier.map((hex) => Buffer.from(hex, "hex")),
      size,
    );
  }

  get size(): number {
    return this.count;
  }

  /** The frontier as hex, largest subtree first. */
  get frontier(): string[] {
    return this.subtrees.map((b) => b.toString("hex"));
  }

  /** The frontier's subtrees with the leaf range each covers, largest (leftmost) first. */
  get subtreeRanges(): { start: number; size: number; hash: Buffer }[] {
    const sizes = frontierSizes(this.count);
    let start = 0;
    return this.subtrees.map((hash, i) => {
      const range = { start, size: sizes[i], hash };
      start += sizes[i];
      return range;
    });
  }

  /** Appends a leaf (its leaf hash): merges equal-sized subtrees as a binary counter carries. */
  push(leaf: Buffer): void {
    let hash = leaf;
    let size = this.count;
    // Each trailing 1 bit of the old size is a subtree of that size to merge with.
    while (size & 1) {
      hash = nodeHash(this.subtrees.pop()!, hash);
      size = Math.floor(size / 2);
    }
    this.subtrees.push(hash);
    this.count++;
  }

  root(): Buffer {
    return foldFrontier(this.subtrees);
  }
}

/** MTH over a list of leaf hashes, by the recursive definition (small lists: tests, proof intervals). */
export function treeHash(leaves: Buffer[], from = 0, to = leaves.length): Buffer {
  const n = to - from;
  if (n === 0) return emptyRoot;
  if (n === 1) return leaves[from];
  const k = splitPoint(n);
  return nodeHash(treeHash(leaves, from, from + k), treeHash(leaves, from + k, to));
}

/**
 * The audit path of leaf `index` in a tree of `size` leaves (RFC 9162 §2.1.3.1), bottom sibling
 * first. `subtree(start, end)` gives MTH(D[start:end]) for the node covering those leaves.
 */
export function inclusionPath(index: number, size: number, subtree: (start: number, end: number) => Buffer): Buffer[] {
  if (!(index >= 0 && index < size)) throw new Error(`leaf ${index} is not in a tree of ${size} leaves`);
  const path: Buffer[] = [];
  const walk = (m: number, start: number, end: number) => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(subtree(start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(subtree(start, start + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/**
 * The root an audit path leads to from a leaf (RFC 9162 §2.1.3.2), or null when the path has the
 * wrong length for this index and size. Compare it with a signed root.
 */
export function rootFromInclusionPath(index: number, size: number, leaf: Buffer, path: Buffer[]): Buffer | null {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
