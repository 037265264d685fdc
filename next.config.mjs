/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite (WASM + its data files) and postgres.js must be loaded from node_modules at runtime,
  // not bundled: bundling breaks PGlite's file lookups and PostGIS extension loading.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-postgis", "postgres"],
  // Helpers sharing one working tree build into their own directory (NEXT_DIST_DIR).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
