import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Extension, Extensions } from "@electric-sql/pglite";

/**
 * The extensions every PGlite database opens with (the schema uses PostGIS, pgcrypto, pg_trgm),
 * with PostGIS trimmed to what the app loads. PGlite unpacks each extension's bundle into its
 * in-memory file system and compiles and links every wasm library in it on each open. The stock
 * PostGIS bundle (20 MB gzipped, 95 MB unpacked) carries three 15 MB libraries (postgis,
 * postgis_raster, postgis_topology) and 40 MB of upgrade and contrib SQL; the app only creates
 * `postgis` (drizzle/0000_init.sql), so the trimmed bundle keeps its library, control file and
 * install script, and the PROJ data its SRID lookups read: a warm open went from ~9 s to ~4 s on a
 * busy 2-CPU machine. It is cut once from the stock bundle and cached in node_modules/.cache (per
 * package version); any failure falls back to the stock bundle.
 */
export async function pgliteExtensions(): Promise<Extensions> {
  const { postgis } = await import("@electric-sql/pglite-postgis");
  const { pgcrypto } = await import("@electric-sql/pglite/contrib/pgcrypto");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return { postgis: trimmedPostgis(postgis), pgcrypto, pg_trgm };
}

const keep = [
  /^lib\/postgresql\/postgis-\d+\.so$/,
  /^share\/postgresql\/extension\/postgis\.control$/,
  /^share\/postgresql\/extension\/postgis--\d+(\.\d+)*\.sql$/, // the install script, no upgrade paths
  /^share\/proj\//,
];

const gunzip = promisify(zlib.gunzip);
const gzip = promisify(zlib.gzip);

/** `postgis` from @electric-sql/pglite-postgis, loading the trimmed bundle instead of the stock one. */
function trimmedPostgis(postgis: Extension): Extension {
  return {
    name: postgis.name,
    async setup(pg, emscriptenOpts, clientOnly) {
      const result = await postgis.setup(pg, emscriptenOpts, clientOnly);
      if (result.bundlePath?.protocol !== "file:") return result;
      const trimmed = await trimmedBundle(fileURLToPath(result.bundlePath));
      return trimmed ? { ...result, bundlePath: pathToFileURL(trimmed) } : result;
    },
  };
}

// One cut per process, however many databases open at once (tests open several).
const pending = new Map<string, Promise<string | undefined>>();

function trimmedBundle(stock: string): Promise<string | undefined> {
  let cut = pending.get(stock);
  if (!cut) {
    cut = cutBundle(stock).catch((error: unknown) => {
      console.warn(`[pglite] using the full PostGIS bundle (${error instanceof Error ? error.message : error})`);
      return undefined;
    });
    pending.set(stock, cut);
  }
  return cut;
}

async function cutBundle(stock: string): Promise<string> {
  const cached = cachePathFor(stock);
  if (fs.existsSync(cached)) return cached;
  const tar = trimTar(await gunzip(await fs.promises.readFile(stock)));
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  // Written aside and renamed: a concurrent process never reads a partial bundle.
  const partial = `${cached}.${process.pid}.tmp`;
  await fs.promises.writeFile(partial, await gzip(tar, { level: 1 }));
  fs.renameSync(partial, cached);
  return cached;
}

/** node_modules/.cache/saltbitter/postgis-<version>-<stock size>.tar.gz, beside the package. */
function cachePathFor(stock: string): string {
  const packageDir = path.resolve(path.dirname(stock), "..");
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    version: string;
  };
  const parts = packageDir.split(path.sep);
  const modules = parts.lastIndexOf("node_modules");
  if (modules < 0) throw new Error(`${stock} is not inside node_modules`);
  const cacheDir = path.join(parts.slice(0, modules + 1).join(path.sep) || path.sep, ".cache", "saltbitter");
  return path.join(cacheDir, `postgis-${version}-${fs.statSync(stock).size}.tar.gz`);
}

/**
 * Copies the kept entries of a tar archive (512-byte headers, data padded to 512 bytes) verbatim,
 * so PGlite's reader sees the same format. Directories are left out: PGlite creates a file's
 * parent directories itself.
 */
export function trimTar(tar: Buffer): Buffer {
  const kept: Buffer[] = [];
  let library = false;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break; // end of archive
    // POSIX ustar splits long names into prefix + name; GNU tar uses that space for other fields.
    const prefix = field(header, 257, 6) === "ustar" ? field(header, 345, 155) : "";
    const name = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156]);
    if (type === "L" || type === "x" || type === "g" || Number.isNaN(size)) {
      throw new Error(`unexpected tar entry type ${type} (${name})`);
    }
    const end = offset + 512 + Math.ceil(size / 512) * 512;
    // Regular files only ("0", or NUL in old archives): the stock bundle's symlinks are upgrade paths.
    if ((type === "0" || type === "\0") && keep.some((pattern) => pattern.test(name))) {
      kept.push(tar.subarray(offset, end));
      library ||= keep[0].test(name);
    }
    offset = end;
  }
  if (!library) throw new Error("no PostGIS library in the bundle");
  kept.push(Buffer.alloc(1024)); // two zero blocks end the archive
  return Buffer.concat(kept);
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.toString("utf8", 0, nul < 0 ? length : nul);
}
