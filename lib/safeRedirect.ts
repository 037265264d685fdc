/**
 * The one check on where to go after signing in (the login form's callbackUrl and next-auth's
 * redirect callback): only a same-origin absolute path, else `fallback`. Browsers are generous
 * with URLs — they drop tabs and newlines, read `\` as `/`, and resolve `/.//evil` or `/..//evil`
 * to `//evil`, a protocol-relative URL to another host — so anything that could become one is
 * refused rather than repaired, in its raw form and in every percent-decoded form.
 */
export function safeRedirectPath(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  if (unsafeCharacter.test(raw)) return fallback;
  const path = raw.split(/[?#]/, 1)[0];
  let form = path;
  // Three rounds of decoding cover double and triple encoding; anything still encoded is refused.
  for (let round = 0; ; round++) {
    if (!isPlainPath(form)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(form);
    } catch {
      return fallback;
    }
    if (decoded === form) break;
    if (round === 3) return fallback;
    form = decoded;
  }
  // Belt and braces: the URL parser must agree that it stays on this origin, with this path.
  const base = "http://origin.invalid";
  const url = new URL(raw, base);
  if (url.origin !== base || url.pathname !== path) return fallback;
  return raw;
}

/** Control characters, whitespace and backslashes: never part of a path this app links to. */
const unsafeCharacter = /[\u0000-\u0020\u007f-\u009f\\\u2028\u2029]/;

function isPlainPath(path: string): boolean {
  if (!path.startsWith("/") || path.includes("//") || unsafeCharacter.test(path)) return false;
  return path
    .split("/")
    .slice(1)
    .every((segment) => segment !== "." && segment !== "..");
}
