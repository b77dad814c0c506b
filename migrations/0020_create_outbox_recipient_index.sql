-- Exact per-address limits: how many link emails an address got recently.
CREATE INDEX outbox_recipient_recent ON outbox (to_addrs, created_at)
WHERE kind IN ('confirm', 'already-signed', 'login');
