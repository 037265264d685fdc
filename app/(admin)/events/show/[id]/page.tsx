import { EventShow } from "@/components/screens/EventShow";
import { requireRecord } from "@/server/resources/requireRecord";
import { recordPageTitle } from "@/server/resources/recordTitle";

/** The tab names the record, as the role may see it. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return recordPageTitle("events", (await params).id, "show");
}

export default async function EventShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("events", id);
  return <EventShow id={id} />;
}
