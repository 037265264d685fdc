import { describe, expect, it } from "vitest";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { healthResponse } from "../../server/health";
import { useFreshDatabase } from "../support/database";
import { currentEngine } from "../support/engine";

const database = useFreshDatabase();
const asRole = (role: StaffActor["role"]): StaffActor => ({
  staffId: crypto.randomUUID(),
  email: `${role}@saltbitter.test`,
  name: role,
  role,
});

describe("/api/health (issue #9 §4: up/down for anyone, details for admins)", () => {
  it("tells an anonymous caller only that it is up", async () => {
    const response = await runAsActor(null, () => healthResponse(Promise.resolve(database())));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("tells a signed-in non-admin no more than an anonymous caller", async () => {
    const response = await runAsActor(asRole("analyst"), () => healthResponse(Promise.resolve(database())));
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers 503 { ok: false } without the reason when the database is unavailable", async () => {
    const response = await runAsActor(null, () =>
      healthResponse(Promise.reject(new Error("data dir locked by pid 42"))),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false });
  });

  it("gives an admin the engine, the database role and its warning, and no user count", async () => {
    const response = await runAsActor(asRole("admin"), () => healthResponse(Promise.resolve(database())));
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, engine: currentEngine(), migrations: { pending: [] } });
    expect(body).not.toHaveProperty("users");
    // Tests connect as a superuser on both engines: the admin is told so.
    expect(body.database).toMatchObject({ superuser: true });
    expect((body.warnings as string[]).join("\n")).toMatch(
      currentEngine() === "pglite" ? /no security boundary/ : /superuser/,
    );
  });
});
