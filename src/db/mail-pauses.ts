/** Sending paused until a provider's quota resets: why (Resend's error name and words) and until when. */
export type MailPause = { mailer: string; until: number; code: string; message: string; createdAt: number };

/** SQL: no pause is in force at ?2 (now); part of every claim, so a paused outbox is never taken. */
export const NOT_PAUSED = `NOT EXISTS (SELECT 1 FROM mail_pauses WHERE until > ?2)`;

/** Pauses sending through `mailer` until `until` (a later quota error moves it). */
export async function pauseMail(db: D1Database, pause: Omit<MailPause, 'createdAt'>, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO mail_pauses (mailer, until, code, message, created_at) VALUES (?1, ?2, ?3, substr(?4, 1, 1000), ?5)
       ON CONFLICT (mailer) DO UPDATE SET until = excluded.until, code = excluded.code, message = excluded.message, created_at = excluded.created_at`,
    )
    .bind(pause.mailer, pause.until, pause.code, pause.message, now)
    .run();
}

/** The pause in force at `now`, if any (the latest ending). */
export async function currentPause(db: D1Database, now: number): Promise<MailPause | null> {
  return db
    .prepare(`SELECT mailer, until, code, message, created_at AS createdAt FROM mail_pauses WHERE until > ?1 ORDER BY until DESC LIMIT 1`)
    .bind(now)
    .first<MailPause>();
}
