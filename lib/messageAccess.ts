import type { StaffRole } from "@/db/schema/enums";

/**
 * The roles that may read message content: only through the conversation view, after giving a
 * reason that is written to the audit log. Shared by the server (which enforces it) and the
 * screens (which only hide what the role cannot open).
 */
export const messageContentReaders: readonly StaffRole[] = ["admin", "trust_safety"];

export const mayReadMessageContent = (role: StaffRole) => messageContentReaders.includes(role);

/** Said on the messages screens instead of offering a search box that could not work. */
export const encryptedContentNotice = "Message content is encrypted; search by sender, receiver or date.";

/** A reason is at least this long: "checking" is not a reason. */
export const minReasonLength = 10;
export const maxReasonLength = 500;
