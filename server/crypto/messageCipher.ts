// No `import "server-only"`: the seed and the rotation CLI use it outside Next.js (see keyRing.ts).
import crypto from "node:crypto";
import { messageKeyRing, refreshKeyRing, type KeyRing } from "./keyRing";

/**
 * Message content at rest, format version 1 (docs/security-messages.md):
 *
 *   sb1:<keyId>:<iv>:<ciphertext‖tag>
 *
 * AES-256-GCM from node:crypto, a random 96-bit IV per encryption, the 128-bit tag appended to the
 * ciphertext, both base64url without padding. The plaintext is UTF-8, so any language fits. The
 * additional authenticated data is `sb1:<keyId>:<message id>`: a ciphertext copied onto another
 * message (another conversation) fails its integrity check instead of being shown there.
 */
export const cipherVersion = "sb1";
const algorithm = "aes-256-gcm";
const ivBytes = 12;
const tagBytes = 16;

/** Why a stored value could not be shown; never the value itself. */
export type UnreadableReason = "integrity" | "unknown_key" | "malformed";

export type OpenedMessage =
  | { ok: true; content: string; keyId: string }
  /** Stored before encryption existed (run `npm run db:rotate-keys` to encrypt it). */
  | { ok: true; content: string; keyId: null; plaintext: true }
  | { ok: false; reason: UnreadableReason; keyId: string | null };

export const unreadableText: Record<UnreadableReason, string> = {
  integrity: "[unreadable: integrity check failed]",
  unknown_key: "[unreadable: encrypted with a key this server does not have]",
  malformed: "[unreadable: not a valid ciphertext]",
};

const aad = (keyId: string, messageId: string) => Buffer.from(`${cipherVersion}:${keyId}:${messageId.toLowerCase()}`);

/**
 * Fresh random IVs for a batch, from one call to the CSPRNG: the same randomness as one call per
 * message, without the per-call cost (a third of encrypting a short message).
 */
export function randomIvs(count: number): Buffer[] {
  const bytes = crypto.randomBytes(ivBytes * count);
  return Array.from({ length: count }, (_, i) => bytes.subarray(i * ivBytes, (i + 1) * ivBytes));
}

/**
 * Encrypts one message's content under the ring's active key, bound to the message's id. `iv`
 * must be fresh and random (randomIvs); it is never reused.
 */
export function encryptMessage(
  content: string,
  messageId: string,
  ring: KeyRing = messageKeyRing(),
  iv: Buffer = crypto.randomBytes(ivBytes),
): string {
  if (iv.length !== ivBytes) throw new RangeError(`an IV is ${ivBytes} bytes`);
  const cipher = crypto.createCipheriv(algorithm, ring.active.key, iv, { authTagLength: tagBytes });
  cipher.setAAD(aad(ring.active.id, messageId));
  const sealed = Buffer.concat([cipher.update(content, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${cipherVersion}:${ring.active.id}:${iv.toString("base64url")}:${sealed.toString("base64url")}`;
}

/** The key id of a stored value, or null when it is not in this format (legacy plaintext). */
export function keyIdOf(stored: string): string | null {
  if (!stored.startsWith(`${cipherVersion}:`)) return null;
  const end = stored.indexOf(":", cipherVersion.length + 1);
  return end < 0 ? null : stored.slice(cipherVersion.length + 1, end);
}

/** The `sb1:<keyId>:` prefix every value under that key starts with (rotation selects by it). */
export const prefixOf = (keyId: string) => `${cipherVersion}:${keyId}:`;

const base64url = /^[A-Za-z0-9_-]*$/;

/** Decrypts a stored value; a tampered, truncated or foreign value is reported, never returned as text. */
export function decryptMessage(stored: string, messageId: string, ring: KeyRing = messageKeyRing()): OpenedMessage {
  if (!stored.startsWith(`${cipherVersion}:`)) return { ok: true, content: stored, keyId: null, plaintext: true };
  const parts = stored.split(":");
  if (parts.length !== 4 || !base64url.test(parts[2]) || !base64url.test(parts[3])) {
    return { ok: false, reason: "malformed", keyId: null };
  }
  const [, keyId, ivText, sealedText] = parts;
  // A key added by a rotation while this process runs is picked up from the key file.
  const key = ring.keys.get(keyId) ?? (ring === messageKeyRing() ? refreshKeyRing().keys.get(keyId) : undefined);
  if (!key) return { ok: false, reason: "unknown_key", keyId };
  const iv = Buffer.from(ivText, "base64url");
  const sealed = Buffer.from(sealedText, "base64url");
  if (iv.length !== ivBytes || sealed.length < tagBytes) return { ok: false, reason: "malformed", keyId };
  try {
    const decipher = crypto.createDecipheriv(algorithm, key.key, iv, { authTagLength: tagBytes });
    decipher.setAAD(aad(keyId, messageId));
    decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - tagBytes)), decipher.final()]);
    return { ok: true, content: plain.toString("utf8"), keyId };
  } catch {
    // GCM's tag did not verify: the ciphertext, IV, key id or message id was changed.
    return { ok: false, reason: "integrity", keyId };
  }
}
