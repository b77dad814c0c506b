-- Counts by status, source, day, country and target, kept as summaries so that no page
-- counts signatures (issue 25). Two cursors say what the summaries hold: every signature
-- with id <= the arrivals cursor (cron_cursors 'tally-arrivals') is counted as signed, and
-- every confirmed one with confirmed_at <= its campaign's tally_cursors.confirmed_at as
-- confirmed. A bounded step (db/tallies.ts, every minute and before a dashboard) moves
-- both cursors forward over what is new; the triggers below keep what is already counted
-- right when a counted row changes (withdrawn, spam, deleted) or arrives behind a cursor.
-- Signing and confirming write no summary row: a new signature is past both cursors.

CREATE TABLE signature_tallies (
  campaign_id INTEGER NOT NULL,
  dim TEXT NOT NULL CHECK (dim IN ('status', 'source', 'created', 'confirmed', 'country', 'target')),
  key TEXT NOT NULL CHECK (length(key) <= 64),
  signed INTEGER NOT NULL DEFAULT 0,
  confirmed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, dim, key)
) WITHOUT ROWID;

CREATE TABLE tally_cursors (
  campaign_id INTEGER PRIMARY KEY,
  confirmed_at INTEGER NOT NULL,
  upto INTEGER
);

-- One row per summary a signature feeds: 'status' n = 0 is the campaign's total, n = 1 its
-- own status (kept for withdrawn and spam; pending is what is left).
CREATE VIEW tally_dims (dim, n) AS
VALUES ('status', 0), ('status', 1), ('source', 0), ('created', 0), ('confirmed', 0), ('country', 0), ('target', 0);

-- What each signature adds to each summary: `arrived` to signed, `counted` to confirmed.
CREATE VIEW signature_facts AS
SELECT s.id AS id, s.campaign_id AS campaign_id, s.status AS status, s.confirmed_at AS confirmed_at, s.public AS public,
  s.message AS message, d.dim AS dim,
  CASE d.dim WHEN 'status' THEN iif(d.n = 0, 'all', s.status) WHEN 'source' THEN coalesce(s.source, '')
    WHEN 'created' THEN date(s.created_at / 1000, 'unixepoch') WHEN 'confirmed' THEN coalesce(date(s.confirmed_at / 1000, 'unixepoch'), '')
    WHEN 'country' THEN s.country ELSE coalesce(CAST(s.target_id AS TEXT), '') END AS key,
  CASE WHEN d.dim = 'status' THEN d.n = 0 OR s.status IN ('withdrawn', 'spam') WHEN d.dim IN ('source', 'created') THEN s.status <> 'spam' ELSE 0 END AS arrived,
  (s.status = 'confirmed' AND (d.dim <> 'status' OR d.n = 0)) AS counted
FROM signatures s CROSS JOIN tally_dims d;

-- Confirmed signatures not on the wall, by time: with signatures_wall (the rest) every
-- confirmed row is in exactly one index, so the rollup walks new confirmations by time and
-- a confirmation writes one index entry with or without a message (as the wall's did).
CREATE INDEX signatures_confirmed_rest ON signatures (campaign_id, confirmed_at)
WHERE status = 'confirmed' AND (public = 0 OR message IS NULL OR message = '');

-- What is already there is counted now, and both cursors start past it.
INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
SELECT campaign_id, dim, key, sum(arrived), sum(counted) FROM signature_facts
GROUP BY campaign_id, dim, key HAVING sum(arrived) <> 0 OR sum(counted) <> 0;
INSERT INTO cron_cursors (name, value, updated_at)
VALUES ('tally-arrivals', coalesce((SELECT max(id) FROM signatures), 0), CAST(unixepoch() * 1000 AS INTEGER))
ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
INSERT INTO tally_cursors (campaign_id, confirmed_at)
SELECT c.id, coalesce((SELECT max(s.confirmed_at) FROM signatures s WHERE s.campaign_id = c.id AND s.status = 'confirmed'), -1)
FROM campaigns c;

-- A counted row that changes moves its summaries (its old facts out, its new ones in); a
-- row that arrives or is deleted behind a cursor likewise. Nothing else fires a write. The
-- new side is read from the row itself (an AFTER trigger sees it as changed).
CREATE TRIGGER signatures_tally_insert AFTER INSERT ON signatures
WHEN (NEW.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0) OR (NEW.status = 'confirmed' AND NEW.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = NEW.campaign_id), -1)))
BEGIN
  INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
  SELECT campaign_id, dim, key, sum(signed), sum(confirmed) FROM (
    SELECT campaign_id, dim, key,
      arrived * (id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0)) AS signed,
      counted * coalesce(confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = NEW.campaign_id), -1), 0) AS confirmed
    FROM signature_facts WHERE id = NEW.id
  ) GROUP BY campaign_id, dim, key HAVING sum(signed) <> 0 OR sum(confirmed) <> 0
  ON CONFLICT (campaign_id, dim, key) DO UPDATE SET signed = signed + excluded.signed, confirmed = confirmed + excluded.confirmed;
END;

CREATE TRIGGER signatures_tally_delete AFTER DELETE ON signatures
WHEN (OLD.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0) OR (OLD.status = 'confirmed' AND OLD.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = OLD.campaign_id), -1)))
BEGIN
  INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
  SELECT campaign_id, dim, key, sum(signed), sum(confirmed) FROM (
    SELECT OLD.campaign_id AS campaign_id, d.dim AS dim,
      CASE d.dim WHEN 'status' THEN iif(d.n = 0, 'all', OLD.status) WHEN 'source' THEN coalesce(OLD.source, '')
        WHEN 'created' THEN date(OLD.created_at / 1000, 'unixepoch') WHEN 'confirmed' THEN coalesce(date(OLD.confirmed_at / 1000, 'unixepoch'), '')
        WHEN 'country' THEN OLD.country ELSE coalesce(CAST(OLD.target_id AS TEXT), '') END AS key,
      -1 * (OLD.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0))
        * CASE WHEN d.dim = 'status' THEN d.n = 0 OR OLD.status IN ('withdrawn', 'spam') WHEN d.dim IN ('source', 'created') THEN OLD.status <> 'spam' ELSE 0 END AS signed,
      -1 * (OLD.status = 'confirmed' AND OLD.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = OLD.campaign_id), -1))
        * (d.dim <> 'status' OR d.n = 0) AS confirmed
    FROM tally_dims d
  ) GROUP BY campaign_id, dim, key HAVING sum(signed) <> 0 OR sum(confirmed) <> 0
  ON CONFLICT (campaign_id, dim, key) DO UPDATE SET signed = signed + excluded.signed, confirmed = confirmed + excluded.confirmed;
END;

CREATE TRIGGER signatures_tally_update AFTER UPDATE OF status, confirmed_at, created_at, country, target_id, source ON signatures
WHEN (OLD.status IS NOT NEW.status OR OLD.confirmed_at IS NOT NEW.confirmed_at OR OLD.created_at IS NOT NEW.created_at
    OR OLD.country IS NOT NEW.country OR OLD.target_id IS NOT NEW.target_id OR OLD.source IS NOT NEW.source)
  AND ((OLD.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0) AND (OLD.status IN ('withdrawn', 'spam') OR NEW.status IN ('withdrawn', 'spam')
        OR OLD.source IS NOT NEW.source OR OLD.created_at IS NOT NEW.created_at))
    OR (OLD.status = 'confirmed' AND OLD.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = OLD.campaign_id), -1))
    OR (NEW.status = 'confirmed' AND NEW.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = NEW.campaign_id), -1)))
BEGIN
  INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
  SELECT campaign_id, dim, key, sum(signed), sum(confirmed) FROM (
    SELECT OLD.campaign_id AS campaign_id, d.dim AS dim,
      CASE d.dim WHEN 'status' THEN iif(d.n = 0, 'all', OLD.status) WHEN 'source' THEN coalesce(OLD.source, '')
        WHEN 'created' THEN date(OLD.created_at / 1000, 'unixepoch') WHEN 'confirmed' THEN coalesce(date(OLD.confirmed_at / 1000, 'unixepoch'), '')
        WHEN 'country' THEN OLD.country ELSE coalesce(CAST(OLD.target_id AS TEXT), '') END AS key,
      -1 * (OLD.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0))
        * CASE WHEN d.dim = 'status' THEN d.n = 0 OR OLD.status IN ('withdrawn', 'spam') WHEN d.dim IN ('source', 'created') THEN OLD.status <> 'spam' ELSE 0 END AS signed,
      -1 * (OLD.status = 'confirmed' AND OLD.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = OLD.campaign_id), -1))
        * (d.dim <> 'status' OR d.n = 0) AS confirmed
    FROM tally_dims d
    UNION ALL
    SELECT campaign_id, dim, key,
      arrived * (id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0)) AS signed,
      counted * coalesce(confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = NEW.campaign_id), -1), 0) AS confirmed
    FROM signature_facts WHERE id = NEW.id
  ) GROUP BY campaign_id, dim, key HAVING sum(signed) <> 0 OR sum(confirmed) <> 0
  ON CONFLICT (campaign_id, dim, key) DO UPDATE SET signed = signed + excluded.signed, confirmed = confirmed + excluded.confirmed;
END;
