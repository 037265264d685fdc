import { requireScreen } from "@/server/compliance/pageGuard";
import { AuditLogScreen } from "@/components/compliance/AuditLogScreen";

export const dynamic = "force-dynamic";

export default async function Page() {
  await requireScreen("audit");
  return <AuditLogScreen />;
}
