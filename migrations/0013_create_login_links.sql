-- One-time sign-in links for organisers. Only the SHA-256 of the token is stored.
CREATE TABLE login_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL CHECK (length(email) <= 254 AND email = lower(email)),
  expires_at INTEGER NOT NULL,
  -- Set when the link is used; it names the session it started, so a link works once.
  used_at INTEGER,
  session_hash TEXT UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX login_links_email ON login_links (email, created_at);
