/**
 * react-query's `retry` for this app's reads: an answer in the 4xx range (404 no such record, 403
 * not allowed, 400 bad parameter) will be the same on every try, so it is shown at once; network
 * failures and 5xx are retried twice.
 */
export function retryUnlessRefused(failureCount: number, error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) return false;
  return failureCount < 2;
}

/** True when a read failed because the record does not exist. */
export const isNotFound = (error: unknown): boolean => (error as { statusCode?: unknown } | null)?.statusCode === 404;
