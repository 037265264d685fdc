import { requireScreen } from "@/server/compliance/pageGuard";
import { RequestsScreen } from "@/components/compliance/RequestsScreen";

export const dynamic = "force-dynamic";

export default async function Page() {
  await requireScreen("requests");
  return <RequestsScreen />;
}
