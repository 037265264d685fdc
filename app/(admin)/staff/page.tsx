import { requireScreen } from "@/server/compliance/pageGuard";
import { StaffScreen } from "@/components/staff/StaffScreen";

export const dynamic = "force-dynamic";

/** Admins only, per the matrix (the server actions and GET /api/staff refuse anyone else regardless). */
export default async function StaffPage() {
  await requireScreen("staff");
  return <StaffScreen />;
}
