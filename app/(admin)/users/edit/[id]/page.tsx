import { ResourceForm } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";

export default async function UserEditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("users", id);
  return <ResourceForm resource="users" id={id} />;
}
