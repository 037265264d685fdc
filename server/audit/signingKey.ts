import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The Ed25519 key that signs audit checkpoints. It lives outside the database (an environment
 * variable or a file), so whoever controls the database cannot forge a checkpoint. Formats:
 *   AUDIT_SIGNING_KEY   a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", e.g. `openssl genpkey -algorithm ed25519`)
 *                       or the base64 of a 32-byte seed (`openssl rand -base64 32`)
 *   key file            a PKCS#8 PEM, created with mode 0600 when it does not exist yet
 *   AUDIT_VERIFY_KEY    for verifiers without the private key: the base64 raw 32-byte public key,
 *                       or an SPKI PEM ("-----BEGIN PUBLIC KEY-----"); `npm run audit:verify-db -- --public-key` prints it
 * No `server-only`: the audit:verify-db CLI uses it.
 */
export interface SigningKey {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  /** First 16 hex digits of the SHA-256 of the raw public key: names the key in each checkpoint. */
  keyId: string;
}

export interface VerifyKey {
  publicKey: crypto.KeyObject;
  keyId: string;
}

// The PKCS#8 DER prefix of an Ed25519 private key: the 32-byte seed follows (RFC 8410).
const pkcs8Ed25519Prefix = Buffer.from("302e020100300506032b657004220420", "hex");
// The SPKI DER prefix of an Ed25519 public key: the 32-byte key follows.
const spkiEd25519Prefix = Buffer.from("302a300506032b6570032100", "hex");

export function rawPublicKey(publicKey: crypto.KeyObject): Buffer {
  return publicKey.export({ format: "der", type: "spki" }).subarray(spkiEd25519Prefix.length);
}

export function keyIdOf(publicKey: crypto.KeyObject): string {
  return crypto.createHash("sha256").update(rawPublicKey(publicKey)).digest("hex").slice(0, 16);
}

function fromPrivate(privateKey: crypto.KeyObject, source: string): SigningKey {
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error(`${source} is a ${privateKey.asymmetricKeyType} key; audit checkpoints need an Ed25519 key`);
  }
  const publicKey = crypto.createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** Parses a private key: PKCS#8 PEM, or base64 of a 32-byte seed. `source` names it in errors. */
export function parseSigningKey(text: string, source: string): SigningKey {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) {
    try {
      return fromPrivate(crypto.createPrivateKey(trimmed), source);
    } catch (error) {
      if (error instanceof Error && error.message.includes("Ed25519")) throw error;
      throw new Error(`${source} is not a readable PKCS#8 PEM private key`);
    }
  }
  const seed = Buffer.from(trimmed, "base64");
  if (seed.length !== 32 || seed.toString("base64") !== trimmed.replace(/\s/g, "")) {
    throw new Error(`${source} is neither a PKCS#8 PEM nor the base64 of a 32-byte Ed25519 seed`);
  }
  const der = Buffer.concat([pkcs8Ed25519Prefix, seed]);
  return fromPrivate(crypto.createPrivateKey({ key: der, format: "der", type: "pkcs8" }), source);
}

/** Parses a public key: base64 of the raw 32 bytes, or an SPKI PEM. */
export function parseVerifyKey(text: string, source: string): VerifyKey {
  const trimmed = text.trim();
  let publicKey: crypto.KeyObject;
  try {
    if (trimmed.startsWith("-----BEGIN")) publicKey = crypto.createPublicKey(trimmed);
    else {
      const raw = Buffer.from(trimmed, "base64");
      if (raw.length !== 32) throw new Error("not 32 bytes");
      publicKey = crypto.createPublicKey({ key: Buffer.concat([spkiEd25519Prefix, raw]), format: "der", type: "spki" });
    }
  } catch {
    throw new Error(`${source} is neither an SPKI PEM nor the base64 of a raw 32-byte Ed25519 public key`);
  }
  if (publicKey.asymmetricKeyType !== "ed25519") throw new Error(`${source} is not an Ed25519 public key`);
  return { publicKey, keyId: keyIdOf(publicKey) };
}

/** Reads the key file, creating it (a fresh key, mode 0600) when `create` and it does not exist. */
export function loadKeyFile(file: string, create: boolean): SigningKey | null {
  if (!fs.existsSync(file)) {
    if (!create) return null;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = crypto.generateKeyPairSync("ed25519");
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    try {
      // wx: never overwrite a key another process has just written.
      fs.writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return parseSigningKey(fs.readFileSync(file, "utf8"), file);
}
