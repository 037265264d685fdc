import { UserShow } from "@/components/screens/UserShow";
import { requireRecord } from "@/server/resources/requireRecord";
import { recordPageTitle } from "@/server/resources/recordTitle";

/** The tab names the record, as the role may see it. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return recordPageTitle("users", (await params).id, "show");
}

export default async function UserShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("users", id);
  return <UserShow id={id} />;
}
