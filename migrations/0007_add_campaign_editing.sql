-- Campaigns edited in the browser (issue 16): drafts, a closing time, and the campaign file
-- itself as last written, so the editor, the API and `npm run campaign -- pull` hand back
-- every field of it (including fields other features add to the file).
--
-- A draft is NOT a third value of campaigns.status. Changing that CHECK needs the table
-- rebuilt, and rebuilding campaigns is unsafe: D1 runs migrations with foreign keys on
-- (PRAGMA foreign_keys cannot be turned off inside its transaction), so `DROP TABLE
-- campaigns` would run an implicit DELETE whose ON DELETE CASCADE empties signatures,
-- targets, counts, tokens, the ledger and the audit log. Instead a draft is a flag on a
-- row whose status is 'closed': every check already written as `status = 'open'` (the
-- signing batch, confirming, forwarding) refuses a draft without being touched, and the
-- domain reads `draft = 1` as the status 'draft'. The CHECK keeps the pair honest.
ALTER TABLE campaigns ADD COLUMN draft INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1) AND (draft = 0 OR status = 'closed'));

-- When an open campaign closes by itself (epoch ms; NULL: only when an organiser closes
-- it). Read time treats an open campaign past it as closed; the minute cron stores that.
ALTER TABLE campaigns ADD COLUMN closes_at INTEGER CHECK (closes_at IS NULL OR closes_at > 0);

-- The campaign file as last written (validated JSON, the schema's normalised output).
-- NULL for campaigns pushed before this migration until their next push or edit; they are
-- read back from their columns instead.
ALTER TABLE campaigns ADD COLUMN file TEXT CHECK (file IS NULL OR (json_valid(file) AND json_type(file) = 'object'));

-- The count row's status says 'draft' for a draft, so every reader of campaign_counts (the
-- count, the widget, the embeds, the organiser's list) can tell one from a closed campaign.
-- Same triggers as 0002 otherwise.
DROP TRIGGER campaigns_count_row;
DROP TRIGGER campaigns_count_copy;

CREATE TRIGGER campaigns_count_row AFTER INSERT ON campaigns
BEGIN
  INSERT INTO campaign_counts (campaign_id, slug, title, goal, status, milestones, confirmed, updated_at, mail_interval)
  VALUES (NEW.id, NEW.slug, NEW.title, NEW.goal, iif(NEW.draft = 1, 'draft', NEW.status),
    coalesce(json_extract(NEW.settings, '$.milestones'), '[]'), 0, NEW.created_at,
    coalesce(iif(NEW.forward_mode = 'each', CAST((3599999 + json_extract(NEW.settings, '$.campaignPerHour')) / json_extract(NEW.settings, '$.campaignPerHour') AS INTEGER), 0), 0));
END;

CREATE TRIGGER campaigns_count_copy AFTER UPDATE OF slug, title, goal, status, settings, forward_mode, draft ON campaigns
BEGIN
  UPDATE campaign_counts SET slug = NEW.slug, title = NEW.title, goal = NEW.goal, status = iif(NEW.draft = 1, 'draft', NEW.status),
    milestones = coalesce(json_extract(NEW.settings, '$.milestones'), '[]'), updated_at = NEW.updated_at,
    mail_interval = coalesce(iif(NEW.forward_mode = 'each', CAST((3599999 + json_extract(NEW.settings, '$.campaignPerHour')) / json_extract(NEW.settings, '$.campaignPerHour') AS INTEGER), 0), 0)
  WHERE campaign_id = NEW.id;
END;
