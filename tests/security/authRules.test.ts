import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { describe, expect, it, vi } from "vitest";
import {
  clientNetwork,
  installPeerAddressHeader,
  normalizeAddress,
  PEER_HEADER,
  trustedProxies,
  UNKNOWN_NETWORK,
} from "@/server/auth/clientAddress";
import { authOptions, SESSION_MAX_AGE_SECONDS } from "@/server/auth/options";
import { decodeSessionToken, encodeSessionToken } from "@/server/auth/sessionToken";
import { actions, crudResources, seesMaskedData } from "@/server/auth/permissions";
import { ensureAuthEnvironment } from "@/server/auth/secret";
import { normalizeEmail } from "@/server/auth/staffSignIn";
import {
  MAX_FAILED_SIGN_INS,
  MAX_FAILED_SIGN_INS_PER_NETWORK,
  SIGN_IN_WINDOW_MINUTES,
  THROTTLED_MESSAGE,
} from "@/server/auth/throttle";

/**
 * The parts of staff authentication that need no database: addresses and networks
 * (server/auth/clientAddress.ts), the next-auth options that decide without a lookup
 * (server/auth/options.ts), the secret's environment (server/auth/secret.ts) and the throttle's limits.
 * Expected values are written out by hand.
 */

installPeerAddressHeader();
const installedKey = Symbol.for("saltbitter.peerAddressHeader");
const none = trustedProxies("");

describe("addresses", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    [" 203.0.113.9 ", "203.0.113.9"],
    ["203.0.113.9:8080", "203.0.113.9"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["::FFFF:198.51.100.7", "198.51.100.7"],
    ["fe80::1%eth0", "fe80::1"],
    ["2001:db8::1", "2001:db8::1"],
  ])("%j is the address %j", (raw, address) => {
    expect(normalizeAddress(raw)).toBe(address);
  });

  it("keep an IPv4-mapped form that is not only the mapping, and a mapped address with a zone, as IPv6", () => {
    expect(normalizeAddress("1::ffff:1.2.3.4")).toBe("1::ffff:1.2.3.4");
    expect(normalizeAddress("::ffff:1.2.3.4%eth0")).toBe("::ffff:1.2.3.4");
  });

  it.each([
    undefined,
    "",
    "   ",
    "not-an-ip",
    "203.0.113.9:x",
    "203.0.113.9:80x",
    "1::203.0.113.9:80",
    "[2001:db8::1",
    "2001:db8::1]",
    "1.2.3.4.5",
    "x203.0.113.9:80",
  ])("%j is no address", (raw) => {
    expect(normalizeAddress(raw)).toBeNull();
  });
});

describe("the client's network", () => {
  const peer = (address: string, forwarded?: string | string[]) => ({
    [PEER_HEADER]: address,
    ...(forwarded ? { "x-forwarded-for": forwarded } : {}),
  });

  it("is the peer's network once the header is installed", () => {
    expect(clientNetwork(peer("203.0.113.9"), none)).toBe("203.0.113.0/24");
  });

  it("stays the trusted proxy's when the hop it reports is no address", () => {
    const trusted = trustedProxies("10.0.0.0/8");
    expect(clientNetwork(peer("10.0.0.1", "198.51.100.4, not-an-ip"), trusted)).toBe("10.0.0.0/24");
    expect(clientNetwork(peer("10.0.0.1", "not-an-ip"), trusted)).toBe("10.0.0.0/24");
  });

  it("walks past a trusted IPv6 proxy", () => {
    const trusted = trustedProxies("2001:db8:ffff::/48");
    expect(clientNetwork(peer("2001:db8:ffff::1", "198.51.100.4"), trusted)).toBe("198.51.100.0/24");
    expect(clientNetwork(peer("2001:db8:fffe::1", "198.51.100.4"), trusted)).toBe("2001:db8:fffe::/48");
  });

  it("is unknown without the peer header, or before the header is installed", () => {
    expect(UNKNOWN_NETWORK).toBe("unknown");
    expect(clientNetwork({}, none)).toBe("unknown");
    expect(clientNetwork(undefined, none)).toBe("unknown");
    expect(clientNetwork(peer("garbage"), none)).toBe("unknown");
    const globals = globalThis as Record<symbol, unknown>;
    delete globals[installedKey];
    try {
      expect(clientNetwork(peer("203.0.113.9"), none)).toBe("unknown");
    } finally {
      globals[installedKey] = true;
    }
    expect(clientNetwork(peer("203.0.113.9"), none)).toBe("203.0.113.0/24");
  });

  it("keeps the first three IPv6 groups, leading zeros dropped, embedded IPv4 as two groups", () => {
    expect(clientNetwork(peer("2001:0db8:000a:1::1"), none)).toBe("2001:db8:a::/48");
    expect(clientNetwork(peer("2001:DB8:ABCD::"), none)).toBe("2001:db8:abcd::/48");
    expect(clientNetwork(peer("2001:db8::"), none)).toBe("2001:db8:0::/48");
    expect(clientNetwork(peer("1:2:3:4:5:6:7:8"), none)).toBe("1:2:3::/48");
    expect(clientNetwork(peer("::"), none)).toBe("0:0:0::/48");
    // 192.0.2.33 is c000:221; with 64:ff9b:: in front the first three groups are 64:ff9b:0.
    expect(clientNetwork(peer("64:ff9b::192.0.2.33"), none)).toBe("64:ff9b:0::/48");
    expect(clientNetwork(peer("::192.0.2.33"), none)).toBe("0:0:0::/48");
    expect(clientNetwork(peer("1:2::192.0.2.33"), none)).toBe("1:2:0::/48");
    expect(clientNetwork(peer("1:2:3:4:5:6:192.0.2.33"), none)).toBe("1:2:3::/48");
  });

  it("reads X-Forwarded-For given as several header lines", () => {
    const trusted = trustedProxies("10.0.0.0/8");
    expect(clientNetwork(peer("10.0.0.1", ["198.51.100.4", "10.1.1.1"]), trusted)).toBe("198.51.100.0/24");
    expect(clientNetwork(peer("10.0.0.1", " 198.51.100.4 "), trusted)).toBe("198.51.100.0/24");
  });

  it("uses the environment's TRUSTED_PROXIES when no list is passed", () => {
    const saved = process.env.TRUSTED_PROXIES;
    try {
      process.env.TRUSTED_PROXIES = "10.0.0.1";
      expect(clientNetwork(peer("10.0.0.1", "198.51.100.4"))).toBe("198.51.100.0/24");
      delete process.env.TRUSTED_PROXIES;
      expect(clientNetwork(peer("10.0.0.1", "198.51.100.4"))).toBe("10.0.0.0/24");
    } finally {
      if (saved === undefined) delete process.env.TRUSTED_PROXIES;
      else process.env.TRUSTED_PROXIES = saved;
    }
  });
});

describe("TRUSTED_PROXIES", () => {
  it("trusts a single address as a /32 or /128, and ranges as written", () => {
    const list = trustedProxies(" 10.0.0.1 , ,2001:db8::1, 192.168.0.0/16, 2001:db8:ffff::/48");
    expect(list.check("10.0.0.1", "ipv4")).toBe(true);
    expect(list.check("10.0.0.2", "ipv4")).toBe(false);
    expect(list.check("2001:db8::1", "ipv6")).toBe(true);
    expect(list.check("2001:db8::2", "ipv6")).toBe(false);
    expect(list.check("192.168.200.1", "ipv4")).toBe(true);
    expect(list.check("192.169.0.1", "ipv4")).toBe(false);
    expect(list.check("2001:db8:ffff:1::1", "ipv6")).toBe(true);
    expect(list.check("2001:db8:fffe::1", "ipv6")).toBe(false);
    expect(trustedProxies("0.0.0.0/0").check("203.0.113.9", "ipv4")).toBe(true);
    expect(trustedProxies("::/0").check("2001:db8::9", "ipv6")).toBe(true);
    expect(trustedProxies("10.0.0.0/32").check("10.0.0.0", "ipv4")).toBe(true);
    expect(trustedProxies("::1/128").check("::1", "ipv6")).toBe(true);
  });

  it("is parsed once per value", () => {
    expect(trustedProxies("10.0.0.0/8")).toBe(trustedProxies("10.0.0.0/8"));
    expect(trustedProxies("10.0.0.0/8")).not.toBe(trustedProxies("10.0.0.0/9"));
  });

  it.each([
    "proxy.internal",
    "10.0.0.0/8x",
    "10.0.0.0/8.5",
    "10.0.0.0/-1",
    "::1/+8",
    "10.0.0.0/ 8",
    "2001:db8::/129",
    "10.0.0.0/33",
    // An empty or doubled prefix once passed as /0 or as the first one: every address trusted.
    "10.0.0.0/",
    "::/",
    "10.0.0.0/8/32",
    "/8",
  ])("refuses %j, naming it", (entry) => {
    expect(() => trustedProxies(entry)).toThrow(
      `TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1)`,
    );
  });
});

describe("the peer address header", () => {
  it("is stamped with the socket's address on every request, replacing one the client sent", async () => {
    installPeerAddressHeader(); // a second install changes nothing
    const server = http.createServer((request, response) => {
      response.end(String(request.headers[PEER_HEADER]));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, headers: { [PEER_HEADER]: "6.6.6.6" } }, (response) => {
            let text = "";
            response.on("data", (chunk: Buffer) => (text += chunk.toString()));
            response.on("end", () => resolve(text));
          })
          .on("error", reject);
      });
      expect(body).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("next-auth options without a lookup", () => {
  const session = authOptions.callbacks!.session!;
  const jwt = authOptions.callbacks!.jwt!;
  const authorize = (authOptions.providers[0] as CredentialsConfig).options.authorize as (
    credentials: Record<string, string> | undefined,
    req: { headers: Record<string, string> },
  ) => Promise<unknown>;
  const base = { expires: "2026-12-07T12:00:00.000Z" };
  const sessionOf = (token: Record<string, unknown>) =>
    session({ session: { ...base }, token, user: undefined as never, newSession: undefined, trigger: "update" });

  it("ask for an email and a hidden password", () => {
    const provider = authOptions.providers[0] as CredentialsConfig;
    expect(provider.options.name).toBe("Staff account");
    expect(provider.options.credentials).toEqual({
      email: { label: "Email", type: "email" },
      password: { label: "Password", type: "password" },
    });
  });

  it("keep sessions 8 hours, as JWTs, signing in at /login", () => {
    expect(SESSION_MAX_AGE_SECONDS).toBe(28_800);
    expect(authOptions.session).toEqual({ strategy: "jwt", maxAge: 28_800 });
    expect(authOptions.jwt).toEqual({ maxAge: 28_800, encode: encodeSessionToken, decode: decodeSessionToken });
    expect(authOptions.pages).toEqual({ signIn: "/login" });
  });

  it("put the staff member into the session, with a name even when the token has none", async () => {
    const staff = { staffId: "s-1", role: "analyst" };
    expect(await sessionOf({ ...staff, name: "Ana", email: "ana@x.test" })).toEqual({
      ...base,
      user: { staffId: "s-1", role: "analyst", name: "Ana", email: "ana@x.test" },
    });
    expect(await sessionOf({ ...staff, email: "ana@x.test" })).toEqual({
      ...base,
      user: { staffId: "s-1", role: "analyst", name: "ana@x.test", email: "ana@x.test" },
    });
    expect(await sessionOf({ ...staff })).toEqual({
      ...base,
      user: { staffId: "s-1", role: "analyst", name: "", email: "" },
    });
    expect(await sessionOf({ role: "analyst", name: "Ana" })).toEqual({ ...base, user: undefined });
    expect(await sessionOf({ staffId: "s-1", name: "Ana" })).toEqual({ ...base, user: undefined });
  });

  it("copy a signing-in user into the token and leave a token without a staff member alone", async () => {
    const user = { id: "s-2", role: "trust_safety", sessionVersion: 4, email: "t@x.test", name: "T" };
    expect(await jwt({ token: { sub: "s-2" }, user: user as never, account: null })).toEqual({
      sub: "s-2",
      staffId: "s-2",
      role: "trust_safety",
      sessionVersion: 4,
    });
    expect(await jwt({ token: { sub: "x", name: "n" }, user: undefined as never, account: null })).toEqual({
      sub: "x",
      name: "n",
    });
  });

  it("refuse a sign-in without email or password before anything else", async () => {
    const headers = { headers: {} };
    for (const credentials of [undefined, { email: "", password: "p" }, { email: "a@x.test", password: "" }]) {
      await expect(authorize(credentials as never, headers)).rejects.toThrow("Enter your email and password.");
    }
  });

  it("ignore a sign-out without a session", async () => {
    const signOut = authOptions.events!.signOut!;
    await expect(signOut({ token: null as never, session: undefined as never })).resolves.toBeUndefined();
    await expect(signOut({ token: { staffId: "s-1" } as never, session: undefined as never })).resolves.toBeUndefined();
  });
});

describe("roles", () => {
  it("mask personal data for analysts only", () => {
    expect(seesMaskedData("analyst")).toBe(true);
    expect(seesMaskedData("trust_safety")).toBe(false);
    expect(seesMaskedData("compliance_officer")).toBe(false);
    expect(seesMaskedData("admin")).toBe(false);
  });

  it("act on twelve tables with six actions", () => {
    expect([...actions]).toEqual(["list", "show", "create", "edit", "delete", "export"]);
    expect([...crudResources]).toEqual([
      "users",
      "profiles",
      "attachment_assessments",
      "matches",
      "messages",
      "events",
      "event_registrations",
      "subscriptions",
      "payments",
      "consent_logs",
      "compliance_logs",
      "ai_interactions",
    ]);
  });
});

describe("sign-in limits", () => {
  it("are 5 per email and network, 20 per network, over 15 minutes", () => {
    expect(MAX_FAILED_SIGN_INS).toBe(5);
    expect(MAX_FAILED_SIGN_INS_PER_NETWORK).toBe(20);
    expect(SIGN_IN_WINDOW_MINUTES).toBe(15);
    expect(THROTTLED_MESSAGE).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
  });

  it("compare emails trimmed and lower-cased", () => {
    expect(normalizeEmail("  Ana@Example.TEST ")).toBe("ana@example.test");
  });
});

describe("password hashing cost", () => {
  const costWhere = async (environment: Record<"VITEST" | "NODE_ENV", string | undefined>) => {
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
    vi.resetModules();
    try {
      return await import("@/server/auth/passwordCost");
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  };

  it("is bcrypt cost 12 outside vitest, NODE_ENV=test included, and unknown emails are compared at that cost", async () => {
    for (const nodeEnv of ["production", "development", "test"]) {
      const { BCRYPT_COST, DUMMY_HASH } = await costWhere({ VITEST: undefined, NODE_ENV: nodeEnv });
      expect(BCRYPT_COST).toBe(12);
      expect(bcrypt.getRounds(DUMMY_HASH)).toBe(12);
    }
  });

  it("is bcrypt's minimum, 4, inside vitest's workers only, the unknown-email hash with it", async () => {
    const { BCRYPT_COST, DUMMY_HASH } = await costWhere({ VITEST: "true", NODE_ENV: "test" });
    expect(BCRYPT_COST).toBe(4);
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(4);
  });
});

describe("the auth environment", () => {
  it("defaults NEXTAUTH_URL to port 3000 and keeps one already set", () => {
    const env: Record<string, string | undefined> = { NEXTAUTH_SECRET: "s".repeat(40) };
    ensureAuthEnvironment({ url: "postgres://x/y", pgliteDataDir: "/nonexistent" }, env);
    expect(env).toEqual({ NEXTAUTH_SECRET: "s".repeat(40), NEXTAUTH_URL: "http://localhost:3000" });
    const set: Record<string, string | undefined> = { NEXTAUTH_SECRET: "k", NEXTAUTH_URL: "https://bo.test" };
    ensureAuthEnvironment({ pgliteDataDir: "/nonexistent/pglite" }, set);
    expect(set).toEqual({ NEXTAUTH_SECRET: "k", NEXTAUTH_URL: "https://bo.test" });
    expect(fs.existsSync("/nonexistent")).toBe(false);
  });

  it("with DATABASE_URL and no secret, says how to make one", () => {
    expect(() => ensureAuthEnvironment({ url: "postgres://x/y", pgliteDataDir: "/nonexistent" }, {})).toThrow(
      "NEXTAUTH_SECRET is not set. With DATABASE_URL (PostgreSQL) it is required: set it to a long random value, " +
        "e.g. `openssl rand -base64 32`, the same on every server instance.",
    );
  });

  it("passes on a failure to write the secret other than finding one already there", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-secret-rules-"));
    const denied = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    const write = vi.spyOn(fs, "writeFileSync").mockImplementation(() => {
      throw denied;
    });
    try {
      expect(() => ensureAuthEnvironment({ pgliteDataDir: path.join(dir, "pglite") }, {})).toThrow(denied);
    } finally {
      write.mockRestore();
      fs.rmSync(dir, { recursive: true });
    }
  });

  it("generates a 32-byte secret in a directory it creates, and refuses a short one left in the file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-secret-rules-"));
    try {
      const env: Record<string, string | undefined> = {};
      ensureAuthEnvironment({ pgliteDataDir: path.join(dir, "nested", "pglite") }, env);
      expect(env.NEXTAUTH_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(fs.readFileSync(path.join(dir, "nested", "nextauth-secret"), "utf8")).toBe(env.NEXTAUTH_SECRET);

      const file = path.join(dir, "nextauth-secret");
      fs.writeFileSync(file, `  ${"a".repeat(32)}\n`);
      const reused: Record<string, string | undefined> = {};
      ensureAuthEnvironment({ pgliteDataDir: path.join(dir, "pglite") }, reused);
      expect(reused.NEXTAUTH_SECRET).toBe("a".repeat(32));

      fs.writeFileSync(file, "a".repeat(31));
      expect(() => ensureAuthEnvironment({ pgliteDataDir: path.join(dir, "pglite") }, {})).toThrow(
        `${file} holds no usable NEXTAUTH_SECRET: delete it to generate a new one`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
