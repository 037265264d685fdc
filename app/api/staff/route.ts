import { z } from "zod";
import { getDatabase } from "@/db/client";
import { listStaff } from "@/server/auth/staffAccounts";
import { defineRoute } from "@/server/http";

export const dynamic = "force-dynamic";

/** The staff screen's list (admins only): never a password hash. */
export const GET = defineRoute({ resource: "staff_accounts", action: "list", query: z.object({}) }, async () => ({
  data: await listStaff(await getDatabase()),
}));
