"use client";

import { useCustom } from "@refinedev/core";
import { Card, Col, Row, Statistic } from "antd";
import type { PaymentTotals } from "@/server/dashboard/paymentTotals";
import { ResourceList } from "@/components/resource/ResourceList";
import { useAdmin } from "@/components/shell/AdminContext";
import { offersRefund, RefundButton } from "./RefundButton";

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

/** Payments: the generic list plus totals for the filtered period and a refund action on succeeded payments. */
export function PaymentList() {
  const { actor } = useAdmin();
  return (
    <ResourceList
      resource="payments"
      toolbar={(query) => <Totals query={query} />}
      rowActions={(row) => (offersRefund(actor.role, row) ? <RefundButton row={row} /> : null)}
    />
  );
}
