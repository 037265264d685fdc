import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Issue #13 §5 (mutation testing): where and how often checkpoints are written, and with which key
 * (server/audit/checkpointConfig.ts; docs/audit-format.md §7 "The key", docs/security-database.md).
 * The module is loaded afresh for each environment (db/config.ts reads DATABASE_URL and
 * PGLITE_DATA_DIR when it is imported); the embedded engine's data dir is a temporary directory.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-audit-mutants-config-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// docs/audit-format.md §7: the example seed, its public key and key id.
const seed = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const publicKey = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
const keyId = "56475aa75463474c";
// Another key, given as a verify key only.
const otherRaw = crypto
  .createPublicKey(crypto.generateKeyPairSync("ed25519").privateKey)
  .export({ format: "der", type: "spki" })
  .subarray(12);
const otherId = crypto.createHash("sha256").update(otherRaw).digest("hex").slice(0, 16);

const variables = [
  "DATABASE_URL",
  "PGLITE_DATA_DIR",
  "AUDIT_CHECKPOINT_ROWS",
  "AUDIT_CHECKPOINT_MINUTES",
  "AUDIT_CHECKPOINT_FILE",
  "AUDIT_SIGNING_KEY",
  "AUDIT_SIGNING_KEY_FILE",
  "AUDIT_VERIFY_KEY",
];
let cases = 0;
let dataDir = "";
beforeEach(() => {
  dataDir = path.join(dir, `case-${++cases}`, "pglite");
  for (const name of variables) vi.stubEnv(name, undefined);
  vi.stubEnv("PGLITE_DATA_DIR", dataDir);
});
afterEach(() => vi.unstubAllEnvs());

async function settings(env: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  const { checkpointSettings } = await import("@/server/audit/checkpointConfig");
  return checkpointSettings();
}

describe("checkpoint settings", () => {
  it("defaults to every 100 rows and 5 minutes, beside the embedded data dir, with a key file made there", async () => {
    const s = await settings();
    expect(s.everyRows).toBe(100);
    expect(s.everyMinutes).toBe(5);
    expect(s.file).toBe(`${dataDir}-audit-checkpoints.jsonl`);
    const keyFile = `${dataDir}-audit-signing-key.pem`;
    expect(fs.readFileSync(keyFile, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(s.signingKey).not.toBeNull();
    expect(s.trustedKeys).toEqual([s.signingKey]);
    // The same key file next time.
    expect((await settings()).signingKey!.keyId).toBe(s.signingKey!.keyId);
  });

  it("on PostgreSQL writes beside ./.data and has no key unless one is configured", async () => {
    const s = await settings({ DATABASE_URL: "postgres://nobody@localhost:1/none" });
    expect(s.file).toBe(path.resolve(".data", "audit-checkpoints.jsonl"));
    expect(s.signingKey).toBeNull();
    expect(s.trustedKeys).toEqual([]);
    expect(fs.existsSync(`${dataDir}-audit-signing-key.pem`)).toBe(false);
    const verifying = await settings({
      DATABASE_URL: "postgres://nobody@localhost:1/none",
      AUDIT_VERIFY_KEY: publicKey,
    });
    expect(verifying.signingKey).toBeNull();
    expect(verifying.trustedKeys.map((k) => k.keyId)).toEqual([keyId]);
  });

  it("takes the key from AUDIT_SIGNING_KEY before a key file, and trusts AUDIT_VERIFY_KEY besides", async () => {
    const keyFile = path.join(dir, `case-${cases}`, "never.pem");
    const s = await settings({
      AUDIT_SIGNING_KEY: seed,
      AUDIT_SIGNING_KEY_FILE: keyFile,
      AUDIT_VERIFY_KEY: otherRaw.toString("base64"),
    });
    expect(s.signingKey!.keyId).toBe(keyId);
    expect(s.trustedKeys.map((k) => k.keyId)).toEqual([keyId, otherId]);
    expect(fs.existsSync(keyFile)).toBe(false);
    expect(fs.existsSync(`${dataDir}-audit-signing-key.pem`)).toBe(false);
  });

  it("creates and reads AUDIT_SIGNING_KEY_FILE, even on PostgreSQL", async () => {
    const keyFile = path.join(dir, `case-${cases}`, "keys", "audit.pem");
    const s = await settings({ AUDIT_SIGNING_KEY_FILE: keyFile, DATABASE_URL: "postgres://nobody@localhost:1/none" });
    expect(fs.existsSync(keyFile)).toBe(true);
    expect(s.signingKey).not.toBeNull();
    expect(fs.existsSync(`${dataDir}-audit-signing-key.pem`)).toBe(false);
  });

  it("names a key it cannot read", async () => {
    await expect(settings({ AUDIT_SIGNING_KEY: "not a key" })).rejects.toThrow(
      new Error("AUDIT_SIGNING_KEY is neither a PKCS#8 PEM nor the base64 of a 32-byte Ed25519 seed"),
    );
    await expect(settings({ AUDIT_SIGNING_KEY: seed, AUDIT_VERIFY_KEY: "short" })).rejects.toThrow(
      new Error("AUDIT_VERIFY_KEY is neither an SPKI PEM nor the base64 of a raw 32-byte Ed25519 public key"),
    );
  });

  it("reads the file, the rows and the minutes from the environment", async () => {
    const s = await settings({
      AUDIT_SIGNING_KEY: seed,
      AUDIT_CHECKPOINT_ROWS: "250",
      AUDIT_CHECKPOINT_MINUTES: "0.5",
      AUDIT_CHECKPOINT_FILE: "some/where.jsonl",
    });
    expect(s).toMatchObject({ everyRows: 250, everyMinutes: 0.5, file: path.resolve("some/where.jsonl") });
    const empty = await settings({
      AUDIT_SIGNING_KEY: seed,
      AUDIT_CHECKPOINT_ROWS: "",
      AUDIT_CHECKPOINT_MINUTES: "",
      AUDIT_CHECKPOINT_FILE: "",
    });
    expect(empty).toMatchObject({ everyRows: 100, everyMinutes: 5, file: `${dataDir}-audit-checkpoints.jsonl` });
  });

  it.each(["250.9", "0.5"])(
    "refuses AUDIT_CHECKPOINT_ROWS=%s: a fraction of a row would mean no checkpoints",
    async (value) => {
      await expect(settings({ AUDIT_SIGNING_KEY: seed, AUDIT_CHECKPOINT_ROWS: value })).rejects.toThrow(
        new Error(`AUDIT_CHECKPOINT_ROWS=${value}: expected a whole number of rows`),
      );
    },
  );

  it.each([
    ["AUDIT_CHECKPOINT_ROWS", "0"],
    ["AUDIT_CHECKPOINT_ROWS", "-5"],
    ["AUDIT_CHECKPOINT_ROWS", "ten"],
    ["AUDIT_CHECKPOINT_ROWS", "Infinity"],
    ["AUDIT_CHECKPOINT_MINUTES", "0"],
    ["AUDIT_CHECKPOINT_MINUTES", "-1"],
    ["AUDIT_CHECKPOINT_MINUTES", "soon"],
  ])("refuses %s=%s", async (name, value) => {
    await expect(settings({ AUDIT_SIGNING_KEY: seed, [name]: value })).rejects.toThrow(
      new Error(`${name}=${value}: expected a positive number`),
    );
  });
});
