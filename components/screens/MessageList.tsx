"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, App, Button } from "antd";
import type { ResourceRow } from "@/lib/resources/types";
import { encryptedContentNotice, mayReadMessageContent } from "@/lib/messageAccess";
import { fetchJson } from "@/components/refine/fetchJson";
import { ResourceList } from "@/components/resource/ResourceList";
import { useAdmin } from "@/components/shell/AdminContext";

function OpenConversation({ row }: { row: ResourceRow }) {
  const router = useRouter();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const { matchId } = await fetchJson<{ matchId: string }>(
            `/api/conversations?message=${encodeURIComponent(row.id)}`,
          );
          router.push(`/messages/conversation/${matchId}`);
        } catch (error) {
          message.error(error instanceof Error ? error.message : "Could not find this conversation");
          setBusy(false);
        }
      }}
    >
      Conversation
    </Button>
  );
}

/**
 * Messages: who wrote to whom and when, never the text. Content is encrypted at rest and read only
 * in the conversation view, after a reason that goes to the audit log; a content search cannot
 * exist (the database holds ciphertext), so the screen says so instead of offering a box.
 */
export function MessageList() {
  const { actor } = useAdmin();
  const mayRead = mayReadMessageContent(actor.role);
  return (
    <ResourceList
      resource="messages"
      toolbar={() => (
        <Alert
          type="info"
          showIcon
          data-testid="encrypted-notice"
          message={encryptedContentNotice}
          description={
            mayRead
              ? "To read a conversation, open it: you will be asked for a reason, and each opening is recorded in the audit log."
              : `Your role (${actor.role}) does not read message content.`
          }
        />
      )}
      rowActions={mayRead ? (row) => <OpenConversation row={row} /> : undefined}
    />
  );
}
