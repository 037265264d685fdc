import { ResourceList } from "@/components/resource/screens";
import { InitialListProvider } from "@/components/resource/InitialListPage";
import { firstListPage, type PageSearchParams } from "@/server/resources/firstListPage";
import { resourceParam } from "./resourceParam";

export default async function ListPage({
  params,
  searchParams,
}: {
  params: Promise<{ resource: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const resource = await resourceParam(params);
  return (
    <InitialListProvider value={await firstListPage(resource, await searchParams)}>
      <ResourceList resource={resource} />
    </InitialListProvider>
  );
}
