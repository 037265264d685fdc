import { exportRoute } from "@/server/resources/routes";

export const dynamic = "force-dynamic";
export const GET = exportRoute;
