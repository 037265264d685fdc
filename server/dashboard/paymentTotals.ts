import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import type { ListQuery } from "@/server/resources/listParams";
import { whereOf } from "@/server/resources/listQuery";
import { registry } from "@/server/resources/registry";

export interface PaymentTotals {
  count: number;
  /** Sum of the matching payments, by status (refunded rows are the refunds). */
  byStatus: { status: string; count: number; amount: number }[];
  gross: number;
  refunds: number;
  net: number;
}

/** Totals of the payments matching a list query (same filters as the list and the export). */
export async function paymentTotals(database: Database, role: StaffRole, query: ListQuery): Promise<PaymentTotals> {
  const where = whereOf(registry.payments, role, query);
  const rows = await database.rows<{ status: string; n: number; amount: string }>(
    sql`SELECT status, count(*)::bigint AS n, coalesce(sum(amount), 0) AS amount
        FROM payments ${where ? sql`WHERE ${where}` : sql``} GROUP BY status ORDER BY status`,
  );
  const byStatus = rows.map((r) => ({ status: r.status, count: Number(r.n), amount: Number(r.amount) }));
  const amountOf = (status: string) => byStatus.find((s) => s.status === status)?.amount ?? 0;
  const gross = amountOf("succeeded") + amountOf("refunded");
  const refunds = amountOf("refunded");
  return { count: byStatus.reduce((sum, s) => sum + s.count, 0), byStatus, gross, refunds, net: gross - refunds };
}
