import { ResourceShow } from "@/components/resource/screens";
import { requireRecord } from "@/server/resources/requireRecord";

export default async function PaymentShowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRecord("payments", id);
  return <ResourceShow resource="payments" id={id} />;
}
