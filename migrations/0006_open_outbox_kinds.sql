-- The outbox takes new kinds of mail (updates, reminders, milestone and picket mail) without
-- a table rebuild each: `kind` is checked for its shape, not against a list. The code that
-- enqueues and renders a kind is what gives it meaning (src/email/render.ts).
-- SQLite cannot change a CHECK in place, so the table is rebuilt once, rows and all.
-- `status` is spelt with OR: an IN list of three or more constants makes SQLite build a
-- temporary table on every insert and update of a row.
CREATE TABLE outbox_new (
  -- Whose mail it is (see 0002); sent to the provider as Idempotency-Key.
  idempotency_key TEXT PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 3 AND 200),
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32 AND kind NOT GLOB '*[^a-z-]*'),
  -- Plain columns, not foreign keys: an enforced key would scan this table for every
  -- signature the privacy sweep deletes. The key's prefix is what finds a campaign's mail.
  campaign_id INTEGER,
  signature_id INTEGER,
  from_name TEXT NOT NULL,
  to_addrs TEXT NOT NULL CHECK (json_valid(to_addrs) AND json_array_length(to_addrs) > 0),
  cc_addrs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_addrs)),
  reply_to TEXT,
  -- NULL for mail rendered from its signature when it goes out.
  subject TEXT CHECK (subject IS NULL OR (length(subject) <= 998 AND subject NOT GLOB '*[' || char(10) || char(13) || ']*')),
  text_body TEXT,
  html_body TEXT,
  -- Mail sharing a throttle key is spread out over time (one embassy, the campaign inbox).
  throttle_key TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending' OR status = 'sent' OR status = 'dead'),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  -- The provider request a message went out in: an ambiguous failure (timeout, 5xx) is
  -- retried as the very same batch under the same key, so it cannot send twice.
  batch_key TEXT,
  lease_id TEXT,
  lease_until INTEGER,
  provider_id TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  -- The delivery ledger's columns (see 0004).
  receipt_id TEXT,
  receipt_target TEXT,
  text_sha256 TEXT,
  delivery TEXT
    CHECK (delivery = 'sent' OR delivery = 'delayed' OR delivery = 'delivered' OR delivery = 'bounced' OR delivery = 'complained'),
  delivery_at INTEGER,
  delivery_error TEXT
) WITHOUT ROWID;
INSERT INTO outbox_new SELECT
  idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, cc_addrs, reply_to, subject,
  text_body, html_body, throttle_key, status, attempts, next_attempt_at, last_attempt_at, batch_key,
  lease_id, lease_until, provider_id, last_error, created_at, sent_at, receipt_id, receipt_target,
  text_sha256, delivery, delivery_at, delivery_error
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
-- The drainer's claim: due pending messages, oldest first. A sent message leaves it.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
