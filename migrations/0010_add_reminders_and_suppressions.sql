-- Caring for supporters' inboxes (issue 17): one reminder to a signature left unconfirmed,
-- "this wasn't me", and the organisers' milestone mail. Nothing here adds a write, a
-- trigger or an index entry to signing or confirming.

-- An inbox that said "this wasn't me" to a campaign: nothing more is mailed to it about that
-- campaign, and signing with it stores nothing. Only a keyed hash of the canonical inbox
-- (src/lib/suppression.ts; HMAC with a key derived from LINK_SECRET), never the address.
-- Signing looks it up by primary key inside its one batch (db/signatures.ts).
CREATE TABLE mail_suppressions (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  inbox_hash TEXT NOT NULL CHECK (length(inbox_hash) = 64 AND inbox_hash NOT GLOB '*[^0-9a-f]*'),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, inbox_hash)
) WITHOUT ROWID;

-- How far a cron job has walked a table in rowid order. `reminders` is the highest
-- signature id already considered for its one reminder: each run looks only at the
-- signatures after it that are 48 hours old, and moves it on in the same batch as the
-- reminders it enqueues, so no signature is considered twice (parallel runs included)
-- and no index on signatures is needed (an index would be written on every signing).
CREATE TABLE cron_cursors (
  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 40 AND name NOT GLOB '*[^a-z-]*'),
  value INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
