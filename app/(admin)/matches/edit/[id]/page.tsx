import { ResourceForm } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";

export default async function MatchEditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("matches", id);
  return <ResourceForm resource="matches" id={id} />;
}
