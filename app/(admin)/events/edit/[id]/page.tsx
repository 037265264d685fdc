import { ResourceForm } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";
import { recordPageTitle } from "@/server/resources/recordTitle";

/** The tab names the record, as the role may see it. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return recordPageTitle("events", (await params).id, "edit");
}

export default async function EventEditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("events", id);
  return <ResourceForm resource="events" id={id} />;
}
