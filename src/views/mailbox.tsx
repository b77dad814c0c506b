import type { DeliveryStats } from '../db/delivery-stats';
import type { DevMail } from '../db/dev-mailbox';
import type { StoredReply } from '../db/replies';

const iso = (ms: number) => new Date(ms).toISOString();

/** One line on where mail stands: mailer or its configuration error, counts, oldest waiting, last error. */
export function DeliveryLine({ stats, mail }: { stats: DeliveryStats; mail: { mailer: string | null; error: string | null } }) {
  const last = stats.lastErrors[0];
  return (
    <p class="status" data-delivery-status>
      {mail.error ? <strong>Mail is not configured: {mail.error}. </strong> : <>Mail goes through {mail.mailer}. </>}
      Outbox: {stats.sent} sent, {stats.pending} waiting ({stats.retrying} retrying), {stats.dead} dead
      {stats.oldestPendingAt !== null && <>; oldest waiting since {iso(stats.oldestPendingAt)}</>}
      {last && <>; last error (message {last.id}, {last.status}, {last.attempts} attempts): {last.error}</>}
    </p>
  );
}

/** Mail that would have been sent, newest first, with the outbox status on top. */
/** Replies the email() handler took (what `/cdn-cgi/handler/email` delivered locally), newest first. */
function Received({ replies }: { replies: (StoredReply & { campaignSlug: string })[] }) {
  return (
    <section class="received" aria-labelledby="received-heading">
      <h2 id="received-heading">Replies received</h2>
      {replies.length === 0 && <p>None yet. docs/answers.md shows how to send one to a target's reply address.</p>}
      {replies.map((r) => (
        <article class="mail" data-reply={r.id}>
          <h3>{r.subject || '(no subject)'}</h3>
          <p class="meta">
            To {r.campaignSlug} / {r.targetKey} · From {r.fromHeader || r.envelopeFrom} · SPF {r.spf} · DKIM {r.dkim} · DMARC {r.dmarc}
            {r.automatic && ' · automatic'} · {new Date(r.receivedAt).toISOString()}
          </p>
          <pre dir="auto">{r.text}</pre>
        </article>
      ))}
    </section>
  );
}

export function MailboxPage({ mails, stats, mail, replies = [] }: { mails: DevMail[]; stats: DeliveryStats; mail: { mailer: string | null; error: string | null }; replies?: (StoredReply & { campaignSlug: string })[] }) {
  return (
    <section class="mailbox">
      <h1>Dev mailbox</h1>
      <DeliveryLine stats={stats} mail={mail} />
      <p class="hint">Local development only: with RESEND_API_KEY set, mail goes through Resend and this page does not exist.</p>
      <Received replies={replies} />
      {mails.length === 0 && <p>No mail yet.</p>}
      {mails.map((m) => (
        <article class="mail">
          <h2>{m.subject}</h2>
          <p class="meta">
            To {m.to.join(', ')}{m.cc.length > 0 && <> · Cc {m.cc.join(', ')}</>} · From {m.from}
            {m.replyTo && <> · Reply-To {m.replyTo}</>} · {m.created}
          </p>
          {Object.entries(m.headers ?? {}).map(([name, value]) => (
            <p class="meta" data-header={name}><code>{name}: {value}</code></p>
          ))}
          <pre>{m.text}</pre>
          {[...m.text.matchAll(/https?:\/\/\S+\/(?:s|u|admin\/login)\/[A-Za-z0-9_-]{43}/g)].map(([url]) => (
            <p><a href={url} class="mail-link">Open the link: {url}</a></p>
          ))}
        </article>
      ))}
    </section>
  );
}
