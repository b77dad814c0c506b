-- Who did what and when in the organisers' dashboard (moderation, retried deliveries).
CREATE TABLE moderation_log (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  signature_id INTEGER REFERENCES signatures (id) ON DELETE SET NULL,
  action TEXT NOT NULL CHECK (action IN ('approve', 'hide', 'spam', 'retry-dead')),
  -- An organiser's email, or `token:<id>` for an API token.
  actor TEXT NOT NULL CHECK (length(actor) <= 254),
  -- The signature's status/moderation before the action, for the record.
  previous TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX moderation_log_campaign ON moderation_log (campaign_id, id);
