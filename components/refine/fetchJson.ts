/** An error from a GET route, carrying the server's message (400s name the parameter). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET a JSON route of this app; non-2xx responses become an ApiError with the server's message. */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.message ?? `Request failed (${response.status})`);
  }
  return body as T;
}
