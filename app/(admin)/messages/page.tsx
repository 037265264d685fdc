import { MessageList } from "@/components/screens/MessageList";

export default function MessagesPage() {
  return <MessageList />;
}
