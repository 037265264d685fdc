import { ResourceForm } from "@/components/resource/screens";

export default async function MatchEditPage({ params }: { params: Promise<{ id: string }> }) {
  return <ResourceForm resource="matches" id={(await params).id} />;
}
