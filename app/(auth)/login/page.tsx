import { Suspense } from "react";
import { LoginForm } from "@/components/auth/LoginForm";

export const metadata = { title: "Sign in · SaltBitter Back Office" };
// Rendered per request, not prerendered: Next.js puts the request's CSP nonce (proxy.ts) on its inline scripts.
export const dynamic = "force-dynamic";

export default function LoginPage() {
  return (
    <Suspense>
      <LoginForm />
    </Suspense>
  );
}
