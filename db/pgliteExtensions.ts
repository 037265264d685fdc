import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import type { Extension, Extensions } from "@electric-sql/pglite";

/**
 * The extensions every PGlite database opens with (the schema uses PostGIS, pgcrypto, pg_trgm),
 * set up to open fast. On every open PGlite would gunzip each extension's bundle into memory,
 * untar it into its in-memory file system and compile and link every wasm library in it; the stock
 * PostGIS bundle alone is 95 MB unpacked, with three 15 MB libraries (postgis, postgis_raster,
 * postgis_topology) and 40 MB of upgrade and contrib SQL. Here:
 * - each bundle is unpacked once into node_modules/.cache/saltbitter (per package version), and an
 *   open copies the files straight into PGlite's file system, linking the libraries before
 *   PostgreSQL starts, as PGlite itself does with a bundle;
 * - PostGIS keeps only what the app uses: the app creates `postgis` alone
 *   (drizzle/0000_init.sql), so its library, control file and install script, and the PROJ data
 *   its SRID lookups read.
 * A warm open went from ~9 s to ~2 s on a busy 2-CPU machine. If the cache cannot be written, the
 * stock bundle is used.
 */
export async function pgliteExtensions(): Promise<Extensions> {
  const { postgis } = await import("@electric-sql/pglite-postgis");
  const { pgcrypto } = await import("@electric-sql/pglite/contrib/pgcrypto");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return {
    postgis: unpacked(postgis, isPostgisFileUsed),
    pgcrypto: unpacked(pgcrypto),
    pg_trgm: unpacked(pg_trgm),
  };
}

const postgisFiles = [
  /^lib\/postgresql\/postgis-\d+\.so$/,
  /^share\/postgresql\/extension\/postgis\.control$/,
  /^share\/postgresql\/extension\/postgis--\d+(\.\d+)*\.sql$/, // the install script, no upgrade paths
  /^share\/proj\//,
];

/** Whether a file of the PostGIS bundle is one the app needs. */
export function isPostgisFileUsed(name: string): boolean {
  return postgisFiles.some((pattern) => pattern.test(name));
}

/** The part of Emscripten's module that PGlite's own bundle loader uses too. */
interface EmscriptenModule {
  WASM_PREFIX: string;
  FS: {
    analyzePath(path: string): { exists: boolean };
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
    createPreloadedFile(
      parent: string,
      name: string,
      data: Uint8Array,
      canRead: boolean,
      canWrite: boolean,
      onload: () => void,
      onerror: () => void,
      dontCreateFile: boolean,
    ): void;
  };
}
type EmscriptenOptions = { preRun?: ((mod: EmscriptenModule) => void)[] };

/** `extension`, its bundle's files (those `keep` accepts) read from the unpacked cache. */
function unpacked(extension: Extension, keep: (name: string) => boolean = () => true): Extension {
  return {
    name: extension.name,
    async setup(pg, emscriptenOpts: EmscriptenOptions, clientOnly) {
      const result = await extension.setup(pg, emscriptenOpts, clientOnly);
      if (result.bundlePath?.protocol !== "file:") return result;
      const dir = await unpackOnce(fileURLToPath(result.bundlePath), keep);
      if (!dir) return result;
      const options: EmscriptenOptions = result.emscriptenOpts ?? emscriptenOpts;
      return {
        ...result,
        bundlePath: undefined,
        // preRun: after PGlite mounts its file system, before PostgreSQL starts.
        emscriptenOpts: {
          ...options,
          preRun: [...(options.preRun ?? []), (mod: EmscriptenModule) => copyInto(mod, dir)],
        },
      };
    },
  };
}

function copyInto(mod: EmscriptenModule, dir: string): void {
  for (const file of filesUnder(dir)) {
    const target = `${mod.WASM_PREFIX}/${file}`;
    const parent = path.posix.dirname(target);
    if (!mod.FS.analyzePath(parent).exists) mod.FS.mkdirTree(parent);
    const data = fs.readFileSync(path.join(dir, file));
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (file.endsWith(".so")) {
      // Compiled and linked before PostgreSQL starts (Emscripten waits for it), as PGlite does;
      // should that fail, the plain file lets dlopen link it on first use instead.
      const name = path.posix.basename(target);
      const plain = () => mod.FS.writeFile(target, bytes);
      mod.FS.createPreloadedFile(parent, name, bytes, true, true, () => {}, plain, false);
    } else {
      mod.FS.writeFile(target, bytes);
    }
  }
}

/** Files under `dir` as sorted posix paths relative to it (PGlite, too, loads a bundle in name order). */
function filesUnder(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...filesUnder(dir, name));
    else if (entry.isFile()) files.push(name);
  }
  return files.sort();
}

const gunzip = promisify(zlib.gunzip);

// One unpacking per bundle and process, however many databases open at once (tests open several).
const pending = new Map<string, Promise<string | undefined>>();

function unpackOnce(bundle: string, keep: (name: string) => boolean): Promise<string | undefined> {
  let unpacking = pending.get(bundle);
  if (!unpacking) {
    unpacking = unpack(bundle, keep).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      console.warn(`[pglite] loading ${path.basename(bundle)} as shipped (${reason})`);
      return undefined;
    });
    pending.set(bundle, unpacking);
  }
  return unpacking;
}

async function unpack(bundle: string, keep: (name: string) => boolean): Promise<string> {
  const dir = cacheDirFor(bundle);
  if (fs.existsSync(dir)) return dir;
  // Unpacked aside and renamed: a concurrent process never reads a partial directory.
  const partial = `${dir}.${process.pid}.partial`;
  removeStalePartials(dir);
  fs.rmSync(partial, { recursive: true, force: true });
  let kept = 0;
  for (const { name, data } of tarEntries(await gunzip(await fs.promises.readFile(bundle)))) {
    if (!keep(name)) continue;
    fs.mkdirSync(path.dirname(path.join(partial, name)), { recursive: true });
    fs.writeFileSync(path.join(partial, name), data);
    kept++;
  }
  if (!kept) throw new Error("nothing to load in the bundle");
  try {
    fs.renameSync(partial, dir);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw error; // else another process unpacked it first
  }
  return dir;
}

/** What unpackings killed midway left behind (an hour is far longer than any unpacking takes). */
function removeStalePartials(dir: string): void {
  const cache = path.dirname(dir);
  fs.mkdirSync(cache, { recursive: true });
  for (const name of fs.readdirSync(cache)) {
    const leftover = path.join(cache, name);
    if (!name.startsWith(`${path.basename(dir)}.`) || !name.endsWith(".partial")) continue;
    if (Date.now() - fs.statSync(leftover).mtimeMs > 3_600_000) fs.rmSync(leftover, { recursive: true, force: true });
  }
}

/** node_modules/.cache/saltbitter/<package>-<version>-<bundle>-<size>, beside the package. */
function cacheDirFor(bundle: string): string {
  const packageDir = path.resolve(path.dirname(bundle), "..");
  const { name, version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const parts = packageDir.split(path.sep);
  const modules = parts.lastIndexOf("node_modules");
  if (modules < 0) throw new Error(`${bundle} is not inside node_modules`);
  const cache = path.join(parts.slice(0, modules + 1).join(path.sep) || path.sep, ".cache", "saltbitter");
  const label = `${name.replace(/^@/, "").replace(/\//g, "-")}-${version}-${path.basename(bundle, ".tar.gz")}`;
  return path.join(cache, `${label}-${fs.statSync(bundle).size}`);
}

/**
 * The regular files of a tar archive (512-byte headers, data padded to 512 bytes). Symlinks are
 * skipped: in the stock bundles they are only PostGIS upgrade paths.
 */
export function* tarEntries(tar: Buffer): Generator<{ name: string; data: Buffer }> {
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return; // end of archive
    // POSIX ustar splits long names into prefix + name; GNU tar uses that space for other fields.
    const prefix = field(header, 257, 6) === "ustar" ? field(header, 345, 155) : "";
    const name = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156]);
    if (type === "L" || type === "x" || type === "g" || Number.isNaN(size)) {
      throw new Error(`unexpected tar entry type ${type} (${name})`);
    }
    if (name.split("/").includes("..")) throw new Error(`unexpected tar entry ${name}`);
    if (type === "0" || type === "\0") yield { name, data: tar.subarray(offset + 512, offset + 512 + size) };
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.toString("utf8", 0, nul < 0 ? length : nul);
}
