import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { chainHead } from "../../server/audit/chain";
import type { SignedCheckpoint } from "../../server/audit/checkpoint";
import { describeDivergence, verifyCheckpoints, type Divergence } from "../../server/audit/verifyCheckpoints";
import { useFreshDatabase } from "../support/database";

/**
 * Issue #13 §5 (mutation testing): checking the database against signed checkpoints
 * (server/audit/verifyCheckpoints.ts; docs/audit-format.md §7, "checked against the live database
 * by npm run audit:verify-db"). A ten-row chain; checkpoint files written here line by line, each
 * checkpoint signed by hand over §7's version 1 text, so every expected verdict is stated here.
 */
const database = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-audit-mutants-checkpoints-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pair = crypto.generateKeyPairSync("ed25519");
const raw = pair.publicKey.export({ format: "der", type: "spki" }).subarray(12);
const keyId = crypto.createHash("sha256").update(raw).digest("hex").slice(0, 16);
const trusted = [{ publicKey: pair.publicKey, keyId }];

let hashes: string[] = [];
/** A version 1 checkpoint as §7 specifies it: "row seq had hash hash", signed at `at`. */
const signed = (seq: number, hash = hashes[seq - 1], at = "2026-03-01T12:00:00.000Z"): SignedCheckpoint => {
  const text = `saltbitter-audit-checkpoint v1\nseq=${seq}\nhash=${hash}\nat=${at}`;
  return {
    v: 1,
    seq,
    hash,
    at,
    key: keyId,
    sig: crypto.sign(null, Buffer.from(text), pair.privateKey).toString("base64"),
  };
};
let files = 0;
const file = (lines: (SignedCheckpoint | string)[]) => {
  const name = path.join(dir, `checkpoints-${++files}.jsonl`);
  fs.writeFileSync(name, lines.map((l) => `${typeof l === "string" ? l : JSON.stringify(l)}\n`).join(""));
  return name;
};
const verify = (lines: (SignedCheckpoint | string)[]) => verifyCheckpoints(database(), file(lines), trusted);
const other = "f".repeat(64);

beforeAll(async () => {
  await database().rows(sql`
    INSERT INTO compliance_logs (action_type, metadata, regulatory_framework)
    SELECT 'verify_checkpoints_' || g, jsonb_build_object('n', g), 'gdpr' FROM generate_series(1, 10) g`);
  expect((await chainHead(database())).seq).toBe(10);
  hashes = (
    await database().rows<{ hash: string }>(sql`SELECT hash FROM compliance_logs WHERE seq > 0 ORDER BY seq`)
  ).map((r) => r.hash);
});

describe("checking the database against signed checkpoints", () => {
  it("accepts checkpoints the database still matches, naming the latest", async () => {
    const lines = [signed(2), signed(4), signed(6), signed(10)];
    expect(await verify(lines)).toEqual({
      ok: true,
      refused: [],
      checkpoints: 4,
      latest: lines[3],
      lastIntactSeq: 10,
      divergence: null,
    });
  });

  it("accepts an empty file and a missing one, with nothing intact", async () => {
    const empty = { ok: true, refused: [], checkpoints: 0, latest: null, lastIntactSeq: 0, divergence: null };
    expect(await verify([])).toEqual(empty);
    expect(await verifyCheckpoints(database(), path.join(dir, "absent.jsonl"), trusted)).toEqual(empty);
  });

  it("takes the highest seq as latest whatever the line order, and the last line among equals", async () => {
    const later = signed(10, hashes[9], "2026-03-02T12:00:00.000Z");
    const result = await verify([signed(10), signed(4), later, signed(6)]);
    expect(result.latest).toEqual(later);
    expect(result.checkpoints).toBe(4);
    expect(result.ok).toBe(true);
  });

  it("refuses lines it cannot trust, with their line numbers, skipping blank ones", async () => {
    const edited = { ...signed(4), hash: other };
    const result = await verify([signed(2), "", edited, "{oops", signed(6)]);
    expect(result.refused).toEqual([
      { line: 3, reason: "bad signature" },
      { line: 4, reason: "not valid JSON" },
    ]);
    expect(result.checkpoints).toBe(2);
    expect(result.divergence).toBeNull();
    expect(result.ok).toBe(false);
  });

  it("finds the first checkpoint the database no longer matches, and the last intact one below it", async () => {
    const result = await verify([signed(2), signed(4), signed(8, other), signed(6, other), signed(10)]);
    expect(result.ok).toBe(false);
    expect(result.lastIntactSeq).toBe(4);
    expect(result.divergence).toEqual({
      kind: "rewritten",
      fromSeq: 5,
      toSeq: 6,
      checkpoint: signed(6, other),
      databaseHash: hashes[5],
      databaseLastSeq: 10,
    });
  });

  it("takes the first line of a broken seq, and never counts a seq both intact and broken as intact", async () => {
    const later = signed(6, other, "2026-03-02T12:00:00.000Z");
    const result = await verify([signed(2), signed(6), signed(6, other), later, signed(8)]);
    expect(result.lastIntactSeq).toBe(2);
    expect(result.divergence).toMatchObject({ kind: "rewritten", fromSeq: 3, toSeq: 6, checkpoint: signed(6, other) });
  });

  it("locates a rewrite of the first row exactly when row 1 is checkpointed", async () => {
    const result = await verify([signed(1, other), signed(2)]);
    expect(result.lastIntactSeq).toBe(0);
    expect(result.divergence).toMatchObject({ kind: "rewritten", fromSeq: 1, toSeq: 1, databaseHash: hashes[0] });
  });

  it("says rows were removed from the end when a checkpoint is beyond the database's last row", async () => {
    const result = await verify([signed(4), signed(12, other), signed(9)]);
    expect(result.lastIntactSeq).toBe(9);
    expect(result.divergence).toEqual({
      kind: "truncated",
      fromSeq: 11,
      toSeq: 12,
      checkpoint: signed(12, other),
      databaseHash: null,
      databaseLastSeq: 10,
    });
    // With the last intact checkpoint far below the database's end, the removal starts after the end.
    const far = await verify([signed(3), signed(15, other)]);
    expect(far.divergence).toMatchObject({ kind: "truncated", fromSeq: 11, toSeq: 15, databaseLastSeq: 10 });
  });
});

describe("describing a divergence", () => {
  const checkpoint = {
    v: 1,
    seq: 9,
    hash: "ab".repeat(32),
    at: "2026-03-01T12:00:00.000Z",
    key: keyId,
    sig: "s",
  } as const;
  const divergence = (d: Partial<Divergence>): Divergence => ({
    kind: "rewritten",
    fromSeq: 9,
    toSeq: 9,
    checkpoint,
    databaseHash: "cd".repeat(32),
    databaseLastSeq: 20,
    ...d,
  });

  it("names the row when the rewrite is located exactly", () => {
    expect(describeDivergence(divergence({}))).toBe(
      `history rewritten from seq 9: the checkpoint signed at 2026-03-01T12:00:00.000Z for seq 9 says hash ${"ab".repeat(32)}, the database has ${"cd".repeat(32)}`,
    );
  });

  it("names the range between checkpoints otherwise, and a missing row as missing", () => {
    expect(describeDivergence(divergence({ fromSeq: 6, databaseHash: null }))).toBe(
      `history rewritten from a seq between 6 and 9 (checkpoints are that far apart; rows before 6 match theirs): ` +
        `the checkpoint signed at 2026-03-01T12:00:00.000Z for seq 9 says hash ${"ab".repeat(32)}, the row is missing`,
    );
  });

  it("says where a truncated chain ends", () => {
    expect(
      describeDivergence(divergence({ kind: "truncated", fromSeq: 8, databaseLastSeq: 7, databaseHash: null })),
    ).toBe(
      "rows removed from seq 8 on: the database's chain ends at seq 7, but the checkpoint signed at " +
        "2026-03-01T12:00:00.000Z for seq 9 records a longer history",
    );
  });
});

describe("a row removed from the middle (last: it changes the chain)", () => {
  it("is a rewrite where the row is missing, not a truncation", async () => {
    await database().exec(`
      ALTER TABLE compliance_logs DISABLE TRIGGER trg_compliance_logs_append_only;
      DELETE FROM compliance_logs WHERE seq = 5;
      ALTER TABLE compliance_logs ENABLE TRIGGER trg_compliance_logs_append_only;`);
    const result = await verify([signed(4), signed(5), signed(10)]);
    expect(result.divergence).toEqual({
      kind: "rewritten",
      fromSeq: 5,
      toSeq: 5,
      checkpoint: signed(5),
      databaseHash: null,
      databaseLastSeq: 10,
    });
    expect(result.lastIntactSeq).toBe(4);
  });
});
