import crypto from "node:crypto";

/**
 * The audit chain's canonical form, re-implemented away from the database so an export can be
 * verified offline (`npm run audit:verify`). The database computes it in compliance_log_canonical()
 * (migration 0001) as jsonb_build_array(seq, id, user_id, staff_id, action_type, framework,
 * timestamp, metadata, prev_hash)::text; this file reproduces PostgreSQL's jsonb text output.
 * No `server-only`: the offline verifier imports it.
 */

/** A JSON number kept as its literal text: jsonb prints numerics exactly as stored (1.50 stays 1.50). */
export class RawNumber {
  constructor(readonly text: string) {}
}
export type JsonValue = null | boolean | string | RawNumber | JsonValue[] | { [key: string]: JsonValue };

const jsonNumber = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Parses JSON like JSON.parse, but keeps numbers as their literal text. */
export function parseJson(text: string): JsonValue {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`Invalid JSON at ${at}: ${what}`);
  };
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at++;
  };
  const value = (): JsonValue => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const object: { [key: string]: JsonValue } = {};
      space();
      if (text[at] === "}") return (at++, object);
      for (;;) {
        space();
        if (text[at] !== '"') fail("expected a key");
        const key = string();
        space();
        if (text[at++] !== ":") fail("expected ':'");
        object[key] = value();
        space();
        const next = text[at++];
        if (next === "}") return object;
        if (next !== ",") fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      at++;
      const array: JsonValue[] = [];
      space();
      if (text[at] === "]") return (at++, array);
      for (;;) {
        array.push(value());
        space();
        const next = text[at++];
        if (next === "]") return array;
        if (next !== ",") fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    if (text.startsWith("true", at)) return ((at += 4), true);
    if (text.startsWith("false", at)) return ((at += 5), false);
    if (text.startsWith("null", at)) return ((at += 4), null);
    // Sticky, from `at`: a number of any length (jsonb keeps up to 131,072 digits), copying nothing.
    jsonNumber.lastIndex = at;
    const match = jsonNumber.exec(text);
    if (!match) return fail("unexpected character");
    at += match[0].length;
    return new RawNumber(match[0]);
  };
  const string = (): string => {
    const start = at++;
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    if (at >= text.length) fail("unterminated string");
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const result = value();
  space();
  if (at !== text.length) fail("trailing characters");
  return result;
}

/** PostgreSQL's escape_json(): the six short escapes, \u00xx for other control characters, the rest verbatim. */
function jsonbString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/** jsonb orders object keys by byte length, then bytewise. */
function jsonbKeyOrder(a: string, b: string): number {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length - bb.length || Buffer.compare(ab, bb);
}

/** The text PostgreSQL prints for a jsonb value. */
export function jsonbText(value: JsonValue | number | undefined): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return jsonbString(value);
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  const keys = Object.keys(value).sort(jsonbKeyOrder);
  return `{${keys.map((key) => `${jsonbString(key)}: ${jsonbText(value[key])}`).join(", ")}}`;
}

/** One compliance_logs row as exported (JSON Lines) and hashed. */
export interface ChainRow {
  seq: number;
  id: string;
  user_id: string | null;
  staff_id: string | null;
  action_type: string;
  regulatory_framework: string;
  /** UTC, microseconds: 2026-01-31T12:00:00.123456Z (the canonical form's own format). */
  timestamp: string;
  metadata: JsonValue;
  prev_hash: string;
  hash: string;
}

export const genesisHash = "0".repeat(64);

export function canonicalText(row: Omit<ChainRow, "hash">): string {
  return jsonbText([
    new RawNumber(String(row.seq)),
    row.id,
    row.user_id,
    row.staff_id,
    row.action_type,
    row.regulatory_framework,
    row.timestamp,
    row.metadata,
    row.prev_hash,
  ]);
}

export function rowHash(row: Omit<ChainRow, "hash">): string {
  return crypto.createHash("sha256").update(canonicalText(row), "utf8").digest("hex");
}

/** The ten members every exported row carries (docs/audit-format.md §8 step 4), in hash order. */
export const chainRowMembers = [
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
] as const;

const formats = {
  seq: [/^[1-9][0-9]*$/, "a positive integer"],
  uuid: [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a lowercase UUID"],
  timestamp: [/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, "YYYY-MM-DDTHH:MM:SS.ffffffZ"],
  hex64: [/^[0-9a-f]{64}$/, "64 lowercase hex digits"],
} as const satisfies Record<string, readonly [RegExp, string]>;

/**
 * Parses one JSON Lines export row into a ChainRow (numbers in metadata kept verbatim), checking
 * every member as docs/audit-format.md §5 describes it. A row missing a member is refused rather
 * than filled in: an absent user_id and a null one hash alike, so filling would let an edited file
 * pass. tools/verify_audit.py applies the same rules.
 */
export function parseChainRow(line: string): ChainRow {
  const value = parseJson(line);
  if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof RawNumber) {
    throw new SyntaxError("not a JSON object");
  }
  const missing = chainRowMembers.filter((key) => !Object.hasOwn(value, key));
  if (missing.length > 0) throw new SyntaxError(`missing ${missing.join(", ")}`);
  const text = (key: string, format?: keyof typeof formats): string => {
    const v = value[key];
    if (typeof v !== "string") throw new SyntaxError(`${key} is not a string`);
    if (format && !formats[format][0].test(v)) throw new SyntaxError(`${key} is not ${formats[format][1]}`);
    return v;
  };
  const nullableUuid = (key: string): string | null => (value[key] === null ? null : text(key, "uuid"));
  const seq = value.seq;
  if (!(seq instanceof RawNumber)) throw new SyntaxError("seq is not a number");
  if (!formats.seq[0].test(seq.text)) throw new SyntaxError(`seq is not ${formats.seq[1]}`);
  const metadata = value.metadata;
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata) || metadata instanceof RawNumber) {
    throw new SyntaxError("metadata is not a JSON object");
  }
  return {
    seq: Number(seq.text),
    id: text("id", "uuid"),
    user_id: nullableUuid("user_id"),
    staff_id: nullableUuid("staff_id"),
    action_type: text("action_type"),
    regulatory_framework: text("regulatory_framework"),
    timestamp: text("timestamp", "timestamp"),
    metadata,
    prev_hash: text("prev_hash", "hex64"),
    hash: text("hash", "hex64"),
  };
}
