-- A campaign's mail history kept as counts per address (issue 25): sent, dead and what
-- Resend said (delivered, delayed, bounced, complained), per throttle key ('to:' + the
-- address) for forwards and per kind ('kind:digest', 'kind:update', …) for the rest of the
-- campaign's mail (keys 'c<campaign>:…'; link mail to an inbox is not counted). The
-- dashboard and the deliveries API read these rows and the waiting mail (the queue's own
-- index) instead of every message ever sent. Triggers move them when a row's status or
-- delivery changes, and keep per address the last error of a message given up (dead) or
-- bounced, complained about or delayed, with its key. Enqueueing (a
-- confirmation) writes nothing here: a new row is pending with no delivery.
CREATE TABLE delivery_tallies (
  campaign_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  sent INTEGER NOT NULL DEFAULT 0,
  dead INTEGER NOT NULL DEFAULT 0,
  delivered INTEGER NOT NULL DEFAULT 0,
  delayed INTEGER NOT NULL DEFAULT 0,
  bounced INTEGER NOT NULL DEFAULT 0,
  complained INTEGER NOT NULL DEFAULT 0,
  error_key TEXT,
  error TEXT,
  error_at INTEGER,
  PRIMARY KEY (campaign_id, key)
) WITHOUT ROWID;

INSERT INTO delivery_tallies (campaign_id, key, sent, dead, delivered, delayed, bounced, complained)
SELECT campaign_id, coalesce(throttle_key, 'kind:' || kind), sum(status = 'sent'), sum(status = 'dead'),
  sum(delivery IN ('delivered', 'complained')), sum(delivery = 'delayed'), sum(delivery = 'bounced'), sum(delivery = 'complained')
FROM outbox WHERE campaign_id IS NOT NULL AND substr(idempotency_key, 1, 1) = 'c'
GROUP BY 1, 2 HAVING sum(status <> 'pending' OR delivery IS NOT NULL) > 0;

CREATE TRIGGER outbox_tally_insert AFTER INSERT ON outbox
WHEN NEW.campaign_id IS NOT NULL AND substr(NEW.idempotency_key, 1, 1) = 'c' AND (NEW.status <> 'pending' OR NEW.delivery IS NOT NULL)
BEGIN
  INSERT INTO delivery_tallies (campaign_id, key, sent, dead, delivered, delayed, bounced, complained)
  VALUES (NEW.campaign_id, coalesce(NEW.throttle_key, 'kind:' || NEW.kind), NEW.status = 'sent', NEW.status = 'dead',
    coalesce(NEW.delivery IN ('delivered', 'complained'), 0), coalesce(NEW.delivery = 'delayed', 0),
    coalesce(NEW.delivery = 'bounced', 0), coalesce(NEW.delivery = 'complained', 0))
  ON CONFLICT (campaign_id, key) DO UPDATE SET sent = sent + excluded.sent, dead = dead + excluded.dead,
    delivered = delivered + excluded.delivered, delayed = delayed + excluded.delayed,
    bounced = bounced + excluded.bounced, complained = complained + excluded.complained;
END;

CREATE TRIGGER outbox_tally_update AFTER UPDATE OF status, delivery ON outbox
WHEN NEW.campaign_id IS NOT NULL AND substr(NEW.idempotency_key, 1, 1) = 'c'
  AND (OLD.status IS NOT NEW.status OR OLD.delivery IS NOT NEW.delivery)
BEGIN
  INSERT INTO delivery_tallies (campaign_id, key, sent, dead, delivered, delayed, bounced, complained, error_key, error, error_at)
  VALUES (NEW.campaign_id, coalesce(NEW.throttle_key, 'kind:' || NEW.kind),
    (NEW.status = 'sent') - (OLD.status = 'sent'), (NEW.status = 'dead') - (OLD.status = 'dead'),
    coalesce(NEW.delivery IN ('delivered', 'complained'), 0) - coalesce(OLD.delivery IN ('delivered', 'complained'), 0),
    coalesce(NEW.delivery = 'delayed', 0) - coalesce(OLD.delivery = 'delayed', 0),
    coalesce(NEW.delivery = 'bounced', 0) - coalesce(OLD.delivery = 'bounced', 0),
    coalesce(NEW.delivery = 'complained', 0) - coalesce(OLD.delivery = 'complained', 0),
    CASE WHEN NEW.status = 'dead' AND OLD.status <> 'dead' THEN NEW.idempotency_key WHEN NEW.delivery IS NOT OLD.delivery AND NEW.delivery IN ('bounced', 'complained', 'delayed') AND NEW.delivery_error IS NOT NULL THEN NEW.idempotency_key END,
    CASE WHEN NEW.status = 'dead' AND OLD.status <> 'dead' THEN NEW.last_error WHEN NEW.delivery IS NOT OLD.delivery AND NEW.delivery IN ('bounced', 'complained', 'delayed') AND NEW.delivery_error IS NOT NULL THEN NEW.delivery_error END,
    CASE WHEN NEW.status = 'dead' AND OLD.status <> 'dead' THEN NEW.last_attempt_at WHEN NEW.delivery IS NOT OLD.delivery AND NEW.delivery IN ('bounced', 'complained', 'delayed') AND NEW.delivery_error IS NOT NULL THEN NEW.delivery_at END)
  ON CONFLICT (campaign_id, key) DO UPDATE SET sent = sent + excluded.sent, dead = dead + excluded.dead,
    delivered = delivered + excluded.delivered, delayed = delayed + excluded.delayed,
    bounced = bounced + excluded.bounced, complained = complained + excluded.complained,
    error_key = iif(excluded.error_key IS NULL, error_key, excluded.error_key),
    error = iif(excluded.error_key IS NULL, error, excluded.error),
    error_at = iif(excluded.error_key IS NULL, error_at, excluded.error_at);
END;

CREATE TRIGGER outbox_tally_delete AFTER DELETE ON outbox
WHEN OLD.campaign_id IS NOT NULL AND substr(OLD.idempotency_key, 1, 1) = 'c' AND (OLD.status <> 'pending' OR OLD.delivery IS NOT NULL)
BEGIN
  UPDATE delivery_tallies SET sent = sent - (OLD.status = 'sent'), dead = dead - (OLD.status = 'dead'),
    delivered = delivered - coalesce(OLD.delivery IN ('delivered', 'complained'), 0), delayed = delayed - coalesce(OLD.delivery = 'delayed', 0),
    bounced = bounced - coalesce(OLD.delivery = 'bounced', 0), complained = complained - coalesce(OLD.delivery = 'complained', 0)
  WHERE campaign_id = OLD.campaign_id AND key = coalesce(OLD.throttle_key, 'kind:' || OLD.kind);
END;
