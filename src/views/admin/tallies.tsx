import type { StatusCounts, Tally } from '../../db/dashboard';
import type { DeliveryStats } from '../../db/delivery-stats';
import type { MessageKey, Translate } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { countryName } from '../../lib/countries';
import { formatCount } from '../progress';

const STATUS_KEYS: Record<string, MessageKey> = {
  draft: 'editor.status.draft',
  open: 'admin.status.open',
  closed: 'admin.status.closed',
  confirmed: 'admin.status.confirmed',
  pending: 'admin.status.pending',
  withdrawn: 'admin.status.withdrawn',
  spam: 'admin.status.spam',
};

/** A campaign's or a signature's status, in words of the page's language. */
export function campaignStatus(status: string, t: Translate): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : status;
}

/** The four statuses as big numbers. */
export function StatusCards({ status, i18n }: { status: StatusCounts; i18n: I18n }) {
  const order = ['confirmed', 'pending', 'withdrawn', 'spam'] as const;
  return (
    <dl class="cards" data-status-counts>
      {order.map((s) => (
        <div class={`card ${s}`}>
          <dt>{campaignStatus(s, i18n.t)}</dt>
          <dd data-status={s}>{formatCount(status[s], i18n.locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A two-column table of counts, e.g. by country or by target. */
export function TallyTable({ caption, rows, country, i18n }: { caption: string; rows: Tally[]; country?: boolean; i18n: I18n }) {
  const { t, locale } = i18n;
  const label = (r: Tally) => (country ? (r.label ? countryName(r.label, locale) : t('admin.none')) : r.key === '' ? t('admin.noTarget') : r.label);
  return (
    <table class="tally">
      <caption>{caption}</caption>
      <tbody>
        {rows.length === 0 && <tr><td colspan={2}>{t('admin.noneYet')}</td></tr>}
        {rows.map((r) => (
          <tr>
            <th scope="row">{label(r)}</th>
            <td>{formatCount(r.count, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Delivery status of the campaign's mail, with the retry button when some died. */
export function Deliveries({ stats, slug, csrf, i18n }: { stats: DeliveryStats; slug: string; csrf: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <section class="deliveries" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">{t('admin.delivery.heading')}</h2>
      <p data-delivery-status>
        {t('admin.delivery.counts', { sent: stats.sent, pending: stats.pendingMore ? t('admin.waitingMore', { count: stats.pending }) : stats.pending, dead: stats.dead })}
        {stats.oldestPendingAt !== null && t('admin.delivery.oldest', { time: new Date(stats.oldestPendingAt).toISOString() })}
      </p>
      {stats.lastErrors.length > 0 && (
        <ul class="errors">
          {stats.lastErrors.map((e) => <li>{t('admin.delivery.error', { id: String(e.id), kind: e.kind, count: e.attempts, error: e.error })}</li>)}
        </ul>
      )}
      {stats.dead > 0 && (
        <form method="post" action={link(`/admin/campaigns/${slug}/retry-dead`)}>
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" class="secondary">{t('admin.delivery.retry')}</button>
        </form>
      )}
    </section>
  );
}
