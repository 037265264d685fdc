import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { chainHead, checkSavedHead, describeProblem, verifyChain } from "@/server/audit/chain";
import { logRead } from "@/server/compliance/readLog";

export const dynamic = "force-dynamic";

const query = z.object({
  mode: z.enum(["head", "verify", "check"]).default("head"),
  seq: z.coerce.number().int().positive("seq must be a sequence number").optional(),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "hash must be 64 hex characters")
    .optional(),
});

/** The chain's head (cheap), a full verification, or a check of a head saved earlier. */
export const GET = defineRoute(
  { resource: "compliance_views", action: "show", query },
  async ({ mode, seq, hash }, { actor, request }) => {
    const database = await getDatabase();
    if (mode === "head") {
      // Not logged: the head is a sequence number and a hash, no one's data, and logging each
      // read would move the head it reports.
      return { head: await chainHead(database) };
    }
    if (mode === "check") {
      if (!seq || !hash)
        return Response.json({ error: { code: "invalid", message: "seq and hash are required" } }, { status: 400 });
      const found = await checkSavedHead(database, { seq, hash });
      await logRead({ actor, request }, "chain_check", { seq, hash });
      return { found };
    }
    const result = await verifyChain(database);
    await logRead({ actor, request }, "chain_verify", { ok: result.ok, firstBrokenSeq: result.firstBrokenSeq });
    return { ...result, explanation: result.problem ? describeProblem[result.problem] : null };
  },
);
