import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { SigningKey, VerifyKey } from "./signingKey";

/**
 * A signed audit checkpoint: "row `seq` of compliance_logs had hash `hash` at time `at`", signed
 * with an Ed25519 key the database never sees. One JSON object per line of the checkpoint file.
 * Version 1 (written before issue #13 §2):
 *   {"v":1,"seq":1200,"hash":"<64 hex>","at":"2026-01-31T12:00:00.000Z","key":"<key id>","sig":"<base64>"}
 * signs `saltbitter-audit-checkpoint v1\nseq=…\nhash=…\nat=…`. Version 2 also signs `root`, the
 * RFC 9162 Merkle tree root over the leaf hashes of rows 1..seq (merkle.ts), which lets a single
 * exported row prove it belongs to the signed history:
 *   {"v":2,"seq":1200,"hash":"…","root":"<64 hex>","at":"…","key":"…","sig":"…","frontier":["<64 hex>",…]}
 * signs `saltbitter-audit-checkpoint v2\nseq=…\nhash=…\nroot=…\nat=…`. `frontier` is not signed:
 * it is the tree's frontier at seq (largest subtree first), kept so the next checkpoint continues
 * the tree without re-reading the table; it is trusted only when it folds to the signed root.
 * No `server-only`: the audit:verify-db CLI uses it.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  /** The Merkle root over rows 1..seq: present, the checkpoint is signed as version 2. */
  root?: string;
}

export interface SignedCheckpoint extends Checkpoint {
  v: 1 | 2;
  key: string;
  sig: string;
  /** Version 2: the tree's frontier at seq (not signed; see above). */
  frontier?: string[];
}

const hex64 = /^[0-9a-f]{64}$/;

export const checkpointSignedText = (c: Checkpoint) =>
  c.root === undefined
    ? `saltbitter-audit-checkpoint v1\nseq=${c.seq}\nhash=${c.hash}\nat=${c.at}`
    : `saltbitter-audit-checkpoint v2\nseq=${c.seq}\nhash=${c.hash}\nroot=${c.root}\nat=${c.at}`;

/** Signs a checkpoint: version 2 when it has a root (then `frontier` is kept beside it, unsigned). */
export function signCheckpoint(checkpoint: Checkpoint, key: SigningKey, frontier?: string[]): SignedCheckpoint {
  const sig = crypto.sign(null, Buffer.from(checkpointSignedText(checkpoint)), key.privateKey).toString("base64");
  const { seq, hash, at, root } = checkpoint;
  if (root === undefined) return { v: 1, seq, hash, at, key: key.keyId, sig };
  return { v: 2, seq, hash, root, at, key: key.keyId, sig, ...(frontier ? { frontier } : {}) };
}

/** Why a line is refused, or null when it is a checkpoint signed by one of `trusted`. */
export function refusal(line: unknown, trusted: VerifyKey[]): string | null {
  if (!line || typeof line !== "object") return "not a JSON object";
  const c = line as Partial<SignedCheckpoint>;
  if (c.v !== 1 && c.v !== 2) return `unknown checkpoint version ${JSON.stringify(c.v)}`;
  if (!Number.isSafeInteger(c.seq) || (c.seq ?? 0) < 1) return "seq is not a positive integer";
  if (typeof c.hash !== "string" || !hex64.test(c.hash)) return "hash is not 64 hex digits";
  if (c.v === 2 && (typeof c.root !== "string" || !hex64.test(c.root))) return "root is not 64 hex digits";
  if (c.v === 2 && c.frontier !== undefined && !(Array.isArray(c.frontier) && c.frontier.every((h) => hex64.test(h))))
    return "frontier is not a list of 64 hex digit hashes";
  if (typeof c.at !== "string" || Number.isNaN(Date.parse(c.at))) return "at is not a time";
  if (typeof c.sig !== "string") return "no signature";
  const key = trusted.find((k) => k.keyId === c.key);
  if (!key)
    return `signed by key ${JSON.stringify(c.key)}, which is not trusted (AUDIT_SIGNING_KEY / AUDIT_VERIFY_KEY)`;
  const text = checkpointSignedText({ seq: c.seq!, hash: c.hash, at: c.at, root: c.v === 2 ? c.root : undefined });
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

/**
 * The last checkpoint in the file signed by `trusted` (and accepted by `accept`), reading only
 * the file's tail.
 */
export function lastCheckpoint(
  file: string,
  trusted: VerifyKey[],
  accept: (checkpoint: SignedCheckpoint) => boolean = () => true,
): SignedCheckpoint | null {
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
      if (refusal(parsed, trusted) === null && accept(parsed as SignedCheckpoint)) return parsed as SignedCheckpoint;
    } catch {
      /* a blank or partial line */
    }
  }
  return null;
}
