-- A campaign comes from a JSON file (campaigns/*.json) pushed with `npm run campaign -- push`.
-- Times are Unix epoch milliseconds throughout.
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 2 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  locale TEXT NOT NULL DEFAULT 'en' CHECK (length(locale) BETWEEN 2 AND 10),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
  body TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
  demands TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(demands) AND json_type(demands) = 'array'),
  goal INTEGER NOT NULL CHECK (goal > 0),
  sender_name TEXT NOT NULL CHECK (length(sender_name) BETWEEN 1 AND 100),
  mail_to TEXT NOT NULL CHECK (mail_to LIKE '%_@_%'),
  mail_cc TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mail_cc) AND json_type(mail_cc) = 'array'),
  forward_mode TEXT NOT NULL DEFAULT 'each' CHECK (forward_mode IN ('each', 'digest', 'none')),
  -- Options that no query filters on (templates, throttles, privacy notice) as validated JSON.
  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings) AND json_type(settings) = 'object'),
  -- Hash of the pushed file: pushing the same file again changes nothing.
  source_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
