-- The signing path in as few rows written as it can be (D1 bills each row and each index
-- entry written; the free tier stops at 100,000 a day).
--
-- signatures: deduplicated by canonical inbox (lower-case, +tag dropped, dots dropped for
-- Gmail) instead of the address as typed, which is kept for sending. The link token is no
-- longer looked up by its hash: it carries the row id, and the row keeps only a nonce (the
-- mailer derives the token from it with LINK_SECRET, so every mail of a signature carries
-- the same working link) and the token's SHA-256, compared on lookup. The public wall has
-- a partial index, so only signatures that show a message pay for it.
--
-- outbox: keyed by whose mail it is (WITHOUT ROWID), so the key is also the provider's
-- idempotency key and the lookups we need are ranges of the primary key, not indexes:
--   i:<inbox hash>:<time>      link mail to one inbox (confirmation, note, sign-in): the
--                              per-inbox cap counts this range inside the insert;
--   c<campaign>:s<sig>.<t>:…   mail in a signature's name: withdrawal and spam marking
--                              take the signature's range, the dashboard the campaign's;
--   c<campaign>:digest:<day>   the daily digest, once per day by key.
-- Mail in a supporter's name is rendered by the drainer from the signature when it goes
-- out (subject and bodies stay NULL), so nothing is built that is not sent. A batch in
-- flight keeps its members in open_batches (one row a batch, not an index entry a mail).
-- campaign_counts also keeps the campaign inbox's send schedule: the confirmation that
-- moves the count (one row write by trigger) moves the slot of the campaign's copy in the
-- same write, instead of a second row in mail_slots. Targets keep theirs in mail_slots.
-- Both tables held only test data before this; they are rebuilt, not migrated.

DROP TRIGGER campaigns_count_row;
DROP TRIGGER campaigns_count_copy;
DROP TRIGGER signatures_count_insert;
DROP TRIGGER signatures_count_up;
DROP TRIGGER signatures_count_down;
DROP TRIGGER signatures_count_delete;
DROP TABLE dev_mailbox;
DROP TABLE outbox;

CREATE TABLE signatures_new (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  -- As typed (trimmed, lower-cased): where mail goes. NULL after erasure.
  email TEXT CHECK (email IS NULL OR (length(email) <= 254 AND email = lower(email))),
  -- The canonical inbox (src/lib/inbox.ts): who this is, for deduplication. NULL after erasure.
  inbox TEXT CHECK (inbox IS NULL OR (length(inbox) <= 254 AND inbox = lower(inbox))),
  name TEXT NOT NULL CHECK (length(name) <= 100),
  country TEXT NOT NULL CHECK (country = '' OR (length(country) = 2 AND country NOT GLOB '*[^A-Z]*')),
  city TEXT NOT NULL CHECK (length(city) <= 100),
  message TEXT CHECK (message IS NULL OR length(message) <= 2000),
  target_id INTEGER REFERENCES targets (id),
  public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
  reply_to_ok INTEGER NOT NULL DEFAULT 0 CHECK (reply_to_ok IN (0, 1)),
  consent_version TEXT NOT NULL CHECK (length(consent_version) BETWEEN 1 AND 64),
  locale TEXT NOT NULL DEFAULT 'en',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'withdrawn', 'spam')),
  moderation TEXT NOT NULL DEFAULT 'unreviewed' CHECK (moderation IN ('unreviewed', 'approved', 'hidden')),
  -- Random; the link token is derived from it (never stored) and checked against token_hash.
  token_nonce TEXT NOT NULL CHECK (length(token_nonce) BETWEEN 16 AND 64),
  token_hash TEXT NOT NULL CHECK (length(token_hash) = 64),
  token_expires_at INTEGER NOT NULL,
  ip_hash TEXT,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  withdrawn_at INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign_id, inbox),
  CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL)
);
DROP TABLE signatures;
ALTER TABLE signatures_new RENAME TO signatures;
-- UNIQUE (campaign_id, inbox) also serves every per-campaign scan (tallies, moderation);
-- the export pages through the rowid itself. The wall reads this, newest first:
CREATE INDEX signatures_wall ON signatures (campaign_id, confirmed_at)
WHERE status = 'confirmed' AND public = 1 AND message IS NOT NULL AND message <> '';

-- Milliseconds between two copies to the campaign inbox (0: the campaign sends none, see
-- forward_mode), and when the next one may go.
ALTER TABLE campaign_counts ADD COLUMN mail_interval INTEGER NOT NULL DEFAULT 0 CHECK (mail_interval >= 0);
ALTER TABLE campaign_counts ADD COLUMN mail_next_at INTEGER NOT NULL DEFAULT 0;
-- "N signed today" beside the count, read from the same row: `today` counts the
-- confirmations of UTC day `today_day` (days since the epoch, from confirmed_at); a reader
-- on a later day shows 0. Kept by the same trigger writes as the count, so it costs none.
ALTER TABLE campaign_counts ADD COLUMN today INTEGER NOT NULL DEFAULT 0 CHECK (today >= 0);
ALTER TABLE campaign_counts ADD COLUMN today_day INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER campaigns_count_row AFTER INSERT ON campaigns
BEGIN
  INSERT INTO campaign_counts (campaign_id, slug, title, goal, status, milestones, confirmed, updated_at, mail_interval)
  VALUES (NEW.id, NEW.slug, NEW.title, NEW.goal, NEW.status,
    coalesce(json_extract(NEW.settings, '$.milestones'), '[]'), 0, NEW.created_at,
    coalesce(iif(NEW.forward_mode = 'each', CAST((3599999 + json_extract(NEW.settings, '$.campaignPerHour')) / json_extract(NEW.settings, '$.campaignPerHour') AS INTEGER), 0), 0));
END;

CREATE TRIGGER campaigns_count_copy AFTER UPDATE OF slug, title, goal, status, settings, forward_mode ON campaigns
BEGIN
  UPDATE campaign_counts SET slug = NEW.slug, title = NEW.title, goal = NEW.goal, status = NEW.status,
    milestones = coalesce(json_extract(NEW.settings, '$.milestones'), '[]'), updated_at = NEW.updated_at,
    mail_interval = coalesce(iif(NEW.forward_mode = 'each', CAST((3599999 + json_extract(NEW.settings, '$.campaignPerHour')) / json_extract(NEW.settings, '$.campaignPerHour') AS INTEGER), 0), 0)
  WHERE campaign_id = NEW.id;
END;

CREATE TRIGGER signatures_count_insert AFTER INSERT ON signatures WHEN NEW.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET confirmed = confirmed + 1, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
    today = CASE WHEN NEW.confirmed_at / 86400000 > today_day THEN 1
                 WHEN NEW.confirmed_at / 86400000 = today_day THEN today + 1 ELSE today END,
    today_day = max(today_day, NEW.confirmed_at / 86400000)
  WHERE campaign_id = NEW.campaign_id;
END;

-- A confirmation also takes the next slot of the campaign inbox for its copy.
CREATE TRIGGER signatures_count_up AFTER UPDATE OF status ON signatures
WHEN OLD.status <> 'confirmed' AND NEW.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET confirmed = confirmed + 1, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
    mail_next_at = iif(mail_interval > 0, max(mail_next_at, coalesce(NEW.confirmed_at, 0)) + mail_interval, mail_next_at),
    today = CASE WHEN NEW.confirmed_at / 86400000 > today_day THEN 1
                 WHEN NEW.confirmed_at / 86400000 = today_day THEN today + 1 ELSE today END,
    today_day = max(today_day, NEW.confirmed_at / 86400000)
  WHERE campaign_id = NEW.campaign_id;
END;

CREATE TRIGGER signatures_count_down AFTER UPDATE OF status ON signatures
WHEN OLD.status = 'confirmed' AND NEW.status <> 'confirmed'
BEGIN
  UPDATE campaign_counts SET confirmed = confirmed - 1, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
    today = iif(today_day = OLD.confirmed_at / 86400000, max(today - 1, 0), today)
  WHERE campaign_id = NEW.campaign_id;
END;

CREATE TRIGGER signatures_count_delete AFTER DELETE ON signatures WHEN OLD.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET confirmed = confirmed - 1, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
    today = iif(today_day = OLD.confirmed_at / 86400000, max(today - 1, 0), today)
  WHERE campaign_id = OLD.campaign_id;
END;

CREATE TABLE outbox (
  -- Whose mail it is (see above); sent to the provider as Idempotency-Key.
  idempotency_key TEXT PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 3 AND 200),
  kind TEXT NOT NULL CHECK (kind IN ('confirm', 'already-signed', 'forward', 'receipt', 'digest', 'login')),
  -- Plain columns, not foreign keys: an enforced key would scan this table for every
  -- signature the privacy sweep deletes. The key's prefix is what finds a campaign's mail.
  campaign_id INTEGER,
  signature_id INTEGER,
  from_name TEXT NOT NULL,
  to_addrs TEXT NOT NULL CHECK (json_valid(to_addrs) AND json_array_length(to_addrs) > 0),
  cc_addrs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_addrs)),
  reply_to TEXT,
  -- NULL for mail rendered from its signature when it goes out.
  subject TEXT CHECK (subject IS NULL OR (length(subject) <= 998 AND subject NOT GLOB '*[' || char(10) || char(13) || ']*')),
  text_body TEXT,
  html_body TEXT,
  -- Mail sharing a throttle key is spread out over time (one embassy, the campaign inbox).
  throttle_key TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  -- The provider request a message went out in: an ambiguous failure (timeout, 5xx) is
  -- retried as the very same batch under the same key, so it cannot send twice.
  batch_key TEXT,
  lease_id TEXT,
  lease_until INTEGER,
  provider_id TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) WITHOUT ROWID;
-- The drainer's claim: due pending messages, oldest first. A sent message leaves it.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';

-- Provider requests whose outcome is not known yet, with their members' keys: a claim that
-- takes one member takes them all, so the request can go again whole.
CREATE TABLE open_batches (
  batch_key TEXT PRIMARY KEY,
  members TEXT NOT NULL CHECK (json_valid(members) AND json_type(members) = 'array'),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- DEV ONLY (see the baseline): keyed by the outbox key.
CREATE TABLE dev_mailbox (
  id INTEGER PRIMARY KEY,
  mail_key TEXT NOT NULL UNIQUE,
  from_addr TEXT NOT NULL,
  to_addrs TEXT NOT NULL,
  cc_addrs TEXT NOT NULL,
  reply_to TEXT,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
