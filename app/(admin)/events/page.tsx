import { ResourceList } from "@/components/resource/screens";

export default function EventsPage() {
  return <ResourceList resource="events" />;
}
