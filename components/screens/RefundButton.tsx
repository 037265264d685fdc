"use client";

import { useInvalidate } from "@refinedev/core";
import { App, Button } from "antd";
import type { StaffRole } from "@/db/schema/enums";
import type { ResourceRow } from "@/lib/resources/types";
import { formatMoney } from "@/lib/format";
import { can } from "@/server/auth/permissions";
import { refundPayment } from "@/server/actions/paymentActions";

/**
 * Whether the refund action is offered: the role may edit payments and the payment succeeded (the
 * server's rule, server/resources/refund.ts, which checks both again). The list and the show page ask here.
 */
export const offersRefund = (role: StaffRole, row: ResourceRow) =>
  can(role, "edit", "payments") && row.status === "succeeded";

/** Refunds one payment after a confirmation naming the amount; the payment's list and record reload. */
export function RefundButton({ row, size = "small" }: { row: ResourceRow; size?: "small" | "middle" }) {
  const { modal, message } = App.useApp();
  const invalidate = useInvalidate();
  return (
    <Button
      size={size}
      danger
      onClick={() =>
        modal.confirm({
          title: `Refund ${formatMoney(row.amount as string | number | null)}?`,
          content: "The payment's status becomes refunded. This is recorded in the audit log.",
          okText: "Refund",
          okButtonProps: { danger: true },
          onOk: async () => {
            const result = await refundPayment(row.id);
            if (!result.ok) {
              message.error(result.error.message);
              return;
            }
            message.success("Payment refunded");
            await invalidate({ resource: "payments", invalidates: ["list", "detail"], id: row.id });
          },
        })
      }
    >
      Refund
    </Button>
  );
}
