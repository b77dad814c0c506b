-- Pickets keep their attendees' counts (issue 25): a picket's page, its .ics, the pickets
-- JSON and the dashboard read one row per picket instead of counting attendees on every
-- build. Triggers move them in the same statement as the attendee's change (an RSVP or
-- its confirmation writes the picket's row once more; the supporter's signing path is
-- untouched).
ALTER TABLE pickets ADD COLUMN coming INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pickets ADD COLUMN unconfirmed INTEGER NOT NULL DEFAULT 0;

UPDATE pickets SET
  coming = (SELECT count(*) FROM picket_attendees a WHERE a.picket_id = pickets.id AND a.status = 'confirmed'),
  unconfirmed = (SELECT count(*) FROM picket_attendees a WHERE a.picket_id = pickets.id AND a.status = 'pending');

CREATE TRIGGER picket_attendees_count_insert AFTER INSERT ON picket_attendees
WHEN NEW.status = 'confirmed' OR NEW.status = 'pending'
BEGIN
  UPDATE pickets SET coming = coming + (NEW.status = 'confirmed'), unconfirmed = unconfirmed + (NEW.status = 'pending')
  WHERE id = NEW.picket_id;
END;

CREATE TRIGGER picket_attendees_count_update AFTER UPDATE OF status, picket_id ON picket_attendees
WHEN OLD.status IS NOT NEW.status OR OLD.picket_id IS NOT NEW.picket_id
BEGIN
  UPDATE pickets SET coming = coming - (OLD.status = 'confirmed'), unconfirmed = unconfirmed - (OLD.status = 'pending')
  WHERE id = OLD.picket_id AND (OLD.status = 'confirmed' OR OLD.status = 'pending');
  UPDATE pickets SET coming = coming + (NEW.status = 'confirmed'), unconfirmed = unconfirmed + (NEW.status = 'pending')
  WHERE id = NEW.picket_id AND (NEW.status = 'confirmed' OR NEW.status = 'pending');
END;

CREATE TRIGGER picket_attendees_count_delete AFTER DELETE ON picket_attendees
WHEN OLD.status = 'confirmed' OR OLD.status = 'pending'
BEGIN
  UPDATE pickets SET coming = coming - (OLD.status = 'confirmed'), unconfirmed = unconfirmed - (OLD.status = 'pending')
  WHERE id = OLD.picket_id;
END;

-- The names a picket's page shows (the first 200 who said so): read in order, not sorted.
CREATE INDEX picket_attendees_shown ON picket_attendees (picket_id, confirmed_at)
WHERE status = 'confirmed' AND show_name = 1 AND name <> '';
