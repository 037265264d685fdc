/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite (WASM + its data files) and postgres.js must be loaded from node_modules at runtime,
  // not bundled: bundling breaks PGlite's file lookups and PostGIS extension loading.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-postgis", "postgres"],
  // Helpers sharing one working tree build into their own directory (NEXT_DIST_DIR).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The build type-checks what ships (tsconfig.build.json leaves out tests, e2e, bench and scripts),
  // so a test in progress cannot break `npm run build`; `npm run typecheck` still checks everything.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
