import { Conversation } from "@/components/screens/Conversation";

export default async function ConversationPage({ params }: { params: Promise<{ matchId: string }> }) {
  return <Conversation matchId={(await params).matchId} />;
}
