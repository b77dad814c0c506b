import type { ModerationItem } from '../../db/dashboard';
import type { LogEntry } from '../../db/moderation';
import { countryName } from '../../lib/countries';

function ActionButton({ slug, id, action, label, csrf }: { slug: string; id: number; action: string; label: string; csrf: string }) {
  return (
    <form method="post" action={`/admin/campaigns/${slug}/moderate`} class="inline">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="id" value={String(id)} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class={action === 'approve' ? 'small' : 'secondary small'}>{label}</button>
    </form>
  );
}

/** Messages with their state and the approve / hide / spam buttons. */
export function ModerationList({ slug, items, csrf, next, mode }: { slug: string; items: ModerationItem[]; csrf: string; next: number | null; mode: string }) {
  return (
    <section class="moderation" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">Messages</h2>
      <p class="hint">
        {mode === 'approve-first'
          ? 'This campaign shows a public message on the wall once you approve it.'
          : 'This campaign shows public messages on the wall at once; hide the ones that do not belong.'}
      </p>
      {items.length === 0 && <p>No messages yet.</p>}
      <ol class="messages">
        {items.map((m) => (
          <li data-signature={String(m.id)} data-moderation={m.moderation} data-status={m.status}>
            <blockquote>{m.message}</blockquote>
            <p class="from">
              — {m.name}, {m.city}{m.country ? `, ${countryName(m.country)}` : ''} · #{m.id} · {m.status}
              {' · '}{m.public ? 'public' : 'private'} · {m.moderation}
            </p>
            <div class="actions">
              {m.status !== 'spam' && m.moderation !== 'approved' && <ActionButton slug={slug} id={m.id} action="approve" label="Approve" csrf={csrf} />}
              {m.status !== 'spam' && m.moderation !== 'hidden' && <ActionButton slug={slug} id={m.id} action="hide" label="Hide" csrf={csrf} />}
              {m.status !== 'spam' && <ActionButton slug={slug} id={m.id} action="spam" label="Mark as spam" csrf={csrf} />}
            </div>
          </li>
        ))}
      </ol>
      {next !== null && <p><a href={`/admin/campaigns/${slug}?before=${next}#moderation-heading`}>Older messages</a></p>}
    </section>
  );
}

/** Who did what, newest first. */
export function ModerationLog({ entries }: { entries: LogEntry[] }) {
  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">Moderation log</h2>
      {entries.length === 0 && <p>Nothing yet.</p>}
      <ul class="log">
        {entries.map((e) => (
          <li>
            {new Date(e.createdAt).toISOString()} · {e.actor} · {e.action}
            {e.signatureId !== null && <> #{e.signatureId}</>}
            {e.previous && <> (was {e.previous})</>}
          </li>
        ))}
      </ul>
    </section>
  );
}
