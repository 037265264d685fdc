import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { StaffRole } from "@/db/schema/enums";
import { safeRedirectPath } from "@/lib/safeRedirect";
import { publicUrlIsHttps } from "@/lib/securityHeaders";
import { logServerError } from "../logging";
import { clientNetwork } from "./clientAddress";
import { decodeSessionToken, encodeSessionToken } from "./sessionToken";
import { endSessionsOnSignOut } from "./sessionVersion";
import { activeStaff, authenticateStaff, SignInError } from "./staffSignIn";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

type Headers = Record<string, string | string[] | undefined> | undefined;

interface StaffToken {
  staffId?: string;
  /** staff_accounts.session_version when the session was issued: a different one ends the session. */
  sessionVersion?: number;
  role?: StaffRole;
  name?: string | null;
  email?: string | null;
}

/**
 * Staff sign in with email and password (credentials provider); sessions are JWTs for 8 hours.
 * The token is re-checked against staff_accounts on every request (one primary-key lookup): a
 * disabled account or a session version other than the token's ends the session at once, and
 * sign-out, a password reset, disabling and a role change bump that version (sessionVersion.ts).
 * session.user carries staffId, role, name and email.
 */
export const authOptions: NextAuthOptions = {
  // The session cookie is Secure (and __Secure- prefixed) when the public URL is HTTPS. A getter:
  // NEXTAUTH_URL may be set after this module loads (server/auth/secret.ts), and next-auth reads it per request.
  get useSecureCookies() {
    return publicUrlIsHttps();
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS, encode: encodeSessionToken, decode: decodeSessionToken },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Staff account",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) throw new Error("Enter your email and password.");
        try {
          const actor = await authenticateStaff(
            credentials.email,
            credentials.password,
            clientNetwork(req?.headers as Headers),
          );
          return {
            id: actor.staffId,
            email: actor.email,
            name: actor.name,
            role: actor.role,
            sessionVersion: actor.sessionVersion,
          };
        } catch (error) {
          if (error instanceof SignInError) throw new Error(error.message);
          logServerError("[auth] sign-in failed", error);
          throw new Error("Sign-in is unavailable right now. Try again shortly.");
        }
      },
    }),
  ],
  events: {
    async signOut({ token }) {
      const { staffId, sessionVersion } = (token ?? {}) as StaffToken;
      if (staffId && typeof sessionVersion === "number") await endSessionsOnSignOut(staffId, sessionVersion);
    },
  },
  callbacks: {
    /** Only paths on this origin (lib/safeRedirect.ts); next-auth's default lets through more than that. */
    redirect({ url, baseUrl }) {
      const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
      return `${baseUrl}${safeRedirectPath(path)}`;
    },
    async jwt({ token, user }) {
      const staffToken = token as typeof token & StaffToken;
      if (user) {
        const signedIn = user as { role?: StaffRole; sessionVersion?: number };
        staffToken.staffId = user.id;
        staffToken.role = signedIn.role;
        staffToken.sessionVersion = signedIn.sessionVersion;
        return staffToken;
      }
      if (!staffToken.staffId) return staffToken;
      const current = await activeStaff(staffToken.staffId);
      if (!current || current.sessionVersion !== staffToken.sessionVersion) {
        return { ...token, staffId: undefined, role: undefined, sessionVersion: undefined };
      }
      return { ...staffToken, role: current.role, name: current.name, email: current.email };
    },
    async session({ session, token }) {
      const { staffId, role, name, email } = token as StaffToken;
      if (!staffId || !role) return { ...session, user: undefined };
      return { ...session, user: { staffId, role, name: name ?? email ?? "", email: email ?? "" } };
    },
  },
};
