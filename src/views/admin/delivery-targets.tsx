import type { Campaign, Target } from '../../db/campaigns';
import type { AddressDelivery } from '../../db/delivery-targets';
import type { Hold } from '../../db/holds';
import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { formatCount } from '../progress';
import { utcTime } from '../receipt';

/** One row of the per-target table: an address, whom it belongs to, its mail and its hold. */
export type AddressRow = { address: string; label: string; stats: AddressDelivery | null; hold: Hold | null };

/**
 * The rows: the campaign's own inbox, each active target, then any other address the
 * campaign's mail went to (a target's former address, say), each with its hold if any.
 */
export function addressRows(campaign: Campaign, targets: Target[], stats: AddressDelivery[], holds: Hold[], i18n: I18n): AddressRow[] {
  const byKey = new Map(stats.map((s) => [s.key, s]));
  const holdOf = new Map(holds.map((h) => [h.throttleKey, h]));
  const row = (address: string, label: string): AddressRow => ({ address, label, stats: byKey.get(`to:${address}`) ?? null, hold: holdOf.get(`to:${address}`) ?? null });
  // The targets that have mail (or a hold) first: a table of 40 embassies, mostly zeros, reads from the top.
  const targetRows = targets.map((t) => row(t.email, t.name));
  const hasMail = (r: AddressRow) => r.stats !== null || r.hold !== null;
  const rows = [row(campaign.mailTo, i18n.t('admin.targets.campaign')), ...targetRows.filter(hasMail), ...targetRows.filter((r) => !hasMail(r))];
  const known = new Set(rows.map((r) => `to:${r.address}`));
  const others = [...new Set([...stats.map((s) => s.key), ...holds.map((h) => h.throttleKey)])].filter((k) => !known.has(k) && k.startsWith('to:'));
  return [...rows, ...others.map((k) => row(k.slice(3), i18n.t('admin.targets.other')))];
}

const COLUMNS = [
  'admin.targets.recipient', 'admin.targets.waiting', 'admin.targets.next', 'admin.targets.sent',
  'admin.targets.delivered', 'admin.targets.delayed', 'admin.targets.bounced', 'admin.targets.lastError',
] as const satisfies MessageKey[];

function RetryAddress({ slug, address, csrf, i18n }: { slug: string; address: string; csrf: string; i18n: I18n }) {
  return (
    <form method="post" action={i18n.link(`/admin/campaigns/${slug}/holds/retry`)} class="inline">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="address" value={address} />
      <button type="submit" class="secondary small">{i18n.t('admin.targets.retry')}</button>
    </form>
  );
}

/** Delivery per target for organisers: waiting, next send, sent, delivered, delayed, bounced, the last error, and holds. */
export function TargetDeliveries({ slug, rows, csrf, now, i18n }: { slug: string; rows: AddressRow[]; csrf: string; now: number; i18n: I18n }) {
  const { t, link, locale } = i18n;
  const num = (x: number | undefined) => formatCount(x ?? 0, locale);
  return (
    <table class="tally deliveries-by-target" data-delivery-targets>
      <caption>{t('admin.targets.caption')}</caption>
      <thead>
        <tr>
          {COLUMNS.map((key) => <th scope="col">{t(key)}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr data-address={r.address}>
            <th scope="row">
              <a href={link(`/admin/campaigns/${slug}/deliveries?to=${encodeURIComponent(r.address)}`)}>{r.label}</a>
              <br /><span class="hint">{r.address}</span>
            </th>
            <td data-waiting>{r.stats?.waitingMore ? t('admin.waitingMore', { count: num(r.stats.waiting) }) : num(r.stats?.waiting)}{(r.stats?.held ?? 0) > 0 && <> {t('admin.targets.heldCount', { count: r.stats?.held ?? 0 })}</>}</td>
            <td>{r.stats?.nextAt ? utcTime(r.stats.nextAt, now) : '—'}</td>
            <td data-sent>{num(r.stats?.sent)}</td>
            <td data-delivered>{num(r.stats?.delivered)}</td>
            <td data-delayed>{num(r.stats?.delayed)}</td>
            <td data-bounced>{num((r.stats?.bounced ?? 0) + (r.stats?.complained ?? 0))}</td>
            <td data-last-error>
              {r.hold && (
                <p class="error" data-hold>
                  {t(r.hold.kind === 'complained' ? 'admin.targets.heldComplaint' : 'admin.targets.heldBounce', { time: utcTime(r.hold.createdAt, now), reason: r.hold.reason })}{' '}
                  <RetryAddress slug={slug} address={r.address} csrf={csrf} i18n={i18n} />
                </p>
              )}
              {r.stats?.lastError && r.stats.lastError !== r.hold?.reason ? r.stats.lastError : r.hold ? '' : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
