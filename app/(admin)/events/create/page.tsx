import { ResourceForm } from "@/components/resource/screens";

export default function EventCreatePage() {
  return <ResourceForm resource="events" />;
}
