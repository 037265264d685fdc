import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseConfig } from "@/db/config";

/**
 * Readies next-auth's environment at server start (server/boot.ts). NEXTAUTH_URL defaults to
 * http://localhost:$PORT. NEXTAUTH_SECRET is required with DATABASE_URL; in embedded mode, when
 * unset, one is generated once and kept beside the PGlite data dir (mode 0600), so sessions
 * survive restarts without anyone having to configure a secret for a local install.
 */
export function ensureAuthEnvironment(
  config: { url?: string; pgliteDataDir: string } = databaseConfig,
  env: Record<string, string | undefined> = process.env,
): void {
  env.NEXTAUTH_URL ||= `http://localhost:${env.PORT || 3000}`;
  if (env.NEXTAUTH_SECRET) return;
  if (config.url) {
    throw new Error(
      "NEXTAUTH_SECRET is not set. With DATABASE_URL (PostgreSQL) it is required: set it to a long random value, " +
        "e.g. `openssl rand -base64 32`, the same on every server instance.",
    );
  }
  env.NEXTAUTH_SECRET = embeddedSecret(path.join(path.dirname(config.pgliteDataDir), "nextauth-secret"));
}

function embeddedSecret(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": never overwrite a secret another process wrote first.
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const secret = fs.readFileSync(file, "utf8").trim();
    if (secret.length < 32) throw new Error(`${file} holds no usable NEXTAUTH_SECRET: delete it to generate a new one`);
    return secret;
  }
}
