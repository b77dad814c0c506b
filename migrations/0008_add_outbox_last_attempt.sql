-- When the drainer last took a message: with next_attempt_at it shows the backoff chosen.
ALTER TABLE outbox ADD COLUMN last_attempt_at INTEGER;
