-- Mail paused by the provider's quota (issue 23): Resend answers 429 daily_quota_exceeded or
-- monthly_quota_exceeded once the plan's emails are spent (the free plan: 100 a day, 3,000
-- a month, every To and CC counted). Retrying every few seconds would change nothing until
-- the quota resets, so the drainer writes down until when (the next UTC midnight, or the
-- first of next month) and the claim takes nothing before then. One row per mailer; the
-- dashboard shows it.
CREATE TABLE mail_pauses (
  mailer TEXT PRIMARY KEY,
  until INTEGER NOT NULL,
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  message TEXT NOT NULL CHECK (length(message) <= 1000),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
