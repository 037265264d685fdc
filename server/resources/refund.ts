import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { payments } from "@/db/schema";
import { defineAction } from "../actions/defineAction";
import type { AuditEntry } from "../audit/appendAudit";
import { DomainError } from "../errors";
import { isUuid } from "./listParams";
import { updateIn } from "./mutations";
import { registry } from "./registry";

/** Only a succeeded payment can be refunded; the row is locked while checking, and the refund audited. */
export const refund = defineAction(
  { resource: "payments", action: "edit", input: z.object({ id: z.string() }) },
  async ({ id }, { actor, tx }) => {
    if (!isUuid(id)) throw new DomainError("not_found", "No such payment");
    const [current] = await tx
      .select({ status: payments.status })
      .from(payments)
      .where(eq(payments.id, id))
      .for("update");
    if (!current) throw new DomainError("not_found", "No such payment");
    if (current.status !== "succeeded") {
      const message = `Only succeeded payments can be refunded (this one is ${current.status})`;
      throw new DomainError("invalid", message, { status: message });
    }
    const result = await updateIn(registry.payments, tx, actor.role, id, { status: "refunded" });
    return { data: result.data, audit: { ...(result.audit as AuditEntry), action: "refund" } };
  },
);
