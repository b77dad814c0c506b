-- The counter's read model: one row per campaign, so the count endpoint reads exactly one
-- row. Kept exact by triggers in the same transaction as any change of a signature's
-- status, whichever code path makes it; slug, title and goal are copied from campaigns.
CREATE TABLE campaign_counts (
  campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  goal INTEGER NOT NULL,
  status TEXT NOT NULL,
  confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
  updated_at INTEGER NOT NULL
);

CREATE TRIGGER campaigns_count_row AFTER INSERT ON campaigns
BEGIN
  INSERT INTO campaign_counts (campaign_id, slug, title, goal, status, confirmed, updated_at)
  VALUES (NEW.id, NEW.slug, NEW.title, NEW.goal, NEW.status, 0, NEW.created_at);
END;

CREATE TRIGGER campaigns_count_copy AFTER UPDATE OF slug, title, goal, status ON campaigns
BEGIN
  UPDATE campaign_counts SET slug = NEW.slug, title = NEW.title, goal = NEW.goal, status = NEW.status,
    updated_at = NEW.updated_at
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
