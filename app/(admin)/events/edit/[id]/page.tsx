import { ResourceForm } from "@/components/resource/screens";

export default async function EventEditPage({ params }: { params: Promise<{ id: string }> }) {
  return <ResourceForm resource="events" id={(await params).id} />;
}
