import { ResourceShow } from "@/components/resource/screens";
import { resourceParam } from "../../resourceParam";

export default async function ShowPage({ params }: { params: Promise<{ resource: string; id: string }> }) {
  const { id } = await params;
  return <ResourceShow resource={await resourceParam(params)} id={id} />;
}
