-- The delivery ledger's trees kept as they grow (issue 25), so that neither the public ledger
-- nor a receipt's proof re-hashes a day's leaves: a day's root and a proof come from O(log n)
-- stored nodes, whatever the size of the day.
--
-- Each leaf gets its place in its day's tree, `seq` (0, 1, 2, … in the order the leaves were
-- recorded), written by the statement that stores the leaf. Days until now built their tree
-- over their leaves sorted ascending: their leaves get seq in that order, so every day's tree
-- is the one over its leaves in seq order, and every root already sealed stays as it was.
ALTER TABLE ledger_leaves ADD COLUMN seq INTEGER CHECK (seq >= 0);

UPDATE ledger_leaves SET seq = r.seq
FROM (SELECT receipt_id, row_number() OVER (PARTITION BY campaign_id, day ORDER BY leaf) - 1 AS seq FROM ledger_leaves) AS r
WHERE r.receipt_id = ledger_leaves.receipt_id;

-- A leaf by its place (the fold, a proof's first level, verify-ledger's pages); the one index
-- a leaf writes, instead of the one by (day, leaf) the full rebuilds read.
DROP INDEX ledger_leaves_day;
CREATE UNIQUE INDEX ledger_leaves_seq ON ledger_leaves (campaign_id, day, seq);

-- A leaf stored without its place (by hand, an older script) gets the next one of its day.
-- The app writes seq itself: for it this trigger does nothing and writes nothing.
CREATE TRIGGER ledger_leaves_next_seq AFTER INSERT ON ledger_leaves WHEN NEW.seq IS NULL
BEGIN
  UPDATE ledger_leaves SET seq = coalesce((SELECT max(seq) + 1 FROM ledger_leaves WHERE campaign_id = NEW.campaign_id AND day = NEW.day), 0)
  WHERE receipt_id = NEW.receipt_id;
END;

-- How far each day's tree has been built (its first `size` leaves by seq), with their counts
-- per ledger target and their root: what the public ledger reads for a day not sealed yet.
-- Built by a bounded step (flows/ledger.ts): the minute cron's, or a reader's at most every
-- few seconds. `backfill` marks a day sealed before this migration whose nodes are still
-- being built (for its proofs), by the same step, up to its sealed size.
CREATE TABLE ledger_trees (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  size INTEGER NOT NULL CHECK (size >= 0),
  counts TEXT NOT NULL CHECK (json_valid(counts) AND json_type(counts) = 'object'),
  merkle_root TEXT CHECK (length(merkle_root) = 64),
  backfill INTEGER NOT NULL DEFAULT 0 CHECK (backfill = 0 OR backfill = 1),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, day),
  CHECK ((size = 0) = (merkle_root IS NULL))
) WITHOUT ROWID;
CREATE INDEX ledger_trees_backfill ON ledger_trees (campaign_id, day) WHERE backfill = 1;

-- Every complete inner node of a day's tree (level ≥ 1; level 0 is the leaf): node (level,
-- idx) is the hash of leaves [idx·2^level, (idx+1)·2^level). Appending never changes one.
-- About one a leaf: no foreign key, whose check would read the campaign for each (campaigns
-- are closed, never deleted).
CREATE TABLE ledger_nodes (
  campaign_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 40),
  idx INTEGER NOT NULL CHECK (idx >= 0),
  hash TEXT NOT NULL CHECK (length(hash) = 64),
  PRIMARY KEY (campaign_id, day, level, idx)
) WITHOUT ROWID;

-- Days already sealed: their nodes are built from their leaves by the same bounded step.
INSERT INTO ledger_trees (campaign_id, day, size, counts, merkle_root, backfill, updated_at)
SELECT campaign_id, day, 0, '{}', NULL, 1, 0 FROM ledger_days;
