import { subjectRoute } from "@/server/moderation/routes";

export const dynamic = "force-dynamic";
export const GET = subjectRoute;
