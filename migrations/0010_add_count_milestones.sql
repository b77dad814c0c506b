-- The moving goal: a campaign's milestones (from its settings JSON) are copied next to its
-- count, so the count endpoint still reads exactly one row.
ALTER TABLE campaign_counts ADD COLUMN milestones TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(milestones) AND json_type(milestones) = 'array');

UPDATE campaign_counts SET milestones = coalesce(
  (SELECT json_extract(c.settings, '$.milestones') FROM campaigns c WHERE c.id = campaign_counts.campaign_id), '[]');

-- Fires on the row made by campaigns_count_row, whichever order SQLite runs insert triggers in.
CREATE TRIGGER campaign_counts_milestones_new AFTER INSERT ON campaign_counts
BEGIN
  UPDATE campaign_counts SET milestones = coalesce(
    (SELECT json_extract(settings, '$.milestones') FROM campaigns WHERE id = NEW.campaign_id), '[]')
  WHERE campaign_id = NEW.campaign_id;
END;

CREATE TRIGGER campaigns_milestones_copy AFTER UPDATE OF settings ON campaigns
BEGIN
  UPDATE campaign_counts SET milestones = coalesce(json_extract(NEW.settings, '$.milestones'), '[]')
  WHERE campaign_id = NEW.id;
END;
