-- A target's name in other languages, by language code ({"ru": "…", "kk": "…"}), from the
-- campaign file's `targets[].names`: the form shows embassies in the supporter's language.
-- `name` stays the name in the campaign's own language, and the fallback.
ALTER TABLE targets ADD COLUMN names TEXT NOT NULL DEFAULT '{}'
  CHECK (json_valid(names) AND json_type(names) = 'object');
