-- The updates' audience as a summary (issue 25): how many supporters an update would reach
-- now (confirmed, opted in, not unsubscribed, not erased) is the 'status' summary 'updates',
-- kept as the others are (migration 0015): the rollup counts a confirmation when it takes
-- it, and the triggers move a counted row when it opts in or out, unsubscribes or is
-- erased. The updates page reads one row instead of counting the campaign's signatures.
-- Signing and confirming still write no summary row. The views and the triggers are made
-- again with the new summary; the summaries are counted again from the signatures once.

DROP TRIGGER signatures_tally_insert;
DROP TRIGGER signatures_tally_delete;
DROP TRIGGER signatures_tally_update;
DROP VIEW signature_facts;
DROP VIEW tally_dims;

-- One row per summary a signature feeds: 'status' n = 0 is the campaign's total, n = 1 its
-- own status (kept for withdrawn and spam; pending is what is left), n = 2 the updates'
-- audience ('updates': confirmed, opted in, not unsubscribed, not erased).
CREATE VIEW tally_dims (dim, n) AS
VALUES ('status', 0), ('status', 1), ('status', 2), ('source', 0), ('created', 0), ('confirmed', 0), ('country', 0), ('target', 0);

-- What each signature adds to each summary: `arrived` to signed, `counted` to confirmed.
CREATE VIEW signature_facts AS
SELECT s.id AS id, s.campaign_id AS campaign_id, s.status AS status, s.confirmed_at AS confirmed_at, s.public AS public,
  s.message AS message, d.dim AS dim,
  CASE d.dim WHEN 'status' THEN CASE d.n WHEN 0 THEN 'all' WHEN 1 THEN s.status ELSE 'updates' END WHEN 'source' THEN coalesce(s.source, '')
    WHEN 'created' THEN date(s.created_at / 1000, 'unixepoch') WHEN 'confirmed' THEN coalesce(date(s.confirmed_at / 1000, 'unixepoch'), '')
    WHEN 'country' THEN s.country ELSE coalesce(CAST(s.target_id AS TEXT), '') END AS key,
  CASE WHEN d.dim = 'status' THEN d.n = 0 OR (d.n = 1 AND s.status IN ('withdrawn', 'spam')) WHEN d.dim IN ('source', 'created') THEN s.status <> 'spam' ELSE 0 END AS arrived,
  (s.status = 'confirmed' AND (d.dim <> 'status' OR d.n = 0
    OR (d.n = 2 AND s.updates_consent IS NOT NULL AND s.unsubscribed_at IS NULL AND s.email IS NOT NULL))) AS counted
FROM signatures s CROSS JOIN tally_dims d;

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
      CASE d.dim WHEN 'status' THEN CASE d.n WHEN 0 THEN 'all' WHEN 1 THEN OLD.status ELSE 'updates' END WHEN 'source' THEN coalesce(OLD.source, '')
        WHEN 'created' THEN date(OLD.created_at / 1000, 'unixepoch') WHEN 'confirmed' THEN coalesce(date(OLD.confirmed_at / 1000, 'unixepoch'), '')
        WHEN 'country' THEN OLD.country ELSE coalesce(CAST(OLD.target_id AS TEXT), '') END AS key,
      -1 * (OLD.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0))
        * CASE WHEN d.dim = 'status' THEN d.n = 0 OR (d.n = 1 AND OLD.status IN ('withdrawn', 'spam')) WHEN d.dim IN ('source', 'created') THEN OLD.status <> 'spam' ELSE 0 END AS signed,
      -1 * (OLD.status = 'confirmed' AND OLD.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = OLD.campaign_id), -1))
        * (d.dim <> 'status' OR d.n = 0
          OR (d.n = 2 AND OLD.updates_consent IS NOT NULL AND OLD.unsubscribed_at IS NULL AND OLD.email IS NOT NULL)) AS confirmed
    FROM tally_dims d
  ) GROUP BY campaign_id, dim, key HAVING sum(signed) <> 0 OR sum(confirmed) <> 0
  ON CONFLICT (campaign_id, dim, key) DO UPDATE SET signed = signed + excluded.signed, confirmed = confirmed + excluded.confirmed;
END;

CREATE TRIGGER signatures_tally_update AFTER UPDATE OF status, confirmed_at, created_at, country, target_id, source, updates_consent, unsubscribed_at, email ON signatures
WHEN (OLD.status IS NOT NEW.status OR OLD.confirmed_at IS NOT NEW.confirmed_at OR OLD.created_at IS NOT NEW.created_at
    OR OLD.country IS NOT NEW.country OR OLD.target_id IS NOT NEW.target_id OR OLD.source IS NOT NEW.source
    OR (OLD.updates_consent IS NULL) <> (NEW.updates_consent IS NULL) OR (OLD.unsubscribed_at IS NULL) <> (NEW.unsubscribed_at IS NULL)
    OR (OLD.email IS NULL) <> (NEW.email IS NULL))
  AND ((OLD.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0) AND (OLD.status IN ('withdrawn', 'spam') OR NEW.status IN ('withdrawn', 'spam')
        OR OLD.source IS NOT NEW.source OR OLD.created_at IS NOT NEW.created_at))
    OR (OLD.status = 'confirmed' AND OLD.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = OLD.campaign_id), -1))
    OR (NEW.status = 'confirmed' AND NEW.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = NEW.campaign_id), -1)))
BEGIN
  INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
  SELECT campaign_id, dim, key, sum(signed), sum(confirmed) FROM (
    SELECT OLD.campaign_id AS campaign_id, d.dim AS dim,
      CASE d.dim WHEN 'status' THEN CASE d.n WHEN 0 THEN 'all' WHEN 1 THEN OLD.status ELSE 'updates' END WHEN 'source' THEN coalesce(OLD.source, '')
        WHEN 'created' THEN date(OLD.created_at / 1000, 'unixepoch') WHEN 'confirmed' THEN coalesce(date(OLD.confirmed_at / 1000, 'unixepoch'), '')
        WHEN 'country' THEN OLD.country ELSE coalesce(CAST(OLD.target_id AS TEXT), '') END AS key,
      -1 * (OLD.id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0))
        * CASE WHEN d.dim = 'status' THEN d.n = 0 OR (d.n = 1 AND OLD.status IN ('withdrawn', 'spam')) WHEN d.dim IN ('source', 'created') THEN OLD.status <> 'spam' ELSE 0 END AS signed,
      -1 * (OLD.status = 'confirmed' AND OLD.confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = OLD.campaign_id), -1))
        * (d.dim <> 'status' OR d.n = 0
          OR (d.n = 2 AND OLD.updates_consent IS NOT NULL AND OLD.unsubscribed_at IS NULL AND OLD.email IS NOT NULL)) AS confirmed
    FROM tally_dims d
    UNION ALL
    SELECT campaign_id, dim, key,
      arrived * (id <= coalesce((SELECT value FROM cron_cursors WHERE name = 'tally-arrivals'), 0)) AS signed,
      counted * coalesce(confirmed_at <= coalesce((SELECT confirmed_at FROM tally_cursors WHERE campaign_id = NEW.campaign_id), -1), 0) AS confirmed
    FROM signature_facts WHERE id = NEW.id
  ) GROUP BY campaign_id, dim, key HAVING sum(signed) <> 0 OR sum(confirmed) <> 0
  ON CONFLICT (campaign_id, dim, key) DO UPDATE SET signed = signed + excluded.signed, confirmed = confirmed + excluded.confirmed;
END;

-- The new summary for what is already counted (as the cursors say).
INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
SELECT f.campaign_id, 'status', 'updates', 0, count(*) FROM signatures f LEFT JOIN tally_cursors t ON t.campaign_id = f.campaign_id
WHERE f.status = 'confirmed' AND f.updates_consent IS NOT NULL AND f.unsubscribed_at IS NULL AND f.email IS NOT NULL
  AND f.confirmed_at <= coalesce(t.confirmed_at, -1)
GROUP BY f.campaign_id
ON CONFLICT (campaign_id, dim, key) DO UPDATE SET confirmed = excluded.confirmed;
