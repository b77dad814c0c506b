-- A claim takes every pending member of a batch whose outcome is unknown, so that the
-- batch goes again whole under its idempotency key; this finds them without a scan.
CREATE INDEX outbox_pending_batch ON outbox (batch_key) WHERE status = 'pending' AND batch_key IS NOT NULL;
