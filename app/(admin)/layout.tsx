import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/options";
import { resourceMetadata } from "@/server/resources/metadata";
import type { StaffRole } from "@/db/schema/enums";
import { AdminShell } from "@/components/shell/AdminShell";

export const dynamic = "force-dynamic";

/** Every back-office screen: signed-in staff only; the sidebar lists what the role may see. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(authOptions);
  const user = session?.user as { staffId?: string; name?: string; email?: string; role?: StaffRole } | undefined;
  if (!user?.staffId || !user.role) redirect("/login");
  const actor = {
    staffId: user.staffId,
    name: user.name || user.email || "",
    email: user.email ?? "",
    role: user.role,
  };
  return (
    <AdminShell actor={actor} resources={resourceMetadata(actor.role)}>
      {children}
    </AdminShell>
  );
}
