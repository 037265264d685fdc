import { ResourceForm } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";
import { resourceParam } from "../../resourceParam";
import { recordPageTitle } from "@/server/resources/recordTitle";

/** The tab names the record ("Leon I. — user"), as the role may see it. */
export async function generateMetadata({ params }: { params: Promise<{ resource: string; id: string }> }) {
  const [resource, { id }] = await Promise.all([resourceParam(params), params]);
  return recordPageTitle(resource, id, "edit");
}

export default async function EditPage({ params }: { params: Promise<{ resource: string; id: string }> }) {
  const [resource, { id }] = await Promise.all([resourceParam(params), params]);
  await requireRecord(resource, id);
  return <ResourceForm resource={resource} id={id} />;
}
