import "server-only";
import crypto from "node:crypto";

/**
 * What an audit row may say about the filters of an export: the parameter names, and a keyed
 * digest of their values. Filter values are often personal data (a searched email, a name, a user
 * id) and the audit trail is kept for years and exported itself, so the values never enter it.
 * The digest is an HMAC under the server's secret, not a bare hash: a bare SHA-256 of an email
 * is undone by hashing candidate emails. With the secret, an operator can still check whether an
 * export used given filters.
 */
export interface FilterDigest {
  fields: string[];
  valuesHmac: string | null;
}

export function filterDigest(
  filters: Record<string, string>,
  secret = process.env.NEXTAUTH_SECRET ?? "",
): FilterDigest {
  const fields = Object.keys(filters).sort();
  if (!fields.length) return { fields, valuesHmac: null };
  const canonical = JSON.stringify(fields.map((field) => [field, filters[field]]));
  return { fields, valuesHmac: crypto.createHmac("sha256", secret).update(canonical).digest("hex") };
}
