import { ResourceForm } from "@/components/resource/screens";
import { resourceParam } from "../../resourceParam";

export default async function EditPage({ params }: { params: Promise<{ resource: string; id: string }> }) {
  const { id } = await params;
  return <ResourceForm resource={await resourceParam(params)} id={id} />;
}
