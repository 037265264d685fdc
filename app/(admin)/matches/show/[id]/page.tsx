import { MatchShow } from "@/components/screens/MatchShow";
import { requireRecord } from "@/server/resources/requireRecord";

export default async function MatchShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("matches", id);
  return <MatchShow id={id} />;
}
