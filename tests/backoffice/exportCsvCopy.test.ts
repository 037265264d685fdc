import { beforeAll, describe, expect, it } from "vitest";
import { sql, type Database } from "@/db/client";
import { CopyBinaryColumn } from "@/db/copyBinary";
import type { StaffRole } from "@/db/schema/enums";
import { csvStream } from "@/server/resources/exportCsv";
import { parseListQuery } from "@/server/resources/listParams";
import { registry } from "@/server/resources/registry";
import { currentEngine } from "../support/engine";
import { useSeededDatabase } from "./support";

/**
 * On PostgreSQL a CSV export whose lines the database formats streams them through one binary
 * COPY (exportCsv.ts); PGlite, and a handle without COPY, read keyset batches. Both must give the
 * same bytes, whatever the filters, sort and role, with filter values written into the COPY as
 * literals that stay data (quotes, backslashes).
 */

/** A binary COPY stream built by hand from PostgreSQL's documented format, one text column. */
function binaryCopy(values: (string | null)[]): Buffer {
  const parts = [Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.from([0, 0, 0, 0, 0, 0, 0, 4, 9, 9, 9, 9])];
  for (const value of values) {
    const field = Buffer.alloc(6);
    field.writeInt16BE(1, 0);
    if (value === null) {
      field.writeInt32BE(-1, 2);
      parts.push(field);
    } else {
      const bytes = Buffer.from(value, "utf8");
      field.writeInt32BE(bytes.length, 2);
      parts.push(field, bytes);
    }
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

describe("reading a binary COPY of one column", () => {
  const values = ["a,b\r\n", "", null, "ünïcødé 🙂\r\n", "x".repeat(300)];
  const expected = "a,b\r\nünïcødé 🙂\r\n" + "x".repeat(300);

  it("hands back the values' bytes in order, however the stream is cut", () => {
    const stream = binaryCopy(values);
    for (const size of [1, 2, 3, 5, 7, 19, 64, stream.length]) {
      const reader = new CopyBinaryColumn();
      const out: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) out.push(reader.push(stream.subarray(at, at + size)));
      reader.finish();
      expect(Buffer.concat(out).toString("utf8"), `cut every ${size} bytes`).toBe(expected);
      expect(reader.rows).toBe(5);
    }
  });

  it("refuses a stream that is cut off, has two columns, or is not binary COPY", () => {
    const stream = binaryCopy(values);
    const cut = new CopyBinaryColumn();
    cut.push(stream.subarray(0, stream.length - 10));
    expect(() => cut.finish()).toThrow("ended early");
    const twoColumns = Buffer.from(binaryCopy(["a"]));
    twoColumns.writeInt16BE(2, 23);
    expect(() => new CopyBinaryColumn().push(twoColumns)).toThrow("2 fields, expected 1");
    expect(() => new CopyBinaryColumn().push(Buffer.from("id,email\r\n".repeat(3)))).toThrow("not a binary COPY");
  });
});

const { database, actor } = useSeededDatabase(80);

beforeAll(async () => {
  await database().rows(sql`
    INSERT INTO users (email, password_hash, verified) VALUES
      ('o''brien\\slash@quote.test', 'x', true),
      ('=cmd|'' /C calc''!A0@formula.test', 'x', false),
      ('line"break,comma@odd.test', 'x', true)`);
});

async function exported(db: Database, role: StaffRole, params: Record<string, string>): Promise<string> {
  const def = registry.users;
  const stream = csvStream(db, def, actor(role), parseListQuery(def, role, params), {}, async () => {});
  return new Response(stream).text();
}

describe.runIf(currentEngine() === "postgres")("the users CSV export through COPY", () => {
  const cases: [StaffRole, Record<string, string>][] = [
    ["admin", {}],
    ["analyst", { sort: "createdAt", order: "asc" }],
    ["admin", { "f.email.contains": "o'brien\\slash" }],
    ["trust_safety", { "f.email.contains": "'; DROP TABLE users; --" }],
    ["compliance_officer", { "f.subscriptionTier.in": "premium,elite", "f.verified.eq": "true", sort: "createdAt" }],
    ["admin", { q: 'line"break' }],
  ];

  it.each(cases)("as %s with %j: the same bytes as the keyset batches", async (role, params) => {
    const db = database();
    expect(db.copyOut).toBeDefined();
    const viaCopy = await exported(db, role, params);
    const viaKeyset = await exported({ ...db, copyOut: undefined }, role, params);
    expect(viaCopy.split("\r\n").length).toBeGreaterThan(1);
    expect(viaCopy).toBe(viaKeyset);
  });

  it("keeps quotes and backslashes in a filter as data", async () => {
    const text = await exported(database(), "admin", { "f.email.contains": "o'brien\\slash" });
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(2); // the header and the one account
    expect(lines[1]).toContain("o'brien\\slash@quote.test");
    const [{ n }] = await database().rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
    expect(n).toBe(83);
  });
});
