import { ResourceList } from "@/components/resource/screens";

export default function MatchesPage() {
  return <ResourceList resource="matches" />;
}
