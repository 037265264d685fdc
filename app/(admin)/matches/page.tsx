import { ResourceList } from "@/components/resource/screens";
import { InitialListProvider } from "@/components/resource/InitialListPage";
import { firstListPage, type PageSearchParams } from "@/server/resources/firstListPage";

export default async function MatchesPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  return (
    <InitialListProvider value={await firstListPage("matches", await searchParams)}>
      <ResourceList resource="matches" />
    </InitialListProvider>
  );
}
