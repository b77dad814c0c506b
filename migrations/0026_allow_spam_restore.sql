-- Marking a signature as spam can be undone (issue 26.4): the moderation log records the
-- restore as an action of its own. SQLite cannot change a CHECK in place, so the log is
-- copied into a table whose CHECK takes 'restore', ids and rows as they were.
CREATE TABLE moderation_log_next (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  signature_id INTEGER REFERENCES signatures (id) ON DELETE SET NULL,
  action TEXT NOT NULL CHECK (action IN ('approve', 'hide', 'spam', 'restore', 'retry-dead')),
  -- An organiser's email, or `token:<id>` for an API token.
  actor TEXT NOT NULL CHECK (length(actor) <= 254),
  -- The signature's status/moderation before the action, for the record.
  previous TEXT,
  created_at INTEGER NOT NULL
);
INSERT INTO moderation_log_next (id, campaign_id, signature_id, action, actor, previous, created_at)
  SELECT id, campaign_id, signature_id, action, actor, previous, created_at FROM moderation_log;
DROP TABLE moderation_log;
ALTER TABLE moderation_log_next RENAME TO moderation_log;
CREATE INDEX moderation_log_campaign ON moderation_log (campaign_id, id);
-- Deleting a signature (the privacy sweep) sets its log rows' signature_id to NULL.
CREATE INDEX moderation_log_signature ON moderation_log (signature_id);
