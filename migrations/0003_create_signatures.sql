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
  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
  consent_version TEXT NOT NULL,
  locale TEXT NOT NULL DEFAULT 'en',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'withdrawn', 'spam')),
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
-- Keyset pages for the export and the public wall.
CREATE INDEX signatures_campaign_status ON signatures (campaign_id, status, id);
CREATE INDEX signatures_campaign_confirmed_at ON signatures (campaign_id, confirmed_at);
CREATE INDEX signatures_target ON signatures (target_id);
