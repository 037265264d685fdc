import "./_serverOnly";
import type { Database } from "../db/client";
import type { StaffRole } from "../db/schema/enums";
import type { CrudResource } from "../server/auth/permissions";

/**
 * Shared by the bench scripts: the back office's read routes called in this process, as a signed-in
 * staff member would reach them (auth, zod, SQL, JSON, until the body is read), and the CSV export
 * measured the way an operator feels it (rows/s and how much the server grows).
 */

/** A staff member for read-only benches: list, map and export routes write nothing but the export's audit row. */
export const benchActor = (role: StaffRole = "admin") => ({
  staffId: "00000000-0000-0000-0000-000000000000",
  email: "bench@saltbitter.test",
  name: "Bench",
  role,
});

type RouteHandler = (request: Request) => Promise<Response>;

/** The GET handler behind `path` (`/api/resources/<name>` or a map route). */
async function handlerFor(path: string): Promise<RouteHandler> {
  const resource = /^\/api\/resources\/([A-Za-z]+)$/.exec(path)?.[1];
  if (resource) {
    const { listRoute } = await import("../server/resources/routes");
    return (request) => listRoute(request, { params: Promise.resolve({ resource }) });
  }
  if (path === "/api/map/viewport") return (await import("../app/api/map/viewport/route")).GET;
  if (path === "/api/map/radius") return (await import("../app/api/map/radius/route")).GET;
  throw new Error(`bench: no handler for ${path}`);
}

/** Calls the route for `path?params` as `role`, in process, and returns its body; a non-200 throws. */
export async function getInProcess(
  path: string,
  params: Record<string, string | number>,
  role: StaffRole = "admin",
): Promise<string> {
  const [{ runAsActor }, handler] = await Promise.all([import("../server/auth/actor"), handlerFor(path)]);
  const url = new URL(path, "http://bench.local");
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
  const response = await runAsActor(benchActor(role), () => handler(new Request(url)));
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${path} ${response.status}: ${body}`);
  return body;
}

export interface ExportFigures {
  rows: number;
  bytes: number;
  seconds: number;
  /** Peak resident set size minus the size before the export, in bytes. */
  rssGrowth: number;
}

/** Streams `resource`'s whole CSV export as an admin would download it (unfiltered) and measures it. */
export async function measureCsvExport(database: Database, resource: CrudResource): Promise<ExportFigures> {
  const [{ registry }, { parseListQuery }, { csvStream }] = await Promise.all([
    import("../server/resources/registry"),
    import("../server/resources/listParams"),
    import("../server/resources/exportCsv"),
  ]);
  const def = registry[resource];
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  let bytes = 0;
  let lines = 0;
  const stream = csvStream(database, def, benchActor(), parseListQuery(def, "admin", {}), {}, async () => {});
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      // Counted with indexOf: a byte-by-byte loop here cost more than the export itself.
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  // The first line is the header.
  return { rows: lines - 1, bytes, seconds, rssGrowth: peak - rssBefore };
}
