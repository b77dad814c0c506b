import type { ModerationItem } from '../../db/dashboard';
import type { LogEntry } from '../../db/moderation';
import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { countryName } from '../../lib/countries';
import { campaignStatus } from './tallies';

const MODERATION: Record<ModerationItem['moderation'], MessageKey> = {
  approved: 'admin.moderation.approved',
  hidden: 'admin.moderation.hidden',
  unreviewed: 'admin.moderation.unreviewed',
};

function ActionButton({ slug, id, action, label, csrf, i18n }: { slug: string; id: number; action: string; label: string; csrf: string; i18n: I18n }) {
  return (
    <form method="post" action={i18n.link(`/admin/campaigns/${slug}/moderate`)} class="inline">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="id" value={String(id)} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class={action === 'approve' ? 'small' : 'secondary small'}>{label}</button>
    </form>
  );
}

/** Links to the bulk-spam preview for everything from this message's domain or network. */
function SameAs({ slug, item, i18n: { t, link } }: { slug: string; item: ModerationItem; i18n: I18n }) {
  const preview = (field: string, value: string) => link(`/admin/campaigns/${slug}/spam?${new URLSearchParams({ [field]: value })}`);
  return (
    <>
      {item.domain && <a class="small" href={preview('domain', item.domain)}>{t('admin.messages.sameDomain', { domain: item.domain })}</a>}
      {item.network && <> <a class="small" href={preview('network', item.network)}>{t('admin.messages.sameNetwork')}</a></>}
    </>
  );
}

/** Messages with their state and the approve / hide / spam buttons. */
export function ModerationList({ slug, items, csrf, next, mode, i18n }: { slug: string; items: ModerationItem[]; csrf: string; next: number | null; mode: string; i18n: I18n }) {
  const { t, link, locale } = i18n;
  const button = (m: ModerationItem, action: string, label: MessageKey) => <ActionButton slug={slug} id={m.id} action={action} label={t(label)} csrf={csrf} i18n={i18n} />;
  return (
    <section class="moderation" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">{t('admin.messages.heading')}</h2>
      <p class="hint">{t(mode === 'approve-first' ? 'admin.messages.approveFirst' : 'admin.messages.showFirst')}</p>
      {items.length === 0 && <p>{t('admin.messages.empty')}</p>}
      <ol class="messages">
        {items.map((m) => (
          <li data-signature={String(m.id)} data-moderation={m.moderation} data-status={m.status}>
            <blockquote>{m.message}</blockquote>
            <p class="from">
              — {m.name}, {m.city}{m.country ? `, ${countryName(m.country, locale)}` : ''} · #{m.id} · {campaignStatus(m.status, t)}
              {' · '}{t(m.public ? 'admin.messages.public' : 'admin.messages.private')} · {t(MODERATION[m.moderation])}
              {m.network && <> · <code data-network={m.network}>{t('admin.messages.network', { network: m.network })}</code></>}
            </p>
            <div class="actions">
              {m.status !== 'spam' && m.moderation !== 'approved' && button(m, 'approve', 'admin.messages.approve')}
              {m.status !== 'spam' && m.moderation !== 'hidden' && button(m, 'hide', 'admin.messages.hide')}
              {m.status !== 'spam' && button(m, 'spam', 'admin.messages.spam')}
              {m.status !== 'spam' && <SameAs slug={slug} item={m} i18n={i18n} />}
            </div>
          </li>
        ))}
      </ol>
      {next !== null && <p><a href={link(`/admin/campaigns/${slug}?before=${next}#moderation-heading`)}>{t('admin.messages.older')}</a></p>}
    </section>
  );
}

// A bulk action's log row names its filter and count instead of one signature's state.
const BULK = 'bulk ';
const bulk = (e: LogEntry) => e.signatureId === null && e.action === 'spam' && e.previous?.startsWith(BULK);

/** Who did what, newest first. Actions are shown as logged (they are the log's identifiers). */
export function ModerationLog({ entries, i18n }: { entries: LogEntry[]; i18n: I18n }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">{t('admin.log.heading')}</h2>
      {entries.length === 0 && <p>{t('admin.log.empty')}</p>}
      <ul class="log">
        {entries.map((e) => (
          <li>
            {new Date(e.createdAt).toISOString()} · {e.actor} · {e.action}
            {e.signatureId !== null && <> #{e.signatureId}</>}
            {e.previous && <> {bulk(e) ? t('admin.log.bulk', { filter: e.previous.slice(BULK.length) }) : t('admin.log.was', { previous: e.previous })}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}
