import { ResourceShow } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";
import { resourceParam } from "../../resourceParam";
import { recordPageTitle } from "@/server/resources/recordTitle";

/** The tab names the record ("Leon I. — user"), as the role may see it. */
export async function generateMetadata({ params }: { params: Promise<{ resource: string; id: string }> }) {
  const [resource, { id }] = await Promise.all([resourceParam(params), params]);
  return recordPageTitle(resource, id, "show");
}

export default async function ShowPage({ params }: { params: Promise<{ resource: string; id: string }> }) {
  const [resource, { id }] = await Promise.all([resourceParam(params), params]);
  await requireRecord(resource, id);
  return <ResourceShow resource={resource} id={id} />;
}
