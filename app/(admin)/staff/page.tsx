import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/options";
import { StaffScreen } from "@/components/staff/StaffScreen";

/** Admins only (the server actions and GET /api/staff refuse anyone else regardless). */
export default async function StaffPage() {
  const session = await getServerSession(authOptions);
  if ((session?.user as { role?: string } | undefined)?.role !== "admin") redirect("/");
  return <StaffScreen />;
}
