-- Bearer tokens for scripts, one campaign each, made with `npm run campaign -- token`.
-- Only the SHA-256 of the token is stored; a revoked token is kept for the record.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 100),
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_campaign ON api_tokens (campaign_id);
