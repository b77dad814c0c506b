-- Where mail goes when no RESEND_API_KEY is set (local development only).
CREATE TABLE dev_mailbox (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL UNIQUE,
  from_addr TEXT NOT NULL,
  to_addrs TEXT NOT NULL,
  cc_addrs TEXT NOT NULL,
  reply_to TEXT,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
