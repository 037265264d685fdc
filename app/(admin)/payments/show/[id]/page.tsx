import { PaymentShow } from "@/components/screens/PaymentShow";
import { requireRecord } from "@/server/resources/requireRecord";
import { recordPageTitle } from "@/server/resources/recordTitle";

/** The tab names the record, as the role may see it. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return recordPageTitle("payments", (await params).id, "show");
}

export default async function PaymentShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("payments", id);
  return <PaymentShow id={id} />;
}
