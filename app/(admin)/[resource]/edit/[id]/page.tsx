import { ResourceForm } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";
import { resourceParam } from "../../resourceParam";

export default async function EditPage({ params }: { params: Promise<{ resource: string; id: string }> }) {
  const [resource, { id }] = await Promise.all([resourceParam(params), params]);
  await requireRecord(resource, id);
  return <ResourceForm resource={resource} id={id} />;
}
