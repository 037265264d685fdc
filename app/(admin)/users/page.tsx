import { ResourceList } from "@/components/resource/screens";
import { InitialListProvider } from "@/components/resource/InitialListPage";
import { firstListPage, type PageSearchParams } from "@/server/resources/firstListPage";

export default async function UsersPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  return (
    <InitialListProvider value={await firstListPage("users", await searchParams)}>
      <ResourceList resource="users" />
    </InitialListProvider>
  );
}
