-- The daily sweep finds sent mail that still holds words without scanning the outbox;
-- a row leaves the index once blanked.
CREATE INDEX outbox_sent_words ON outbox (sent_at) WHERE status = 'sent' AND text_body <> '';
