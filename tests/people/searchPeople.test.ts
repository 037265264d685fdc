import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { searchPeople } from "@/server/people/searchPeople";
import { useFreshDatabase } from "../support/database";
import { insertPerson, token } from "./support";

/** The user select's search: by email, name or a pasted id, and only by what the role may see. */
const database = useFreshDatabase();
const t = token();
let leon: string;
let leonie: string;
let ana: string;

beforeAll(async () => {
  const db = database();
  leon = await insertPerson(db, { email: `leon.ivanov.${t}@example.test`, name: "Leon Ivanov" });
  leonie = await insertPerson(db, { email: `marie.${t}@example.test`, name: "Leonie Marx" });
  ana = await insertPerson(db, { email: `ana.${t}@leonberg.example`, name: "Ana Kowalski" });
});

const ids = (result: { people: { id: string }[] }) => result.people.map((p) => p.id);

describe("searchPeople", () => {
  it("finds a user by the start of the email, before users whose email only contains the text", async () => {
    const result = await searchPeople(database(), "admin", `leon.iv`);
    expect(ids(result)).toEqual([leon]);
    const prefixFirst = await searchPeople(database(), "admin", "leon");
    // leon.ivanov… starts with it (email); Leonie's name starts with it; ana@leonberg only contains it.
    expect(ids(prefixFirst)).toEqual([leon, leonie, ana]);
  });

  it("finds a user by part of the display name, case-insensitively", async () => {
    expect(ids(await searchPeople(database(), "trust_safety", "kowals"))).toEqual([ana]);
    expect(ids(await searchPeople(database(), "compliance_officer", "MARX"))).toEqual([leonie]);
  });

  it("finds exactly the user of a pasted id, in any case, shown as the role may see them", async () => {
    const result = await searchPeople(database(), "admin", ` ${leon.toUpperCase()} `);
    expect(result.people).toEqual([expect.objectContaining({ id: leon, name: "Leon Ivanov" })]);
    const analyst = await searchPeople(database(), "analyst", leon);
    expect(analyst.people).toEqual([expect.objectContaining({ id: leon, name: "L. I.", email: "l***@example.test" })]);
  });

  it("an analyst cannot find a user by an email or a name it sees masked: it searches by id only", async () => {
    const byEmail = await searchPeople(database(), "analyst", `leon.ivanov.${t}@example.test`);
    expect(byEmail).toEqual({ people: [], searchedBy: ["id"] });
    expect((await searchPeople(database(), "analyst", "Leon Ivanov")).people).toEqual([]);
    expect((await searchPeople(database(), "admin", "Leon Ivanov")).searchedBy).toEqual(["id", "email", "name"]);
  });

  it("needs three characters (a trigram) and treats LIKE wildcards as text", async () => {
    expect((await searchPeople(database(), "admin", "le")).people).toEqual([]);
    expect((await searchPeople(database(), "admin", "%%%")).people).toEqual([]);
    expect((await searchPeople(database(), "admin", "___")).people).toEqual([]);
  });

  it("does not offer erased accounts by their tombstone email", async () => {
    const db = database();
    const gone = await insertPerson(db, { email: `erasable.${t}@example.test`, name: "Erasable One" });
    await db.rows(sql`DELETE FROM profiles WHERE user_id = ${gone}`);
    await db.rows(
      sql`UPDATE users SET email = ${`erased-${gone}@erased.invalid`}, erased_at = now() WHERE id = ${gone}`,
    );
    expect(ids(await searchPeople(db, "admin", "erased"))).not.toContain(gone);
    expect(ids(await searchPeople(db, "admin", gone))).toEqual([gone]);
  });
});

describe("the search's plan on the trigram indexes", () => {
  it("can use ix_users_email_trgm and ix_profiles_name_trgm instead of scanning the tables", async () => {
    // With a handful of rows the planner would rather scan; with scans off it shows an index serves the search.
    // The list's sort index on (name, user_id) would be walked whole with a filter here (cheapest at
    // this size, never at scale): it is dropped inside this transaction, which is rolled back.
    let plans: string[] = [];
    const rolledBack = new Error("rolled back on purpose");
    const attempt = database().db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      await tx.execute(sql`DROP INDEX IF EXISTS ix_profiles_name_user_id`);
      const explain = async (query: ReturnType<typeof sql>) => {
        const result: unknown = await tx.execute(sql`EXPLAIN ${query}`);
        const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
          string,
          string
        >[];
        return rows.map((row) => row["QUERY PLAN"]).join("\n");
      };
      plans = [
        await explain(sql`SELECT u.id FROM users u WHERE u.email ILIKE '%leon%' LIMIT 10`),
        await explain(sql`SELECT p.user_id FROM profiles p WHERE p.name ILIKE 'leo%' LIMIT 10`),
      ];
      throw rolledBack;
    });
    await expect(attempt).rejects.toBe(rolledBack);
    const [index] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'ix_profiles_name_user_id'`,
    );
    expect(index.n).toBe(1);
    expect(plans[0]).toContain("ix_users_email_trgm");
    expect(plans[1]).toContain("ix_profiles_name_trgm");
  });
});
