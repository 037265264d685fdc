import { describe, expect, it } from "vitest";
import { filterDigest } from "@/server/audit/filterDigest";

/**
 * Issue #13 §5 (mutation testing): the filter digest of an export (server/audit/filterDigest.ts)
 * against docs/audit-format.md §6's worked example ("The filter digest").
 */
describe("the filter digest (docs/audit-format.md §6)", () => {
  it("gives the documented fields and HMAC for the documented secret and values", () => {
    const secret = "example-secret-not-for-production";
    const values = { userId: "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e41", framework: "sb_243" };
    expect(filterDigest(values, secret)).toEqual({
      fields: ["framework", "userId"],
      valuesHmac: "68a2f815ce572edcb5b567314f5e1e71f33845cee7d682a035a2b9a9c741003f",
    });
    // Another secret, another digest; the same fields.
    const other = filterDigest(values, "another secret");
    expect(other.fields).toEqual(["framework", "userId"]);
    expect(other.valuesHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(other.valuesHmac).not.toBe("68a2f815ce572edcb5b567314f5e1e71f33845cee7d682a035a2b9a9c741003f");
  });
});
