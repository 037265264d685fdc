import { MessageList } from "@/components/screens/MessageList";
import { InitialListProvider } from "@/components/resource/InitialListPage";
import { firstListPage, type PageSearchParams } from "@/server/resources/firstListPage";

export default async function MessagesPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  return (
    <InitialListProvider value={await firstListPage("messages", await searchParams)}>
      <MessageList />
    </InitialListProvider>
  );
}
