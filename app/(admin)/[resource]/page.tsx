import { ResourceList } from "@/components/resource/screens";
import { resourceParam } from "./resourceParam";

export default async function ListPage({ params }: { params: Promise<{ resource: string }> }) {
  return <ResourceList resource={await resourceParam(params)} />;
}
