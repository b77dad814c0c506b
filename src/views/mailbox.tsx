import type { DeliveryStats } from '../db/outbox-queue';
import type { DevMail } from '../email/dev-mailbox';

/** Mail that would have been sent, newest first, with the outbox status on top. */
export function MailboxPage({ mails, stats }: { mails: DevMail[]; stats: DeliveryStats }) {
  return (
    <section class="mailbox">
      <h1>Dev mailbox</h1>
      <p class="status" data-delivery-status>
        Outbox: {stats.sent} sent, {stats.pending} waiting, {stats.dead} dead
        {stats.oldestPendingAt !== null && <>; oldest waiting since {new Date(stats.oldestPendingAt).toISOString()}</>}
        {stats.lastErrors[0] && <>; last error: {stats.lastErrors[0].error}</>}
      </p>
      <p class="hint">Local development only: with RESEND_API_KEY set, mail goes through Resend and this page does not exist.</p>
      {mails.length === 0 && <p>No mail yet.</p>}
      {mails.map((m) => (
        <article class="mail">
          <h2>{m.subject}</h2>
          <p class="meta">
            To {m.to.join(', ')}{m.cc.length > 0 && <> · Cc {m.cc.join(', ')}</>} · From {m.from}
            {m.replyTo && <> · Reply-To {m.replyTo}</>} · {m.created}
          </p>
          <pre>{m.text}</pre>
          {[...m.text.matchAll(/https?:\/\/\S+\/(?:s|admin\/login)\/[A-Za-z0-9_-]{43}/g)].map(([url]) => (
            <p><a href={url} class="mail-link">Open the link: {url}</a></p>
          ))}
        </article>
      ))}
    </section>
  );
}
