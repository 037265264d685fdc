-- Down migration for 0015_messages_fillfactor: messages fill their pages again (existing pages keep their layout).
ALTER TABLE "messages" RESET (fillfactor);
