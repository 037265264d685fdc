import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "@/db/client";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { authOptions } from "@/server/auth/options";
import { ensureAuthEnvironment } from "@/server/auth/secret";
import { changeStaffRole, createStaff, resetStaffPassword, setStaffDisabled } from "@/server/actions/staffActions";
import { MAX_FAILED_SIGN_INS_PER_NETWORK, THROTTLED_MESSAGE } from "@/server/auth/throttle";
import { clientNetwork, installPeerAddressHeader, PEER_HEADER, trustedProxies } from "@/server/auth/clientAddress";
import { unlockStaffSignIn } from "@/server/actions/staffActions";
import { BCRYPT_COST, DUMMY_HASH } from "@/server/auth/passwordCost";
import { as, useSeededDatabase } from "./support";
import { GET as listStaffRoute } from "@/app/api/staff/route";
import { runAsActor } from "@/server/auth/actor";

/** Staff sign-in (next-auth credentials provider), throttling, disabled accounts, staff management, the secret. */
const { database, actor } = useSeededDatabase(10);
const authorize = (authOptions.providers[0] as CredentialsConfig).options.authorize as (
  credentials: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<{ id: string; role: string } | null>;
// The server stamps each request with its socket address (instrumentation.ts); here the test plays the socket.
installPeerAddressHeader();
const signIn = (email: string, password: string, peer = "203.0.113.1", headers: Record<string, string> = {}) =>
  authorize({ email, password }, { headers: { ...headers, [PEER_HEADER]: peer } }).then(
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

  it("refuses a wrong password and an unknown email with the same message, each logged with the network only", async () => {
    expect((await signIn("trust@saltbitter.test", "wrong-password", "198.51.100.7")).error).toBe(
      "Incorrect email or password.",
    );
    expect((await signIn("nobody@saltbitter.test", "whatever", "198.51.100.7")).error).toBe(
      "Incorrect email or password.",
    );
    const rows = await database().rows<{ metadata: Record<string, unknown> }>(
      sql`SELECT metadata FROM compliance_logs WHERE action_type = 'staff.auth.sign_in_failed' AND metadata->>'network' = '198.51.100.0/24'`,
    );
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain("198.51.100.7");
  });

  it("compares unknown emails against a hash as costly as a real one", () => {
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(BCRYPT_COST);
  });
});

const failedAttempts = async (email: string) => {
  const [{ failed, throttled }] = await database().rows<{ failed: number; throttled: number }>(sql`
    SELECT count(*) FILTER (WHERE action_type = 'staff.auth.sign_in_failed')::int AS failed,
           count(*) FILTER (WHERE action_type = 'staff.auth.sign_in_throttled')::int AS throttled
    FROM compliance_logs WHERE metadata->>'email' = ${email}`);
  return { failed: Number(failed), throttled: Number(throttled) };
};

describe("sign-in throttling", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.TRUSTED_PROXIES;
  });

  it("after 5 failures for one email from one network, even the right password is refused there (logged), not elsewhere", async () => {
    for (let i = 0; i < 5; i++) await signIn("analyst@saltbitter.test", `bad-${i}`, `192.0.2.${i + 10}`);
    // Another address in the same /24 is the same network.
    expect((await signIn("analyst@saltbitter.test", "demo-analyst-2026", "192.0.2.99")).error).toBe(THROTTLED_MESSAGE);
    expect(await failedAttempts("analyst@saltbitter.test")).toEqual({ failed: 5, throttled: 1 });
    // The colleague, from their own network, is not locked out by the stranger's guesses.
    expect((await signIn("analyst@saltbitter.test", "demo-analyst-2026", "198.18.7.1")).error).toBeUndefined();
  });

  it("a client-supplied X-Forwarded-For changes nothing by default: the socket address counts", async () => {
    for (let i = 0; i < 5; i++) {
      const spoofed = { "x-forwarded-for": `100.64.${i}.1`, "x-real-ip": `100.65.${i}.1` };
      await signIn("compliance@saltbitter.test", `bad-${i}`, "198.51.105.50", spoofed);
    }
    const again = await signIn("compliance@saltbitter.test", "demo-compliance-2026", "198.51.105.50", {
      "x-forwarded-for": "100.66.0.1",
    });
    expect(again.error).toBe(THROTTLED_MESSAGE);
    const networks = await database().rows<{ network: string }>(
      sql`SELECT DISTINCT metadata->>'network' AS network FROM compliance_logs WHERE metadata->>'email' = 'compliance@saltbitter.test'`,
    );
    expect(networks.map((n) => n.network)).toEqual(["198.51.105.0/24"]);
  });

  it("behind a proxy listed in TRUSTED_PROXIES, the client is the hop that proxy reports", async () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8, ::1";
    const viaProxy = (client: string, password: string) =>
      signIn("proxied@saltbitter.test", password, "10.1.2.3", { "x-forwarded-for": `6.6.6.6, ${client}` });
    for (let i = 0; i < 5; i++) await viaProxy("192.88.99.77", `bad-${i}`);
    expect((await viaProxy("192.88.99.78", "bad")).error).toBe(THROTTLED_MESSAGE);
    // A different client behind the same proxy is a different network.
    expect((await viaProxy("198.51.106.200", "bad")).error).toBe("Incorrect email or password.");
    const networks = await database().rows<{ network: string }>(
      sql`SELECT DISTINCT metadata->>'network' AS network FROM compliance_logs WHERE metadata->>'email' = 'proxied@saltbitter.test' ORDER BY 1`,
    );
    expect(networks.map((n) => n.network)).toEqual(["192.88.99.0/24", "198.51.106.0/24"]);
  });

  it("20 parallel wrong passwords get at most 5 password checks", async () => {
    const compare = vi.spyOn(bcrypt, "compare");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn("racer@saltbitter.test", `bad-${i}`, "198.51.107.99")),
    );
    expect(compare.mock.calls.length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.error === THROTTLED_MESSAGE).length).toBeGreaterThanOrEqual(15);
    expect((await failedAttempts("racer@saltbitter.test")).failed).toBeLessThanOrEqual(5);
  });

  it(`${MAX_FAILED_SIGN_INS_PER_NETWORK} failures from one network across emails lock that network out (spraying)`, async () => {
    const spray = (email: string, password: string) => signIn(email, password, `198.51.104.${email.length}`);
    for (let i = 0; i < MAX_FAILED_SIGN_INS_PER_NETWORK; i++) await spray(`guess${i}@saltbitter.test`, "x");
    expect((await spray("trust@saltbitter.test", "demo-trust-2026")).error).toBe(THROTTLED_MESSAGE);
    expect((await signIn("trust@saltbitter.test", "demo-trust-2026", "198.51.101.1")).error).toBeUndefined();
  });

  it("a lockout ends when its 15-minute window is over", async () => {
    for (let i = 0; i < 5; i++) await signIn("trust@saltbitter.test", `bad-${i}`, "198.51.102.1");
    expect((await signIn("trust@saltbitter.test", "demo-trust-2026", "198.51.102.1")).error).toBe(THROTTLED_MESSAGE);
    await database().exec(
      "UPDATE staff_sign_in_throttle SET window_started_at = now() - interval '16 minutes' WHERE address = '198.51.102.0/24'",
    );
    expect((await signIn("trust@saltbitter.test", "demo-trust-2026", "198.51.102.1")).error).toBeUndefined();
  });

  it("an admin unlocks a locked-out account (audited); other roles cannot", async () => {
    for (let i = 0; i < 5; i++) await signIn("trust@saltbitter.test", `bad-${i}`, "198.51.103.1");
    expect((await signIn("trust@saltbitter.test", "demo-trust-2026", "198.51.103.1")).error).toBe(THROTTLED_MESSAGE);
    const listed = async () => {
      const response = await runAsActor(actor("admin"), () => listStaffRoute(new Request("http://x/api/staff")));
      const body = (await response.json()) as { data: { email: string; lockedOut: boolean }[] };
      return body.data.find((s) => s.email === "trust@saltbitter.test")?.lockedOut;
    };
    expect(await listed()).toBe(true);
    const staffId = actor("trust_safety").staffId;
    expect(await as(actor("compliance_officer"), () => unlockStaffSignIn({ staffId }))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await as(actor("admin"), () => unlockStaffSignIn({ staffId }))).toMatchObject({ ok: true });
    expect(await listed()).toBe(false);
    expect((await signIn("trust@saltbitter.test", "demo-trust-2026", "198.51.103.1")).error).toBeUndefined();
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM compliance_logs WHERE action_type = 'staff.staff_accounts.unlock_sign_in' AND metadata->>'recordId' = ${staffId}`,
    );
    expect(Number(n)).toBe(1);
  });
});

describe("the client's network", () => {
  const peer = (address: string, forwarded?: string) => ({
    [PEER_HEADER]: address,
    ...(forwarded ? { "x-forwarded-for": forwarded } : {}),
  });

  it("is the socket address truncated to /24 (IPv4) or /48 (IPv6)", () => {
    const none = trustedProxies("");
    expect(clientNetwork(peer("203.0.113.9", "1.1.1.1"), none)).toBe("203.0.113.0/24");
    expect(clientNetwork(peer("::ffff:203.0.113.9"), none)).toBe("203.0.113.0/24");
    expect(clientNetwork(peer("2001:db8:abcd:12::1"), none)).toBe("2001:db8:abcd::/48");
    expect(clientNetwork(peer("2001:0db8::1"), none)).toBe("2001:db8:0::/48");
    expect(clientNetwork(peer("::1"), none)).toBe("0:0:0::/48");
  });

  it("walks X-Forwarded-For from the right only through trusted proxies, and never takes a hop that is no address", () => {
    const trusted = trustedProxies("10.0.0.0/8,2001:db8:ffff::/48");
    expect(clientNetwork(peer("10.0.0.1", "6.6.6.6, 10.9.9.9, 198.51.100.4"), trusted)).toBe("198.51.100.0/24");
    expect(clientNetwork(peer("10.0.0.1", "198.51.100.4, 10.9.9.9"), trusted)).toBe("198.51.100.0/24");
    expect(clientNetwork(peer("2001:db8:ffff::1", "[2001:db8:1:2::3]:443"), trusted)).toBe("2001:db8:1::/48");
    expect(clientNetwork(peer("10.0.0.1", "not-an-ip"), trusted)).toBe("10.0.0.0/24");
    expect(clientNetwork(peer("10.0.0.1", "198.51.100.4\u0000"), trusted)).toBe("10.0.0.0/24");
    expect(clientNetwork(peer("192.0.2.1", "198.51.100.4"), trusted)).toBe("192.0.2.0/24");
  });

  it("refuses a TRUSTED_PROXIES entry that is no address or range", () => {
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8x", "::1/129"]) {
      expect(() => trustedProxies(bad)).toThrow(/TRUSTED_PROXIES/);
    }
  });
});

describe("disabled accounts", () => {
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
