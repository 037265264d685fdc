import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { ListResponse, ResourceRow } from "@/lib/resources/types";
import { csvLine } from "@/server/resources/exportCsv";
import { registry } from "@/server/resources/registry";
import { parseListQuery } from "@/server/resources/listParams";
import { keysetRows } from "@/server/resources/listQuery";
import { getJson, getResponse, useSeededDatabase } from "./support";

/** CSV export: the same rows as the filtered, sorted list, streamed, and audited once. */
const { database, actor } = useSeededDatabase(80);

async function allPages(path: string): Promise<ResourceRow[]> {
  const rows: ResourceRow[] = [];
  let cursor: string | null = null;
  do {
    const { body } = await getJson(actor("admin"), `${path}&pageSize=100${cursor ? `&cursor=${cursor}` : ""}`);
    const page = body as unknown as ListResponse;
    rows.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

describe("CSV export", () => {
  it("equals the filtered, sorted list row for row, with a header and attachment headers", async () => {
    const query = "f.status.in=succeeded,refunded&f.amount.gte=5&sort=createdAt&order=asc";
    const response = await getResponse(actor("admin"), `/api/exports/payments?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="payments-.*\.csv"$/);
    const lines = (await response.text()).split("\r\n").filter(Boolean);
    const def = registry.payments;
    expect(lines[0]).toBe(def.visibleFields.map((f) => f.field).join(","));
    const rows = await allPages(`/api/resources/payments?${query}`);
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM payments WHERE status IN ('succeeded','refunded') AND amount >= 5`,
    );
    expect(rows.length).toBe(Number(n));
    expect(lines.slice(1)).toEqual(rows.map((row) => csvLine(def, row).trimEnd()));
  });

  it("reads in keyset batches that together give every row once, in order", async () => {
    const def = registry.messages;
    const query = parseListQuery(def, "admin", { sort: "sentAt", order: "asc" });
    const ids: string[] = [];
    let batches = 0;
    for await (const batch of keysetRows(database(), def, "admin", query, 7)) {
      expect(batch.length).toBeLessThanOrEqual(7);
      ids.push(...batch.map((r) => r.id));
      batches++;
    }
    const expected = await database().rows<{ id: string }>(sql`SELECT id FROM messages ORDER BY sent_at, id`);
    expect(batches).toBeGreaterThan(1);
    expect(ids).toEqual(expected.map((r) => r.id));
  });

  it("writes one audit row with the resource, the filter names (never their values) and the row count", async () => {
    const searched = "someone.searched@example.com";
    const response = await getResponse(
      actor("compliance_officer"),
      `/api/exports/users?f.subscriptionTier.eq=elite&q=${encodeURIComponent(searched)}`,
    );
    const rows = (await response.text()).split("\r\n").filter(Boolean).length - 1;
    const audits = await database().rows<{
      metadata: { resource: string; filters: { fields: string[]; valuesHmac: string }; rowCount: number };
    }>(sql`SELECT metadata FROM compliance_logs WHERE action_type = 'staff.users.export'`);
    expect(audits).toHaveLength(1);
    expect(audits[0].metadata).toMatchObject({ resource: "users", rowCount: rows });
    expect(audits[0].metadata.filters.fields).toEqual(["f.subscriptionTier.eq", "q"]);
    expect(audits[0].metadata.filters.valuesHmac).toMatch(/^[0-9a-f]{64}$/);
    // The searched email and the filter value are nowhere in the audit row.
    const text = JSON.stringify(audits[0].metadata);
    expect(text).not.toContain(searched);
    expect(text).not.toContain("elite");
  });

  it("quotes commas, quotes and newlines, and defuses spreadsheet formulas", async () => {
    const [{ id }] = await database().rows<{ id: string }>(sql`
      INSERT INTO events (title, description, type, start_time, end_time, capacity)
      VALUES ('=HYPERLINK("x")', 'line one, "two"
three', 'ama', '2031-01-01T10:00:00Z', '2031-01-01T11:00:00Z', 5) RETURNING id`);
    const text = await (
      await getResponse(actor("admin"), "/api/exports/events?f.title.eq=%3DHYPERLINK(%22x%22)")
    ).text();
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain(`"line one, ""two""\nthree"`);
    expect(text).toContain(id);
  });
});
