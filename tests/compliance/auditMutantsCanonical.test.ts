import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalText,
  genesisHash,
  jsonbText,
  parseChainRow,
  parseJson,
  RawNumber,
  rowHash,
} from "@/server/audit/canonical";

/**
 * Issue #13 §5 (mutation testing): server/audit/canonical.ts against docs/audit-format.md §3–§4.
 * The three worked example rows are read from their export lines (§5) and must give the documented
 * canonical texts and hashes; numbers are copied verbatim (§3 "Numbers"), whatever their form.
 */
const sha256 = (text: string) => crypto.createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");

// docs/audit-format.md §4, the export-line, canonical and sha256 blocks of rows 1–3.
const examples = [
  {
    line: '{"seq" : 1, "id" : "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a01", "timestamp" : "2026-01-31T09:15:02.000417Z", "user_id" : "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e41", "staff_id" : "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a51", "action_type" : "staff.users.update", "regulatory_framework" : "gdpr", "metadata" : {"action": "update", "recordId": "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e41", "resource": "users", "staffRole": "compliance_officer", "staffEmail": "officer@saltbitter.example", "changedFields": ["display_name", "city"]}, "prev_hash" : "0000000000000000000000000000000000000000000000000000000000000000", "hash" : "a67053f04d26432865767513df6aa5f3afda6ebca01b52ebeda275e25271e693"}',
    canonical:
      '[1, "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a01", "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e41", "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a51", "staff.users.update", "gdpr", "2026-01-31T09:15:02.000417Z", {"action": "update", "recordId": "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e41", "resource": "users", "staffRole": "compliance_officer", "staffEmail": "officer@saltbitter.example", "changedFields": ["display_name", "city"]}, "0000000000000000000000000000000000000000000000000000000000000000"]',
    hash: "a67053f04d26432865767513df6aa5f3afda6ebca01b52ebeda275e25271e693",
  },
  {
    line: '{"seq" : 2, "id" : "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a02", "timestamp" : "2026-01-31T09:15:02.120000Z", "user_id" : null, "staff_id" : null, "action_type" : "ai_transparency_notice", "regulatory_framework" : "eu_ai_act", "metadata" : {"a": [true, false, 25.0, 1000], "zz": 1.50, "é": null, "nested": {"a": {}, "b": ""}, "notice": "Café ✓ \\"KI\\" C:\\\\temp\\n\\u0001 🙂", "source": "platform", "channel": "web"}, "prev_hash" : "a67053f04d26432865767513df6aa5f3afda6ebca01b52ebeda275e25271e693", "hash" : "9ff29347618b90048caa116f758a260c941e1a96280aa8bc2b713398fe8602e1"}',
    canonical:
      '[2, "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a02", null, null, "ai_transparency_notice", "eu_ai_act", "2026-01-31T09:15:02.120000Z", {"a": [true, false, 25.0, 1000], "zz": 1.50, "é": null, "nested": {"a": {}, "b": ""}, "notice": "Café ✓ \\"KI\\" C:\\\\temp\\n\\u0001 🙂", "source": "platform", "channel": "web"}, "a67053f04d26432865767513df6aa5f3afda6ebca01b52ebeda275e25271e693"]',
    hash: "9ff29347618b90048caa116f758a260c941e1a96280aa8bc2b713398fe8602e1",
  },
  {
    line: '{"seq" : 3, "id" : "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a03", "timestamp" : "2026-02-01T00:00:00.999999Z", "user_id" : "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e41", "staff_id" : "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a51", "action_type" : "staff.data_subject_requests.complete", "regulatory_framework" : "ccpa", "metadata" : {"action": "complete", "erased": {"photos": 0, "matches": 3, "messages": 12}, "recordId": "e7d6c5b4-a392-4817-b6f5-e4d3c2b1a091", "resource": "data_subject_requests", "staffRole": "compliance_officer", "staffEmail": "officer@saltbitter.example", "changedFields": ["status", "completed_at", "outcome"]}, "prev_hash" : "9ff29347618b90048caa116f758a260c941e1a96280aa8bc2b713398fe8602e1", "hash" : "3a0d0b31ab833a85a7d37ad69f66d9b55bb571f2e9fa237aa61a49cf3f8832d8"}',
    canonical:
      '[3, "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a03", "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e41", "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a51", "staff.data_subject_requests.complete", "ccpa", "2026-02-01T00:00:00.999999Z", {"action": "complete", "erased": {"photos": 0, "matches": 3, "messages": 12}, "recordId": "e7d6c5b4-a392-4817-b6f5-e4d3c2b1a091", "resource": "data_subject_requests", "staffRole": "compliance_officer", "staffEmail": "officer@saltbitter.example", "changedFields": ["status", "completed_at", "outcome"]}, "9ff29347618b90048caa116f758a260c941e1a96280aa8bc2b713398fe8602e1"]',
    hash: "3a0d0b31ab833a85a7d37ad69f66d9b55bb571f2e9fa237aa61a49cf3f8832d8",
  },
];

describe("the worked examples of docs/audit-format.md §4", () => {
  it.each([1, 2, 3])("row %i: its export line gives the documented canonical text and hash", (n) => {
    const { line, canonical, hash } = examples[n - 1];
    // The document's own consistency: the hash is SHA-256 of the canonical text's UTF-8 bytes.
    expect(sha256(canonical)).toBe(hash);
    const row = parseChainRow(line);
    expect(row.seq).toBe(n);
    expect(row.hash).toBe(hash);
    expect(canonicalText(row)).toBe(canonical);
    expect(rowHash(row)).toBe(hash);
  });

  it("row 1 starts from the genesis value and each later row links to the one before", () => {
    const rows = examples.map((e) => parseChainRow(e.line));
    expect(rows[0].prev_hash).toBe(genesisHash);
    expect(genesisHash).toBe("0".repeat(64));
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
  });

  it("reads row 2's fields as the document lists them: nulls, strings with escapes, numbers as written", () => {
    const row = parseChainRow(examples[1].line);
    expect(row).toMatchObject({
      id: "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a02",
      user_id: null,
      staff_id: null,
      action_type: "ai_transparency_notice",
      regulatory_framework: "eu_ai_act",
      timestamp: "2026-01-31T09:15:02.120000Z",
    });
    const metadata = row.metadata as Record<string, unknown>;
    expect(metadata.notice).toBe('Café ✓ "KI" C:\\temp\n\u0001 🙂');
    expect(metadata.zz).toEqual(new RawNumber("1.50"));
    expect(metadata.a).toEqual([true, false, new RawNumber("25.0"), new RawNumber("1000")]);
    expect(metadata["é"]).toBeNull();
    expect(metadata.nested).toEqual({ a: {}, b: "" });
  });

  it("a row changed in any canonical field no longer has the documented hash", () => {
    const row = parseChainRow(examples[0].line);
    const changes: Partial<typeof row>[] = [
      { seq: 2 },
      { id: "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a09" },
      { user_id: null },
      { staff_id: null },
      { action_type: "staff.users.delete" },
      { regulatory_framework: "ccpa" },
      { timestamp: "2026-01-31T09:15:02.000418Z" },
      { metadata: {} },
      { prev_hash: "1".repeat(64) },
    ];
    for (const change of changes) expect(rowHash({ ...row, ...change })).not.toBe(examples[0].hash);
    // `hash` itself is not part of the canonical text.
    const otherHash = { ...row, hash: "f".repeat(64) };
    expect(rowHash(otherHash)).toBe(examples[0].hash);
  });
});

describe("numbers are copied verbatim (§3 Numbers)", () => {
  it("keeps a number of any length as written (jsonb keeps up to 131,072 digits before the point)", () => {
    const digits = "9".repeat(1000) + "." + "0".repeat(600) + "1";
    const row = `{"n": ${digits}, "after": [-${"1".repeat(450)}e-5]}`;
    expect(parseJson(row)).toEqual({ n: new RawNumber(digits), after: [new RawNumber(`-${"1".repeat(450)}e-5`)] });
    expect(jsonbText(parseJson(row))).toBe(`{"n": ${digits}, "after": [-${"1".repeat(450)}e-5]}`);
  });

  it.each([
    "0",
    "1",
    "9",
    "19",
    "91",
    "-7",
    "1.50",
    "-0.0",
    "0.00000015",
    "12345678901234567890123",
    "1e3",
    "1E3",
    "2.50e1",
    "1e+3",
    "1E-7",
    "1e10",
    "-12.5E+30",
  ])("keeps %s as written, inside an array and an object", (text) => {
    expect(parseJson(text)).toEqual(new RawNumber(text));
    expect(jsonbText(parseJson(`[${text}, ${text}]`))).toBe(`[${text}, ${text}]`);
    expect(jsonbText(parseJson(`{"n":${text}}`))).toBe(`{"n": ${text}}`);
  });

  it.each([
    ["x1", "Invalid JSON at 0: unexpected character"],
    ["+1", "Invalid JSON at 0: unexpected character"],
    ["00", "Invalid JSON at 1: trailing characters"],
    ["1e", "Invalid JSON at 1: trailing characters"],
    ["1e+", "Invalid JSON at 1: trailing characters"],
    ["1.e3", "Invalid JSON at 1: trailing characters"],
    ["1x", "Invalid JSON at 1: trailing characters"],
    ["--1", "Invalid JSON at 0: unexpected character"],
    ["[x1]", "Invalid JSON at 1: unexpected character"],
    ["tru", "Invalid JSON at 0: unexpected character"],
    ["nul", "Invalid JSON at 0: unexpected character"],
    ["fals", "Invalid JSON at 0: unexpected character"],
  ])("refuses %j: %s", (text, message) => {
    expect(() => parseJson(text)).toThrow(new SyntaxError(message));
  });
});

describe("parsing JSON text", () => {
  it("reads strings with escaped quotes and backslashes anywhere, and empty strings", () => {
    expect(parseJson('"a\\"b"')).toBe('a"b');
    expect(parseJson('"\\\\"')).toBe("\\");
    expect(parseJson('"\\\\\\""')).toBe('\\"');
    expect(parseJson('""')).toBe("");
    expect(parseJson('["\\"", "x"]')).toEqual(['"', "x"]);
    expect(parseJson('{"k\\"":"v"}')).toEqual({ 'k"': "v" });
  });

  it("skips every kind of JSON whitespace around values, keys, colons and commas", () => {
    for (const ws of [" ", "\t", "\n", "\r", " \t\n\r "]) {
      const text = `${ws}{${ws}"a"${ws}:${ws}[${ws}1${ws},${ws}true${ws}]${ws},${ws}"b"${ws}:${ws}{${ws}}${ws}}${ws}`;
      expect(parseJson(text)).toEqual({ a: [new RawNumber("1"), true], b: {} });
    }
  });

  it("reads nested empty containers and literals", () => {
    expect(parseJson('[[],{},[{}],null,true,false,""]')).toEqual([[], {}, [{}], null, true, false, ""]);
    expect(parseJson('{"a":{"b":{"c":[]}}}')).toEqual({ a: { b: { c: [] } } });
  });

  it("refuses unterminated containers and strings, with the position", () => {
    expect(() => parseJson("{")).toThrow(new SyntaxError("Invalid JSON at 1: expected a key"));
    expect(() => parseJson('{"a":1')).toThrow(new SyntaxError("Invalid JSON at 7: expected ',' or '}'"));
    expect(() => parseJson("[")).toThrow(new SyntaxError("Invalid JSON at 1: unexpected character"));
    expect(() => parseJson('"')).toThrow(new SyntaxError("Invalid JSON at 1: unterminated string"));
    expect(() => parseJson('["a\\"]')).toThrow(new SyntaxError("Invalid JSON at 6: unterminated string"));
  });
});

describe("jsonb text (§3)", () => {
  it("orders keys by UTF-8 byte length, then by bytes, as the document's example list", () => {
    // "a" < "zz" < "é" < "action" < "recordId" < "resource" < "staffRole" < "staffEmail"
    const keys = ["staffEmail", "resource", "é", "action", "zz", "staffRole", "a", "recordId"];
    const object = Object.fromEntries(keys.map((k) => [k, null]));
    expect(jsonbText(object)).toBe(
      '{"a": null, "zz": null, "é": null, "action": null, "recordId": null, "resource": null, "staffRole": null, "staffEmail": null}',
    );
    // Three-byte ✓ after two-byte é, and after "abc" (0x61 < 0xE2).
    expect(jsonbText({ "✓": "1", abc: "2", é: "3", ab: "4" })).toBe('{"ab": "4", "é": "3", "abc": "2", "✓": "1"}');
    // Same length and first byte: the second byte decides.
    expect(jsonbText({ ac: "1", ab: "2", aa: "3" })).toBe('{"aa": "3", "ab": "2", "ac": "1"}');
  });

  it("escapes every control character below U+0020 and nothing at or above it", () => {
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");
    expect(jsonbText(controls)).toBe(
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"',
    );
    expect(jsonbText(" !/\u007f\u2028é✓🙂")).toBe('" !/\u007f\u2028é✓🙂"');
  });

  it("writes a seq as a bare decimal, and null user and staff ids as null", () => {
    const row = parseChainRow(examples[1].line);
    expect(canonicalText({ ...row, seq: 1234567 }).startsWith("[1234567, ")).toBe(true);
    expect(canonicalText(row).split(", ").slice(2, 4)).toEqual(["null", "null"]);
  });
});

describe("reading an export line", () => {
  // docs/audit-format.md §5 and §8 step 4: all ten members, each in its documented form.
  const base = JSON.parse(examples[0].line) as Record<string, unknown>;
  const lineWith = (changes: Record<string, unknown>, without: string[] = []) =>
    JSON.stringify(Object.fromEntries(Object.entries({ ...base, ...changes }).filter(([k]) => !without.includes(k))));

  it("reads a complete row as the worked example gives it", () => {
    expect(rowHash(parseChainRow(lineWith({})))).toBe(examples[0].hash);
  });

  it("refuses a row missing any member, naming every one missing", () => {
    const members = [
      "seq",
      "id",
      "user_id",
      "staff_id",
      "action_type",
      "regulatory_framework",
      "timestamp",
      "metadata",
      "prev_hash",
      "hash",
    ];
    for (const member of members)
      expect(() => parseChainRow(lineWith({}, [member]))).toThrow(new SyntaxError(`missing ${member}`));
    expect(() => parseChainRow(lineWith({}, ["user_id", "hash"]))).toThrow(new SyntaxError("missing user_id, hash"));
    expect(() => parseChainRow('{"seq": 1}')).toThrow(/^missing id, user_id, staff_id, /);
  });

  it("refuses a line whose string fields are not strings, naming the field", () => {
    for (const field of [
      "id",
      "user_id",
      "staff_id",
      "action_type",
      "regulatory_framework",
      "timestamp",
      "prev_hash",
      "hash",
    ])
      expect(() => parseChainRow(lineWith({ [field]: 1 }))).toThrow(new SyntaxError(`${field} is not a string`));
    expect(() => parseChainRow(lineWith({ id: ["x"] }))).toThrow(new SyntaxError("id is not a string"));
    expect(() => parseChainRow(lineWith({ id: {} }))).toThrow(new SyntaxError("id is not a string"));
    expect(() => parseChainRow(lineWith({ id: null }))).toThrow(new SyntaxError("id is not a string"));
    expect(() => parseChainRow(lineWith({ action_type: null }))).toThrow(
      new SyntaxError("action_type is not a string"),
    );
  });

  it("takes null only for the user and the staff member", () => {
    const row = parseChainRow(lineWith({ user_id: null, staff_id: null }));
    expect([row.user_id, row.staff_id]).toEqual([null, null]);
  });

  it.each([
    ["seq", '"1"', "seq is not a number"],
    ["seq", "0", "seq is not a positive integer"],
    ["seq", "-3", "seq is not a positive integer"],
    ["seq", "1.0", "seq is not a positive integer"],
    ["seq", "1e3", "seq is not a positive integer"],
    ["id", '"0B6F3C2E-5A41-4D7E-9C1A-6E2F8B3D4A01"', "id is not a lowercase UUID"],
    ["user_id", '"8c2d4e6f1a3b4c5d8e7f9a0b1c2d3e41"', "user_id is not a lowercase UUID"],
    ["staff_id", '""', "staff_id is not a lowercase UUID"],
    ["timestamp", '"2026-01-31T09:15:02.000417"', "timestamp is not YYYY-MM-DDTHH:MM:SS.ffffffZ"],
    ["timestamp", '"2026-01-31 09:15:02.000417Z"', "timestamp is not YYYY-MM-DDTHH:MM:SS.ffffffZ"],
    ["timestamp", '"2026-01-31T09:15:02.0004Z"', "timestamp is not YYYY-MM-DDTHH:MM:SS.ffffffZ"],
    ["prev_hash", `"${"A".repeat(64)}"`, "prev_hash is not 64 lowercase hex digits"],
    ["hash", `"${"a".repeat(63)}"`, "hash is not 64 lowercase hex digits"],
    ["metadata", "null", "metadata is not a JSON object"],
    ["metadata", "[]", "metadata is not a JSON object"],
    ["metadata", "false", "metadata is not a JSON object"],
    ["metadata", "1", "metadata is not a JSON object"],
    ["metadata", '"{}"', "metadata is not a JSON object"],
  ])("refuses %s %s: %s", (member, json, message) => {
    const line = lineWith({ [member]: "@@" }).replace('"@@"', json);
    expect(() => parseChainRow(line)).toThrow(new SyntaxError(message));
  });

  it("keeps an object metadata as given", () => {
    expect(parseChainRow(lineWith({ metadata: { k: "v" } })).metadata).toEqual({ k: "v" });
  });
});
