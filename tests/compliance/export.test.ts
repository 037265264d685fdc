import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { parseJson } from "../../server/audit/canonical";
import { chainHead } from "../../server/audit/chain";
import { verifyExport } from "../../server/audit/verifyExport";
import { checkpointSettings } from "../../server/audit/checkpointConfig";
import { signManifest } from "../../server/audit/manifestSignature";
import type { StaffActor } from "../../server/auth/actor";
import { drainExport, findManifest, prepareExport, type ExportRequest } from "../../server/compliance/export";
import { auditLogFilters, consentLogFilters } from "../../server/compliance/filters";
import { filterDigest } from "../../server/audit/filterDigest";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertStaff } from "./support";

const database = useFreshDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-export-test-"));
let actor: StaffActor;
let alice: string;

/** Minimal RFC 4180 reader for the assertions (quoted fields, doubled quotes, embedded newlines). */
function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === "," || c === "\n") {
      row.push(field === "" && !wasQuoted ? null : field);
      field = "";
      wasQuoted = false;
      if (c === "\n") {
        rows.push(row);
        row = [];
      }
    } else field += c;
  }
  return rows;
}

/** The public keys an auditor would be given: this installation's audit signing key. */
const trusted = () => checkpointSettings().trustedKeys;

async function runExport(request: ExportRequest) {
  const prepared = await prepareExport(database(), actor, request);
  const file = path.join(dir, prepared.fileName);
  const chunks: Uint8Array[] = [];
  await drainExport(prepared, (chunk) => void chunks.push(chunk));
  fs.writeFileSync(file, Buffer.concat(chunks));
  const manifest = await findManifest(database(), prepared.exportId);
  return { prepared, file, text: fs.readFileSync(file, "utf8"), manifest: manifest! };
}

beforeAll(async () => {
  const db = database();
  actor = await insertStaff(db);
  alice = await insertUser(db);
  const bob = await insertUser(db);
  for (let i = 0; i < 30; i++) {
    const metadata = JSON.stringify({ i, note: i % 7 === 0 ? 'comma, "quote"\nnewline' : `plain ${i}`, amount: 1.5 });
    await db.rows(sql`INSERT INTO compliance_logs (user_id, action_type, metadata, regulatory_framework)
      VALUES (${i % 3 ? alice : bob}, ${i % 2 ? "ai_disclosure" : "data_access_request"}, ${metadata}::jsonb,
        ${i % 2 ? "sb_243" : "gdpr"})`);
  }
  await db.rows(sql`INSERT INTO consent_logs (user_id, consent_type, granted, consent_text, ip_address, notice_version, collection_method, jurisdiction)
    VALUES (${alice}, 'marketing', true, 'Send me "news", please', '198.51.100.1', 'marketing-v2', 'signup_form', 'DE'),
           (${alice}, 'marketing', false, NULL, NULL, NULL, 'email_link', 'DE'),
           (${bob}, 'terms_of_service', true, '', '2001:db8::1', 'tos-v3', 'signup_form', 'US-CA')`);
});

describe("audit-trail exports", () => {
  it("writes JSON Lines equal to the filtered rows, with a manifest that verifies offline", async () => {
    const filters = auditLogFilters.parse({ framework: "sb_243", userId: alice });
    const { prepared, file, text, manifest } = await runExport({ source: "compliance_logs", format: "jsonl", filters });
    const expected = await database().rows<{ seq: string; id: string; metadata: unknown }>(sql`
      SELECT seq, id, metadata FROM compliance_logs WHERE regulatory_framework = 'sb_243' AND user_id = ${alice} ORDER BY seq`);
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { seq: number; id: string; metadata: unknown });
    expect(lines.map((l) => [l.seq, l.id, l.metadata])).toEqual(expected.map((r) => [Number(r.seq), r.id, r.metadata]));
    expect(prepared.expectedRows).toBe(expected.length);
    expect(manifest).toMatchObject({
      source: "compliance_logs",
      format: "jsonl",
      filters: filterDigest({ framework: "sb_243", userId: alice }),
      rowCount: expected.length,
      firstSeq: Number(expected[0].seq),
      lastSeq: Number(expected.at(-1)!.seq),
      exportedBy: { staffId: actor.staffId, email: actor.email },
    });
    expect(await verifyExport(file, manifest, trusted())).toMatchObject({
      ok: true,
      rows: expected.length,
      problems: [],
    });
    // The logged manifest names the filters, never their values (a user id is personal data).
    const [logged] = await database().rows<{ metadata: unknown }>(
      sql`SELECT metadata FROM compliance_logs WHERE metadata ->> 'recordId' = ${prepared.exportId}`,
    );
    expect(JSON.stringify(logged.metadata)).not.toContain(alice);
    expect(manifest.filters.fields).toEqual(["framework", "userId"]);
  });

  it("logs the export itself to compliance_logs, after the rows it exported", async () => {
    const { manifest } = await runExport({
      source: "compliance_logs",
      format: "jsonl",
      filters: auditLogFilters.parse({}),
    });
    const head = await chainHead(database());
    expect(head.seq).toBe(manifest.lastSeq! + 1);
    expect(manifest.chainHead.seq).toBe(manifest.lastSeq);
  });

  it("verifies a whole-chain export link by link, and catches an edited row and an edited file", async () => {
    const { file, manifest } = await runExport({
      source: "compliance_logs",
      format: "jsonl",
      filters: auditLogFilters.parse({}),
    });
    const verified = await verifyExport(file, manifest, trusted());
    expect(verified).toMatchObject({ ok: true, gaps: 0, linksChecked: manifest.rowCount - 1 });

    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[3] = lines[3].replace(/"action_type" : "[^"]*"/, '"action_type" : "forged"');
    const forged = path.join(dir, "forged.jsonl");
    fs.writeFileSync(forged, lines.join("\n"));
    const result = await verifyExport(forged, manifest, trusted());
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/SHA-256/), `seq 4: content does not match its hash`]),
    );
  });

  it("refuses a row removed from an unfiltered export, whether or not the manifest was rewritten to match", async () => {
    const { file, manifest } = await runExport({
      source: "compliance_logs",
      format: "jsonl",
      filters: auditLogFilters.parse({}),
    });
    expect(manifest.filtered).toBe(false);
    expect(manifest.signature).toMatchObject({ v: 1, key: trusted()[0].keyId });
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    const doctored = path.join(dir, "doctored.jsonl");
    fs.writeFileSync(doctored, [...lines.slice(0, 4), ...lines.slice(5)].join("\n") + "\n");
    const { createHash } = await import("node:crypto");
    const bytes = fs.readFileSync(doctored);
    const rewritten = {
      ...manifest,
      rowCount: manifest.rowCount - 1,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
    };
    // Rewritten without the key: the signature gives it away.
    const unsigned = await verifyExport(doctored, rewritten, trusted());
    expect(unsigned.ok).toBe(false);
    expect(unsigned.problems).toContain(
      "the manifest's signature does not match its content: the manifest was changed after export",
    );
    // Even re-signed (an insider holding the key), an unfiltered export may not skip a row.
    const { signingKey } = checkpointSettings();
    const resigned = await verifyExport(
      doctored,
      signManifest({ ...rewritten, signature: undefined }, signingKey!),
      trusted(),
    );
    expect(resigned.ok).toBe(false);
    expect(resigned.problems).toEqual(["seq 5–5: missing from an unfiltered export"]);
    // And a manifest with no signature at all is doubt, not success.
    const bare = await verifyExport(file, { ...manifest, signature: undefined }, trusted());
    expect(bare.problems).toEqual(["the manifest is not signed, so it could have been rewritten"]);
  });

  it("accepts the gaps of a filtered export and says how many segments it checked", async () => {
    const { file, manifest } = await runExport({
      source: "compliance_logs",
      format: "jsonl",
      filters: auditLogFilters.parse({ framework: "gdpr" }),
    });
    expect(manifest.filtered).toBe(true);
    const result = await verifyExport(file, manifest, trusted());
    expect(result.ok).toBe(true);
    expect(result.segments).toBe(result.gaps + 1);
  });

  it("filters by date: a day includes all of it, an instant includes itself as `from` and not as `to`", async () => {
    // The rows' own timestamps, to the microsecond, and their day (in the session's zone, as `::date` reads it).
    const stamps = await database().rows<{ seq: string; at: string; day: string; before: string; after: string }>(sql`
      SELECT seq, to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
        "timestamp"::date::text AS day, ("timestamp"::date - 1)::text AS before, ("timestamp"::date + 1)::text AS after
      FROM compliance_logs ORDER BY seq`);
    const seqs = async (range: { from?: string; to?: string }) => {
      const filters = auditLogFilters.parse(range);
      const { text } = await runExport({ source: "compliance_logs", format: "jsonl", filters });
      return text
        .split("\n")
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { seq: number }).seq);
    };
    const [fifth, fifteenth] = [stamps[4], stamps[14]];
    const between = stamps.filter((s) => s.at >= fifth.at && s.at < fifteenth.at).map((s) => Number(s.seq));
    const instants = await seqs({ from: fifth.at, to: fifteenth.at });
    expect(instants).toEqual(between);
    expect(instants).toContain(5);
    expect(instants).not.toContain(15);

    const first = stamps[0];
    expect(stamps.every((s) => s.day === first.day)).toBe(true); // all written moments ago
    const wholeDay = await seqs({ from: first.day, to: first.day });
    expect(wholeDay[0]).toBe(1);
    expect(wholeDay).toEqual(Array.from({ length: wholeDay.length }, (_, i) => i + 1));
    expect(wholeDay.length).toBeGreaterThanOrEqual(stamps.length);
    expect(await seqs({ from: first.after })).toEqual([]);
    expect(await seqs({ to: first.before })).toEqual([]);
  });

  it("writes CSV equal to the filtered rows, quoting as PostgreSQL does", async () => {
    const filters = auditLogFilters.parse({ framework: "gdpr" });
    const { file, text, manifest } = await runExport({ source: "compliance_logs", format: "csv", filters });
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      "seq",
      "id",
      "timestamp",
      "user_id",
      "staff_id",
      "action_type",
      "regulatory_framework",
      "metadata",
      "prev_hash",
      "hash",
    ]);
    const expected = await database().rows<{
      seq: string;
      id: string;
      staff_id: string | null;
      metadata: unknown;
      hash: string;
    }>(sql`
      SELECT seq, id, staff_id, metadata, hash FROM compliance_logs
      WHERE regulatory_framework = 'gdpr' AND seq > 0 AND seq <= ${manifest.chainHead.seq} ORDER BY seq`);
    expect(rows.map((r) => [Number(r[0]), r[1], r[4], JSON.parse(r[7]!), r[9]])).toEqual(
      expected.map((e) => [Number(e.seq), e.id, e.staff_id, e.metadata, e.hash]),
    );
    expect(manifest.rowCount).toBe(expected.length);
    expect(await verifyExport(file, manifest, trusted())).toMatchObject({ ok: true, rows: expected.length });
  });

  it.each(["csv", "jsonl"] as const)("exports filtered consent_logs as %s", async (format) => {
    const filters = consentLogFilters.parse({ userId: alice });
    const { file, text, manifest } = await runExport({ source: "consent_logs", format, filters });
    const expected = await database().rows<{ id: string; granted: boolean; consent_text: string | null }>(sql`
      SELECT id, granted, consent_text FROM consent_logs WHERE user_id = ${alice} ORDER BY "timestamp", id`);
    const got =
      format === "csv"
        ? parseCsv(text)
            .slice(1)
            .map((r) => ({ id: r[0], granted: r[4] === "true", consent_text: r[5] }))
        : text
            .trimEnd()
            .split("\n")
            .map((l) => parseJson(l) as { id: string; granted: boolean; consent_text: string | null })
            .map(({ id, granted, consent_text }) => ({ id, granted, consent_text }));
    expect(got).toEqual(expected);
    expect(manifest).toMatchObject({ source: "consent_logs", rowCount: expected.length, firstSeq: null });
    expect((await verifyExport(file, manifest, trusted())).ok).toBe(true);
  });

  it("keeps an empty string and a NULL apart in CSV", async () => {
    const { text } = await runExport({
      source: "consent_logs",
      format: "csv",
      filters: consentLogFilters.parse({ consentType: "terms_of_service" }),
    });
    const [, row] = parseCsv(text);
    expect(row[5]).toBe(""); // consent_text ''
    expect(row[9]).toBe("2001:db8::1");
  });

  it("accepts the seed's md5-derived ids (not RFC 4122 versions) as user ids", () => {
    expect(auditLogFilters.parse({ userId: "7d8767b2-0b68-c26c-b306-cf3c47d923f1" }).userId).toBe(
      "7d8767b2-0b68-c26c-b306-cf3c47d923f1",
    );
  });

  it("rejects bad filters naming the field", () => {
    const result = auditLogFilters.safeParse({ userId: "nope", from: "yesterday" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(["userId", "from"]);
  });
});
