-- Who a supporter can address besides the campaign (embassies, ministries…).
-- A target dropped from the campaign file is deactivated, never deleted: signatures point at it.
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
