import { MatchShow } from "@/components/screens/MatchShow";
import { requireRecord } from "@/server/resources/requireRecord";
import { recordPageTitle } from "@/server/resources/recordTitle";

/** The tab names the record, as the role may see it. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return recordPageTitle("matches", (await params).id, "show");
}

export default async function MatchShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("matches", id);
  return <MatchShow id={id} />;
}
