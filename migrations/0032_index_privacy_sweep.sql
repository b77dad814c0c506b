-- The daily privacy sweep reads only what it changes (issue 25): its five scans of the outbox
-- and the pickets' attendees become ranges of partial indexes on the date each acts on. Each
-- index holds only the rows it is for: a supporter's receipt pays one entry when enqueued, a
-- forward with the supporter's Reply-To one when sent, and each row leaves its index when the
-- sweep blanks or deletes it.

-- Copies that hold a supporter's address: deleted a day (receipts, picket mail) or 30 days
-- (updates) after they went.
CREATE INDEX outbox_receipts_created ON outbox (created_at) WHERE kind = 'receipt';
CREATE INDEX outbox_updates_created ON outbox (created_at) WHERE kind = 'update';
CREATE INDEX outbox_picket_mail_created ON outbox (created_at) WHERE (kind = 'picket-reminder' OR kind = 'picket-notice');

-- Sent mail loses its words, and a forward its Reply-To (the supporter's address), after 30
-- days: a row leaves each index once blanked. (0001 had the first; 0002 dropped it with the
-- table.) Mail deleted within those 30 days anyway is left out, so a supporter's link mail
-- and receipt write no entry: link mail (keys 'i:…'), receipts, updates and picket mail.
CREATE INDEX outbox_sent_words ON outbox (sent_at)
WHERE status = 'sent' AND text_body <> '' AND substr(idempotency_key, 1, 2) <> 'i:'
  AND kind <> 'receipt' AND kind <> 'update' AND kind <> 'picket-reminder' AND kind <> 'picket-notice';
CREATE INDEX outbox_sent_reply_to ON outbox (sent_at) WHERE status = 'sent' AND reply_to IS NOT NULL;

-- "I'll be there" never confirmed: deleted a week after its link expired.
CREATE INDEX picket_attendees_pending ON picket_attendees (token_expires_at) WHERE status = 'pending';
