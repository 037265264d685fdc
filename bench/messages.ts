import "./_serverOnly";
import { benchDatabaseUrl, fmt, p95Of } from "./_support";

/**
 * Issue #9 (messages encrypted at rest), on PostgreSQL sb_bench with at least 1,000,000 messages
 * (topped up with encrypted messages between matched users when the seed made fewer):
 * - for scale, the bare query of a page of 50 messages with content, as stored and decrypted
 *   (AES-256-GCM per message), first page and 100,000 rows deep by keyset;
 * - the message list (GET /api/resources/messages, which never selects content: "today") against
 *   the same list showing its page's content, decrypted: goal p95 ≤ 1.2 × today's;
 * - key rotation of every message to a new key added to the key file: goal ≥ 20,000 messages/s.
 */
const wantedMessages = Number(process.env.BENCH_MESSAGES || 1_000_000);
const pageSize = 50;
const depth = 100_000;

export async function run(): Promise<void> {
  const [{ openDatabase, setDatabase, sql }, { runAsActor }, { listRoute }, cipher, keys, { rotateMessageKeys }] =
    await Promise.all([
      import("../db/client"),
      import("../server/auth/actor"),
      import("../server/resources/routes"),
      import("../server/crypto/messageCipher"),
      import("../server/crypto/keyRing"),
      import("../server/crypto/rotateKeys"),
    ]);
  const database = await openDatabase({ url: benchDatabaseUrl });
  setDatabase(database);
  try {
    const ring = keys.messageKeyRing();
    await topUp(wantedMessages);
    const [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM messages`);
    console.log(`messages: ${fmt(Number(n), 0)}, active key ${ring.active.id}`);

    const [edge] = await database.rows<{ sent_at: string; id: string }>(sql`
      SELECT sent_at::text AS sent_at, id::text AS id FROM messages ORDER BY sent_at DESC, id DESC OFFSET ${depth - 1} LIMIT 1`);
    const page = (deep: boolean) =>
      database.rows<{ id: string; content: string }>(
        deep
          ? sql`SELECT id::text AS id, from_user_id, to_user_id, content, sent_at, read_at FROM messages
                WHERE (sent_at, id) < (${edge.sent_at}::timestamptz, ${edge.id}::uuid)
                ORDER BY sent_at DESC, id DESC LIMIT ${pageSize}`
          : sql`SELECT id::text AS id, from_user_id, to_user_id, content, sent_at, read_at FROM messages
                ORDER BY sent_at DESC, id DESC LIMIT ${pageSize}`,
      );
    const decrypted = async (deep: boolean) => {
      const rows = await page(deep);
      for (const row of rows) {
        const opened = cipher.decryptMessage(row.content, row.id, ring);
        if (!opened.ok) throw new Error(`message ${row.id} did not decrypt (${opened.reason})`);
      }
      return rows;
    };
    console.log(`page of ${pageSize} messages with content, newest first:`);
    for (const deep of [false, true]) {
      const where = deep ? `keyset ${fmt(depth, 0)} deep` : "first page";
      const stored = await p95Of(`${where}, as stored (no decryption)`, () => page(deep));
      const opened = await p95Of(`${where}, decrypted`, () => decrypted(deep));
      console.log(`  ${where}: decrypted/stored p95 ratio ${fmt(opened / stored, 2)} (the bare query; for scale)`);
    }

    const admin = { staffId: "00000000-0000-0000-0000-000000000000", email: "bench@saltbitter.test", name: "Bench" };
    const list = async () => {
      const request = new Request(`http://bench.test/api/resources/messages?pageSize=25&sort=sentAt&order=desc`);
      const response = await runAsActor({ ...admin, role: "admin" }, () =>
        listRoute(request, { params: Promise.resolve({ resource: "messages" }) }),
      );
      if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
      return JSON.parse(await response.text()) as { data: { id: string }[] };
    };
    // The same list showing content: the page's 25 contents fetched by id and decrypted.
    const listDecrypted = async () => {
      const { data } = await list();
      const ids = data.map((row) => row.id);
      const rows = await database.rows<{ id: string; content: string }>(
        sql`SELECT id::text AS id, content FROM messages WHERE id = ANY(${`{${ids.join(",")}}`}::uuid[])`,
      );
      for (const row of rows)
        if (!cipher.decryptMessage(row.content, row.id, ring).ok) throw new Error(`message ${row.id} did not decrypt`);
    };
    console.log("message list (GET /api/resources/messages, 25 rows, newest first, with count):");
    const today = await p95Of("as today (content not shown)", list);
    const withContent = await p95Of("showing content (fetched by id, decrypted)", listDecrypted);
    console.log(`  message list with decryption / today p95: ${fmt(withContent / today, 2)} (goal ≤ 1.2)`);

    // As `db:rotate-keys -- --new-key` does: a new active key in the key file, then every message.
    const fresh = keys.addKeyToFile(keys.defaultKeyFile());
    const report = await rotateMessageKeys(database, { ring: keys.messageKeyRing() });
    console.log(
      `key rotation to new key ${fresh.id}: ${fmt(report.rotated, 0)} messages in ${fmt(report.seconds, 1)} s = ` +
        `${fmt(report.rotated / report.seconds, 0)} messages/s (goal ≥ 20,000)` +
        (report.unreadable ? `, ${report.unreadable} unreadable` : ""),
    );
  } finally {
    await database.close();
  }

  /** Adds encrypted messages between matched users until the table holds `target` rows. */
  async function topUp(target: number) {
    const [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM messages`);
    const missing = target - Number(n);
    if (missing <= 0) return;
    console.log(`topping up: ${fmt(missing, 0)} messages between matched users (once; kept for later runs)`);
    const ring = keys.messageKeyRing();
    const pairs = await database.rows<{ a: string; b: string; created_at: string }>(
      sql`SELECT user_a_id::text AS a, user_b_id::text AS b, created_at::text AS created_at FROM matches LIMIT 200000`,
    );
    if (pairs.length === 0) throw new Error("no matches to add messages to: run `npm run bench -- seed` first");
    const crypto = await import("node:crypto");
    for (let done = 0; done < missing;) {
      const batch = Math.min(10_000, missing - done);
      const rows = Array.from({ length: batch }, (_, i) => {
        const pair = pairs[(done + i) % pairs.length];
        const id = crypto.randomUUID();
        const forward = (done + i) % 2 === 0;
        return {
          id,
          from: forward ? pair.a : pair.b,
          to: forward ? pair.b : pair.a,
          content: cipher.encryptMessage(`Bench message ${done + i}: see you at eight?`, id, ring),
          sent_at: new Date(Date.parse(pair.created_at) + (done + i) * 1000).toISOString(),
        };
      });
      await database.rows(sql`
        INSERT INTO messages (id, from_user_id, to_user_id, content, sent_at)
        SELECT id, "from", "to", content, LEAST(sent_at, now()) FROM json_to_recordset(${JSON.stringify(rows)}::json)
          AS v(id uuid, "from" uuid, "to" uuid, content text, sent_at timestamptz)`);
      done += batch;
    }
  }
}
