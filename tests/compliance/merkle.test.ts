import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  emptyRoot,
  inclusionPath,
  leafHash,
  MerkleFrontier,
  rootFromInclusionPath,
  treeHash,
} from "../../server/audit/merkle";

/**
 * Issue #13 §2: RFC 9162 §2.1 tree hashes and inclusion proofs. The expected values are computed
 * here with node:crypto straight from the RFC's definitions, not with server/audit/merkle.ts:
 *   MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0),
 *   MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of 2 < n;
 *   PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) if m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]).
 */
const H = (...parts: (Buffer | number[])[]) => {
  const hash = crypto.createHash("sha256");
  for (const part of parts) hash.update(Buffer.from(part));
  return hash.digest();
};
const largestPowerOfTwoBelow = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
/** Leaf data: 32-byte row hashes, here SHA-256 of "row <i>". */
const data = (n: number) => Array.from({ length: n }, (_, i) => H(Buffer.from(`row ${i + 1}`)));
const hex = (b: Buffer) => b.toString("hex");

function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return H();
  if (d.length === 1) return H([0], d[0]);
  const k = largestPowerOfTwoBelow(d.length);
  return H([1], mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = largestPowerOfTwoBelow(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

describe("RFC 9162 Merkle tree over the chain's row hashes", () => {
  it("has the RFC's k: the largest power of two strictly below n", () => {
    expect([2, 3, 4, 5, 8, 9].map(largestPowerOfTwoBelow)).toEqual([1, 2, 2, 4, 4, 8]);
  });

  it("hashes small trees as written out by hand", () => {
    const [d0, d1, d2] = data(3);
    const l = (d: Buffer) => H([0], d);
    const n = (a: Buffer, b: Buffer) => H([1], a, b);
    expect(hex(emptyRoot)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(leafHash(hex(d0))).toEqual(l(d0));
    expect(treeHash([l(d0)])).toEqual(l(d0));
    expect(treeHash([l(d0), l(d1)])).toEqual(n(l(d0), l(d1)));
    // Three leaves: the left subtree is the first two, the right the third alone.
    expect(treeHash([d0, d1, d2].map(l))).toEqual(n(n(l(d0), l(d1)), l(d2)));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9])("n = %i: root, frontier and every inclusion proof agree with the RFC", (n) => {
    const d = data(n);
    const expectedRoot = mth(d);
    const leaves = d.map((x) => leafHash(hex(x)));
    expect(treeHash(leaves)).toEqual(expectedRoot);

    // Built leaf by leaf, the frontier's root is the tree's root at every size, and resuming
    // from a persisted frontier continues to the same root.
    const tree = MerkleFrontier.empty();
    for (let i = 0; i < n; i++) {
      tree.push(leaves[i]);
      expect(tree.root()).toEqual(mth(d.slice(0, i + 1)));
      expect(tree.frontier).toHaveLength(
        (i + 1)
          .toString(2)
          .split("")
          .filter((b) => b === "1").length,
      );
    }
    const half = Math.floor(n / 2);
    const resumed = MerkleFrontier.empty();
    leaves.slice(0, half).forEach((leaf) => resumed.push(leaf));
    const continued = MerkleFrontier.resume(half, resumed.frontier);
    leaves.slice(half).forEach((leaf) => continued.push(leaf));
    expect(continued.root()).toEqual(expectedRoot);

    for (let m = 0; m < n; m++) {
      const expectedPath = path(m, d);
      const got = inclusionPath(m, n, (a, b) => treeHash(leaves, a, b));
      expect(got.map(hex)).toEqual(expectedPath.map(hex));
      expect(rootFromInclusionPath(m, n, leaves[m], got)).toEqual(expectedRoot);
      // The same path for another index, or another leaf, leads elsewhere.
      for (let other = 0; other < n; other++)
        if (other !== m) expect(rootFromInclusionPath(other, n, leaves[m], got)).not.toEqual(expectedRoot);
      if (n > 1) expect(rootFromInclusionPath(m, n, leaves[(m + 1) % n], got)).not.toEqual(expectedRoot);
      // A path with a hash too many or too few is refused outright.
      expect(rootFromInclusionPath(m, n, leaves[m], [...got, leaves[0]])).toBeNull();
      if (got.length) expect(rootFromInclusionPath(m, n, leaves[m], got.slice(1))).toBeNull();
    }
  });

  it("refuses indexes outside the tree and frontiers of the wrong length", () => {
    const leaves = data(3).map((x) => leafHash(hex(x)));
    expect(rootFromInclusionPath(3, 3, leaves[0], [])).toBeNull();
    expect(rootFromInclusionPath(-1, 3, leaves[0], [])).toBeNull();
    expect(() => MerkleFrontier.resume(3, [hex(leaves[0])])).toThrow(/2 frontier hashes/);
  });
});
