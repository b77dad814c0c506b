-- Where a signature came from (src/lib/source.ts): `?source=` of the campaign page, the UTM
-- parts of its link as `source/medium/campaign`, the widget's `data-source` (default: the
-- host page's name) or a share link's channel. NULL when none came or it did not fit.
-- A column of the row signing writes anyway: no extra row, no index entry, no trigger.
-- Set once, by the signature's first INSERT; signing again never changes it.
ALTER TABLE signatures ADD COLUMN source TEXT
  CHECK (source IS NULL OR (length(source) BETWEEN 1 AND 64 AND source = lower(source) AND source NOT GLOB '*[^a-z0-9._~/-]*'));
