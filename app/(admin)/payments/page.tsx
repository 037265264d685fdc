import { PaymentList } from "@/components/screens/PaymentList";

export default function PaymentsPage() {
  return <PaymentList />;
}
