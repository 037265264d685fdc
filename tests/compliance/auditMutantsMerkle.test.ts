import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  emptyRoot,
  foldFrontier,
  frontierSizes,
  inclusionPath,
  leafHash,
  MerkleFrontier,
  nodeHash,
  rootFromInclusionPath,
  splitPoint,
  treeHash,
} from "@/server/audit/merkle";

/**
 * Issue #13 §5 (mutation testing): server/audit/merkle.ts against docs/audit-format.md §7.1 and §8
 * (the tree of the three example rows, their frontier and the example proofs file), and against
 * RFC 9162 §2.1 hashes computed here with node:crypto: leaf = SHA-256(0x00 ‖ data),
 * node = SHA-256(0x01 ‖ left ‖ right). Every expected value is a literal or one of those two hashes.
 */
const sha = (...parts: Buffer[]) => {
  const h = crypto.createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const leaf = (data: Buffer) => sha(Buffer.from([0]), data);
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);
const hex = (b: Buffer | null) => (b === null ? null : b.toString("hex"));
const buf = (h: string) => Buffer.from(h, "hex");

// docs/audit-format.md §4 (row hashes) and §7.1 (leaves, node over rows 1–2, root).
const rowHashes = [
  "a67053f04d26432865767513df6aa5f3afda6ebca01b52ebeda275e25271e693",
  "9ff29347618b90048caa116f758a260c941e1a96280aa8bc2b713398fe8602e1",
  "3a0d0b31ab833a85a7d37ad69f66d9b55bb571f2e9fa237aa61a49cf3f8832d8",
];
const docLeaves = [
  "6b2b49e0ef7149c259d7800079a3d15dba4b0a1dfea0d3dee37fe40ebd34f640",
  "8df83e558515defd0fde986ebccc9430cae9062e33b8d3ca0864fa8935932dc3",
  "a8dfa9190f556f442eeff319a1077d34c6bf3a08bd269705a44da927f0a4817e",
];
const docNode12 = "b3f14b8c28c05e3a96d22200ff831b0476e16c15782c0fde8c2ad00df5936e54";
const docRoot = "368208731f38af32293e785d46d869c42e1b5c7ff5d5b005e165a8ff1b0484f0";
// §8: the example proofs file's paths, per row.
const docPaths: Record<number, string[]> = {
  1: [docLeaves[1], docLeaves[2]],
  2: [docLeaves[0], docLeaves[2]],
  3: [docNode12],
};

/** Leaves for larger trees: leaf i is SHA-256(0x00 ‖ SHA-256("leaf i")). */
const bigLeaves = (n: number) => Array.from({ length: n }, (_, i) => leaf(sha(Buffer.from(`leaf ${i}`))));

describe("the worked example of docs/audit-format.md §7.1", () => {
  it("hashes each row's 32 raw bytes behind a 0x00 prefix into the documented leaves", () => {
    expect(rowHashes.map((h) => hex(leafHash(h)))).toEqual(docLeaves);
    // The same, by the RFC's definition computed here.
    expect(hex(leafHash(rowHashes[0]))).toBe(hex(leaf(buf(rowHashes[0]))));
  });

  it("hashes two children behind a 0x01 prefix into the documented node and root", () => {
    expect(hex(nodeHash(buf(docLeaves[0]), buf(docLeaves[1])))).toBe(docNode12);
    expect(hex(nodeHash(buf(docNode12), buf(docLeaves[2])))).toBe(docRoot);
    // Order matters: node(right, left) is another hash.
    expect(hex(nodeHash(buf(docLeaves[1]), buf(docLeaves[0])))).not.toBe(docNode12);
  });

  it("gives the documented root from the tree, from the frontier, and from a tree built row by row", () => {
    expect(hex(treeHash(docLeaves.map(buf)))).toBe(docRoot);
    expect(hex(foldFrontier([buf(docNode12), buf(docLeaves[2])]))).toBe(docRoot);
    const tree = MerkleFrontier.empty();
    expect(tree.size).toBe(0);
    expect(tree.frontier).toEqual([]);
    expect(hex(tree.root())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    tree.push(buf(docLeaves[0]));
    expect(tree.size).toBe(1);
    expect(tree.frontier).toEqual([docLeaves[0]]);
    expect(hex(tree.root())).toBe(docLeaves[0]);
    tree.push(buf(docLeaves[1]));
    expect(tree.size).toBe(2);
    expect(tree.frontier).toEqual([docNode12]);
    expect(hex(tree.root())).toBe(docNode12);
    tree.push(buf(docLeaves[2]));
    expect(tree.size).toBe(3);
    // "The frontier after row 3 is [node, leaf 3] (3 = 2 + 1)."
    expect(tree.frontier).toEqual([docNode12, docLeaves[2]]);
    expect(hex(tree.root())).toBe(docRoot);
    expect(tree.subtreeRanges.map((r) => ({ ...r, hash: hex(r.hash) }))).toEqual([
      { start: 0, size: 2, hash: docNode12 },
      { start: 2, size: 1, hash: docLeaves[2] },
    ]);
  });

  it("gives the example proofs file's paths, and each leads from its leaf to the documented root", () => {
    const leaves = docLeaves.map(buf);
    for (const seq of [1, 2, 3]) {
      const path = inclusionPath(seq - 1, 3, (a, b) => treeHash(leaves, a, b));
      expect(path.map(hex)).toEqual(docPaths[seq]);
      expect(hex(rootFromInclusionPath(seq - 1, 3, leaves[seq - 1], docPaths[seq].map(buf)))).toBe(docRoot);
    }
    // Row 2's path with row 1's leaf, or row 1's index, does not lead to the root.
    expect(hex(rootFromInclusionPath(1, 3, leaves[0], docPaths[2].map(buf)))).not.toBe(docRoot);
    expect(hex(rootFromInclusionPath(0, 3, leaves[1], docPaths[2].map(buf)))).not.toBe(docRoot);
  });

  it("resumes from the documented frontier after row 3 and continues the tree", () => {
    const resumed = MerkleFrontier.resume(3, [docNode12, docLeaves[2]]);
    expect(resumed.size).toBe(3);
    expect(hex(resumed.root())).toBe(docRoot);
    expect(resumed.frontier).toEqual([docNode12, docLeaves[2]]);
    const fourth = leaf(sha(Buffer.from("row 4")));
    resumed.push(fourth);
    expect(resumed.size).toBe(4);
    const node34 = node(buf(docLeaves[2]), fourth);
    const root4 = node(buf(docNode12), node34);
    expect(resumed.frontier).toEqual([hex(root4)]);
    expect(hex(resumed.root())).toBe(hex(root4));
  });
});

describe("leaf hashes refuse anything but 64 lowercase hex digits", () => {
  it.each([
    ["63 digits", rowHashes[0].slice(1)],
    ["65 digits", `${rowHashes[0]}0`],
    ["upper case", rowHashes[0].toUpperCase()],
    ["a non-hex letter", `g${rowHashes[0].slice(1)}`],
    ["a prefix", `x${rowHashes[0]}`],
    ["a suffix", `${rowHashes[0]}x`],
    ["a line break at the end", `${rowHashes[0]}\n`],
    ["nothing", ""],
  ])("refuses %s", (_, text) => {
    expect(() => leafHash(text)).toThrow(new Error(`not a row hash: ${text}`));
  });

  it.each([
    ["only zeros", "0".repeat(64)],
    ["only nines", "9".repeat(64)],
    ["only a", "a".repeat(64)],
    ["only f", "f".repeat(64)],
  ])("accepts %s", (_, text) => {
    expect(hex(leafHash(text))).toBe(hex(leaf(buf(text))));
  });
});

describe("tree shape (RFC 9162 §2.1)", () => {
  it("splits at the largest power of two strictly below n", () => {
    expect([2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 33].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 4, 4, 8, 8, 16, 32]);
  });

  it("has one frontier subtree per set bit of the size, largest first", () => {
    expect(frontierSizes(0)).toEqual([]);
    expect(frontierSizes(1)).toEqual([1]);
    expect(frontierSizes(2)).toEqual([2]);
    expect(frontierSizes(3)).toEqual([2, 1]);
    expect(frontierSizes(13)).toEqual([8, 4, 1]);
    expect(frontierSizes(2 ** 30)).toEqual([2 ** 30]);
    const all = frontierSizes(2 ** 31 - 1);
    expect(all).toHaveLength(31);
    expect(all[0]).toBe(2 ** 30);
    expect(all[30]).toBe(1);
  });

  it("refuses sizes of 2^31 leaves and more", () => {
    const message = "tree sizes beyond 2^31 leaves are not supported";
    expect(() => frontierSizes(2 ** 31)).toThrow(new Error(message));
    expect(() => frontierSizes(2 ** 31 + 1)).toThrow(new Error(message));
  });

  it("folds frontiers from the right", () => {
    const [a, b, c, d] = bigLeaves(4);
    expect(hex(foldFrontier([]))).toBe(hex(sha()));
    expect(hex(foldFrontier([a]))).toBe(hex(a));
    expect(hex(foldFrontier([a, b]))).toBe(hex(node(a, b)));
    expect(hex(foldFrontier([a, b, c]))).toBe(hex(node(a, node(b, c))));
    expect(hex(foldFrontier([a, b, c, d]))).toBe(hex(node(a, node(b, node(c, d)))));
  });

  it("hashes a range of leaves, and the empty range is SHA-256 of nothing", () => {
    const [a, b, c, d, e] = bigLeaves(5);
    const leaves = [a, b, c, d, e];
    expect(hex(emptyRoot)).toBe(hex(sha()));
    expect(hex(treeHash([]))).toBe(hex(sha()));
    expect(hex(treeHash(leaves, 2, 2))).toBe(hex(sha()));
    expect(hex(treeHash(leaves, 3, 4))).toBe(hex(d));
    expect(hex(treeHash(leaves, 1, 4))).toBe(hex(node(node(b, c), d)));
    expect(hex(treeHash(leaves, 1))).toBe(hex(node(node(b, c), node(d, e))));
    expect(hex(treeHash(leaves))).toBe(hex(node(node(node(a, b), node(c, d)), e)));
  });

  it("builds a tree of 11 leaves row by row with the frontier the set bits of each size give", () => {
    const leaves = bigLeaves(11);
    const [l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10] = leaves;
    const n01 = node(l0, l1);
    const n23 = node(l2, l3);
    const n45 = node(l4, l5);
    const n67 = node(l6, l7);
    const n0_3 = node(n01, n23);
    const n4_7 = node(n45, n67);
    const n0_7 = node(n0_3, n4_7);
    const n89 = node(l8, l9);
    const tree = MerkleFrontier.empty();
    leaves.forEach((l) => tree.push(l));
    expect(tree.size).toBe(11);
    expect(tree.frontier).toEqual([n0_7, n89, l10].map(hex));
    expect(hex(tree.root())).toBe(hex(node(n0_7, node(n89, l10))));
    expect(tree.subtreeRanges.map((r) => [r.start, r.size, hex(r.hash)])).toEqual([
      [0, 8, hex(n0_7)],
      [8, 2, hex(n89)],
      [10, 1, hex(l10)],
    ]);
    // The path of leaf 9 (index 9 of 11): its sibling 8, then leaf 10, then the left 8.
    const path = inclusionPath(9, 11, (a, b) => treeHash(leaves, a, b));
    expect(path.map(hex)).toEqual([l8, l10, n0_7].map(hex));
    expect(hex(rootFromInclusionPath(9, 11, l9, path))).toBe(hex(tree.root()));
    // Leaf 10, alone on the right edge: first its left neighbour pair, then the left 8.
    const path10 = inclusionPath(10, 11, (a, b) => treeHash(leaves, a, b));
    expect(path10.map(hex)).toEqual([n89, n0_7].map(hex));
    expect(hex(rootFromInclusionPath(10, 11, l10, path10))).toBe(hex(tree.root()));
    // Leaf 5: 4, then 6–7, then 0–3, then 8–10.
    const path5 = inclusionPath(5, 11, (a, b) => treeHash(leaves, a, b));
    expect(path5.map(hex)).toEqual([l4, n67, n0_3, node(n89, l10)].map(hex));
    expect(hex(rootFromInclusionPath(5, 11, l5, path5))).toBe(hex(tree.root()));
  });
});

describe("resuming a tree from a stored frontier", () => {
  const [a, b, c] = bigLeaves(3).map(hex) as string[];

  it("accepts the empty tree and a frontier of the right length", () => {
    expect(MerkleFrontier.resume(0, []).size).toBe(0);
    expect(hex(MerkleFrontier.resume(0, []).root())).toBe(hex(sha()));
    expect(MerkleFrontier.resume(5, [a, b]).frontier).toEqual([a, b]);
    expect(MerkleFrontier.resume(7, [a, b, c]).size).toBe(7);
  });

  it.each([
    ["a negative size", -1],
    ["a fractional size", 2.5],
    ["an unsafe integer", 2 ** 53],
    ["not a number", Number.NaN],
  ])("refuses %s", (_, size) => {
    expect(() => MerkleFrontier.resume(size, [])).toThrow(new Error("a tree size is a non-negative integer"));
  });

  it("refuses a frontier with too many or too few hashes, saying how many it needs", () => {
    expect(() => MerkleFrontier.resume(5, [a])).toThrow(new Error("a tree of 5 leaves has 2 frontier hashes, not 1"));
    expect(() => MerkleFrontier.resume(4, [a, b])).toThrow(
      new Error("a tree of 4 leaves has 1 frontier hashes, not 2"),
    );
  });

  it.each([
    ["upper case", a.toUpperCase()],
    ["63 digits", a.slice(1)],
    ["65 digits", `${a}0`],
    ["a prefix", `x${a}`],
    ["a suffix", `${a}x`],
  ])("refuses a frontier hash in %s", (_, h) => {
    expect(() => MerkleFrontier.resume(1, [h])).toThrow(new Error("a frontier hash is 64 hex digits"));
  });
});

describe("audit paths (RFC 9162 §2.1.3)", () => {
  const leaves = docLeaves.map(buf);
  const subtree = (a: number, b: number) => treeHash(leaves, a, b);

  it("is empty for the only leaf of a one-leaf tree, whose root is the leaf", () => {
    expect(inclusionPath(0, 1, subtree)).toEqual([]);
    expect(hex(rootFromInclusionPath(0, 1, leaves[0], []))).toBe(docLeaves[0]);
  });

  it("refuses an index outside the tree", () => {
    expect(() => inclusionPath(3, 3, subtree)).toThrow(new Error("leaf 3 is not in a tree of 3 leaves"));
    expect(() => inclusionPath(-1, 3, subtree)).toThrow(new Error("leaf -1 is not in a tree of 3 leaves"));
    expect(() => inclusionPath(0, 0, subtree)).toThrow(new Error("leaf 0 is not in a tree of 0 leaves"));
  });

  it("leads nowhere from an index or size that is not a whole leaf of the tree", () => {
    const path = docPaths[1].map(buf);
    expect(rootFromInclusionPath(0.5, 3, leaves[0], path)).toBeNull();
    expect(rootFromInclusionPath(0, 3.5, leaves[0], path)).toBeNull();
    expect(rootFromInclusionPath(-1, 3, leaves[0], path)).toBeNull();
    // Index 3 of a tree of 3 (seq 4 against a checkpoint of seq 3), with a path of the right length.
    expect(rootFromInclusionPath(3, 3, leaves[2], path)).toBeNull();
    expect(rootFromInclusionPath(2 ** 53, 2 ** 53 + 2, leaves[0], path)).toBeNull();
  });

  it("leads nowhere with a path too long or too short", () => {
    // One leaf: any path is too long.
    expect(rootFromInclusionPath(0, 1, leaves[0], [leaves[1]])).toBeNull();
    // Row 3 of 3 needs exactly one hash.
    expect(rootFromInclusionPath(2, 3, leaves[2], [])).toBeNull();
    expect(rootFromInclusionPath(2, 3, leaves[2], [buf(docNode12), leaves[0]])).toBeNull();
    // Row 1 of 3 needs exactly two.
    expect(rootFromInclusionPath(0, 3, leaves[0], [leaves[1]])).toBeNull();
  });

  it("computes every root in trees of 1 to 20 leaves as the RFC's recursive definition does", () => {
    const mth = (d: Buffer[]): Buffer => {
      if (d.length === 1) return d[0];
      let k = 1;
      for (const n of [1, 2, 4, 8, 16]) if (n < d.length) k = n;
      return node(mth(d.slice(0, k)), mth(d.slice(k)));
    };
    const pathOf = (m: number, d: Buffer[]): Buffer[] => {
      if (d.length === 1) return [];
      let k = 1;
      for (const n of [1, 2, 4, 8, 16]) if (n < d.length) k = n;
      return m < k
        ? [...pathOf(m, d.slice(0, k)), mth(d.slice(k))]
        : [...pathOf(m - k, d.slice(k)), mth(d.slice(0, k))];
    };
    const all = bigLeaves(20);
    for (let n = 1; n <= 20; n++) {
      const d = all.slice(0, n);
      const expected = hex(mth(d));
      const tree = MerkleFrontier.empty();
      d.forEach((l) => tree.push(l));
      expect(hex(tree.root())).toBe(expected);
      expect(hex(treeHash(d))).toBe(expected);
      for (let m = 0; m < n; m++) {
        const p = inclusionPath(m, n, (a, b) => treeHash(d, a, b));
        expect(p.map(hex)).toEqual(pathOf(m, d).map(hex));
        expect(hex(rootFromInclusionPath(m, n, d[m], p))).toBe(expected);
        if (n > 1) expect(rootFromInclusionPath(m, n, d[m], p.slice(0, -1))).toBeNull();
        expect(rootFromInclusionPath(m, n, d[m], [...p, d[0]])).toBeNull();
      }
    }
  });
});
