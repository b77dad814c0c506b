-- Solidarity's schema, whole. Migrations after this one are append-only: never edit a
-- migration once it has landed; change the schema with a new numbered file.
-- Times are Unix epoch milliseconds throughout. D1 bills every row and every index entry
-- written, so each index below names the query that needs it.

-- A campaign comes from a JSON file (campaigns/*.json) pushed with `npm run campaign -- push`.
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 2 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  locale TEXT NOT NULL DEFAULT 'en' CHECK (length(locale) BETWEEN 2 AND 10),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
  body TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
  demands TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(demands) AND json_type(demands) = 'array'),
  goal INTEGER NOT NULL CHECK (goal > 0),
  sender_name TEXT NOT NULL CHECK (length(sender_name) BETWEEN 1 AND 100),
  mail_to TEXT NOT NULL CHECK (mail_to LIKE '%_@_%'),
  mail_cc TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mail_cc) AND json_type(mail_cc) = 'array'),
  forward_mode TEXT NOT NULL DEFAULT 'each' CHECK (forward_mode IN ('each', 'digest', 'none')),
  -- Options no query filters on (mail template, throttles, privacy notice, translations,
  -- abuse lists, moderation, milestones) as validated JSON.
  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings) AND json_type(settings) = 'object'),
  -- Hash of the pushed file: pushing the same file again changes nothing.
  source_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- When the campaign closed: its signatures are anonymised its retention period later.
  closed_at INTEGER
);

-- Who a supporter can address besides the campaign (embassies, ministries…). A target
-- dropped from the campaign file is deactivated, never deleted: signatures point at it.
CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64 AND key NOT GLOB '*[^a-z0-9-]*'),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  country TEXT NOT NULL CHECK (length(country) = 2 AND country NOT GLOB '*[^A-Z]*'),
  email TEXT NOT NULL CHECK (email LIKE '%_@_%'),
  locale TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (campaign_id, key)
);

-- One row per supporter and campaign. Personal columns are NULL/'' once erased (withdrawal).
CREATE TABLE signatures (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  -- Lower-cased, trimmed; NULL after erasure (SQLite UNIQUE lets NULLs repeat).
  email TEXT CHECK (email IS NULL OR (length(email) <= 254 AND email = lower(email))),
  name TEXT NOT NULL CHECK (length(name) <= 100),
  country TEXT NOT NULL CHECK (country = '' OR (length(country) = 2 AND country NOT GLOB '*[^A-Z]*')),
  city TEXT NOT NULL CHECK (length(city) <= 100),
  message TEXT CHECK (message IS NULL OR length(message) <= 2000),
  target_id INTEGER REFERENCES targets (id),
  public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
  reply_to_ok INTEGER NOT NULL DEFAULT 0 CHECK (reply_to_ok IN (0, 1)),
  -- The privacy notice the supporter agreed to (the campaign file's privacy.consentVersion);
  -- signing without agreeing is refused, so the version is the record of consent.
  consent_version TEXT NOT NULL CHECK (length(consent_version) BETWEEN 1 AND 64),
  locale TEXT NOT NULL DEFAULT 'en',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'withdrawn', 'spam')),
  -- Moderation of the public wall; whether unreviewed messages show is the campaign's setting.
  moderation TEXT NOT NULL DEFAULT 'unreviewed' CHECK (moderation IN ('unreviewed', 'approved', 'hidden')),
  -- SHA-256 of the link token sent by email; the token itself is never stored.
  token_hash TEXT NOT NULL UNIQUE,
  token_expires_at INTEGER NOT NULL,
  ip_hash TEXT,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  withdrawn_at INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign_id, email),
  CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL)
);
-- A campaign's signatures in id order (SQLite appends the rowid to every index): the
-- export's keyset pages, the dashboard's tallies and the moderation list.
CREATE INDEX signatures_campaign ON signatures (campaign_id);
-- The public wall (newest confirmed first), the digest's day and the dashboard's days.
CREATE INDEX signatures_campaign_confirmed_at ON signatures (campaign_id, confirmed_at);

-- The counter's read model: one row per campaign, so the count endpoint reads exactly one
-- row. Kept exact by triggers in the same transaction as any change of a signature's
-- status, whichever code path makes it; slug, title, goal, status and milestones are
-- copied from campaigns.
CREATE TABLE campaign_counts (
  campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  goal INTEGER NOT NULL,
  status TEXT NOT NULL,
  milestones TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(milestones) AND json_type(milestones) = 'array'),
  confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
  updated_at INTEGER NOT NULL
);

CREATE TRIGGER campaigns_count_row AFTER INSERT ON campaigns
BEGIN
  INSERT INTO campaign_counts (campaign_id, slug, title, goal, status, milestones, confirmed, updated_at)
  VALUES (NEW.id, NEW.slug, NEW.title, NEW.goal, NEW.status,
    coalesce(json_extract(NEW.settings, '$.milestones'), '[]'), 0, NEW.created_at);
END;

CREATE TRIGGER campaigns_count_copy AFTER UPDATE OF slug, title, goal, status, settings ON campaigns
BEGIN
  UPDATE campaign_counts SET slug = NEW.slug, title = NEW.title, goal = NEW.goal, status = NEW.status,
    milestones = coalesce(json_extract(NEW.settings, '$.milestones'), '[]'), updated_at = NEW.updated_at
  WHERE campaign_id = NEW.id;
END;

CREATE TRIGGER signatures_count_insert AFTER INSERT ON signatures WHEN NEW.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET confirmed = confirmed + 1, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
  WHERE campaign_id = NEW.campaign_id;
END;

CREATE TRIGGER signatures_count_up AFTER UPDATE OF status ON signatures
WHEN OLD.status <> 'confirmed' AND NEW.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET confirmed = confirmed + 1, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
  WHERE campaign_id = NEW.campaign_id;
END;

CREATE TRIGGER signatures_count_down AFTER UPDATE OF status ON signatures
WHEN OLD.status = 'confirmed' AND NEW.status <> 'confirmed'
BEGIN
  UPDATE campaign_counts SET confirmed = confirmed - 1, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
  WHERE campaign_id = NEW.campaign_id;
END;

CREATE TRIGGER signatures_count_delete AFTER DELETE ON signatures WHEN OLD.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET confirmed = confirmed - 1, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
  WHERE campaign_id = OLD.campaign_id;
END;

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
  -- When the drainer last took the message: with next_attempt_at it shows the backoff chosen.
  last_attempt_at INTEGER,
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
-- The drainer's claim: due pending messages, oldest first.
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
-- The dashboard's delivery tallies per campaign.
CREATE INDEX outbox_campaign_status ON outbox (campaign_id, status);
-- Withdrawal, spam marking and the privacy sweep find a signature's mail.
CREATE INDEX outbox_signature ON outbox (signature_id);
-- A claim takes every pending member of a batch whose outcome is unknown, so that the
-- batch goes again whole under its idempotency key; this finds them without a scan.
CREATE INDEX outbox_pending_batch ON outbox (batch_key) WHERE status = 'pending' AND batch_key IS NOT NULL;
-- Exact per-address limits: how many link emails an address got recently.
CREATE INDEX outbox_recipient_recent ON outbox (to_addrs, created_at)
WHERE kind IN ('confirm', 'already-signed', 'login');
-- The daily sweep finds sent mail that still holds words; a row leaves the index once blanked.
CREATE INDEX outbox_sent_words ON outbox (sent_at) WHERE status = 'sent' AND text_body <> '';

-- Per-recipient send schedule: the next free slot for each throttle key, so mail to one
-- embassy is spread out at the campaign's rate however fast supporters confirm. A slot in
-- the past means the same as no row, so the daily sweep deletes those.
CREATE TABLE mail_slots (
  throttle_key TEXT PRIMARY KEY,
  next_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Who may run a campaign: the `organisers` of its campaign file, materialised on every push
-- so that access checks are one indexed lookup. Keyed by the lower-cased email.
CREATE TABLE campaign_organisers (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  email TEXT NOT NULL CHECK (length(email) <= 254 AND email = lower(email) AND email LIKE '%_@_%'),
  PRIMARY KEY (campaign_id, email)
);
CREATE INDEX campaign_organisers_email ON campaign_organisers (email);

-- One-time sign-in links for organisers. Only the SHA-256 of the token is stored.
CREATE TABLE login_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL CHECK (length(email) <= 254 AND email = lower(email)),
  expires_at INTEGER NOT NULL,
  -- Set when the link is used; it names the session it started, so a link works once.
  used_at INTEGER,
  session_hash TEXT UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX login_links_email ON login_links (email, created_at);

-- Organiser sessions. The cookie holds a random id; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL CHECK (length(email) <= 254 AND email = lower(email)),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Bearer tokens for scripts, one campaign each, made with `npm run campaign -- token`.
-- Only the SHA-256 of the token is stored; a revoked token is kept for the record.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 100),
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_campaign ON api_tokens (campaign_id);

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
-- Deleting a signature (the privacy sweep) sets its log rows' signature_id to NULL.
CREATE INDEX moderation_log_signature ON moderation_log (signature_id);

-- DEV ONLY. Where mail goes when no RESEND_API_KEY is set and ENVIRONMENT=development
-- (`npm start`): listed at /dev/mailbox. A production deploy has this table but never
-- writes to it (the dev mailbox cannot be enabled there). Keyed by the mail's idempotency
-- key, since SQLite may reuse the id of a deleted outbox row.
CREATE TABLE dev_mailbox (
  id INTEGER PRIMARY KEY,
  mail_key TEXT NOT NULL UNIQUE,
  outbox_id INTEGER NOT NULL,
  from_addr TEXT NOT NULL,
  to_addrs TEXT NOT NULL,
  cc_addrs TEXT NOT NULL,
  reply_to TEXT,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
