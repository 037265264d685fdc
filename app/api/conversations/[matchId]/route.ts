import { conversationRoute } from "@/server/messages/routes";

export const dynamic = "force-dynamic";
export const POST = conversationRoute;
