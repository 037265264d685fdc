import { platformAppealRoute } from "@/server/moderation/platformAppealRoute";

export const dynamic = "force-dynamic";
export const POST = platformAppealRoute;
