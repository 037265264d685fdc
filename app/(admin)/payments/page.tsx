import { PaymentList } from "@/components/screens/PaymentList";
import { InitialListProvider } from "@/components/resource/InitialListPage";
import { firstListPage, type PageSearchParams } from "@/server/resources/firstListPage";

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  return (
    <InitialListProvider value={await firstListPage("payments", await searchParams)}>
      <PaymentList />
    </InitialListProvider>
  );
}
