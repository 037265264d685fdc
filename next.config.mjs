const startBuild = process.env.SALTBITTER_START_BUILD === "1";

/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite (WASM + its data files) and postgres.js must be loaded from node_modules at runtime,
  // not bundled: bundling breaks PGlite's file lookups and PostGIS extension loading.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-postgis", "postgres"],
  // Helpers sharing one working tree build into their own directory (NEXT_DIST_DIR).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm run build` type-checks what ships (tsconfig.build.json leaves out tests, e2e, bench and
  // scripts), so a test in progress cannot break it. The builds of `npm start` and the e2e run
  // (SALTBITTER_START_BUILD=1, scripts/buildFreshness.mjs) skip that check and the build cache:
  // together 30 s of a 70 s first start on two cores; `npm test` type-checks everything first.
  // (More below, under experimental.)
  typescript: { tsconfigPath: "tsconfig.build.json", ignoreBuildErrors: startBuild },
  reactStrictMode: true,
  poweredByHeader: false,
  // forbidden() from next/navigation: screens a role may not open answer 403 with forbidden.tsx.
  experimental: {
    authInterrupts: true,
    turbopackFileSystemCacheForBuild: !startBuild,
    // The start and e2e builds also skip source maps (reading the dependencies' own and writing
    // ours) and minifying server code, which no browser downloads: 27% less CPU for a first start
    // (user time of `next build`, 69-71 s against 97 s, measured twice). `npm run build` keeps both.
    ...(startBuild
      ? { turbopackSourceMaps: false, turbopackInputSourceMaps: false, turbopackMinify: { server: false } }
      : {}),
  },
  // Security headers that never vary, on every response, static files included. The CSP (with
  // its per-request nonce) and HSTS are set by proxy.ts; see lib/securityHeaders.ts.
  async headers() {
    const always = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      // The map's tile server wants to know which site asks (OpenStreetMap's usage policy): the origin only.
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      {
        key: "Permissions-Policy",
        value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), browsing-topics=()",
      },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ];
    // Static files are never documents: a policy allowing nothing (proxy.ts does not run for them).
    const staticPolicy = [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }];
    return [
      { source: "/:path*", headers: always },
      { source: "/_next/static/:path*", headers: staticPolicy },
      // API routes answer JSON and files: the same policy allowing nothing; proxy.ts does not run
      // for them (its per-request nonce and the header rewrite it costs are for pages).
      { source: "/api/:path*", headers: staticPolicy },
    ];
  },
};

export default nextConfig;
