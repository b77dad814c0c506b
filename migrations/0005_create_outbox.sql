-- Transactional outbox: every email is a row written in the same batch as the change
-- that causes it, then sent by the drainer (request-time waitUntil and the cron).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER REFERENCES campaigns (id) ON DELETE CASCADE,
  signature_id INTEGER REFERENCES signatures (id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('confirm', 'already-signed', 'forward', 'digest', 'login')),
  -- Sent to the provider as Idempotency-Key: a retry can never send twice.
  idempotency_key TEXT NOT NULL UNIQUE,
  from_name TEXT NOT NULL,
  to_addrs TEXT NOT NULL CHECK (json_valid(to_addrs) AND json_array_length(to_addrs) > 0),
  cc_addrs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_addrs)),
  reply_to TEXT,
  subject TEXT NOT NULL CHECK (length(subject) <= 998 AND subject NOT GLOB '*[' || char(10) || char(13) || ']*'),
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  -- Mail sharing a throttle key is spread out over time (one embassy, the campaign inbox).
  throttle_key TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  -- Set when a message first goes out in a provider batch: an ambiguous failure (timeout,
  -- 5xx) is retried as the very same batch under the same key, so it cannot send twice.
  batch_key TEXT,
  lease_id TEXT,
  lease_until INTEGER,
  provider_id TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_campaign_status ON outbox (campaign_id, status);
