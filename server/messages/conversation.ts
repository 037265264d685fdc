import "server-only";
import { and, asc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { matches, messages, profiles, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { maxReasonLength, mayReadMessageContent, minReasonLength } from "@/lib/messageAccess";
import { defineAction } from "../actions/defineAction";
import { decryptMessage, unreadableText, type UnreadableReason } from "../crypto/messageCipher";
import { DomainError } from "../errors";

/** At most this many messages per opening (oldest first); the view says when there are more. */
export const conversationLimit = 1000;

const id = z.guid("must be an id");

export const conversationInput = z
  .object({
    matchId: id,
    reason: z
      .string({ error: "is required: say why you need to read these messages" })
      .trim()
      .min(minReasonLength, `must say why you need to read these messages (at least ${minReasonLength} characters)`)
      .max(maxReasonLength, `must be at most ${maxReasonLength} characters`)
      .refine((text) => !text.includes("\u0000"), "must not contain a NUL character"),
  })
  .strict();

export interface ConversationMessage {
  id: string;
  fromUserId: string;
  toUserId: string;
  sentAt: string;
  readAt: string | null;
  /** The decrypted text, or a "[unreadable: …]" notice when the stored value fails its check. */
  content: string;
  unreadable?: UnreadableReason;
  /** Stored before encryption was introduced (rotation encrypts it). */
  notEncrypted?: true;
}

export interface ConversationParticipant {
  id: string;
  name: string | null;
  email: string | null;
}

export interface Conversation {
  matchId: string;
  status: string;
  participants: [ConversationParticipant, ConversationParticipant];
  messages: ConversationMessage[];
  /** More messages exist than `conversationLimit`. */
  truncated: boolean;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Opens one conversation (both sides of a match, in time order) for a role that may read message
 * content, and writes exactly one compliance_logs row in the same transaction: who read whose
 * messages, when, and the reason given. No audit row, no content. Refused attempts (no reason, a
 * role that may not read content) write nothing and return nothing.
 */
export const readConversation = defineAction(
  { resource: "messages", action: "show", input: conversationInput },
  async ({ matchId, reason }, { actor, tx }) => {
    if (!mayReadMessageContent(actor.role)) {
      throw new DomainError("forbidden", `Your role (${actor.role}) cannot read message content.`);
    }
    const [match] = await tx
      .select({ id: matches.id, a: matches.userAId, b: matches.userBId, status: matches.status })
      .from(matches)
      .where(eq(matches.id, matchId));
    if (!match) throw new DomainError("not_found", "No match with this id.", { matchId: "no such match" });
    const people = await tx
      .select({ id: users.id, email: users.email, name: profiles.name })
      .from(users)
      .leftJoin(profiles, eq(profiles.userId, users.id))
      .where(or(eq(users.id, match.a), eq(users.id, match.b)));
    const person = (userId: string): ConversationParticipant => {
      const found = people.find((p) => p.id === userId);
      return { id: userId, name: found?.name ?? null, email: found?.email ?? null };
    };
    const rows = await tx
      .select({
        id: messages.id,
        fromUserId: messages.fromUserId,
        toUserId: messages.toUserId,
        content: messages.content,
        sentAt: messages.sentAt,
        readAt: messages.readAt,
      })
      .from(messages)
      .where(
        or(
          and(eq(messages.fromUserId, match.a), eq(messages.toUserId, match.b)),
          and(eq(messages.fromUserId, match.b), eq(messages.toUserId, match.a)),
        ),
      )
      .orderBy(asc(messages.sentAt), asc(messages.id))
      .limit(conversationLimit + 1);
    const unreadableIds: string[] = [];
    const shown = rows.slice(0, conversationLimit).map((row): ConversationMessage => {
      const opened = decryptMessage(row.content, row.id);
      const base = {
        id: row.id,
        fromUserId: row.fromUserId,
        toUserId: row.toUserId,
        sentAt: iso(row.sentAt)!,
        readAt: iso(row.readAt),
      };
      if (!opened.ok) {
        unreadableIds.push(row.id);
        return { ...base, content: unreadableText[opened.reason], unreadable: opened.reason };
      }
      return opened.keyId === null
        ? { ...base, content: opened.content, notEncrypted: true }
        : { ...base, content: opened.content };
    });
    if (unreadableIds.length > 0) {
      // Ids only: the stored value itself is never logged.
      console.warn(
        `[messages] ${unreadableIds.length} message(s) of match ${matchId} failed their integrity check: ${unreadableIds.join(", ")}`,
      );
    }
    return {
      data: {
        matchId: match.id,
        status: match.status,
        participants: [person(match.a), person(match.b)],
        messages: shown,
        truncated: rows.length > conversationLimit,
      } satisfies Conversation,
      audit: {
        resource: "messages",
        action: "read_conversation",
        recordId: match.id,
        userId: match.a,
        details: {
          participants: [match.a, match.b],
          reason,
          messagesShown: shown.length,
          unreadable: unreadableIds.length,
        },
      },
    };
  },
);

/** The match a message belongs to (messages are only between matched users): for the messages list's link. */
export async function matchOfMessage(database: Database, messageId: string): Promise<string | null> {
  const [row] = await database.rows<{ id: string }>(sql`
    SELECT m.id FROM messages msg
    JOIN matches m ON least(m.user_a_id, m.user_b_id) = least(msg.from_user_id, msg.to_user_id)
      AND greatest(m.user_a_id, m.user_b_id) = greatest(msg.from_user_id, msg.to_user_id)
    WHERE msg.id = ${messageId}`);
  return row?.id ?? null;
}
