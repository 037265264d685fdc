import { EventShow } from "@/components/screens/EventShow";
import { requireRecord } from "@/server/resources/requireRecord";

export default async function EventShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("events", id);
  return <EventShow id={id} />;
}
