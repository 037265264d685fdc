import { requireScreen } from "@/server/compliance/pageGuard";
import { AiScreen } from "@/components/compliance/AiScreen";

export const dynamic = "force-dynamic";

export default async function Page() {
  await requireScreen("ai");
  return <AiScreen />;
}
