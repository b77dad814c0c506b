import { receiptsOnSendStatement } from './receipts';
import { prepared } from './statements';

/**
 * Writes down, before the send, which messages go out together under each new request key.
 * From then on a retry with an unknown outcome repeats exactly that request.
 */
export async function openBatches(db: D1Database, batches: { key: string; members: string[] }[], now: number): Promise<void> {
  if (batches.length === 0) return;
  await db
    .prepare(
      `INSERT INTO open_batches (batch_key, members, created_at)
       SELECT json_extract(value, '$.key'), json_extract(value, '$.members'), ?2 FROM json_each(?1)
       WHERE true ON CONFLICT DO NOTHING`,
    )
    .bind(JSON.stringify(batches), now)
    .run();
}

/**
 * What became of one message; applied only while the drainer still holds its lease.
 * A retry keeps its request (`keep`: the same request goes again) or is set to go alone
 * under its own key (`solo`: its request was refused and sent nothing). An attempt that
 * was not the message's fault (`counted: false`) is given back. `providerId` and
 * `textSha256` (the hash of the text body handed over, what a ledger leaf commits to)
 * record what the provider took.
 */
export type Outcome =
  | { key: string; status: 'sent'; providerId: string | null; textSha256?: string | null }
  | { key: string; status: 'retry'; nextAttemptAt: number; error: string; batch: 'keep' | 'solo'; counted: boolean }
  | { key: string; status: 'dead'; error: string };

const jsonOf = (outcomes: Outcome[], status: Outcome['status']) => JSON.stringify(outcomes.filter((o) => o.status === status));

/** SQL: the outcomes of one status as rows (?1 their JSON), joined to the rows this lease (?2) still holds. */
const OUTCOMES = `FROM (SELECT json_extract(value, '$.key') AS key, value AS o FROM json_each(?1)) j
  WHERE outbox.idempotency_key = j.key AND outbox.lease_id = ?2`;

/**
 * One statement per status, whatever the number of outcomes: a drain's cost in subrequests
 * must not grow with the messages it sends (each statement of a batch counts).
 */
function outcomeStatements(db: D1Database, leaseId: string, now: number, outcomes: Outcome[]): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  if (outcomes.some((o) => o.status === 'sent')) {
    statements.push(
      db
        .prepare(
          // A sent link email keeps no copy of its link (sign-in links are written whole).
          `UPDATE outbox SET status = 'sent', provider_id = json_extract(j.o, '$.providerId'), sent_at = ?3, last_error = NULL,
             lease_id = NULL, lease_until = NULL, text_sha256 = json_extract(j.o, '$.textSha256'),
             text_body = iif(kind = 'login', '(sent; the link is not kept)', text_body),
             html_body = iif(kind = 'login', '', html_body)
           ${OUTCOMES}`,
        )
        .bind(jsonOf(outcomes, 'sent'), leaseId, now),
    );
  }
  if (outcomes.some((o) => o.status === 'retry')) {
    const retries = jsonOf(outcomes, 'retry');
    statements.push(
      db
        .prepare(
          `UPDATE outbox SET next_attempt_at = json_extract(j.o, '$.nextAttemptAt'), last_error = substr(json_extract(j.o, '$.error'), 1, 1000),
             lease_id = NULL, lease_until = NULL,
             batch_key = iif(json_extract(j.o, '$.batch') = 'solo', idempotency_key, batch_key),
             attempts = attempts - iif(json_extract(j.o, '$.counted'), 0, 1)
           ${OUTCOMES}`,
        )
        .bind(retries, leaseId),
    );
  }
  if (outcomes.some((o) => o.status === 'dead')) {
    statements.push(
      db
        .prepare(`UPDATE outbox SET status = 'dead', last_error = substr(json_extract(j.o, '$.error'), 1, 1000), lease_id = NULL, lease_until = NULL ${OUTCOMES}`)
        .bind(jsonOf(outcomes, 'dead'), leaseId),
    );
  }
  return statements;
}

/**
 * Records outcomes in one batch of at most five statements, and closes the requests whose
 * outcome is now known. Returns how many rows were still leased by `leaseId`.
 */
export async function recordOutcomes(db: D1Database, leaseId: string, now: number, outcomes: Outcome[], closed: string[]): Promise<number> {
  if (outcomes.length === 0) return 0;
  const statements = outcomeStatements(db, leaseId, now, outcomes);
  const changing = statements.length;
  const sent = outcomes.flatMap((o) => (o.status === 'sent' ? [o.key] : []));
  if (sent.length > 0) statements.push(...prepared(db, [receiptsOnSendStatement(sent, now)]));
  if (closed.length > 0) {
    statements.push(db.prepare('DELETE FROM open_batches WHERE batch_key IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(closed)));
  }
  const results = await db.batch(statements);
  return results.slice(0, changing).reduce((n, r) => n + r.meta.changes, 0);
}

/** Statements a `recordOutcomes` batch costs at most (D1 subrequests). */
export const RECORD_STATEMENTS = 5;
