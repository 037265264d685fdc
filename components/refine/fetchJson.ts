/** An error from a GET route, carrying the server's message (400s name the parameter). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One visit of a compliance screen: a fresh id whenever the page changes (or reloads), sent with
 * every compliance read so the server logs the view once per visit, not once per page of results
 * (server/compliance/readLog.ts).
 */
let visit: { path: string; id: string } | null = null;
function complianceVisitHeaders(url: string): Record<string, string> {
  if (typeof window === "undefined" || !url.startsWith("/api/compliance/")) return {};
  const path = window.location.pathname;
  if (visit?.path !== path) visit = { path, id: randomUuid() };
  return { "x-compliance-view": visit.id };
}

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
function randomUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** GET a JSON route of this app; non-2xx responses become an ApiError with the server's message. */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, {
    headers: { Accept: "application/json", ...complianceVisitHeaders(url) },
    cache: "no-store",
  });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.message ?? `Request failed (${response.status})`);
  }
  return body as T;
}
