import { requireScreen } from "@/server/compliance/pageGuard";
import { ConsentScreen } from "@/components/compliance/ConsentScreen";

export const dynamic = "force-dynamic";

export default async function Page() {
  await requireScreen("consent");
  return <ConsentScreen />;
}
