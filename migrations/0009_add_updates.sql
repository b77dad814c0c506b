-- Updates: organisers write to the supporters who asked to hear more, and every update
-- can be unsubscribed from in one click (RFC 8058).
--
-- signatures: two columns of the row signing writes anyway, so the signing path writes no
-- more rows and no index entry. `updates_consent` is the version of the "keep me updated"
-- text the supporter ticked (src/lib/updates-consent.ts), NULL when they did not; signing
-- again never changes it. `unsubscribed_at` is when they unsubscribed (one click). The
-- audience of an update is read by the enqueue step in id order (a range of the table, as
-- the export reads it), so no index is kept for it.
ALTER TABLE signatures ADD COLUMN updates_consent TEXT
  CHECK (updates_consent IS NULL OR length(updates_consent) BETWEEN 1 AND 64);
ALTER TABLE signatures ADD COLUMN unsubscribed_at INTEGER;

-- One row per update. The text is written once, in the campaign's language, with optional
-- translations (JSON `{ "ru": { "subject", "body" } }`). Its mail is enqueued a step at a
-- time (src/db/updates.ts): `cursor` is the highest signature id enqueued so far, and
-- `enqueued_at` is set when the audience has been gone through, so a big audience is
-- never written to the outbox in one request. Each supporter's mail is an outbox row
-- `c<campaign>:u<update>:s<signature>` (a key range per update: its progress).
CREATE TABLE updates (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200 AND subject NOT GLOB '*[' || char(10) || char(13) || ']*'),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  translations TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(translations) AND json_type(translations) = 'object'),
  -- An organiser's email or `token:<id>`, as in audit_log.
  author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 254),
  cursor INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
  enqueued INTEGER NOT NULL DEFAULT 0 CHECK (enqueued >= 0),
  created_at INTEGER NOT NULL,
  enqueued_at INTEGER,
  -- The form's (or the API's Idempotency-Key) key for this update: a second click on Send,
  -- or a retried request, sends nothing more. NULL without one (NULLs repeat in UNIQUE).
  draft_key TEXT CHECK (draft_key IS NULL OR length(draft_key) BETWEEN 8 AND 100),
  UNIQUE (campaign_id, draft_key)
);
-- The dashboard's list (a campaign's updates, newest first) reads UNIQUE (campaign_id, draft_key).
-- The cron's step: updates whose audience is still being gone through (one entry while it lasts).
CREATE INDEX updates_enqueuing ON updates (id) WHERE enqueued_at IS NULL;

-- DEV ONLY: the extra headers a mail was handed over with (List-Unsubscribe…), as JSON.
ALTER TABLE dev_mailbox ADD COLUMN headers TEXT NOT NULL DEFAULT '{}';
