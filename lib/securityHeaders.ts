/**
 * The Content-Security-Policy and HSTS, set per request by proxy.ts (pages and API routes). The
 * headers that never vary (nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options, and a
 * deny-all CSP for static files) are in next.config.mjs's headers(), for every path.
 *
 * - Scripts: only this origin's, and inline ones carrying the per-request nonce that Next.js
 *   stamps on its own inline scripts ('strict-dynamic' lets those load the chunks they import).
 * - Styles: 'unsafe-inline'. antd's CSS-in-JS inserts <style> tags at run time and React renders
 *   style="" attributes, which no nonce can cover (a nonce in style-src would also switch
 *   'unsafe-inline' off). Styles cannot run code; scripts stay strict.
 * - Images: this origin, data:/blob: (antd icons, Leaflet), and the map's tile server.
 * - No framing at all (frame-ancestors 'none'), no plugins, no <base> or form posts elsewhere.
 */
export interface PolicyOptions {
  nonce: string;
  /** The Leaflet tile template (MAP_TILE_URL), whose origin may serve images. */
  tileUrl?: string;
  https: boolean;
  development?: boolean;
}

export const DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

export function contentSecurityPolicy({
  nonce,
  tileUrl = DEFAULT_TILE_URL,
  https,
  development,
}: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    // Next's dev server evaluates modules with eval(); production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tileOrigin(tileUrl)}`,
    "font-src 'self' data:",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** The tile server's origin as a CSP source ({s} subdomains as a wildcard), or nothing if it is not http(s). */
function tileOrigin(template: string): string {
  try {
    const url = new URL(template.replace("{s}", "tile-subdomain"));
    if (url.protocol !== "https:" && url.protocol !== "http:") return "";
    return ` ${url.origin.replace("tile-subdomain", "*")}`;
  } catch {
    return "";
  }
}

/** Two years, subdomains included: only when the public URL (NEXTAUTH_URL) is HTTPS. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

export const publicUrlIsHttps = (url = process.env.NEXTAUTH_URL) => /^https:\/\//i.test(url ?? "");
