import { ResourceShow } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";
import { recordPageTitle } from "@/server/resources/recordTitle";

/** The tab names the record, as the role may see it. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return recordPageTitle("payments", (await params).id, "show");
}

export default async function PaymentShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("payments", id);
  return <ResourceShow resource="payments" id={id} />;
}
