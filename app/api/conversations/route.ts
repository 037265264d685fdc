import { conversationOfMessageRoute } from "@/server/messages/routes";

export const dynamic = "force-dynamic";
export const GET = conversationOfMessageRoute;
