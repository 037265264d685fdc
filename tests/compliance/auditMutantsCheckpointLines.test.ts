import { describe, expect, it } from "vitest";
import { refusal, signCheckpoint } from "@/server/audit/checkpoint";
import { parseSigningKey, parseVerifyKey, rawPublicKey } from "@/server/audit/signingKey";

/**
 * Issue #13 §5 (mutation testing): checkpoint members of the wrong JSON type are refused even when
 * their text would sign the same (docs/audit-format.md §7: a `hash`/`root` that is not 64 lowercase
 * hex digits, an `at` that is not a time MUST be refused), and a verify key PEM read with blanks
 * around it. Example key and row 3 of the document.
 */
const key = parseSigningKey("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "example");
const trusted = [{ publicKey: key.publicKey, keyId: key.keyId }];
const hash = "3a0d0b31ab833a85a7d37ad69f66d9b55bb571f2e9fa237aa61a49cf3f8832d8";
const root = "368208731f38af32293e785d46d869c42e1b5c7ff5d5b005e165a8ff1b0484f0";
const at = "2026-02-01T00:05:00.000Z";

describe("checkpoint members of the wrong type (§7)", () => {
  it("refuses a hash, root or time wrapped in a list, though its text signs the same", () => {
    const v2 = signCheckpoint({ seq: 3, hash, at, root }, key);
    expect(refusal(v2, trusted)).toBeNull();
    expect(refusal({ ...v2, hash: [hash] }, trusted)).toBe("hash is not 64 hex digits");
    expect(refusal({ ...v2, root: [root] }, trusted)).toBe("root is not 64 hex digits");
    expect(refusal({ ...v2, at: [at] }, trusted)).toBe("at is not a time");
  });

  it("reads a verify key PEM with blanks around it", () => {
    const raw = rawPublicKey(key.publicKey);
    const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]).toString("base64")}\n-----END PUBLIC KEY-----\n`;
    expect(parseVerifyKey(`  \n${pem}\n  `, "k").keyId).toBe("56475aa75463474c");
  });
});
