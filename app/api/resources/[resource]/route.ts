import { listRoute } from "@/server/resources/routes";

export const dynamic = "force-dynamic";
export const GET = listRoute;
