import { requireScreen } from "@/server/compliance/pageGuard";
import { QueueScreen } from "@/components/moderation/queue/QueueScreen";

export const dynamic = "force-dynamic";

/** The moderation queue: trust & safety and admins work it, compliance officers read it, analysts get a 403. */
export default async function ModerationQueuePage() {
  await requireScreen("moderation");
  return <QueueScreen />;
}
