import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, publicUrlIsHttps, STRICT_TRANSPORT_SECURITY } from "@/lib/securityHeaders";

/**
 * Runs before every page and API route (not Next's static files: next.config.mjs gives those
 * their headers). It sets the Content-Security-Policy with a fresh nonce, which Next.js reads
 * from the request's own CSP header and puts on the inline scripts it renders (pages are rendered
 * per request), and HSTS when the public URL is HTTPS. The other security headers come from
 * next.config.mjs for every path.
 *
 * It also makes an optimistic check before a back-office page renders: a request with no session
 * cookie at all is sent to the sign-in page here, as app/(admin)/layout.tsx would send it, but
 * without the server first loading the back-office screens. Only the cookie's presence is looked
 * at: the layout still verifies every session, and API routes answer 401 themselves.
 */
const sessionCookie = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;
const needsNoSession = /^\/(?:login|api\/|_next\/)/;

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const https = publicUrlIsHttps();
  const policy = contentSecurityPolicy({
    nonce,
    https,
    tileUrl: process.env.MAP_TILE_URL || undefined,
    development: process.env.NODE_ENV === "development",
  });

  const signedOut =
    !needsNoSession.test(request.nextUrl.pathname) &&
    !request.cookies.getAll().some((cookie) => sessionCookie.test(cookie.name));
  let response: NextResponse;
  if (signedOut) {
    response = NextResponse.redirect(new URL("/login", request.url));
  } else {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Pages only: not Next's build assets, nor the API routes (JSON and files, never a document that
  // runs scripts, so no nonce to make). next.config.mjs gives both their fixed headers.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|api/).*)"],
};
