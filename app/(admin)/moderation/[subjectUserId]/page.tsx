import { notFound } from "next/navigation";
import { z } from "zod";
import { getDatabase, sql } from "@/db/client";
import { requireScreen } from "@/server/compliance/pageGuard";
import { PanelScreen } from "@/components/moderation/panel/PanelScreen";

export const dynamic = "force-dynamic";

/** The take-action panel for one account: the role check first (analysts: 403), then the account (404). */
export default async function TakeActionPanelPage({ params }: { params: Promise<{ subjectUserId: string }> }) {
  await requireScreen("moderation");
  const { subjectUserId } = await params;
  const id = z.guid().safeParse(subjectUserId);
  if (!id.success) notFound();
  const [user] = await (await getDatabase()).rows(sql`SELECT 1 FROM users WHERE id = ${id.data}`);
  if (!user) notFound();
  return <PanelScreen key={id.data} subjectUserId={id.data} />;
}
