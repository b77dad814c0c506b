import type { ModerationItem, ModerationMode } from '../../db/dashboard';
import type { LogEntry } from '../../db/moderation';
import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { countryName } from '../../lib/countries';
import { LocalTime } from './local-time';
import { campaignStatus } from './tallies';

const MODERATION: Record<ModerationItem['moderation'], MessageKey> = {
  approved: 'admin.moderation.approved',
  hidden: 'admin.moderation.hidden',
  unreviewed: 'admin.moderation.unreviewed',
};

/** Why a message is not on the public wall (as signature-reads.ts decides), or null when it is. */
export function offWall(m: ModerationItem, mode: ModerationMode): MessageKey | null {
  if (m.status === 'spam') return 'admin.wall.spam';
  if (m.moderation === 'hidden') return 'admin.wall.hidden';
  // Before confirming, "public" is not chosen yet (the supporter ticks it on their link's page).
  if (m.status !== 'confirmed') return 'admin.wall.pending';
  if (!m.public) return 'admin.wall.private';
  if (m.moderation === 'unreviewed' && mode === 'approve-first') return 'admin.wall.waiting';
  return null;
}

/** Where the list is, so that an action comes back to the same filter and page. */
export type ListPlace = { filter: string; before: number | null };

function Place({ place }: { place: ListPlace }) {
  return (
    <>
      <input type="hidden" name="filter" value={place.filter} />
      {place.before !== null && <input type="hidden" name="before" value={String(place.before)} />}
    </>
  );
}

type ButtonProps = { slug: string; id: number; action: string; label: string; csrf: string; place: ListPlace; i18n: I18n };

function ActionButton({ slug, id, action, label, csrf, place, i18n }: ButtonProps) {
  return (
    <form method="post" action={i18n.link(`/admin/campaigns/${slug}/moderate`)} class="inline">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="id" value={String(id)} />
      <input type="hidden" name="action" value={action} />
      <Place place={place} />
      <button type="submit" class={action === 'approve' || action === 'restore' ? 'small' : 'secondary small'}>{label}</button>
    </form>
  );
}

/**
 * The approve button's words say what it does: "Show again" only for a hidden message that
 * approving puts back on the wall now; otherwise "Approve" (the line above says why it stays off).
 */
function approveLabel(m: ModerationItem, mode: ModerationMode): MessageKey {
  const shows = offWall({ ...m, moderation: 'approved' }, mode) === null;
  return m.moderation === 'hidden' && shows ? 'admin.messages.showAgain' : 'admin.messages.approve';
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

export type ItemProps = { slug: string; m: ModerationItem; csrf: string; mode: ModerationMode; place: ListPlace; bulkForm: string; i18n: I18n };

/** One message: a box for the bulk form, its state, whether the wall shows it, and its buttons. */
export function ModerationEntry({ slug, m, csrf, mode, place, bulkForm, i18n }: ItemProps) {
  const { t, locale } = i18n;
  const button = (action: string, label: MessageKey) => <ActionButton slug={slug} id={m.id} action={action} label={t(label)} csrf={csrf} place={place} i18n={i18n} />;
  const off = offWall(m, mode);
  return (
    <li data-signature={String(m.id)} data-moderation={m.moderation} data-status={m.status} data-on-wall={off ? 'no' : 'yes'}>
      <label class="pick">
        <input type="checkbox" name="id" value={String(m.id)} form={bulkForm} />
        <span class="visually-hidden">{t('admin.messages.select', { id: String(m.id) })}</span>
      </label>
      <blockquote dir="auto">{m.message}</blockquote>
      <p class="from">
        — <bdi>{m.name}</bdi>, <bdi>{m.city}</bdi>{m.country ? `, ${countryName(m.country, locale)}` : ''} · #{m.id} · <LocalTime at={m.createdAt} /> · {campaignStatus(m.status, t)}
        {' · '}{t(m.public ? 'admin.messages.public' : 'admin.messages.private')} · {t(MODERATION[m.moderation])}
        {m.network && <> · <code data-network={m.network}>{t('admin.messages.network', { network: m.network })}</code></>}
      </p>
      <p class="wall">{off ? t(off) : t('admin.wall.on')}</p>
      <div class="actions">
        {m.status !== 'spam' && m.moderation !== 'approved' && button('approve', approveLabel(m, mode))}
        {m.status !== 'spam' && m.moderation !== 'hidden' && button('hide', 'admin.messages.hide')}
        {m.status !== 'spam' && button('spam', 'admin.messages.spam')}
        {m.status !== 'spam' && <SameAs slug={slug} item={m} i18n={i18n} />}
        {m.status === 'spam' && button('restore', 'admin.messages.restore')}
      </div>
    </li>
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
            <LocalTime at={e.createdAt} /> · {e.actor} · {e.action}
            {e.signatureId !== null && <> #{e.signatureId}</>}
            {e.previous && <> {bulk(e) ? t('admin.log.bulk', { filter: e.previous.slice(BULK.length) }) : t('admin.log.was', { previous: e.previous })}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}
