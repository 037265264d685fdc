import { EventShow } from "@/components/screens/EventShow";

export default async function EventShowPage({ params }: { params: Promise<{ id: string }> }) {
  return <EventShow id={(await params).id} />;
}
