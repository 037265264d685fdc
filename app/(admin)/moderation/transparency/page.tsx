import { requireScreen } from "@/server/compliance/pageGuard";
import { TransparencyScreen } from "@/components/moderation/transparency/TransparencyScreen";

export const dynamic = "force-dynamic";

/** DSA transparency report: aggregates for every staff role; statements for the roles that read them. */
export default async function TransparencyPage() {
  await requireScreen("transparency");
  return <TransparencyScreen />;
}
