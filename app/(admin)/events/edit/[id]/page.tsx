import { ResourceForm } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";

export default async function EventEditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("events", id);
  return <ResourceForm resource="events" id={id} />;
}
