-- Organiser sessions. The cookie holds a random id; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL CHECK (length(email) <= 254 AND email = lower(email)),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
