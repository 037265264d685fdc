import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { genesisHash, rowHash, type ChainRow } from "@/server/audit/canonical";
import { signManifest } from "@/server/audit/manifestSignature";
import { keyIdOf, type SigningKey } from "@/server/audit/signingKey";
import { fileSha256, verifyExport, type ExportManifest } from "@/server/audit/verifyExport";

/**
 * The offline verifier (npm run audit:verify) on exports written here by hand, no database: a
 * five-row chain, then the same rows duplicated, reordered, cut at either end, or with a manifest
 * that disagrees. Each verdict and problem is written out as docs/audit-format.md §6 words it.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-export-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pair = crypto.generateKeyPairSync("ed25519");
const key: SigningKey = { ...pair, keyId: keyIdOf(pair.publicKey) };
const trusted = [{ publicKey: key.publicKey, keyId: key.keyId }];

/** seq 1..n, each linked to the one before from the genesis hash. */
function chain(n: number, start = genesisHash): ChainRow[] {
  const rows: ChainRow[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const row = {
      seq,
      id: `00000000-0000-4000-8000-00000000000${seq}`,
      user_id: null,
      staff_id: null,
      action_type: `action-${seq}`,
      regulatory_framework: "gdpr",
      timestamp: `2026-03-0${seq}T10:00:00.000000Z`,
      metadata: {},
      prev_hash: rows.at(-1)?.hash ?? start,
    };
    rows.push({ ...row, hash: rowHash(row) });
  }
  return rows;
}
const five = chain(5);
const head = { seq: 5, hash: five[4].hash };

let files = 0;
/** Writes the lines, and a signed manifest describing them truthfully unless `overrides` says otherwise. */
async function check(
  lines: string[],
  manifest: Partial<ExportManifest> = {},
  options: { proofs?: string } = {},
): ReturnType<typeof verifyExport> {
  const file = path.join(dir, `export-${++files}`);
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(""));
  const { sha256, bytes } = await fileSha256(file);
  const seqs = lines.flatMap((l) => {
    try {
      return [(JSON.parse(l) as { seq: number }).seq];
    } catch {
      return [];
    }
  });
  const base: Omit<ExportManifest, "signature"> = {
    exportId: `export-${files}`,
    source: "compliance_logs",
    format: "jsonl",
    fileName: path.basename(file),
    filters: { fields: [], valuesHmac: null },
    filtered: false,
    rowCount: lines.length,
    firstSeq: seqs[0] ?? null,
    lastSeq: seqs.at(-1) ?? null,
    chainHead: head,
    sha256,
    bytes,
    exportedAt: "2026-03-06T10:00:00.000Z",
    exportedBy: { staffId: "s", email: "", name: "", role: "compliance_officer" },
    ...manifest,
  };
  return verifyExport(file, signManifest(base, key), trusted, options);
}
const jsonl = (rows: ChainRow[]) => rows.map((r) => JSON.stringify(r));
const [r1, r2, r3, r4, r5] = jsonl(five);

describe("verifying a compliance_logs export offline", () => {
  it("accepts the whole chain and says what it checked", async () => {
    expect(await check([r1, r2, r3, r4, r5])).toMatchObject({
      ok: true,
      problems: [],
      rows: 5,
      linksChecked: 4,
      gaps: 0,
      segments: 1,
      timeRange: { from: "2026-03-01T10:00:00.000000Z", to: "2026-03-05T10:00:00.000000Z" },
      membership: null,
    });
  });

  it("accepts a filtered export's gaps, counting them and the segments", async () => {
    expect(await check([r1, r2, r4, r5], { filtered: true })).toMatchObject({
      ok: true,
      problems: [],
      rows: 4,
      linksChecked: 2,
      gaps: 1,
      segments: 2,
    });
  });

  const refused: [string, string[], Partial<ExportManifest>, string[]][] = [
    ["a missing middle row", [r1, r2, r4, r5], {}, ["seq 3–3: missing from an unfiltered export"]],
    ["a duplicated row", [r1, r2, r3, r3, r4, r5], {}, ["seq 3: out of order after 3"]],
    [
      "two rows swapped",
      [r1, r2, r4, r3, r5],
      {},
      [
        "seq 3–3: missing from an unfiltered export",
        "seq 3: out of order after 4",
        "seq 4–4: missing from an unfiltered export",
      ],
    ],
    ["the first row cut", [r2, r3, r4, r5], {}, ["an unfiltered export starts at seq 2, not at seq 1"]],
    ["the last row cut", [r1, r2, r3, r4], {}, ["an unfiltered export ends at seq 4, not at the chain head 5"]],
    ["nothing, below a head of 5", [], {}, ["an unfiltered export ends at seq 0, not at the chain head 5"]],
    [
      "a head that is not the last row",
      [r1, r2, r3, r4, r5],
      { chainHead: { seq: 5, hash: five[3].hash } },
      ["the last row (seq 5) is not the chain head recorded at export time"],
    ],
    ["a wrong row count", [r1, r2, r3, r4, r5], { rowCount: 6 }, ["5 rows, the manifest says 6"]],
    [
      "wrong first and last seq",
      [r1, r2, r3, r4, r5],
      { firstSeq: 2, lastSeq: 4 },
      ["first seq 1, the manifest says 2", "last seq 5, the manifest says 4"],
    ],
    [
      "a chain not starting from the genesis hash",
      jsonl(chain(5, "f".repeat(64))),
      { chainHead: { seq: 5, hash: chain(5, "f".repeat(64))[4].hash } },
      ["seq 1: does not start from the genesis hash"],
    ],
    [
      "a row whose link was changed and re-hashed",
      [
        r1,
        JSON.stringify({
          ...five[1],
          prev_hash: "e".repeat(64),
          hash: rowHash({ ...five[1], prev_hash: "e".repeat(64) }),
        }),
        r3,
        r4,
        r5,
      ],
      {},
      ["seq 2: does not link to seq 1", "seq 3: does not link to seq 2"],
    ],
  ];
  it.each(refused)("refuses %s", async (_, lines, manifest, problems) => {
    const result = await check(lines, manifest);
    expect(result.problems).toEqual(problems);
    expect(result.ok).toBe(false);
  });

  it("refuses a row changed in place, an unsigned manifest and a file that is not the one described", async () => {
    const changed = JSON.stringify({ ...five[2], action_type: "innocent" });
    expect((await check([r1, r2, changed, r4, r5])).problems).toEqual(["seq 3: content does not match its hash"]);

    const file = path.join(dir, "described");
    fs.writeFileSync(file, `${r1}\n`);
    const { sha256, bytes } = await fileSha256(file);
    const manifest: ExportManifest = {
      exportId: "e",
      source: "compliance_logs",
      format: "jsonl",
      fileName: "described",
      filters: { fields: [], valuesHmac: null },
      filtered: true,
      rowCount: 1,
      firstSeq: 1,
      lastSeq: 1,
      chainHead: head,
      sha256,
      bytes,
      exportedAt: "2026-03-06T10:00:00.000Z",
      exportedBy: { staffId: "s", email: "", name: "", role: "compliance_officer" },
    };
    expect((await verifyExport(file, signManifest(manifest, key), trusted)).problems).toEqual([]);
    expect((await verifyExport(file, manifest, trusted)).problems).toEqual([
      "the manifest is not signed, so it could have been rewritten",
    ]);
    fs.writeFileSync(file, `${r1}\n\n`);
    const other = await fileSha256(file);
    expect((await verifyExport(file, signManifest(manifest, key), trusted)).problems).toEqual([
      `file SHA-256 ${other.sha256} differs from the manifest's ${sha256}`,
    ]);
  });

  it("skips blank lines", async () => {
    expect(await check([r1, "", r2, r3, "", r4, r5], { rowCount: 5 })).toMatchObject({ ok: true, rows: 5 });
  });

  it("accepts an empty unfiltered export of an empty chain, and an empty filtered one", async () => {
    expect(await check([], { chainHead: { seq: 0, hash: genesisHash } })).toMatchObject({
      ok: true,
      rows: 0,
      segments: 0,
      timeRange: null,
    });
    expect((await check([], { filtered: true })).ok).toBe(true);
  });

  it("names a line that is not an export row, counting it", async () => {
    const result = await check([r1, r2, "{ not json", r4, r5], { filtered: true, rowCount: 5 });
    expect(result.ok).toBe(false);
    expect(result.rows).toBe(5);
    expect(result.problems).toEqual([expect.stringMatching(/^row 3: not a valid export row \(.+\)$/)]);
  });

  it("counts the file's bytes and hashes them", async () => {
    const file = path.join(dir, "bytes");
    fs.writeFileSync(file, "abc\n");
    expect(await fileSha256(file)).toEqual({
      sha256: "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb",
      bytes: 4,
    });
  });
});

describe("verifying other exports", () => {
  it("counts CSV records, not lines (a quoted field may span lines), and checks no chain", async () => {
    const csv = ["seq,note", '1,"two\nlines"', '2,"a ""quoted"" word"', "3,plain"];
    const result = await check(csv, { format: "csv", rowCount: 3, firstSeq: null, lastSeq: null });
    expect(result).toMatchObject({ ok: true, rows: 3, linksChecked: 0, segments: 0, timeRange: null });
    expect((await check(csv, { format: "csv", rowCount: 4 })).problems).toEqual(["3 rows, the manifest says 4"]);
  });

  it("counts consent_logs JSON Lines rows without reading them as a chain", async () => {
    const lines = ['{"id":"a","granted":true}', '{"id":"b","granted":false}'];
    const result = await check(lines, { source: "consent_logs", firstSeq: null, lastSeq: null });
    expect(result).toMatchObject({ ok: true, rows: 2, linksChecked: 0, segments: 0, problems: [] });
  });

  it("checks membership proofs only for compliance_logs JSON Lines", async () => {
    const proofs = path.join(dir, "proofs.jsonl");
    fs.writeFileSync(proofs, "");
    const result = await check(["seq", "1"], { format: "csv", rowCount: 1 }, { proofs });
    expect(result.problems).toEqual(["membership proofs are checked for compliance_logs JSON Lines exports only"]);
    expect(result.membership).toBeNull();
  });
});
