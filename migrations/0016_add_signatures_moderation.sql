-- Moderation of the public wall: unreviewed until an organiser approves or hides it.
-- Whether unreviewed messages show depends on the campaign's `moderation` setting.
ALTER TABLE signatures ADD COLUMN moderation TEXT NOT NULL DEFAULT 'unreviewed'
  CHECK (moderation IN ('unreviewed', 'approved', 'hidden'));
