import fs from "node:fs";
import path from "node:path";

/**
 * The id Next.js gave a server action in the build under test, from its server-reference manifest:
 * what a browser sends in the Next-Action header, so a test can call the action directly.
 */
export function serverActionId(exportedName: string): string {
  const manifestPath = path.join(process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName);
  if (!found) throw new Error(`No server action ${exportedName} in ${manifestPath}`);
  return found[0];
}
