-- Delivery you can see and prove: what Resend says became of each sent message, addresses
-- that bounce (their mail is held), and the public delivery ledger with its daily roots.
-- Per message this adds no row and no index entry before or when it is sent (new columns of
-- the outbox row, written by the statements that write it anyway), and one leaf row with
-- one index entry when it is delivered. A webhook event finds its message by the outbox
-- key the message carries as a Resend tag (email/resend-tag.ts), the primary key: no
-- index on the provider's id.

-- A message sent in a supporter's name carries a random receipt id and whom the ledger
-- counts it for (a target's key, or '@campaign' for the campaign's own inbox), written
-- when the confirmation enqueues it (db/signatures.ts). `text_sha256` is the SHA-256 of
-- the exact text body handed to the provider (the drainer renders it), written when the
-- send is recorded. `delivery` is the provider's latest word
-- (its webhook events, or the dev mailbox), with when and why (a bounce's reason).
ALTER TABLE outbox ADD COLUMN receipt_id TEXT;
ALTER TABLE outbox ADD COLUMN receipt_target TEXT;
ALTER TABLE outbox ADD COLUMN text_sha256 TEXT;
-- (Spelt with OR, not IN: D1 counts the rows of the list IN builds on every outbox insert.)
ALTER TABLE outbox ADD COLUMN delivery TEXT
  CHECK (delivery = 'sent' OR delivery = 'delayed' OR delivery = 'delivered' OR delivery = 'bounced' OR delivery = 'complained');
ALTER TABLE outbox ADD COLUMN delivery_at INTEGER;
ALTER TABLE outbox ADD COLUMN delivery_error TEXT;

-- Webhook deliveries already handled, by their `svix-id`, so a repeated one changes nothing.
-- Looked up by primary key only; the daily sweep drops old ones with a scan (cheaper than
-- an index written on every event).
CREATE TABLE webhook_events (
  svix_id TEXT PRIMARY KEY CHECK (length(svix_id) BETWEEN 1 AND 200),
  -- Random per handling: the event's other statements in the same batch run only if this
  -- handling's row is the one stored, so two copies racing apply once.
  nonce TEXT NOT NULL,
  type TEXT NOT NULL,
  received_at INTEGER NOT NULL
) WITHOUT ROWID;

-- An address of a campaign that bounced hard or complained: its mail is held (still
-- pending, never dropped) until the campaign file corrects the address or an organiser
-- retries it. Keyed like mail_slots, by throttle key ('to:' + address), per campaign.
CREATE TABLE mail_holds (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  throttle_key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind = 'bounced' OR kind = 'complained'),
  reason TEXT NOT NULL CHECK (length(reason) <= 1000),
  -- The message whose bounce or complaint held the address (its outbox key).
  outbox_key TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, throttle_key)
) WITHOUT ROWID;

-- The public ledger: one leaf per message delivered in a supporter's name, on the UTC day
-- its delivery was recorded. No personal data: a random id, a target key, a day, hashes.
-- The outbox row is named by its key, without a foreign key: a leaf outlives its mail.
CREATE TABLE ledger_leaves (
  receipt_id TEXT PRIMARY KEY CHECK (length(receipt_id) = 32 AND receipt_id NOT GLOB '*[^0-9a-f]*'),
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  target TEXT NOT NULL CHECK (length(target) BETWEEN 1 AND 64),
  text_sha256 TEXT NOT NULL CHECK (length(text_sha256) = 64),
  leaf TEXT NOT NULL CHECK (length(leaf) = 64),
  outbox_key TEXT,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
-- A day's tree (its root, a receipt's proof) and the per-target counts of the days not yet
-- sealed; it holds what those read, so they never touch the table.
CREATE INDEX ledger_leaves_day ON ledger_leaves (campaign_id, day, leaf, target);

-- A finished day's root, stored once (sealed): what was published, so that a later
-- change to the leaves shows (`npm run campaign -- verify-ledger`). Counts per target as
-- JSON, so the public ledger reads one row per sealed day.
CREATE TABLE ledger_days (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  leaves INTEGER NOT NULL CHECK (leaves > 0),
  counts TEXT NOT NULL CHECK (json_valid(counts) AND json_type(counts) = 'object'),
  merkle_root TEXT NOT NULL CHECK (length(merkle_root) = 64),
  prev_root TEXT NOT NULL CHECK (length(prev_root) = 64),
  root TEXT NOT NULL CHECK (length(root) = 64),
  sealed_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, day)
) WITHOUT ROWID;

