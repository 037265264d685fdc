import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { isPostgisFileUsed, tarEntries } from "@/db/pgliteExtensions";

/** The PostGIS files PGlite is given (db/pgliteExtensions.ts), read from the installed bundle. */
describe("the trimmed PostGIS bundle", () => {
  const packageDir = path.resolve("node_modules/@electric-sql/pglite-postgis");
  const entries = [...tarEntries(zlib.gunzipSync(fs.readFileSync(path.join(packageDir, "dist/postgis.tar.gz"))))];
  const kept = entries.filter((entry) => isPostgisFileUsed(entry.name)).map((entry) => entry.name);

  it("keeps the library, its control file, its install script and the PROJ database", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
      version: string;
    };
    expect(version, "a new pglite-postgis: check what the bundle holds").toBe("0.2.8");
    expect(kept).toEqual(
      expect.arrayContaining([
        "lib/postgresql/postgis-3.so",
        "share/postgresql/extension/postgis.control",
        "share/postgresql/extension/postgis--3.6.2.sql",
        "share/proj/proj.db",
      ]),
    );
    const control = entries.find((entry) => entry.name === "share/postgresql/extension/postgis.control");
    expect(control?.data.toString()).toContain("default_version = '3.6.2'");
  });

  it("leaves out raster, topology, the tiger geocoder and upgrade scripts", () => {
    expect(kept.filter((name) => name.endsWith(".so"))).toEqual(["lib/postgresql/postgis-3.so"]);
    expect(kept.filter((name) => /raster|topology|tiger|--.*--|contrib/.test(name))).toEqual([]);
    const keptBytes = entries.filter((e) => isPostgisFileUsed(e.name)).reduce((n, e) => n + e.data.length, 0);
    expect(keptBytes).toBeLessThan(40_000_000); // of ~95 MB unpacked
  });
});
