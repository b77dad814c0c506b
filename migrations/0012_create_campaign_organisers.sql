-- Who may run a campaign: the `organisers` of its campaign file, materialised on every push
-- so that access checks are one indexed lookup. Keyed by the lower-cased email.
CREATE TABLE campaign_organisers (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  email TEXT NOT NULL CHECK (length(email) <= 254 AND email = lower(email) AND email LIKE '%_@_%'),
  PRIMARY KEY (campaign_id, email)
);
CREATE INDEX campaign_organisers_email ON campaign_organisers (email);
-- Campaigns pushed before this table existed.
INSERT OR IGNORE INTO campaign_organisers (campaign_id, email)
SELECT c.id, lower(o.value) FROM campaigns c, json_each(c.settings, '$.organisers') o;
