"use client";

import type { AuthProvider } from "@refinedev/core";
import { getSession, signIn, signOut } from "next-auth/react";

interface SessionUser {
  staffId: string;
  name: string;
  email: string;
  role: string;
}

/** Refine's auth through next-auth (credentials provider on the server, JWT sessions). */
export const authProvider: AuthProvider = {
  async login({ email, password }: { email: string; password: string }) {
    const result = await signIn("credentials", { email, password, redirect: false });
    if (result?.error) return { success: false, error: { name: "Sign-in refused", message: result.error } };
    return { success: true, redirectTo: "/" };
  },
  async logout() {
    await signOut({ redirect: false });
    return { success: true, redirectTo: "/login" };
  },
  async check() {
    const session = await getSession();
    return session?.user ? { authenticated: true } : { authenticated: false, redirectTo: "/login", logout: true };
  },
  async getIdentity() {
    const session = await getSession();
    const user = session?.user as SessionUser | undefined;
    return user ? { id: user.staffId, name: user.name, email: user.email, role: user.role } : null;
  },
  async getPermissions() {
    const session = await getSession();
    return (session?.user as SessionUser | undefined)?.role ?? null;
  },
  async onError(error: { statusCode?: number }) {
    if (error?.statusCode === 401) return { logout: true, redirectTo: "/login" };
    return {};
  },
};
