import { UserShow } from "@/components/screens/UserShow";

export default async function UserShowPage({ params }: { params: Promise<{ id: string }> }) {
  return <UserShow id={(await params).id} />;
}
