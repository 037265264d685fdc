import { ResourceList } from "@/components/resource/screens";

export default function UsersPage() {
  return <ResourceList resource="users" />;
}
