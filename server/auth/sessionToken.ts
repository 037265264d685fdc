import "server-only";
import crypto from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

/**
 * The session cookie's token, exactly as next-auth 4 writes and reads it (an encrypted JWT:
 * JWE, alg "dir", enc A256GCM, under a key derived from the secret with HKDF-SHA256), but with
 * the derived key computed once per secret instead of on every call: next-auth derives it on each
 * decode and again on the re-encode that follows, twice per signed-in request (measured by
 * `npm run bench -- http` as about half a millisecond of CPU per request).
 */
const derivedKeys = new Map<string, Uint8Array>();

const DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** next-auth's allowance for clocks a little apart. */
const CLOCK_TOLERANCE_SECONDS = 15;

function derivedKey(secret: string | Buffer, salt: string): Uint8Array {
  const id = crypto
    .createHash("sha256")
    .update(typeof secret === "string" ? Buffer.from(secret) : secret)
    .update("\0")
    .update(salt)
    .digest("hex");
  let key = derivedKeys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = new Uint8Array(crypto.hkdfSync("sha256", secret, salt, info, 32));
    derivedKeys.set(id, key);
  }
  return key;
}

export async function encodeSessionToken({
  token = {},
  secret,
  maxAge = DEFAULT_MAX_AGE_SECONDS,
  salt = "",
}: JWTEncodeParams): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(derivedKey(secret, salt));
}

/** The token's claims; throws (as next-auth's decode does) when it is forged, altered or expired. */
export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, derivedKey(secret, salt), {
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    contentEncryptionAlgorithms: ["A256GCM"],
    keyManagementAlgorithms: ["dir"],
  });
  return payload as JWT;
}
