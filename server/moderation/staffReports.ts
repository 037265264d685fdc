import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { reports, users } from "@/db/schema";
import { reportCategories } from "@/db/schema/enums";
import type { HandlerResult, Transaction } from "../actions/defineAction";
import { DomainError } from "../errors";

/**
 * A notice filed by staff (source `staff`: our own initiative, e.g. from a support ticket or
 * something seen while working another item), about the account or its profile. It joins the queue
 * like any other report. Members' notices (DSA Art. 16) come from the platform, not from here.
 */
export const staffReportInput = z.strictObject({
  subjectUserId: z.guid("Choose the account the report is about"),
  subjectKind: z.enum(["user", "profile"], "Choose the account or its profile").default("user"),
  category: z.enum(reportCategories, "Choose a category"),
  text: z.string("Describe what you saw").trim().min(1, "Describe what you saw").max(5000, "At most 5,000 characters"),
});

export async function fileStaffReport(
  tx: Transaction,
  input: z.output<typeof staffReportInput>,
): Promise<HandlerResult<{ id: string }>> {
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.subjectUserId));
  if (!user) throw new DomainError("invalid", "No account has this id", { subjectUserId: "No account has this id" });
  const [row] = await tx
    .insert(reports)
    .values({
      subjectKind: input.subjectKind,
      subjectUserId: input.subjectUserId,
      source: "staff",
      category: input.category,
      reporterText: input.text,
    })
    .returning({ id: reports.id });
  return {
    data: { id: row.id },
    audit: {
      resource: "reports",
      action: "create",
      recordId: row.id,
      userId: input.subjectUserId,
      framework: "dsa",
      changedFields: ["subject_kind", "subject_user_id", "source", "category", "reporter_text"],
      details: { source: "staff", category: input.category, subjectKind: input.subjectKind },
    },
  };
}
