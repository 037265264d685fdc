import { ResourceShow } from "@/components/resource/screens";

export default async function PaymentShowPage({ params }: { params: Promise<{ id: string }> }) {
  return <ResourceShow resource="payments" id={(await params).id} />;
}
