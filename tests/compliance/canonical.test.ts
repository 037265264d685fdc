import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  canonicalText,
  genesisHash,
  jsonbText,
  parseChainRow,
  parseJson,
  rowHash,
  RawNumber,
} from "@/server/audit/canonical";
import { filterDigest } from "@/server/audit/filterDigest";

/**
 * The audit chain's canonical form away from the database (server/audit/canonical.ts): PostgreSQL's
 * jsonb text output written out by hand (keys by byte length then bytewise, ", " and ": " as
 * separators, escape_json's escapes), a JSON parser that keeps numbers as written, and the filter
 * digest of export audit rows (server/audit/filterDigest.ts). Hashes are SHA-256 / HMAC-SHA-256 of
 * literal texts.
 */
const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

describe("jsonb text", () => {
  it("prints scalars, arrays and objects with PostgreSQL's separators", () => {
    expect(jsonbText(null)).toBe("null");
    expect(jsonbText(undefined)).toBe("null");
    expect(jsonbText(true)).toBe("true");
    expect(jsonbText(false)).toBe("false");
    expect(jsonbText(12)).toBe("12");
    expect(jsonbText(new RawNumber("1.50"))).toBe("1.50");
    expect(jsonbText([])).toBe("[]");
    expect(jsonbText({})).toBe("{}");
    expect(jsonbText([true, false, null, "x"])).toBe('[true, false, null, "x"]');
    expect(jsonbText({ k: [{ a: "b" }] })).toBe('{"k": [{"a": "b"}]}');
  });

  it("orders keys by byte length, then bytewise", () => {
    expect(jsonbText({ bb: "1", aa: "2", c: "3", a: "4", ccc: "5" })).toBe(
      '{"a": "4", "c": "3", "aa": "2", "bb": "1", "ccc": "5"}',
    );
    // "é" is two bytes (0xC3 0xA9): after every one-byte key, and after "ab" (0x61 < 0xC3).
    expect(jsonbText({ é: "1", z: "2", ab: "3", B: "4" })).toBe('{"B": "4", "z": "2", "ab": "3", "é": "1"}');
  });

  it("escapes as escape_json does: six short escapes, \\u00xx for other controls, the rest verbatim", () => {
    expect(jsonbText('q"b\\s\bf\fn\nr\rt\t')).toBe('"q\\"b\\\\s\\bf\\fn\\nr\\rt\\t"');
    expect(jsonbText("\u0000\u0001\u001f\u0020\u007f")).toBe('"\\u0000\\u0001\\u001f \u007f"');
    expect(jsonbText("é ✓ 😀 /")).toBe('"é ✓ 😀 /"');
    expect(jsonbText({ 'k"\n': "v" })).toBe('{"k\\"\\n": "v"}');
  });
});

describe("parsing JSON", () => {
  it("keeps numbers as written and reads every kind of value", () => {
    const text =
      ' { "a" : 1.50 ,\t"b":[1e3,-0,2E-2, 10],\n"c":{"d":"e\\"f","g":null},"h":true,"i":false,"j":[],"k":{}}\r\n';
    expect(jsonbText(parseJson(text))).toBe(
      '{"a": 1.50, "b": [1e3, -0, 2E-2, 10], "c": {"d": "e\\"f", "g": null}, "h": true, "i": false, "j": [], "k": {}}',
    );
    expect(parseJson("[ ]")).toEqual([]);
    expect(parseJson("{ }")).toEqual({});
    expect(parseJson('"\\u00e9\\\\"')).toBe("é\\");
    expect(parseJson("-12.5e+3")).toEqual(new RawNumber("-12.5e+3"));
    expect(parseJson("null")).toBeNull();
  });

  it.each([
    ["", "Invalid JSON at 0: unexpected character"],
    ["-", "Invalid JSON at 0: unexpected character"],
    [".5", "Invalid JSON at 0: unexpected character"],
    ["01", "Invalid JSON at 1: trailing characters"],
    ["1.", "Invalid JSON at 1: trailing characters"],
    ["true x", "Invalid JSON at 5: trailing characters"],
    ["[1,]", "Invalid JSON at 3: unexpected character"],
    ["[1 2]", "Invalid JSON at 4: expected ',' or ']'"],
    ["[1", "Invalid JSON at 3: expected ',' or ']'"],
    ['{"a" 1}', "Invalid JSON at 6: expected ':'"],
    ['{"a":1 "b":2}', "Invalid JSON at 8: expected ',' or '}'"],
    ["{1:2}", "Invalid JSON at 1: expected a key"],
    ['{"a":1,}', "Invalid JSON at 7: expected a key"],
    ['"abc', "Invalid JSON at 4: unterminated string"],
    ['"a\\"', "Invalid JSON at 4: unterminated string"],
  ])("refuses %j: %s", (text, message) => {
    expect(() => parseJson(text)).toThrow(new SyntaxError(message));
  });
});

describe("a chain row", () => {
  const row = {
    seq: 7,
    id: "11111111-1111-1111-1111-111111111111",
    user_id: null,
    staff_id: "22222222-2222-2222-2222-222222222222",
    action_type: "staff.users.update",
    regulatory_framework: "gdpr",
    timestamp: "2026-01-31T12:00:00.123456Z",
    metadata: { reason: "x", amount: new RawNumber("1.50") },
    prev_hash: "ab".repeat(32),
  };
  const canonical =
    '[7, "11111111-1111-1111-1111-111111111111", null, "22222222-2222-2222-2222-222222222222", ' +
    '"staff.users.update", "gdpr", "2026-01-31T12:00:00.123456Z", {"amount": 1.50, "reason": "x"}, ' +
    `"${"ab".repeat(32)}"]`;

  it("is hashed in the canonical form compliance_log_canonical() builds", () => {
    expect(genesisHash).toBe("0000000000000000000000000000000000000000000000000000000000000000");
    expect(canonicalText(row)).toBe(canonical);
    expect(rowHash(row)).toBe(sha256(canonical));
  });

  it("is read from an export line, numbers in metadata kept", () => {
    const line = `{"seq": 7, "id": "${row.id}", "user_id": null, "staff_id": "${row.staff_id}", "action_type": "staff.users.update", "regulatory_framework": "gdpr", "timestamp": "2026-01-31T12:00:00.123456Z", "metadata": {"reason": "x", "amount": 1.50}, "prev_hash": "${row.prev_hash}", "hash": "${"cd".repeat(32)}"}`;
    const parsed = parseChainRow(line);
    expect(parsed).toEqual({ ...row, hash: "cd".repeat(32) });
    expect(canonicalText(parsed)).toBe(canonical);
  });

  it.each([
    ["[1]", "not a JSON object"],
    ["null", "not a JSON object"],
    ["1", "not a JSON object"],
    ['"x"', "not a JSON object"],
    [
      "{}",
      "missing seq, id, user_id, staff_id, action_type, regulatory_framework, timestamp, metadata, prev_hash, hash",
    ],
    [
      '{"seq": 1}',
      "missing id, user_id, staff_id, action_type, regulatory_framework, timestamp, metadata, prev_hash, hash",
    ],
  ])("refuses %j: %s", (line, message) => {
    expect(() => parseChainRow(line)).toThrow(new SyntaxError(message));
  });
});

describe("the filter digest of an export", () => {
  const saved = process.env.NEXTAUTH_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.NEXTAUTH_SECRET;
    else process.env.NEXTAUTH_SECRET = saved;
  });
  const hmac = (secret: string, text: string) => crypto.createHmac("sha256", secret).update(text).digest("hex");

  it("names no fields and has no digest without filters", () => {
    expect(filterDigest({}, "s")).toEqual({ fields: [], valuesHmac: null });
  });

  it("lists the field names sorted and keys a digest of the pairs with the secret", () => {
    expect(filterDigest({ email: "a@x.test", action: "login" }, "secret-1")).toEqual({
      fields: ["action", "email"],
      valuesHmac: hmac("secret-1", '[["action","login"],["email","a@x.test"]]'),
    });
  });

  it("uses NEXTAUTH_SECRET by default, or an empty key when it is unset", () => {
    process.env.NEXTAUTH_SECRET = "from-env";
    expect(filterDigest({ q: "1" }).valuesHmac).toBe(hmac("from-env", '[["q","1"]]'));
    delete process.env.NEXTAUTH_SECRET;
    expect(filterDigest({ q: "1" }).valuesHmac).toBe(hmac("", '[["q","1"]]'));
  });
});
