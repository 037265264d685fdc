import { UserShow } from "@/components/screens/UserShow";
import { requireRecord } from "@/server/resources/requireRecord";

export default async function UserShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("users", id);
  return <UserShow id={id} />;
}
