import type { StatusCounts, Tally } from '../../db/dashboard';
import type { DeliveryStats } from '../../db/delivery-stats';
import { countryName } from '../../lib/countries';
import { formatCount } from '../progress';

/** The four statuses as big numbers. */
export function StatusCards({ status }: { status: StatusCounts }) {
  const order = ['confirmed', 'pending', 'withdrawn', 'spam'] as const;
  return (
    <dl class="cards" data-status-counts>
      {order.map((s) => (
        <div class={`card ${s}`}>
          <dt>{s}</dt>
          <dd data-status={s}>{formatCount(status[s])}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A two-column table of counts, e.g. by country or by target. */
export function TallyTable({ caption, rows, country }: { caption: string; rows: Tally[]; country?: boolean }) {
  return (
    <table class="tally">
      <caption>{caption}</caption>
      <tbody>
        {rows.length === 0 && <tr><td colspan={2}>None yet.</td></tr>}
        {rows.map((r) => (
          <tr>
            <th scope="row">{country ? (r.label ? countryName(r.label) : '(none)') : r.label}</th>
            <td>{formatCount(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Delivery status of the campaign's mail, with the retry button when some died. */
export function Deliveries({ stats, slug, csrf }: { stats: DeliveryStats; slug: string; csrf: string }) {
  return (
    <section class="deliveries" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Delivery</h2>
      <p data-delivery-status>
        {formatCount(stats.sent)} sent, {formatCount(stats.pending)} waiting, {formatCount(stats.dead)} dead
        {stats.oldestPendingAt !== null && <>; oldest waiting since {new Date(stats.oldestPendingAt).toISOString()}</>}
      </p>
      {stats.lastErrors.length > 0 && (
        <ul class="errors">
          {stats.lastErrors.map((e) => <li>#{e.id} ({e.kind}, {e.attempts} attempts): {e.error}</li>)}
        </ul>
      )}
      {stats.dead > 0 && (
        <form method="post" action={`/admin/campaigns/${slug}/retry-dead`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" class="secondary">Retry dead messages</button>
        </form>
      )}
    </section>
  );
}
