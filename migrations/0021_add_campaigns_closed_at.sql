-- When a campaign closed: signatures are anonymised its retention period later.
ALTER TABLE campaigns ADD COLUMN closed_at INTEGER;
