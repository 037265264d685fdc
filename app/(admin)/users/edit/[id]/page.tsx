import { ResourceForm } from "@/components/resource/screens";

export default async function UserEditPage({ params }: { params: Promise<{ id: string }> }) {
  return <ResourceForm resource="users" id={(await params).id} />;
}
