import { MatchShow } from "@/components/screens/MatchShow";

export default async function MatchShowPage({ params }: { params: Promise<{ id: string }> }) {
  return <MatchShow id={(await params).id} />;
}
