"use server";

import { z } from "zod";
import type { ResourceRow } from "@/lib/resources/types";
import type { ActionResult } from "../errors";
import { refund } from "../resources/refund";

/** Refunds a succeeded payment (status → refunded), audited. */
export async function refundPayment(id: string): Promise<ActionResult<ResourceRow>> {
  return refund({ id: z.string().parse(String(id)) });
}
