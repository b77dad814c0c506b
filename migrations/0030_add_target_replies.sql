-- What the targets answer (issue 28). Each forward to a target carries a reply address of
-- the campaign for that target (reply+<campaign id>-<mac>@<reply domain>); mail to it reaches
-- the Worker's email() handler through Cloudflare Email Routing and is stored here, as text
-- only (never rendered as HTML). Organisers publish a reply, or an excerpt of it; what was
-- published is hashed as it stood, so the public ledger can show it was not edited later.
CREATE TABLE target_replies (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES targets (id),
  received_at INTEGER NOT NULL,
  -- Envelope sender (MAIL FROM) and the From header as written.
  envelope_from TEXT NOT NULL CHECK (length(envelope_from) <= 320),
  from_header TEXT NOT NULL DEFAULT '' CHECK (length(from_header) <= 400),
  -- The Date header (epoch ms), when it parses.
  dated_at INTEGER,
  message_id TEXT CHECK (length(message_id) <= 400),
  subject TEXT NOT NULL DEFAULT '' CHECK (length(subject) <= 1000),
  text_body TEXT NOT NULL DEFAULT '' CHECK (length(text_body) <= 100000),
  -- Verdicts from the Authentication-Results header Email Routing adds: pass, fail, none…
  spf TEXT NOT NULL CHECK (length(spf) <= 20),
  dkim TEXT NOT NULL CHECK (length(dkim) <= 20),
  dmarc TEXT NOT NULL CHECK (length(dmarc) <= 20),
  -- Auto-Submitted, an auto-reply header, or an out-of-office subject.
  automatic INTEGER NOT NULL CHECK (automatic IN (0, 1)),
  published_text TEXT CHECK (length(published_text) <= 20000),
  published_at INTEGER,
  -- SHA-256 of the published text, and the receipt id of its ledger leaf (target '@reply').
  published_hash TEXT,
  published_receipt TEXT,
  CHECK ((published_text IS NULL) = (published_at IS NULL) AND (published_at IS NULL) = (published_hash IS NULL)
    AND (published_hash IS NULL) = (published_receipt IS NULL))
);

-- A target's replies newest first, and the redelivery of one message stored once.
CREATE INDEX target_replies_target ON target_replies (campaign_id, target_id, received_at);
CREATE UNIQUE INDEX target_replies_message ON target_replies (campaign_id, message_id) WHERE message_id IS NOT NULL;

-- An organiser's word on where a target stands, with a short note; no row is "no reply yet".
CREATE TABLE target_answers (
  target_id INTEGER PRIMARY KEY REFERENCES targets (id) ON DELETE CASCADE,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('none', 'acknowledged', 'answered', 'refused')),
  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  updated_at INTEGER NOT NULL,
  -- When the campaign last wrote to a silent target to follow up (campaign file `followUp`).
  followed_up_at INTEGER
);
CREATE INDEX target_answers_campaign ON target_answers (campaign_id);

-- A published reply goes to the supporters who wrote to that target and asked for updates:
-- an update whose audience is one target's writers (NULL: every supporter who opted in).
ALTER TABLE updates ADD COLUMN target_id INTEGER REFERENCES targets (id);
