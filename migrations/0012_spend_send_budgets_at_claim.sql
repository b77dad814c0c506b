-- The per-address throttle becomes a send budget spent when the drainer claims (issue 25):
-- a token bucket per throttle key instead of a send time assigned to each message when it is
-- enqueued. Removing a message (withdrawal, spam, "this wasn't me") then never re-spaces a
-- queue: what waited behind it simply goes sooner. A forward is enqueued due at once
-- (next_attempt_at = when it was written, or HELD_UNTIL for a held address) and enqueuing
-- writes nothing else; the claim takes from each address only what its bucket holds.
--
-- mail_slots keeps each bucket: next_at is when its next token is ready (the generic cell
-- rate algorithm's "theoretical arrival time"; a send moves it by one gap, and a time long
-- past is a full bucket, so the daily sweep may still delete those); lease_id and granted
-- say what the last claim granted, for the claim's second statement to lease exactly that.
ALTER TABLE mail_slots ADD COLUMN lease_id TEXT;
ALTER TABLE mail_slots ADD COLUMN granted INTEGER NOT NULL DEFAULT 0;

-- The claim's walks: mail without a throttle key by when it is due, and each address's
-- mail in order (whose distinct keys the claim also steps through, one seek per address).
-- Throttled mail leaves the first index, so a long queue at one embassy is never walked
-- over to find a confirmation that is due.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending' AND throttle_key IS NULL;
CREATE INDEX outbox_throttled ON outbox (throttle_key, next_attempt_at) WHERE status = 'pending' AND throttle_key IS NOT NULL;
-- "Retry dead messages" reads the dead messages only, not the campaign's outbox.
CREATE INDEX outbox_dead ON outbox (campaign_id) WHERE status = 'dead';
