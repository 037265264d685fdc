import { NextResponse, type NextRequest } from "next/server";

/**
 * An optimistic check before a back-office page renders: a request with no session cookie at all
 * is sent to the sign-in page here, as app/(admin)/layout.tsx would send it, but without the server
 * first loading the back-office screens (about a second of work on the first request after a
 * start, while the database is still opening). Only the cookie's presence is looked at: the
 * layout still verifies every session, and API routes answer 401 themselves.
 */
const sessionCookie = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

export function proxy(request: NextRequest) {
  if (request.cookies.getAll().some((cookie) => sessionCookie.test(cookie.name))) return NextResponse.next();
  return NextResponse.redirect(new URL("/login", request.url));
}

export const config = {
  // Not the sign-in page, API routes or Next's assets.
  matcher: ["/((?!login|api/|_next/).*)"],
};
