import { describe, expect, it } from "vitest";
import { GET as auditLog } from "@/app/api/compliance/audit/route";
import { GET as aiScreen } from "@/app/api/compliance/ai/route";
import { GET as consentTimeline } from "@/app/api/compliance/consent/route";
import { GET as chain } from "@/app/api/compliance/chain/route";
import { sql } from "@/db/client";
import { sequenceAuditChain } from "@/server/audit/sequencer";
import { as, useSeededDatabase } from "../backoffice/support";

const { database, actor } = useSeededDatabase(40);

const visit = () => crypto.randomUUID();
const call = (route: (request: Request) => Promise<Response>, path: string, visitId?: string) =>
  as(actor("compliance_officer"), async () => {
    const response = await route(
      new Request(new URL(path, "http://backoffice.test"), {
        headers: visitId ? { "x-compliance-view": visitId } : {},
      }),
    );
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  });

type ViewRow = {
  framework: string;
  user_id: string | null;
  metadata: { view: string; filters: { fields: string[]; valuesHmac: string | null } };
};
// Both chain the rows written so far first (inserts leave rows unsequenced: migration 0016).
const viewRowsSince = async (seq: number) => {
  await sequenceAuditChain(database());
  return database().rows<ViewRow & { seq: number }>(sql`
    SELECT seq, regulatory_framework AS framework, user_id, metadata FROM compliance_logs
    WHERE seq > ${seq} AND action_type = 'staff.compliance_views.show' ORDER BY seq`);
};
const headSeq = async () => {
  await sequenceAuditChain(database());
  return Number((await database().rows<{ seq: number }>(sql`SELECT max(seq)::int AS seq FROM compliance_logs`))[0].seq);
};

describe("compliance view reads are logged once per visit", () => {
  it("paging within one visit writes one row; a new filter is a new read; a call without a visit is logged each time", async () => {
    const start = await headSeq();
    const id = visit();
    const first = (await call(auditLog, "/api/compliance/audit?limit=5", id)) as { nextBefore: number };
    await call(auditLog, `/api/compliance/audit?limit=5&before=${first.nextBefore}`, id);
    await call(auditLog, "/api/compliance/audit?limit=5", id);
    expect(await viewRowsSince(start)).toHaveLength(1);

    await call(auditLog, "/api/compliance/audit?limit=5&framework=eu_ai_act", id);
    const rows = await viewRowsSince(start);
    expect(rows).toHaveLength(2);
    // Filtered to one framework, the read concerns that framework; unfiltered, GDPR's record of processing.
    expect(rows.map((r) => r.framework)).toEqual(["gdpr", "eu_ai_act"]);

    const before = (await viewRowsSince(start)).length;
    await call(auditLog, "/api/compliance/audit?limit=5");
    await call(auditLog, "/api/compliance/audit?limit=5");
    expect(await viewRowsSince(start)).toHaveLength(before + 2);
  });

  it("a new visit of the same screen is logged again; AI views under eu_ai_act", async () => {
    const start = await headSeq();
    await call(aiScreen, "/api/compliance/ai", visit());
    await call(aiScreen, "/api/compliance/ai", visit());
    const rows = await viewRowsSince(start);
    expect(rows.map((r) => [r.framework, r.metadata.view])).toEqual([
      ["eu_ai_act", "ai_metrics"],
      ["eu_ai_act", "ai_metrics"],
    ]);
  });

  it("logs a person's consent timeline under their id, with the filter's name but never its value", async () => {
    const [{ id: userId }] = await database().rows<{ id: string }>(sql`SELECT id FROM users ORDER BY id LIMIT 1`);
    const start = await headSeq();
    await call(consentTimeline, `/api/compliance/consent?userId=${userId}`, visit());
    const [row] = await viewRowsSince(start);
    expect(row.user_id).toBe(userId);
    expect(row.metadata.filters.fields).toEqual(["userId"]);
    expect(JSON.stringify(row.metadata)).not.toContain(userId);
  });

  it("the chain head a screen shows is current: reading it writes nothing", async () => {
    const id = visit();
    await call(auditLog, "/api/compliance/audit?limit=5", id);
    const { head } = (await call(chain, "/api/compliance/chain?mode=head", id)) as { head: { seq: number } };
    expect(head.seq).toBe(await headSeq());
    await call(chain, "/api/compliance/chain?mode=head", id);
    expect(await headSeq()).toBe(head.seq);
  });
});
