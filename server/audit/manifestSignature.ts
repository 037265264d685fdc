import crypto from "node:crypto";
import { sortedJson } from "@/lib/sortedJson";
import type { SigningKey, VerifyKey } from "./signingKey";

/**
 * Export manifests are signed with the audit checkpoint key (Ed25519), so a manifest rewritten to
 * match a doctored file is refused. The signature covers
 *   "saltbitter-export-manifest v1\n" + the manifest without `signature`, as JSON with object keys
 * sorted by UTF-16 code unit at every level and no whitespace (JSON.stringify of the sorted value).
 * No `server-only`: the offline verifier uses it.
 */
export interface ManifestSignature {
  v: 1;
  /** The signing key's id (as in checkpoints): the first 16 hex digits of SHA-256 of the raw public key. */
  key: string;
  /** Base64 Ed25519 signature. */
  sig: string;
}

export function manifestSignedText(manifest: object): string {
  const rest = { ...(manifest as Record<string, unknown>) };
  delete rest.signature;
  return `saltbitter-export-manifest v1\n${sortedJson(rest)}`;
}

export function signManifest<T extends object>(manifest: T, key: SigningKey): T & { signature: ManifestSignature } {
  const sig = crypto.sign(null, Buffer.from(manifestSignedText(manifest)), key.privateKey).toString("base64");
  return { ...manifest, signature: { v: 1, key: key.keyId, sig } };
}

/** Why the manifest's signature is not accepted, or null when a trusted key signed exactly this manifest. */
export function manifestSignatureProblem(
  manifest: { signature?: Partial<ManifestSignature> | null },
  trusted: VerifyKey[],
): string | null {
  const signature = manifest.signature;
  if (!signature) return "the manifest is not signed, so it could have been rewritten";
  if (signature.v !== 1 || typeof signature.sig !== "string") return "the manifest's signature is malformed";
  const key = trusted.find((k) => k.keyId === signature.key);
  if (!key)
    return trusted.length
      ? `the manifest is signed by key ${JSON.stringify(signature.key)}, which is not a trusted key`
      : "no public key to check the manifest's signature with (--public-key FILE, or AUDIT_VERIFY_KEY)";
  const ok = crypto.verify(
    null,
    Buffer.from(manifestSignedText(manifest)),
    key.publicKey,
    Buffer.from(signature.sig, "base64"),
  );
  return ok ? null : "the manifest's signature does not match its content: the manifest was changed after export";
}
