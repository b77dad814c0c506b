import type { Campaign } from '../../db/campaigns';
import type { ModerationItem } from '../../db/dashboard';
import type { LogEntry, ModerationAction } from '../../db/moderation';
import type { ModerationOutcome } from '../../db/moderation-bulk';
import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { MESSAGE_FILTERS, type MessageFilter } from '../../schemas/moderation';
import { type ListPlace, ModerationEntry, ModerationLog } from './moderation';
import { AdminNav } from './admin-nav';

const FILTER_LABEL: Record<MessageFilter, MessageKey> = {
  all: 'admin.filter.all',
  unreviewed: 'admin.filter.unreviewed',
  shown: 'admin.filter.shown',
  hidden: 'admin.filter.hidden',
  spam: 'admin.filter.spam',
};

const BULK_FORM = 'bulk';

const DONE: Record<ModerationAction, MessageKey> = { approve: 'admin.done.approve', hide: 'admin.done.hide', spam: 'admin.done.spam', restore: 'admin.done.restore' };

/** Links to each filter; the current one is marked for screen readers too. */
function Filters({ slug, current, i18n: { t, link } }: { slug: string; current: MessageFilter; i18n: I18n }) {
  return (
    <nav class="filters" aria-label={t('admin.filter.label')}>
      {MESSAGE_FILTERS.map((f) => (
        <a href={link(`/admin/campaigns/${slug}/messages?filter=${f}`)} aria-current={f === current ? 'page' : undefined}>{t(FILTER_LABEL[f])}</a>
      ))}
    </nav>
  );
}

/** What the last action did, in numbers, including what it meant for the public wall. */
function Outcome({ done, i18n: { t } }: { done: { action: ModerationAction } & ModerationOutcome; i18n: I18n }) {
  if (done.changed === 0) return <p class="outcome" role="status">{t('admin.done.none')}</p>;
  const key = DONE[done.action];
  return (
    <p class="outcome" role="status" data-outcome={done.action}>
      {t(key, { count: done.changed })}
      {done.action === 'approve' && <> {t('admin.done.onWall', { onWall: done.onWall, changed: done.changed })}{done.onWall < done.changed && <> {t('admin.done.offWall')}</>}</>}
    </p>
  );
}

/** The bulk form: its buttons here, its boxes beside each message (`form=`), and "all on this page". */
function BulkBar({ slug, csrf, place, ids, i18n: { t, link } }: { slug: string; csrf: string; place: ListPlace; ids: number[]; i18n: I18n }) {
  // In the Spam filter the one way out is back: restoring what was marked by mistake.
  const spam = place.filter === 'spam';
  return (
    <form id={BULK_FORM} method="post" action={link(`/admin/campaigns/${slug}/messages/bulk`)} class="bulk-bar">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="filter" value={place.filter} />
      {place.before !== null && <input type="hidden" name="before" value={String(place.before)} />}
      {ids.map((id) => <input type="hidden" name="page" value={String(id)} />)}
      <label><input type="checkbox" name="all" value="on" data-select-all /> {t('admin.bulk.all', { count: ids.length })}</label>
      {spam ? <button type="submit" name="action" value="restore" class="small">{t('admin.bulk.restore')}</button> : (
        <>
          <button type="submit" name="action" value="approve" class="small">{t('admin.bulk.approve')}</button>
          <button type="submit" name="action" value="hide" class="secondary small">{t('admin.bulk.hide')}</button>
          <button type="submit" name="action" value="spam" class="secondary small">{t('admin.bulk.spam')}</button>
        </>
      )}
    </form>
  );
}

export type MessagesPageProps = {
  campaign: Campaign;
  csrf: string;
  filter: MessageFilter;
  items: ModerationItem[];
  before: number | null;
  next: number | null;
  done: ({ action: ModerationAction } & ModerationOutcome) | null;
  log: LogEntry[];
  i18n: I18n;
};

/** Moderation that scales: a filter, a keyset page of messages, actions on one or many, and the log. */
export function MessagesPage(p: MessagesPageProps) {
  const { campaign, i18n } = p;
  const { t, link } = i18n;
  const slug = campaign.slug;
  const mode = campaign.settings.moderation;
  const place = { filter: p.filter, before: p.before };
  const base = `/admin/campaigns/${slug}/messages?filter=${p.filter}`;
  return (
    <section class="admin moderation" aria-labelledby="moderation-heading">
      <AdminNav slug={slug} current="messages" i18n={i18n} />
      <h1 id="moderation-heading">{t('admin.messages.pageHeading', { title: campaign.title })}</h1>
      <p class="hint">{t(mode === 'approve-first' ? 'admin.messages.approveFirst' : 'admin.messages.showFirst')} {t('admin.messages.times')}</p>
      <Filters slug={slug} current={p.filter} i18n={i18n} />
      {p.done && <Outcome done={p.done} i18n={i18n} />}
      {p.items.length === 0 ? <p>{t(p.filter === 'all' && p.before === null ? 'admin.messages.empty' : 'admin.messages.noneHere')}</p> : <BulkBar slug={slug} csrf={p.csrf} place={place} ids={p.items.map((m) => m.id)} i18n={i18n} />}
      <ol class="messages">
        {p.items.map((m) => <ModerationEntry slug={slug} m={m} csrf={p.csrf} mode={mode} place={place} bulkForm={BULK_FORM} i18n={i18n} />)}
      </ol>
      <p class="pages">
        {p.before !== null && <a href={link(base)}>{t('admin.messages.newest')}</a>}
        {p.next !== null && <> <a href={link(`${base}&before=${p.next}`)} rel="next">{t('admin.messages.older')}</a></>}
      </p>
      <ModerationLog entries={p.log} i18n={i18n} />
    </section>
  );
}
