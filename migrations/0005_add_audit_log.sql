-- What organisers and operators changed in a campaign, from the browser, the API or the
-- CLI: who, when, what (an action and its details, such as the fields an edit changed or
-- that a signature was looked up). Moderation keeps its own log (moderation_log); this one
-- records everything else an organiser does. Written in the same batch as the change it
-- records, so a change is never without its entry.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  -- An organiser's email, `token:<id>` for an API token, or `cli` for a push from files.
  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 254),
  -- A short verb, e.g. `campaign.create`, `campaign.edit`, `organiser.add`, `token.create`,
  -- `signature.lookup`.
  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 60 AND action NOT GLOB '*[^a-z.-]*'),
  -- JSON with the details (e.g. `{"fields":["title","goal"]}`); never a supporter's address.
  detail TEXT CHECK (detail IS NULL OR (length(detail) <= 4000 AND json_valid(detail))),
  created_at INTEGER NOT NULL
);
-- The dashboard's log page: a campaign's newest entries first.
CREATE INDEX audit_log_campaign ON audit_log (campaign_id, id);
