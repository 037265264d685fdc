import { Presets, SingleBar } from "cli-progress";
import { argValue, describeTarget, runCli } from "../db/cli";
import {
  addKeyToFile,
  defaultKeyFile,
  KeyRingError,
  messageKeyRing,
  removeKeysFromFile,
} from "../server/crypto/keyRing";
import { messagesPerKey, messagesToRotate, rotateMessageKeys } from "../server/crypto/rotateKeys";

// npm run db:rotate-keys [-- --new-key] [--pages 256] [--retire]
//   --new-key  key file only: add a fresh key and make it active first (with MESSAGE_KEYS, add the
//              key there, name it in MESSAGE_ACTIVE_KEY and restart the app instead)
//   --pages    heap pages per batch (default 256, about 5,000 messages at the table's half-full pages)
//   --retire   afterwards, remove from the key file every key no message uses any more
// Re-encrypts every message not under the active key (legacy plaintext too), in short batches while
// the app keeps serving; an interrupted run is resumed by running it again.
const pagesPerBatch = Number(argValue("pages") ?? 256);

await runCli(async (database) => {
  if (!Number.isInteger(pagesPerBatch) || pagesPerBatch < 1 || pagesPerBatch > 10_000) {
    throw new Error("--pages must be an integer between 1 and 10000");
  }
  if (process.argv.includes("--new-key")) {
    if (process.env.MESSAGE_KEYS) {
      throw new KeyRingError(
        "the key ring comes from MESSAGE_KEYS: add the new key there, set MESSAGE_ACTIVE_KEY to it, restart the app, then run this again without --new-key",
      );
    }
    const key = addKeyToFile(defaultKeyFile());
    console.log(`New active key ${key.id} in ${defaultKeyFile()}`);
  }
  const ring = messageKeyRing();
  const total = await messagesToRotate(database, ring);
  console.log(`Re-encrypting ${total} message(s) under key ${ring.active.id} in ${describeTarget()}`);
  const bar = process.stdout.isTTY
    ? new SingleBar(
        { format: " rotating |{bar}| {percentage}% {value}/{total} messages, {rate}/s" },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0, { rate: 0 });
  const started = performance.now();
  const report = await rotateMessageKeys(database, {
    ring,
    pagesPerBatch,
    onProgress: (p) => {
      const rate = Math.round(p.done / Math.max((performance.now() - started) / 1000, 1e-3));
      // A message added meanwhile may push done past the first count.
      bar?.setTotal(Math.max(total, p.done));
      bar?.update(p.done, { rate });
    },
  });
  bar?.stop();
  const rate = Math.round(report.done / Math.max(report.seconds, 1e-3));
  console.log(`✓ ${report.rotated} re-encrypted in ${report.seconds.toFixed(1)} s (${rate} messages/s)`);
  if (report.unreadable > 0) {
    console.error(
      `✗ ${report.unreadable} message(s) failed their integrity check or use a key not in the ring; left as stored: ${report.unreadableIds.join(", ")}`,
    );
    process.exitCode = 1;
  }
  const perKey = await messagesPerKey(database);
  for (const [keyId, n] of perKey) console.log(`  ${(keyId ?? "(not encrypted)").padEnd(34)} ${n} message(s)`);
  const unused = [...ring.keys.keys()].filter((id) => id !== ring.active.id && !perKey.has(id));
  if (unused.length === 0) return;
  if (process.argv.includes("--retire") && ring.source === "file") {
    removeKeysFromFile(defaultKeyFile(), unused);
    console.log(`Removed key(s) no message uses from the key file: ${unused.join(", ")}`);
  } else {
    console.log(
      `No message uses key(s) ${unused.join(", ")} any more: they can be removed from the ring (--retire for the key file).`,
    );
  }
});
