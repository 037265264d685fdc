import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { SigningKey, VerifyKey } from "./signingKey";

/**
 * A signed audit checkpoint: "row `seq` of compliance_logs had hash `hash` at time `at`", signed
 * with an Ed25519 key the database never sees. One JSON object per line of the checkpoint file:
 *   {"v":1,"seq":1200,"hash":"<64 hex>","at":"2026-01-31T12:00:00.000Z","key":"<key id>","sig":"<base64>"}
 * The signature covers the text `saltbitter-audit-checkpoint v1\nseq=…\nhash=…\nat=…` (not the
 * JSON, whose spacing is free). No `server-only`: the audit:verify-db CLI uses it.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
}

export interface SignedCheckpoint extends Checkpoint {
  v: 1;
  key: string;
  sig: string;
}

const signedText = (c: Checkpoint) => `saltbitter-audit-checkpoint v1\nseq=${c.seq}\nhash=${c.hash}\nat=${c.at}`;

export function signCheckpoint(checkpoint: Checkpoint, key: SigningKey): SignedCheckpoint {
  const sig = crypto.sign(null, Buffer.from(signedText(checkpoint)), key.privateKey).toString("base64");
  return { v: 1, seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at, key: key.keyId, sig };
}

/** Why a line is refused, or null when it is a checkpoint signed by one of `trusted`. */
export function refusal(line: unknown, trusted: VerifyKey[]): string | null {
  if (!line || typeof line !== "object") return "not a JSON object";
  const c = line as Partial<SignedCheckpoint>;
  if (c.v !== 1) return `unknown checkpoint version ${JSON.stringify(c.v)}`;
  if (!Number.isSafeInteger(c.seq) || (c.seq ?? 0) < 1) return "seq is not a positive integer";
  if (typeof c.hash !== "string" || !/^[0-9a-f]{64}$/.test(c.hash)) return "hash is not 64 hex digits";
  if (typeof c.at !== "string" || Number.isNaN(Date.parse(c.at))) return "at is not a time";
  if (typeof c.sig !== "string") return "no signature";
  const key = trusted.find((k) => k.keyId === c.key);
  if (!key)
    return `signed by key ${JSON.stringify(c.key)}, which is not trusted (AUDIT_SIGNING_KEY / AUDIT_VERIFY_KEY)`;
  const text = signedText({ seq: c.seq!, hash: c.hash, at: c.at });
  if (!crypto.verify(null, Buffer.from(text), key.publicKey, Buffer.from(c.sig, "base64"))) return "bad signature";
  return null;
}

/**
 * Appends checkpoints to the file and flushes them to disk before returning: a checkpoint the
 * caller thinks written survives a crash.
 */
export function appendCheckpoints(file: string, checkpoints: SignedCheckpoint[]): void {
  if (checkpoints.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "a", 0o640);
  try {
    fs.writeSync(fd, checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(""));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export type CheckpointLine = { line: number; checkpoint: SignedCheckpoint } | { line: number; refused: string };

/** Reads the file line by line (constant memory), checking each signature. Yields nothing if there is no file. */
export async function* readCheckpoints(file: string, trusted: VerifyKey[]): AsyncGenerator<CheckpointLine> {
  if (!fs.existsSync(file)) return;
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (text.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      yield { line: number, refused: "not valid JSON" };
      continue;
    }
    const why = refusal(parsed, trusted);
    yield why ? { line: number, refused: why } : { line: number, checkpoint: parsed as SignedCheckpoint };
  }
}

/** The last checkpoint in the file signed by `trusted` (reads only the file's tail). */
export function lastCheckpoint(file: string, trusted: VerifyKey[]): SignedCheckpoint | null {
  if (!fs.existsSync(file)) return null;
  const size = fs.statSync(file).size;
  const length = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, buffer, 0, length, size - length);
  } finally {
    fs.closeSync(fd);
  }
  const lines = buffer.toString("utf8").split("\n");
  for (let i = lines.length - 1; i >= (length < size ? 1 : 0); i--) {
    try {
      const parsed: unknown = JSON.parse(lines[i]);
      if (refusal(parsed, trusted) === null) return parsed as SignedCheckpoint;
    } catch {
      /* a blank or partial line */
    }
  }
  return null;
}
