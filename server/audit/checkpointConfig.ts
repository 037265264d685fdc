import path from "node:path";
import { databaseConfig } from "@/db/config";
import { loadKeyFile, parseSigningKey, parseVerifyKey, type SigningKey, type VerifyKey } from "./signingKey";

/**
 * Where and how often audit checkpoints are written (docs/security-database.md):
 *   AUDIT_CHECKPOINT_ROWS     a checkpoint at every multiple of this many rows (default 100)
 *   AUDIT_CHECKPOINT_MINUTES  and one of the head this often when rows were added (default 5)
 *   AUDIT_CHECKPOINT_FILE     JSON lines, appended (default: beside the data dir, see below)
 *   AUDIT_SIGNING_KEY         the signing key itself (see signingKey.ts for formats), else
 *   AUDIT_SIGNING_KEY_FILE    a key file, created on first use (the embedded engine has one by default)
 *   AUDIT_VERIFY_KEY          a public key verifiers may trust besides the signing key's own
 * No `server-only`: the audit:verify-db CLI uses it.
 */
export interface CheckpointSettings {
  everyRows: number;
  everyMinutes: number;
  file: string;
  /** Null: no key configured (PostgreSQL without AUDIT_SIGNING_KEY / _FILE): no checkpoints are written. */
  signingKey: SigningKey | null;
  /** Keys whose checkpoints verification accepts: the signing key's and AUDIT_VERIFY_KEY. */
  trustedKeys: VerifyKey[];
}

function positive(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${text}: expected a positive number`);
  return value;
}

/** Beside the embedded data dir (./.data/pglite → ./.data/pglite-audit-…), or in ./.data for PostgreSQL. */
function besideDataDir(suffix: string): string {
  const base = databaseConfig.url
    ? path.resolve(/*turbopackIgnore: true*/ ".data", "audit")
    : databaseConfig.pgliteDataDir + "-audit";
  return `${base}-${suffix}`;
}

export function checkpointSettings(): CheckpointSettings {
  const everyRows = positive("AUDIT_CHECKPOINT_ROWS", 100);
  // A fraction would floor to 0, and `seq % 0` never marks a boundary: no checkpoints, silently.
  if (!Number.isInteger(everyRows))
    throw new Error(`AUDIT_CHECKPOINT_ROWS=${process.env.AUDIT_CHECKPOINT_ROWS}: expected a whole number of rows`);
  const everyMinutes = positive("AUDIT_CHECKPOINT_MINUTES", 5);
  const file = path.resolve(
    /*turbopackIgnore: true*/ process.env.AUDIT_CHECKPOINT_FILE || besideDataDir("checkpoints.jsonl"),
  );
  let signingKey: SigningKey | null = null;
  if (process.env.AUDIT_SIGNING_KEY) signingKey = parseSigningKey(process.env.AUDIT_SIGNING_KEY, "AUDIT_SIGNING_KEY");
  else if (process.env.AUDIT_SIGNING_KEY_FILE)
    signingKey = loadKeyFile(path.resolve(process.env.AUDIT_SIGNING_KEY_FILE), true);
  // The embedded default is single-machine by nature: a key file beside its data dir, made on first use.
  else if (!databaseConfig.url) signingKey = loadKeyFile(besideDataDir("signing-key.pem"), true);
  const trustedKeys: VerifyKey[] = signingKey ? [signingKey] : [];
  if (process.env.AUDIT_VERIFY_KEY) trustedKeys.push(parseVerifyKey(process.env.AUDIT_VERIFY_KEY, "AUDIT_VERIFY_KEY"));
  return { everyRows, everyMinutes, file, signingKey, trustedKeys };
}
