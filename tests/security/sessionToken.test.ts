import { decode as nextAuthDecode, encode as nextAuthEncode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeSessionToken, encodeSessionToken } from "@/server/auth/sessionToken";

/**
 * The session token with a cached key must stay next-auth's token: next-auth's own encode and
 * decode are the oracle, both ways, and every refusal next-auth makes is still made.
 */
const secret = "a-session-secret-for-tests-only-0123456789";
const claims = { staffId: "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a51", role: "admin", sessionVersion: 3, name: "Ada" };

afterEach(() => vi.useRealTimers());

describe("the session token", () => {
  it("is read by next-auth's own decode, claims and expiry as written", async () => {
    const token = await encodeSessionToken({ token: claims, secret, maxAge: 8 * 60 * 60 });
    const read = await nextAuthDecode({ token, secret });
    expect(read).toMatchObject(claims);
    expect(Number(read?.exp) - Number(read?.iat)).toBe(8 * 60 * 60);
    expect(read?.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [header] = token.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "dir", enc: "A256GCM" });
  });

  it("reads what next-auth's own encode wrote, with and without a salt", async () => {
    for (const salt of ["", "next-auth.session-token"]) {
      const token = await nextAuthEncode({ token: claims, secret, salt });
      expect(await decodeSessionToken({ token, secret, salt })).toMatchObject(claims);
      await expect(decodeSessionToken({ token, secret, salt: salt ? "" : "other" })).rejects.toThrow();
    }
  });

  it("keeps one key per secret: a token is never read under another secret", async () => {
    const token = await encodeSessionToken({ token: claims, secret });
    expect(await decodeSessionToken({ token, secret })).toMatchObject(claims);
    await expect(decodeSessionToken({ token, secret: `${secret}-rotated` })).rejects.toThrow();
    await expect(nextAuthDecode({ token, secret: `${secret}-rotated` })).rejects.toThrow();
    const other = await encodeSessionToken({ token: claims, secret: `${secret}-rotated` });
    await expect(decodeSessionToken({ token: other, secret })).rejects.toThrow();
  });

  it("refuses a token with any part altered", async () => {
    const token = await encodeSessionToken({ token: claims, secret });
    const parts = token.split(".");
    for (const part of [0, 2, 3, 4]) {
      const altered = [...parts];
      const text = altered[part];
      altered[part] = (text[0] === "A" ? "B" : "A") + text.slice(1);
      await expect(decodeSessionToken({ token: altered.join("."), secret }), `part ${part}`).rejects.toThrow();
    }
  });

  it("refuses a token that is not encrypted the way next-auth does", async () => {
    const unsecured = [
      Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url"),
      Buffer.from(JSON.stringify(claims)).toString("base64url"),
      "",
    ].join(".");
    await expect(decodeSessionToken({ token: unsecured, secret })).rejects.toThrow();
  });

  it("ends at its expiry, after next-auth's 15 s allowance for clocks", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-07T12:00:00Z"));
    const token = await encodeSessionToken({ token: claims, secret, maxAge: 60 });
    vi.setSystemTime(new Date("2026-12-07T12:01:14Z"));
    expect(await decodeSessionToken({ token, secret })).toMatchObject(claims);
    vi.setSystemTime(new Date("2026-12-07T12:01:16Z"));
    await expect(decodeSessionToken({ token, secret })).rejects.toThrow(/exp/);
  });

  it("reads no token as no session", async () => {
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
    expect(await decodeSessionToken({ token: "", secret })).toBeNull();
  });
});
