"use client";

import { ResourceShow } from "@/components/resource/ResourceShow";
import { useAdmin } from "@/components/shell/AdminContext";
import { offersRefund, RefundButton } from "./RefundButton";

/** A payment's record, with the same refund action as the payments list (for the same roles and payments). */
export function PaymentShow({ id }: { id: string }) {
  const { actor } = useAdmin();
  return (
    <ResourceShow
      resource="payments"
      id={id}
      extraButtons={(record) => (offersRefund(actor.role, record) ? <RefundButton row={record} size="middle" /> : null)}
    />
  );
}
