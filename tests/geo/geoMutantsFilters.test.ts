import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { cellsTable, hasFilters, joinsFor } from "@/server/geo/filters";
import type { MapFilters } from "@/server/geo/schemas";

/**
 * The map filters' choices of what to read (server/geo/filters.ts), without a database: a read
 * with no filter uses the pre-summed map_cells_all and profiles alone; users is joined only for
 * tier or verified, attachment_assessments only for style. Reading more would give the same rows,
 * only slower, so these are checked on the SQL itself.
 */
const dialect = new PgDialect();
const text = (fragment: ReturnType<typeof joinsFor>) => dialect.sqlToQuery(sql`${fragment}`).sql;

describe("filters", () => {
  it("are set when any one of several keys has a value", () => {
    expect(hasFilters({ gender: undefined, minAge: 30 })).toBe(true);
    expect(hasFilters({ minAge: 30, maxAge: undefined, style: undefined })).toBe(true);
    expect(hasFilters({ tier: undefined, verified: undefined, style: "secure" })).toBe(true);
    expect(hasFilters({ tier: undefined, verified: undefined })).toBe(false);
  });

  it("read the pre-summed cells only when none is set", () => {
    expect(text(cellsTable({}))).toBe("map_cells_all");
    expect(text(cellsTable({ gender: undefined }))).toBe("map_cells_all");
    expect(text(cellsTable({ verified: false }))).toBe("map_cells");
    expect(text(cellsTable({ minAge: 18 }))).toBe("map_cells");
  });

  it.each<[MapFilters, boolean, boolean]>([
    [{}, false, false],
    [{ gender: "man", minAge: 20, maxAge: 30 }, false, false],
    [{ tier: "premium" }, true, false],
    [{ verified: false }, true, false],
    [{ verified: true }, true, false],
    [{ style: "none" }, false, true],
    [{ tier: "free", style: "secure" }, true, true],
  ])("join only what %o needs (users: %s, assessments: %s)", (filters, users, assessments) => {
    const joins = text(joinsFor(filters));
    expect(/\bJOIN users u ON u\.id = p\.user_id\b/.test(joins)).toBe(users);
    expect(/\bLEFT JOIN attachment_assessments a ON a\.user_id = p\.user_id\b/.test(joins)).toBe(assessments);
    expect(joins.match(/JOIN/g)?.length ?? 0).toBe(Number(users) + Number(assessments));
  });
});
