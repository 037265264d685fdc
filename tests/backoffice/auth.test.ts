import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { authOptions } from "@/server/auth/options";
import { ensureAuthEnvironment } from "@/server/auth/secret";
import { changeStaffRole, createStaff, resetStaffPassword, setStaffDisabled } from "@/server/actions/staffActions";
import { THROTTLED_MESSAGE } from "@/server/auth/throttle";
import { BCRYPT_COST, DUMMY_HASH } from "@/server/auth/staffSignIn";
import { as, useSeededDatabase } from "./support";
import { GET as listStaffRoute } from "@/app/api/staff/route";
import { runAsActor } from "@/server/auth/actor";

/** Staff sign-in (next-auth credentials provider), throttling, disabled accounts, staff management, the secret. */
const { database, actor } = useSeededDatabase(10);
const authorize = (authOptions.providers[0] as CredentialsConfig).options.authorize as (
  credentials: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<{ id: string; role: string } | null>;
const signIn = (email: string, password: string, ip = "203.0.113.1") =>
  authorize({ email, password }, { headers: { "x-forwarded-for": ip } }).then(
    (user) => ({ user, error: undefined as string | undefined }),
    (error: Error) => ({ user: null, error: error.message }),
  );

type Token = Record<string, unknown>;
const jwt = authOptions.callbacks!.jwt!;
/** Signs in through the credentials provider and returns the JWT next-auth would put in the cookie. */
async function sessionFor(email: string, password: string): Promise<Token> {
  const { user, error } = await signIn(email, password);
  if (!user) throw new Error(`sign-in as ${email} failed: ${error}`);
  return (await jwt({ token: {}, user: user as never, account: null })) as Token;
}
/** Whether next-auth, on the next request with this token, still sees a signed-in staff member. */
async function stillValid(token: Token): Promise<boolean> {
  const next = (await jwt({ token: { ...token }, user: undefined as never, account: null })) as Token;
  return typeof next.staffId === "string";
}
const signOut = (token: Token) => authOptions.events!.signOut!({ token: token as never, session: undefined as never });

describe("staff sign-in", () => {
  it("signs in with the right password, carries the role and updates last_login_at", async () => {
    const { user, error } = await signIn("Trust@Saltbitter.test", "demo-trust-2026");
    expect(error).toBeUndefined();
    expect(user).toMatchObject({ id: actor("trust_safety").staffId, role: "trust_safety" });
    const [row] = await database().rows<{ last_login_at: string | null }>(
      sql`SELECT last_login_at FROM staff_accounts WHERE id = ${actor("trust_safety").staffId}`,
    );
    expect(row.last_login_at).not.toBeNull();
  });

  it("refuses a wrong password and an unknown email with the same message, each logged", async () => {
    expect((await signIn("trust@saltbitter.test", "wrong-password", "198.51.100.7")).error).toBe(
      "Incorrect email or password.",
    );
    expect((await signIn("nobody@saltbitter.test", "whatever", "198.51.100.7")).error).toBe(
      "Incorrect email or password.",
    );
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM compliance_logs WHERE action_type = 'staff.auth.sign_in_failed' AND metadata->>'ip' = '198.51.100.7'`,
    );
    expect(Number(n)).toBe(2);
  });

  it("compares unknown emails against a hash as costly as a real one", () => {
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(BCRYPT_COST);
  });

  it("after 5 failures for one email in 15 minutes, even the right password is refused (logged)", async () => {
    for (let i = 0; i < 5; i++) await signIn("analyst@saltbitter.test", `bad-${i}`, `192.0.2.${i + 10}`);
    const result = await signIn("analyst@saltbitter.test", "demo-analyst-2026", "192.0.2.99");
    expect(result.error).toBe(THROTTLED_MESSAGE);
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM compliance_logs WHERE action_type = 'staff.auth.sign_in_throttled' AND metadata->>'email' = 'analyst@saltbitter.test'`,
    );
    expect(Number(n)).toBe(1);
  });

  it("after 5 failures from one IP, other emails from that IP are refused too", async () => {
    for (let i = 0; i < 5; i++) await signIn(`guess${i}@saltbitter.test`, "x", "192.0.2.200");
    expect((await signIn("compliance@saltbitter.test", "demo-compliance-2026", "192.0.2.200")).error).toBe(
      THROTTLED_MESSAGE,
    );
    expect((await signIn("compliance@saltbitter.test", "demo-compliance-2026", "192.0.2.201")).error).toBeUndefined();
  });

  it("a disabled account cannot sign in, and its live session stops working", async () => {
    const created = await as(actor("admin"), () =>
      createStaff({ email: "temp@saltbitter.test", name: "Temp", role: "analyst", password: "long-enough-pw" }),
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const token = await sessionFor("temp@saltbitter.test", "long-enough-pw");
    expect(await stillValid(token)).toBe(true);
    expect(
      await as(actor("admin"), () => setStaffDisabled({ staffId: created.data.id, disabled: true })),
    ).toMatchObject({ ok: true });
    expect((await signIn("temp@saltbitter.test", "long-enough-pw")).error).toMatch(/disabled/);
    expect(await stillValid(token)).toBe(false);
    // Enabling the account again does not bring the old session back.
    await as(actor("admin"), () => setStaffDisabled({ staffId: created.data.id, disabled: false }));
    expect(await stillValid(token)).toBe(false);
    expect(await stillValid(await sessionFor("temp@saltbitter.test", "long-enough-pw"))).toBe(true);
  });
});

describe("revocable sessions", () => {
  const email = "sessions@saltbitter.test";
  const password = "sessions-password-1";
  let staffId = "";
  beforeAll(async () => {
    const created = await as(actor("admin"), () => createStaff({ email, name: "Sessions", role: "analyst", password }));
    if (!created.ok) throw new Error("could not create the staff account");
    staffId = created.data.id;
  });

  it("sign-out ends every session of the account, including a copied token, and is logged", async () => {
    const first = await sessionFor(email, password);
    const copy = { ...first };
    const other = await sessionFor(email, password);
    await signOut(first);
    expect(await stillValid(first)).toBe(false);
    expect(await stillValid(copy)).toBe(false);
    expect(await stillValid(other)).toBe(false);
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM compliance_logs WHERE action_type = 'staff.auth.sign_out' AND staff_id = ${staffId}`,
    );
    expect(Number(n)).toBe(1);
    expect(await stillValid(await sessionFor(email, password))).toBe(true);
  });

  it("a stale token signing out does not end a newer session", async () => {
    const stale = await sessionFor(email, password);
    await signOut(await sessionFor(email, password));
    const fresh = await sessionFor(email, password);
    await signOut(stale);
    expect(await stillValid(fresh)).toBe(true);
  });

  it("a password reset and a role change end the account's sessions; another account's change does not", async () => {
    const bystander = await sessionFor("trust@saltbitter.test", "demo-trust-2026");
    const beforeReset = await sessionFor(email, password);
    await as(actor("admin"), () => resetStaffPassword({ staffId, password: "sessions-password-2" }));
    expect(await stillValid(beforeReset)).toBe(false);
    const beforeRoleChange = await sessionFor(email, "sessions-password-2");
    await as(actor("admin"), () => changeStaffRole({ staffId, role: "analyst" })); // unchanged role: no effect
    expect(await stillValid(beforeRoleChange)).toBe(true);
    await as(actor("admin"), () => changeStaffRole({ staffId, role: "compliance_officer" }));
    expect(await stillValid(beforeRoleChange)).toBe(false);
    expect(await stillValid(bystander)).toBe(true);
  });

  it("a token from before session versions existed (no version) is not accepted", async () => {
    expect(await stillValid({ staffId, role: "analyst" })).toBe(false);
  });
});

describe("staff management", () => {
  it("admins create staff (hash never returned), change roles and reset passwords, audited", async () => {
    const created = await as(actor("admin"), () =>
      createStaff({
        email: "New.Person@Saltbitter.test",
        name: "New Person",
        role: "analyst",
        password: "initial-password",
      }),
    );
    expect(created).toMatchObject({ ok: true, data: { email: "new.person@saltbitter.test", role: "analyst" } });
    expect(JSON.stringify(created)).not.toMatch(/password/i);
    if (!created.ok) return;
    const id = created.data.id;
    expect(await as(actor("admin"), () => changeStaffRole({ staffId: id, role: "trust_safety" }))).toMatchObject({
      ok: true,
      data: { role: "trust_safety" },
    });
    expect(await as(actor("admin"), () => resetStaffPassword({ staffId: id, password: "short" }))).toMatchObject({
      ok: false,
      error: { fieldErrors: { password: expect.stringContaining("12") } },
    });
    expect(
      await as(actor("admin"), () => resetStaffPassword({ staffId: id, password: "a-new-password-1" })),
    ).toMatchObject({ ok: true });
    expect((await signIn("new.person@saltbitter.test", "a-new-password-1")).user).toMatchObject({
      role: "trust_safety",
    });
    const audits = await database().rows<{ action_type: string }>(
      sql`SELECT action_type FROM compliance_logs WHERE metadata->>'recordId' = ${id} ORDER BY timestamp`,
    );
    expect(audits.map((a) => a.action_type)).toEqual([
      "staff.staff_accounts.create",
      "staff.staff_accounts.change_role",
      "staff.staff_accounts.reset_password",
    ]);
    const duplicate = await as(actor("admin"), () =>
      createStaff({
        email: "new.person@saltbitter.test",
        name: "Again",
        role: "analyst",
        password: "initial-password",
      }),
    );
    expect(duplicate).toMatchObject({ ok: false, error: { fieldErrors: { email: expect.any(String) } } });
  });

  it("only admins manage staff or list them", async () => {
    for (const role of ["trust_safety", "compliance_officer", "analyst"] as const) {
      expect(
        await as(actor(role), () => changeStaffRole({ staffId: actor(role).staffId, role: "admin" })),
      ).toMatchObject({
        ok: false,
        error: { code: "forbidden" },
      });
      const response = await runAsActor(actor(role), () => listStaffRoute(new Request("http://x/api/staff")));
      expect(response.status).toBe(403);
    }
    const response = await runAsActor(actor("admin"), () => listStaffRoute(new Request("http://x/api/staff")));
    const body = (await response.json()) as { data: { email: string }[] };
    expect(body.data.map((s) => s.email)).toContain("admin@saltbitter.test");
    expect(JSON.stringify(body)).not.toMatch(/password/i);
  });

  it("nobody disables themselves; the last active admin cannot be demoted or disabled", async () => {
    const admin = actor("admin");
    expect(await as(admin, () => setStaffDisabled({ staffId: admin.staffId, disabled: true }))).toMatchObject({
      ok: false,
      error: { fieldErrors: { disabled: "You cannot disable your own account" } },
    });
    expect(await as(admin, () => changeStaffRole({ staffId: admin.staffId, role: "analyst" }))).toMatchObject({
      ok: false,
      error: { fieldErrors: { role: expect.stringContaining("last active admin") } },
    });
    const second = await as(admin, () =>
      createStaff({
        email: "second.admin@saltbitter.test",
        name: "Second",
        role: "admin",
        password: "second-admin-pw",
      }),
    );
    if (!second.ok) throw new Error("could not create a second admin");
    const secondActor = { staffId: second.data.id, email: second.data.email, name: "Second", role: "admin" as const };
    // Two admins demoting each other at once: the locks make one of them fail.
    const results = await Promise.all([
      as(admin, () => changeStaffRole({ staffId: second.data.id, role: "analyst" })),
      as(secondActor, () => changeStaffRole({ staffId: admin.staffId, role: "analyst" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      error: { fieldErrors: { role: expect.stringContaining("last active admin") } },
    });
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM staff_accounts WHERE role = 'admin' AND NOT disabled`,
    );
    expect(Number(n)).toBe(1);
  });
});

describe("NEXTAUTH_SECRET", () => {
  it("is generated once beside the PGlite data dir (mode 0600) in embedded mode and reused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-secret-"));
    const config = { pgliteDataDir: path.join(dir, "pglite") };
    const first: Record<string, string | undefined> = { PORT: "4123" };
    ensureAuthEnvironment(config, first);
    const file = path.join(dir, "nextauth-secret");
    expect(first.NEXTAUTH_SECRET).toBe(fs.readFileSync(file, "utf8"));
    expect(first.NEXTAUTH_URL).toBe("http://localhost:4123");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second: Record<string, string | undefined> = {};
    ensureAuthEnvironment(config, second);
    expect(second.NEXTAUTH_SECRET).toBe(first.NEXTAUTH_SECRET);
    fs.rmSync(dir, { recursive: true });
  });

  it("is required with DATABASE_URL", () => {
    expect(() => ensureAuthEnvironment({ url: "postgres://x/y", pgliteDataDir: "/nonexistent" }, {})).toThrow(
      /NEXTAUTH_SECRET/,
    );
  });
});
