-- What waits in the queue, counted where the organisers' pages can read it in a handful of
-- rows (issue 25): per address, the messages that failed at least once and wait for another
-- try (`retrying`), and per update, its copies still waiting (`waiting`), so neither the
-- dashboard nor the updates page reads the queue or an update's copies to count them.
--
-- An update's copies get a summary row of their own, 'update:<id>' (was 'kind:update' for
-- all of a campaign's updates). Its `waiting` grows by the copies each enqueue step inserts
-- (db/update-enqueue.ts adds the step's count in its own batch: one row written a step, none
-- a copy) and shrinks by trigger when a copy leaves the queue (sent, given up, dropped).
-- A retry's error becomes the address's last error too, with its message's key, so the
-- latest error per address is read from the summary, not from the queue.
--
-- Enqueueing a forward (a confirmation) still writes nothing here: a new row is pending
-- with no error. `retrying` moves only when a try fails, a failed message goes, or is dropped.
ALTER TABLE delivery_tallies ADD COLUMN retrying INTEGER NOT NULL DEFAULT 0;
ALTER TABLE delivery_tallies ADD COLUMN waiting INTEGER NOT NULL DEFAULT 0;

-- The summary's key of an outbox row (as SQL on the row `r`): its address, an update's own
-- key, or its kind.
-- coalesce(r.throttle_key, iif(r.kind = 'update', 'update:' || substr(k, instr(k, ':u') + 2, instr(k, ':s') - instr(k, ':u') - 2), 'kind:' || r.kind))

DROP TRIGGER outbox_tally_insert;
DROP TRIGGER outbox_tally_update;
DROP TRIGGER outbox_tally_delete;

-- The update copies' summaries again, by update; and what waits or retries now.
DELETE FROM delivery_tallies WHERE key = 'kind:update';
INSERT INTO delivery_tallies (campaign_id, key, sent, dead, delivered, delayed, bounced, complained, waiting)
SELECT campaign_id,
  'update:' || substr(idempotency_key, instr(idempotency_key, ':u') + 2, instr(idempotency_key, ':s') - instr(idempotency_key, ':u') - 2),
  sum(status = 'sent'), sum(status = 'dead'), sum(delivery IN ('delivered', 'complained')), sum(delivery = 'delayed'),
  sum(delivery = 'bounced'), sum(delivery = 'complained'), sum(status = 'pending')
FROM outbox WHERE kind = 'update' AND campaign_id IS NOT NULL AND substr(idempotency_key, 1, 1) = 'c' AND throttle_key IS NULL
GROUP BY 1, 2;
INSERT INTO delivery_tallies (campaign_id, key, retrying)
SELECT campaign_id, coalesce(throttle_key, iif(kind = 'update',
    'update:' || substr(idempotency_key, instr(idempotency_key, ':u') + 2, instr(idempotency_key, ':s') - instr(idempotency_key, ':u') - 2), 'kind:' || kind)), count(*)
FROM outbox WHERE status = 'pending' AND last_error IS NOT NULL AND campaign_id IS NOT NULL AND substr(idempotency_key, 1, 1) = 'c'
GROUP BY 1, 2
ON CONFLICT (campaign_id, key) DO UPDATE SET retrying = excluded.retrying;

CREATE TRIGGER outbox_tally_insert AFTER INSERT ON outbox
WHEN NEW.campaign_id IS NOT NULL AND substr(NEW.idempotency_key, 1, 1) = 'c' AND (NEW.status <> 'pending' OR NEW.delivery IS NOT NULL OR NEW.last_error IS NOT NULL)
BEGIN
  INSERT INTO delivery_tallies (campaign_id, key, sent, dead, delivered, delayed, bounced, complained, retrying)
  VALUES (NEW.campaign_id,
    coalesce(NEW.throttle_key, iif(NEW.kind = 'update', 'update:' || substr(NEW.idempotency_key, instr(NEW.idempotency_key, ':u') + 2, instr(NEW.idempotency_key, ':s') - instr(NEW.idempotency_key, ':u') - 2), 'kind:' || NEW.kind)),
    NEW.status = 'sent', NEW.status = 'dead',
    coalesce(NEW.delivery IN ('delivered', 'complained'), 0), coalesce(NEW.delivery = 'delayed', 0),
    coalesce(NEW.delivery = 'bounced', 0), coalesce(NEW.delivery = 'complained', 0),
    NEW.status = 'pending' AND NEW.last_error IS NOT NULL)
  ON CONFLICT (campaign_id, key) DO UPDATE SET sent = sent + excluded.sent, dead = dead + excluded.dead,
    delivered = delivered + excluded.delivered, delayed = delayed + excluded.delayed,
    bounced = bounced + excluded.bounced, complained = complained + excluded.complained, retrying = retrying + excluded.retrying;
END;

CREATE TRIGGER outbox_tally_update AFTER UPDATE OF status, delivery, last_error ON outbox
WHEN NEW.campaign_id IS NOT NULL AND substr(NEW.idempotency_key, 1, 1) = 'c'
  AND (OLD.status IS NOT NEW.status OR OLD.delivery IS NOT NEW.delivery
    OR ((OLD.last_error IS NOT NEW.last_error) AND (OLD.status = 'pending' OR NEW.status = 'pending')))
BEGIN
  INSERT INTO delivery_tallies (campaign_id, key, sent, dead, delivered, delayed, bounced, complained, retrying, waiting, error_key, error, error_at)
  VALUES (NEW.campaign_id,
    coalesce(NEW.throttle_key, iif(NEW.kind = 'update', 'update:' || substr(NEW.idempotency_key, instr(NEW.idempotency_key, ':u') + 2, instr(NEW.idempotency_key, ':s') - instr(NEW.idempotency_key, ':u') - 2), 'kind:' || NEW.kind)),
    (NEW.status = 'sent') - (OLD.status = 'sent'), (NEW.status = 'dead') - (OLD.status = 'dead'),
    coalesce(NEW.delivery IN ('delivered', 'complained'), 0) - coalesce(OLD.delivery IN ('delivered', 'complained'), 0),
    coalesce(NEW.delivery = 'delayed', 0) - coalesce(OLD.delivery = 'delayed', 0),
    coalesce(NEW.delivery = 'bounced', 0) - coalesce(OLD.delivery = 'bounced', 0),
    coalesce(NEW.delivery = 'complained', 0) - coalesce(OLD.delivery = 'complained', 0),
    (NEW.status = 'pending' AND NEW.last_error IS NOT NULL) - (OLD.status = 'pending' AND OLD.last_error IS NOT NULL),
    iif(NEW.kind = 'update' AND NEW.throttle_key IS NULL, (NEW.status = 'pending') - (OLD.status = 'pending'), 0),
    CASE WHEN NEW.status = 'dead' AND OLD.status <> 'dead' THEN NEW.idempotency_key
      WHEN NEW.delivery IS NOT OLD.delivery AND NEW.delivery IN ('bounced', 'complained', 'delayed') AND NEW.delivery_error IS NOT NULL THEN NEW.idempotency_key
      WHEN NEW.status = 'pending' AND NEW.last_error IS NOT NULL AND NEW.last_error IS NOT OLD.last_error THEN NEW.idempotency_key END,
    CASE WHEN NEW.status = 'dead' AND OLD.status <> 'dead' THEN NEW.last_error
      WHEN NEW.delivery IS NOT OLD.delivery AND NEW.delivery IN ('bounced', 'complained', 'delayed') AND NEW.delivery_error IS NOT NULL THEN NEW.delivery_error
      WHEN NEW.status = 'pending' AND NEW.last_error IS NOT NULL AND NEW.last_error IS NOT OLD.last_error THEN NEW.last_error END,
    CASE WHEN NEW.status = 'dead' AND OLD.status <> 'dead' THEN NEW.last_attempt_at
      WHEN NEW.delivery IS NOT OLD.delivery AND NEW.delivery IN ('bounced', 'complained', 'delayed') AND NEW.delivery_error IS NOT NULL THEN NEW.delivery_at
      WHEN NEW.status = 'pending' AND NEW.last_error IS NOT NULL AND NEW.last_error IS NOT OLD.last_error THEN NEW.last_attempt_at END)
  ON CONFLICT (campaign_id, key) DO UPDATE SET sent = sent + excluded.sent, dead = dead + excluded.dead,
    delivered = delivered + excluded.delivered, delayed = delayed + excluded.delayed,
    bounced = bounced + excluded.bounced, complained = complained + excluded.complained,
    retrying = retrying + excluded.retrying, waiting = waiting + excluded.waiting,
    error_key = iif(excluded.error_key IS NULL, error_key, excluded.error_key),
    error = iif(excluded.error_key IS NULL, error, excluded.error),
    error_at = iif(excluded.error_key IS NULL, error_at, excluded.error_at);
END;

CREATE TRIGGER outbox_tally_delete AFTER DELETE ON outbox
WHEN OLD.campaign_id IS NOT NULL AND substr(OLD.idempotency_key, 1, 1) = 'c'
  AND (OLD.status <> 'pending' OR OLD.delivery IS NOT NULL OR OLD.last_error IS NOT NULL OR (OLD.kind = 'update' AND OLD.throttle_key IS NULL))
BEGIN
  UPDATE delivery_tallies SET sent = sent - (OLD.status = 'sent'), dead = dead - (OLD.status = 'dead'),
    delivered = delivered - coalesce(OLD.delivery IN ('delivered', 'complained'), 0), delayed = delayed - coalesce(OLD.delivery = 'delayed', 0),
    bounced = bounced - coalesce(OLD.delivery = 'bounced', 0), complained = complained - coalesce(OLD.delivery = 'complained', 0),
    retrying = retrying - (OLD.status = 'pending' AND OLD.last_error IS NOT NULL),
    waiting = waiting - (OLD.kind = 'update' AND OLD.throttle_key IS NULL AND OLD.status = 'pending')
  WHERE campaign_id = OLD.campaign_id
    AND key = coalesce(OLD.throttle_key, iif(OLD.kind = 'update', 'update:' || substr(OLD.idempotency_key, instr(OLD.idempotency_key, ':u') + 2, instr(OLD.idempotency_key, ':s') - instr(OLD.idempotency_key, ':u') - 2), 'kind:' || OLD.kind));
END;
