-- The dev mailbox was keyed by outbox id, but SQLite may reuse the id of a deleted outbox
-- row, and a later mail with that id was then silently dropped. Key it by the mail's own
-- idempotency key instead (dev-only data, so the rebuild is cheap).
CREATE TABLE dev_mailbox_new (
  id INTEGER PRIMARY KEY,
  mail_key TEXT NOT NULL UNIQUE,
  outbox_id INTEGER NOT NULL,
  from_addr TEXT NOT NULL,
  to_addrs TEXT NOT NULL,
  cc_addrs TEXT NOT NULL,
  reply_to TEXT,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO dev_mailbox_new (id, mail_key, outbox_id, from_addr, to_addrs, cc_addrs, reply_to, subject, text_body, html_body, created_at)
SELECT id, 'outbox-' || outbox_id, outbox_id, from_addr, to_addrs, cc_addrs, reply_to, subject, text_body, html_body, created_at FROM dev_mailbox;
DROP TABLE dev_mailbox;
ALTER TABLE dev_mailbox_new RENAME TO dev_mailbox;
