import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { staffRoles } from "@/db/schema/enums";
import { csvLineSql } from "@/server/resources/csvSql";
import { csvBatches } from "@/server/resources/exportCsv";
import { parseListQuery } from "@/server/resources/listParams";
import { registry } from "@/server/resources/registry";
import { useSeededDatabase } from "./support";

/**
 * CSV lines formatted by the database (csvSql.ts) are byte for byte the lines the app formats
 * (csvLine over the list's rows): for every resource and role where the database formats them, on
 * the seed plus rows made to trip a formatter (formula-like text, quotes, commas, line breaks, an
 * email without a name before its @, microseconds on the edge of a second).
 */
const { database } = useSeededDatabase(60);

beforeAll(async () => {
  await database().rows(sql`
    INSERT INTO users (email, password_hash, created_at, last_login_at, verified) VALUES
      ('=HYPERLINK("x")@formula.test', 'x', '2024-02-29 23:59:59.999999+00', NULL, true),
      ('quote"and,comma@odd.test', 'x', '2024-01-01 00:00:00.0005+00', '2024-01-02 03:04:05.678901+00', false),
      ('@no-name.test', 'x', '1999-12-31 23:59:59.9999+00', NULL, false),
      ('two@at@signs.test', 'x', '2025-06-30 12:00:00+00', NULL, true),
      ('-minus@lead.test', 'x', '2025-06-30 12:00:00.5+00', NULL, true)`);
  await database().rows(sql`
    INSERT INTO events (title, description, type, start_time, end_time, capacity, price, host_name)
    VALUES ('+plus, "quoted" title', E'line one\nline two\r\nthird, with comma', 'speed_dating',
      '2026-03-01 18:00:00+00', '2026-03-01 20:00:00+00', 20, 12.50, E'\ttab-led host'),
      ('@at title', '', 'mixer', '2026-03-02 18:00:00.123456+00', '2026-03-02 20:00:00+00', 5, 0, 'Host')`);
});

const joined = async (batches: AsyncGenerator<string[]>) => {
  let text = "";
  for await (const lines of batches) text += lines.join("");
  return text;
};

describe("CSV lines formatted by the database", () => {
  const cases = Object.values(registry).flatMap((def) => staffRoles.map((role) => [def.name, role] as const));

  it.each(cases)("%s as %s: the same bytes as the app's formatting", async (name, role) => {
    const def = registry[name];
    if (!csvLineSql(def, role)) return; // formatted by the app only: nothing to compare
    const query = parseListQuery(def, role, {});
    const fromDatabase = await joined(csvBatches(database(), def, role, query, "database"));
    const fromApp = await joined(csvBatches(database(), def, role, query, "app"));
    expect(fromDatabase.length).toBeGreaterThan(0);
    expect(fromDatabase).toBe(fromApp);
  });

  it("formats the users export in the database for every role, and leaves floating point and JSON to the app", () => {
    for (const role of staffRoles) expect(csvLineSql(registry.users, role)).not.toBeNull();
    expect(csvLineSql(registry.matches, "admin")).toBeNull(); // compatibility_score is double precision
    expect(csvLineSql(registry.compliance_logs, "admin")).toBeNull(); // metadata is JSON
  });

  it("writes the awkward rows as RFC 4180 with the formula guard", async () => {
    const def = registry.users;
    const text = await joined(csvBatches(database(), def, "admin", parseListQuery(def, "admin", {}), "database"));
    expect(text).toContain(`,"'=HYPERLINK(""x"")@formula.test",true,`);
    expect(text).toContain(`,"quote""and,comma@odd.test",false,`);
    expect(text).toContain(`,'-minus@lead.test,true,`);
    expect(text).toContain(`,2024-02-29T23:59:59.999Z,`);
    const masked = await joined(csvBatches(database(), def, "analyst", parseListQuery(def, "analyst", {}), "database"));
    expect(masked).toContain(`,***,false,`); // @no-name.test: no name before the @
    expect(masked).toContain(`,t***@signs.test,true,`);
    expect(masked).not.toContain("two@at");
  });
});
