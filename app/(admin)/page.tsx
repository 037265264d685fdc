import { Dashboard } from "@/components/dashboard/Dashboard";
import { firstDashboard } from "@/server/dashboard/firstDashboard";

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <Dashboard initial={await firstDashboard(await searchParams)} />;
}
