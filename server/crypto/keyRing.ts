// No `import "server-only"`: the seed and `npm run db:rotate-keys` run this outside Next.js. Nothing
// under components/ may import it (the keys must never reach a browser bundle).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseConfig } from "@/db/config";

/**
 * The message key ring: every key that may have encrypted a stored message, and the one active
 * key new ciphertext is written with. From `MESSAGE_KEYS` ("id:base64key,id2:base64key", the
 * active one named by `MESSAGE_ACTIVE_KEY`, else the first) or, when that is unset, from a key
 * file generated on first use beside the embedded data dir (`MESSAGE_KEY_FILE` to move it).
 * The keys never enter the database, so a dump or a stolen data dir alone reveals no message.
 */
export interface MessageKey {
  id: string;
  /** Imported once: a KeyObject spares every cipher call the key's import (half its cost). */
  key: crypto.KeyObject;
}

export interface KeyRing {
  active: MessageKey;
  keys: ReadonlyMap<string, MessageKey>;
  source: "env" | "file";
  /** The key file, when the ring comes from one. */
  file?: string;
}

interface KeyFile {
  version: 1;
  active: string;
  keys: { id: string; key: string; createdAt: string }[];
}

/** A key id is written into every ciphertext: short, and never a `:` (the format's separator). */
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const keyBytes = 32;

export class KeyRingError extends Error {}

function decodeKey(id: string, encoded: string, where: string): MessageKey {
  if (!keyIdPattern.test(id)) {
    throw new KeyRingError(`${where}: key id "${id.slice(0, 40)}" must be 1–32 letters, digits, "_" or "-"`);
  }
  // Standard or URL-safe base64 (never echoed: it is key material).
  const key = Buffer.from(encoded.trim(), encoded.includes("-") || encoded.includes("_") ? "base64url" : "base64");
  if (key.length !== keyBytes) {
    throw new KeyRingError(`${where}: key "${id}" must be ${keyBytes} bytes of base64 (it decodes to ${key.length})`);
  }
  return { id, key: crypto.createSecretKey(key) };
}

function ringOf(keys: MessageKey[], activeId: string | undefined, source: KeyRing["source"], file?: string): KeyRing {
  const byId = new Map<string, MessageKey>();
  for (const key of keys) {
    if (byId.has(key.id))
      throw new KeyRingError(`${source === "env" ? "MESSAGE_KEYS" : file}: key id "${key.id}" appears twice`);
    byId.set(key.id, key);
  }
  const active = byId.get(activeId ?? keys[0]?.id ?? "");
  if (!active) {
    throw new KeyRingError(
      activeId ? `MESSAGE_ACTIVE_KEY names "${activeId}", which is not in the key ring` : "the key ring has no key",
    );
  }
  return { active, keys: byId, source, file };
}

/** Parses `MESSAGE_KEYS`; a clear error naming the entry when one is malformed. */
export function parseKeyRing(text: string, activeId?: string): KeyRing {
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(":");
    if (colon < 1) throw new KeyRingError(`MESSAGE_KEYS entry ${index + 1} must be "id:base64key"`);
    return decodeKey(entry.slice(0, colon), entry.slice(colon + 1), `MESSAGE_KEYS entry ${index + 1}`);
  });
  return ringOf(keys, activeId || undefined, "env");
}

/** Where the generated key file lives: beside the data dir (not inside it: a backup of the data dir carries no key). */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(
    /*turbopackIgnore: true*/ env.MESSAGE_KEY_FILE ||
      path.join(path.dirname(databaseConfig.pgliteDataDir), "message-keys.json"),
  );
}

export function newKeyId(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replaceAll("-", "")}${crypto.randomBytes(3).toString("hex")}`;
}

function readKeyFile(file: string): KeyRing {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
  } catch (error) {
    throw new KeyRingError(`${file}: not a readable key file (${error instanceof Error ? error.message : "unknown"})`);
  }
  if (parsed.version !== 1 || !Array.isArray(parsed.keys)) throw new KeyRingError(`${file}: not a version 1 key file`);
  return ringOf(
    parsed.keys.map((k) => decodeKey(String(k.id), String(k.key), file)),
    parsed.active,
    "file",
    file,
  );
}

function writeKeyFile(file: string, content: KeyFile, exclusive: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = JSON.stringify(content, null, 2) + "\n";
  if (exclusive) {
    fs.writeFileSync(file, text, { flag: "wx", mode: 0o600 });
    return;
  }
  // Written aside and renamed: a reader never sees half a key file.
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, text, { mode: 0o600 });
  fs.renameSync(partial, file);
}

function generatedKey(): KeyFile["keys"][number] {
  return { id: newKeyId(), key: crypto.randomBytes(keyBytes).toString("base64"), createdAt: new Date().toISOString() };
}

/** The file's ring, creating the file with one fresh key when there is none yet. */
function keyFileRing(file: string): KeyRing {
  if (!fs.existsSync(file)) {
    const first = generatedKey();
    try {
      writeKeyFile(file, { version: 1, active: first.id, keys: [first] }, true);
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readKeyFile(file);
}

/** Reads the ring from the environment, else the key file. */
export function loadKeyRing(env: NodeJS.ProcessEnv = process.env): KeyRing {
  if (env.MESSAGE_KEYS) return parseKeyRing(env.MESSAGE_KEYS, env.MESSAGE_ACTIVE_KEY);
  return keyFileRing(defaultKeyFile(env));
}

let cached: KeyRing | undefined;
let loadedAt = 0;

/** The process's key ring, loaded once. */
export function messageKeyRing(): KeyRing {
  cached ??= loadKeyRing();
  loadedAt ||= Date.now();
  return cached;
}

/**
 * Reloads a file-backed ring at most every few seconds: `db:rotate-keys --new-key` may have added
 * a key while this process runs, and rows written under it must stay readable here.
 */
export function refreshKeyRing(): KeyRing {
  const ring = messageKeyRing();
  if (ring.source !== "file" || Date.now() - loadedAt < 5_000) return ring;
  cached = loadKeyRing();
  loadedAt = Date.now();
  return cached;
}

/** Tests and the rotation CLI: forget the cached ring (the next call reads the environment or file again). */
export function resetKeyRing(): void {
  cached = undefined;
  loadedAt = 0;
}

/** Adds a fresh key to the key file and makes it active (old keys stay, to read what they encrypted). */
export function addKeyToFile(file: string): MessageKey {
  keyFileRing(file); // creates and validates it
  const current = JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
  const next = generatedKey();
  writeKeyFile(file, { version: 1, active: next.id, keys: [...current.keys, next] }, false);
  resetKeyRing();
  return decodeKey(next.id, next.key, file);
}

/** Removes keys from the key file (never the active one); the caller checks no message uses them. */
export function removeKeysFromFile(file: string, ids: readonly string[]): void {
  const current = JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
  if (ids.includes(current.active)) throw new KeyRingError(`the active key ${current.active} cannot be removed`);
  writeKeyFile(file, { ...current, keys: current.keys.filter((k) => !ids.includes(k.id)) }, false);
  resetKeyRing();
}
