import { NoAccess } from "@/components/shell/NoAccess";
import { noAccessMessage } from "@/server/compliance/pageGuard";

/** 403 for a role the matrix keeps out of the queue and the take-action panel (page.tsx calls forbidden()). */
export default async function Forbidden() {
  return <NoAccess message={await noAccessMessage("moderation")} />;
}
