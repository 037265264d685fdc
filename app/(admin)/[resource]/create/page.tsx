import { ResourceForm } from "@/components/resource/screens";
import { resourceParam } from "../resourceParam";

export default async function CreatePage({ params }: { params: Promise<{ resource: string }> }) {
  return <ResourceForm resource={await resourceParam(params)} />;
}
