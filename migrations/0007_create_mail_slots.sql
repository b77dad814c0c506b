-- Per-recipient send schedule: the next free slot for each throttle key, so mail to one
-- embassy is spread out at the campaign's rate however fast supporters confirm.
CREATE TABLE mail_slots (
  throttle_key TEXT PRIMARY KEY,
  next_at INTEGER NOT NULL
);
