"use client";

import { useCustom, useInvalidate } from "@refinedev/core";
import { App, Button, Card, Col, Row, Statistic } from "antd";
import type { ResourceRow } from "@/lib/resources/types";
import type { PaymentTotals } from "@/server/dashboard/paymentTotals";
import { can } from "@/server/auth/permissions";
import { ResourceList } from "@/components/resource/ResourceList";
import { useAdmin } from "@/components/shell/AdminContext";
import { refundPayment } from "@/server/actions/paymentActions";

function Totals({ query }: { query: string }) {
  const { query: totals } = useCustom<PaymentTotals & { [key: string]: unknown }>({
    url: `/api/dashboard/payment-totals${query ? `?${query}` : ""}`,
    method: "get",
    errorNotification: false,
  });
  const data = totals.data?.data;
  return (
    <Card size="small" title="Totals for these filters" loading={totals.isLoading} data-testid="payment-totals">
      {data && (
        <Row gutter={16}>
          <Col span={6}>
            <Statistic title="Payments" value={data.count} />
          </Col>
          <Col span={6}>
            <Statistic title="Gross" value={data.gross} precision={2} />
          </Col>
          <Col span={6}>
            <Statistic title="Refunds" value={data.refunds} precision={2} />
          </Col>
          <Col span={6}>
            <Statistic title="Net" value={data.net} precision={2} />
          </Col>
        </Row>
      )}
    </Card>
  );
}

function RefundButton({ row }: { row: ResourceRow }) {
  const { modal, message } = App.useApp();
  const invalidate = useInvalidate();
  return (
    <Button
      size="small"
      danger
      onClick={() =>
        modal.confirm({
          title: `Refund ${Number(row.amount).toFixed(2)}?`,
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
            await invalidate({ resource: "payments", invalidates: ["list", "detail"] });
          },
        })
      }
    >
      Refund
    </Button>
  );
}

/** Payments: the generic list plus totals for the filtered period and a refund action on succeeded payments. */
export function PaymentList() {
  const { actor } = useAdmin();
  const mayRefund = can(actor.role, "edit", "payments");
  return (
    <ResourceList
      resource="payments"
      toolbar={(query) => <Totals query={query} />}
      rowActions={(row) => (mayRefund && row.status === "succeeded" ? <RefundButton row={row} /> : null)}
    />
  );
}
