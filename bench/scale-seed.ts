/**
 * The scale phase's campaign (issue 25): `n` signatures written with sqlite3 straight into
 * the local D1 file (app stopped), shaped like a real campaign: mostly confirmed, over 30
 * days, ~40 countries, several sources, a wall of public messages, update opt-ins; each
 * confirmed one's copy to the campaign sent and delivered, a third with an embassy's copy
 * sent, and 10,000 forwards queued at one embassy; an update sent to the opted-in; the
 * ledger's leaves of the last two days; a picket with its attendees. The summaries are
 * rebuilt as migration 0015 does, so the app starts with its cursors past the seed.
 */
import { execFileSync } from 'node:child_process';

const DAY = 86_400_000;
/** Forwards waiting at the one embassy with a queue. */
export const QUEUED = 10_000;
export const QUEUE_TARGET = 'ca-toronto';

function sql(file: string, text: string): string {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', file], { input: text, encoding: 'utf8', timeout: 1_800_000, maxBuffer: 64 * 1024 * 1024 });
}

// Forty countries, six sources, five mail domains, 2,000 networks: enough to be real.
const COUNTRIES = `substr('KZGBFRDEUSCAITESNLBESEDKNOFIPLCZATCHIEPTGRTRRUUAJPKRAUNZBRARMXCLZAINCNGEAMAZ', (x % 40) * 2 + 1, 2)`;
const SOURCES = `CASE x % 6 WHEN 0 THEN NULL WHEN 1 THEN 'share-whatsapp' WHEN 2 THEN 'share-x' WHEN 3 THEN 'newsletter' WHEN 4 THEN 'union-site' ELSE 'widget' END`;
const DOMAINS = `CASE x % 5 WHEN 0 THEN 'example.org' WHEN 1 THEN 'mail.example' WHEN 2 THEN 'post.example' WHEN 3 THEN 'union.example' ELSE 'inbox.example' END`;
// 90% confirmed, 5% pending, 3% withdrawn, 2% spam.
const STATUS = `CASE WHEN x % 100 < 90 THEN 'confirmed' WHEN x % 100 < 95 THEN 'pending' WHEN x % 100 < 98 THEN 'withdrawn' ELSE 'spam' END`;

/** Seeds the campaign `campaign` of `file` with `n` signatures and what they bring; returns the seconds it took. */
export function seedScale(file: string, campaign: number, n: number, now = Date.now()): number {
  const t0 = Date.now();
  const start = now - 30 * DAY;
  const trigger = sql(file, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'signatures_count_insert';`).trim();
  sql(
    file,
    `PRAGMA synchronous = OFF;
     BEGIN;
     DROP TRIGGER signatures_count_insert;
     CREATE TEMP TABLE t AS SELECT id, key, email, row_number() OVER (ORDER BY id) - 1 AS i FROM targets WHERE campaign_id = ${campaign};
     WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ${n})
     INSERT INTO signatures (campaign_id, email, inbox, name, country, city, message, target_id, public, reply_to_ok, consent_version,
       locale, status, moderation, token_nonce, token_hash, token_expires_at, ip_hash, created_at, confirmed_at, withdrawn_at, updated_at,
       source, updates_consent)
     SELECT ${campaign}, iif(s = 'withdrawn', NULL, 'seed' || x || '@' || ${DOMAINS}), iif(s = 'withdrawn', NULL, 'seed' || x || '@' || ${DOMAINS}),
       iif(s = 'withdrawn', '', 'Supporter ' || x), ${COUNTRIES}, iif(s = 'withdrawn', '', 'City ' || (x % 300)),
       iif(s <> 'withdrawn' AND x % 10 = 0, 'Solidarity with the oil workers, from supporter ' || x, NULL),
       iif(x % 3 = 0, (SELECT id FROM t WHERE t.i = (x / 3) % (SELECT count(*) FROM t)), NULL),
       iif(s <> 'withdrawn' AND x % 10 = 0, 1, 0), 0, 'bench', 'en', s, iif(x % 20 = 0, 'approved', 'unreviewed'),
       'bench-seeded-nonce', printf('%064x', x), at + 7 * ${DAY}, iif(at > ${now} - 30 * ${DAY}, printf('%012x', x % 2000), NULL),
       at, iif(s = 'confirmed', at + 60000, NULL), iif(s = 'withdrawn', at + 120000, NULL), at,
       ${SOURCES}, iif(s <> 'withdrawn' AND x % 3 = 1, 'updates-1', NULL)
     FROM (SELECT x, ${STATUS} AS s, ${start} + CAST((x - 1) * (${30 * DAY} - 3600000.0) / ${n} AS INTEGER) AS at FROM n);
     UPDATE campaign_counts SET confirmed = (SELECT count(*) FROM signatures WHERE campaign_id = ${campaign} AND status = 'confirmed')
       WHERE campaign_id = ${campaign};
     ${trigger};
     COMMIT;`,
  );
  seedMail(file, campaign, now);
  settleCursors(file, now);
  rebuildTallies(file);
  return Math.round((Date.now() - t0) / 1000);
}

/**
 * The crons' cursors where a running deployment has them (a month of minute runs and daily
 * sweeps behind it), not at 0: the reminders' window at the last signature 48 hours old, the
 * daily sweep's where yesterday's run left it (the pending signatures it deleted gone). So
 * the crons measured do today's work, not a first run's month of it.
 */
function settleCursors(file: string, now: number): void {
  const yesterday = now - DAY;
  sql(
    file,
    `BEGIN;
     CREATE TEMP TABLE cur (name TEXT, value INTEGER);
     INSERT INTO cur VALUES
       ('reminders', coalesce((SELECT max(id) FROM signatures WHERE created_at <= ${now - 48 * 3_600_000 - 60_000}), 0)),
       ('privacy-ips', coalesce((SELECT max(id) FROM signatures WHERE created_at < ${yesterday - 30 * DAY}), 0)),
       ('privacy-pending', coalesce((SELECT max(id) FROM signatures WHERE token_expires_at < ${yesterday - 7 * DAY}), 0));
     DELETE FROM signatures WHERE id <= (SELECT value FROM cur WHERE name = 'privacy-pending') AND status = 'pending';
     INSERT INTO cron_cursors (name, value, updated_at) SELECT name, value, ${yesterday} FROM cur WHERE true
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
     COMMIT;`,
  );
}

/** The mail the seed's supporters brought: forwards, the queue at one embassy, an update, ledger leaves, a picket. */
function seedMail(file: string, campaign: number, now: number): void {
  const forward = (name: string, to: string, extra: string) =>
    `INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, throttle_key, status, attempts,
       next_attempt_at, created_at, sent_at, receipt_id, receipt_target, delivery, delivery_at)
     SELECT 'c' || s.campaign_id || ':s' || s.id || '.' || s.created_at || ':${name}', 'forward', s.campaign_id, s.id, 'Bench',
       json_array(${to}), 'to:' || ${to}, ${extra}`;
  sql(
    file,
    `PRAGMA synchronous = OFF;
     BEGIN;
     ${forward('campaign', 'c.mail_to', `'sent', 1, s.confirmed_at, s.confirmed_at, s.confirmed_at + 5000, lower(hex(randomblob(16))), '@campaign', 'delivered', s.confirmed_at + 9000
       FROM signatures s JOIN campaigns c ON c.id = s.campaign_id WHERE s.campaign_id = ${campaign} AND s.status = 'confirmed'`)};
     CREATE TEMP TABLE queued AS SELECT id FROM signatures WHERE campaign_id = ${campaign} AND status = 'confirmed' AND target_id IS NOT NULL
       ORDER BY id DESC LIMIT ${QUEUED};
     ${forward('target', 't.email', `iif(s.id IN (SELECT id FROM queued), 'pending', 'sent'), iif(s.id IN (SELECT id FROM queued), 0, 1),
         iif(s.id IN (SELECT id FROM queued), ${now} + (s.id % ${QUEUED}) * 120000, s.confirmed_at), s.confirmed_at,
         iif(s.id IN (SELECT id FROM queued), NULL, s.confirmed_at + 5000), lower(hex(randomblob(16))), t.key,
         iif(s.id IN (SELECT id FROM queued), NULL, 'delivered'), iif(s.id IN (SELECT id FROM queued), NULL, s.confirmed_at + 9000)
       FROM signatures s JOIN targets t ON t.id = iif(s.id IN (SELECT id FROM queued), (SELECT id FROM targets WHERE campaign_id = ${campaign} AND key = '${QUEUE_TARGET}'), s.target_id)
       WHERE s.campaign_id = ${campaign} AND s.status = 'confirmed' AND s.target_id IS NOT NULL`)};
     UPDATE signatures SET target_id = (SELECT id FROM targets WHERE campaign_id = ${campaign} AND key = '${QUEUE_TARGET}') WHERE id IN (SELECT id FROM queued);
     INSERT INTO updates (id, campaign_id, subject, body, author, cursor, enqueued, created_at, enqueued_at)
     VALUES (1, ${campaign}, 'News from the strike', 'The strikers thank you.', 'organiser@example.org', 0, 0, ${now} - 86400000, ${now} - 86400000);
     INSERT INTO outbox (idempotency_key, kind, campaign_id, signature_id, from_name, to_addrs, status, attempts, next_attempt_at, created_at, sent_at, delivery)
     SELECT 'c' || campaign_id || ':u1:s' || printf('%012d', id), 'update', campaign_id, id, 'Bench', json_array(email), 'sent', 1, ${now} - 86000000,
       ${now} - 86400000, ${now} - 86000000, 'delivered'
     FROM signatures WHERE campaign_id = ${campaign} AND status = 'confirmed' AND updates_consent IS NOT NULL;
     UPDATE updates SET enqueued = changes(), cursor = (SELECT max(id) FROM signatures) WHERE id = 1;
     INSERT INTO ledger_leaves (receipt_id, campaign_id, day, target, text_sha256, leaf, outbox_key, created_at)
     SELECT receipt_id, campaign_id, date(delivery_at / 1000, 'unixepoch'), receipt_target, printf('%064x', length(idempotency_key)),
       lower(hex(randomblob(32))), idempotency_key, delivery_at
     FROM outbox WHERE campaign_id = ${campaign} AND kind = 'forward' AND delivery = 'delivered' AND delivery_at >= ${Math.floor(now / DAY) * DAY - DAY};
     COMMIT;`,
  );
  seedPicket(file, campaign, now);
}

/** One picket a week ahead, with one attendee for every 200 signatures, confirmed. */
function seedPicket(file: string, campaign: number, now: number): void {
  const starts = now + 7 * DAY;
  sql(
    file,
    `BEGIN;
     INSERT INTO pickets (campaign_id, key, city, country, time_zone, starts_local, ends_local, starts_at, ends_at, created_at, updated_at)
     VALUES (${campaign}, 'bench-picket', 'London', 'GB', 'Europe/London', '2030-01-01T12:00', '2030-01-01T14:00', ${starts}, ${starts + 7_200_000}, ${now}, ${now});
     INSERT INTO picket_attendees (picket_id, email, inbox, name, show_name, consent_version, status, token_nonce, token_hash, token_expires_at, created_at, confirmed_at, updated_at)
     SELECT (SELECT id FROM pickets WHERE key = 'bench-picket'), email, inbox, name, id % 2, 'bench', 'confirmed', 'bench-seeded-nonce', printf('%064x', id),
       ${now} + ${DAY}, ${now}, ${now}, ${now}
     FROM signatures WHERE campaign_id = ${campaign} AND status = 'confirmed' AND id % 200 = 0;
     COMMIT;`,
  );
}

/** The summaries from the signatures, cursors past them all: what migration 0015 does to a database it finds. */
export function rebuildTallies(file: string): void {
  sql(
    file,
    `BEGIN;
     DELETE FROM signature_tallies;
     INSERT INTO signature_tallies (campaign_id, dim, key, signed, confirmed)
     SELECT campaign_id, dim, key, sum(arrived), sum(counted) FROM signature_facts
     GROUP BY campaign_id, dim, key HAVING sum(arrived) <> 0 OR sum(counted) <> 0;
     INSERT INTO cron_cursors (name, value, updated_at) VALUES ('tally-arrivals', coalesce((SELECT max(id) FROM signatures), 0), 0)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value;
     DELETE FROM tally_cursors;
     INSERT INTO tally_cursors (campaign_id, confirmed_at)
     SELECT c.id, coalesce((SELECT max(s.confirmed_at) FROM signatures s WHERE s.campaign_id = c.id AND s.status = 'confirmed'), -1) FROM campaigns c;
     COMMIT;`,
  );
}
