-- "N signed today" beside the count, read from the counts row like the count itself (the
-- count endpoint reads one row; counting today's signatures would read one row each).
-- `today` counts the confirmations of UTC day `today_day` (days since the Unix epoch, from
-- `confirmed_at`); a reader on a later day shows 0. These triggers touch only the two new
-- columns, so they add to the baseline's count triggers instead of replacing them.
ALTER TABLE campaign_counts ADD COLUMN today INTEGER NOT NULL DEFAULT 0 CHECK (today >= 0);
ALTER TABLE campaign_counts ADD COLUMN today_day INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER signatures_today_insert AFTER INSERT ON signatures WHEN NEW.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET
    today = iif(today_day = NEW.confirmed_at / 86400000, today + 1, 1),
    today_day = NEW.confirmed_at / 86400000
  WHERE campaign_id = NEW.campaign_id AND NEW.confirmed_at / 86400000 >= today_day;
END;

CREATE TRIGGER signatures_today_up AFTER UPDATE OF status ON signatures
WHEN OLD.status <> 'confirmed' AND NEW.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET
    today = iif(today_day = NEW.confirmed_at / 86400000, today + 1, 1),
    today_day = NEW.confirmed_at / 86400000
  WHERE campaign_id = NEW.campaign_id AND NEW.confirmed_at / 86400000 >= today_day;
END;

-- A signature withdrawn (or marked spam) leaves the tally of the day it was confirmed on.
CREATE TRIGGER signatures_today_down AFTER UPDATE OF status ON signatures
WHEN OLD.status = 'confirmed' AND NEW.status <> 'confirmed'
BEGIN
  UPDATE campaign_counts SET today = max(today - 1, 0)
  WHERE campaign_id = NEW.campaign_id AND today_day = OLD.confirmed_at / 86400000;
END;

CREATE TRIGGER signatures_today_delete AFTER DELETE ON signatures WHEN OLD.status = 'confirmed'
BEGIN
  UPDATE campaign_counts SET today = max(today - 1, 0)
  WHERE campaign_id = OLD.campaign_id AND today_day = OLD.confirmed_at / 86400000;
END;
