-- Pickets (issue 18): a campaign's pickets at embassies or other places, and who says they
-- will come. Written by a campaign push or the dashboard, read by the campaign page (a
-- handful of rows per campaign, so no index beyond the keys).
--
-- Times are stored twice: as the organiser wrote them (local wall time and its IANA zone,
-- what the file and the form round-trip) and as UTC milliseconds (what ordering, the
-- reminder cron and the .ics use). `version` goes up when the time or the place changes,
-- so a "moved" notice and the next reminder are keyed by it and each goes once.
CREATE TABLE pickets (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64 AND key NOT GLOB '*[^a-z0-9-]*'),
  target_key TEXT CHECK (target_key IS NULL OR length(target_key) <= 64),
  place TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
  city TEXT NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  country TEXT NOT NULL CHECK (length(country) = 2 AND country NOT GLOB '*[^A-Z]*'),
  meeting_point TEXT NOT NULL DEFAULT '' CHECK (length(meeting_point) <= 300),
  time_zone TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  starts_local TEXT NOT NULL CHECK (length(starts_local) = 16),
  ends_local TEXT NOT NULL CHECK (length(ends_local) = 16),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
  contact TEXT CHECK (contact IS NULL OR length(contact) <= 200),
  -- The contact is shown on public pages only when the organiser said it is for that.
  contact_public INTEGER NOT NULL DEFAULT 0 CHECK (contact_public IN (0, 1)),
  lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status = 'planned' OR status = 'cancelled'),
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign_id, key)
);

-- "I'll be there": personal data, erased by the privacy sweep once the picket is over and
-- the campaign's retention period has passed, and on withdrawal. Like signatures: keyed by
-- canonical inbox per picket, link token derived from the nonce (never stored), checked
-- against token_hash. UNIQUE (picket_id, inbox) also serves every per-picket read.
CREATE TABLE picket_attendees (
  id INTEGER PRIMARY KEY,
  picket_id INTEGER NOT NULL REFERENCES pickets (id) ON DELETE CASCADE,
  email TEXT CHECK (email IS NULL OR (length(email) <= 254 AND email = lower(email))),
  inbox TEXT CHECK (inbox IS NULL OR (length(inbox) <= 254 AND inbox = lower(inbox))),
  name TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 100),
  show_name INTEGER NOT NULL DEFAULT 0 CHECK (show_name IN (0, 1)),
  locale TEXT NOT NULL DEFAULT 'en',
  consent_version TEXT NOT NULL CHECK (length(consent_version) BETWEEN 1 AND 64),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending' OR status = 'confirmed' OR status = 'withdrawn'),
  token_nonce TEXT NOT NULL CHECK (length(token_nonce) BETWEEN 16 AND 64),
  token_hash TEXT NOT NULL CHECK (length(token_hash) = 64),
  token_expires_at INTEGER NOT NULL,
  -- The picket version the reminder went for (NULL: none yet); a moved picket reminds again.
  reminded_version INTEGER,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (picket_id, inbox)
);

-- The reminder cron (every minute) reads the planned pickets starting within a day.
CREATE INDEX pickets_upcoming ON pickets (starts_at) WHERE status = 'planned';
