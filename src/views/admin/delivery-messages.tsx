import type { Campaign } from '../../db/campaigns';
import type { DeliveryState } from '../../db/delivery-events';
import type { DeliveryMessage } from '../../db/delivery-targets';
import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { utcTime } from '../receipt';
import { AdminNav } from './admin-nav';

const COLUMNS = [
  'admin.messagesView.id', 'admin.messagesView.to', 'admin.messagesView.state', 'admin.messagesView.created',
  'admin.messagesView.sent', 'admin.messagesView.event', 'admin.messagesView.attempts', 'admin.messagesView.error',
] as const satisfies MessageKey[];

const PROVIDER_STATES: Record<DeliveryState, MessageKey> = {
  sent: 'admin.state.sent',
  delayed: 'admin.state.delayed',
  delivered: 'admin.state.delivered',
  bounced: 'admin.state.bounced',
  complained: 'admin.state.complained',
};

/** A message's state for organisers, one word: the drainer's, then the provider's. */
export function messageState(m: DeliveryMessage, i18n: I18n): string {
  const { t } = i18n;
  if (m.status === 'dead') return t('admin.state.dead');
  if (m.status === 'pending') return t(m.held ? 'admin.state.held' : 'admin.state.waiting');
  return t(PROVIDER_STATES[m.delivery ?? 'sent']);
}

export type DeliveryMessagesProps = { campaign: Campaign; address: string | null; messages: DeliveryMessage[]; nextBefore: string | null; now: number; i18n: I18n };

/** Every forwarded message of a campaign (or to one address): recipient, state, times, attempts. Never the text. */
export function DeliveryMessagesPage({ campaign, address, messages, nextBefore, now, i18n }: DeliveryMessagesProps) {
  const { t, link } = i18n;
  const base = `/admin/campaigns/${campaign.slug}/deliveries${address ? `?to=${encodeURIComponent(address)}` : ''}`;
  const at = (ms: number | null) => (ms === null ? '—' : utcTime(ms, now));
  return (
    <section class="admin deliveries-page">
      <AdminNav slug={campaign.slug} current="deliveries" i18n={i18n} />
      <h1>{address ? t('admin.messagesView.headingTo', { address }) : t('admin.messagesView.heading', { title: campaign.title })}</h1>
      <p class="hint">{t('admin.messagesView.noText')}</p>
      {/* Eight columns: on a phone the table scrolls in its own box (a region the keyboard reaches). */}
      <div class="table-scroll" role="region" aria-label={t('admin.nav.deliveries')} tabindex={0}>
      <table class="tally messages" data-delivery-messages>
        <thead>
          <tr>
            {COLUMNS.map((key) => <th scope="col">{t(key)}</th>)}
          </tr>
        </thead>
        <tbody>
          {messages.length === 0 && <tr><td colspan={8}>{t('admin.noneYet')}</td></tr>}
          {messages.map((m) => (
            <tr data-message={m.id}>
              <td><code>{m.id}</code></td>
              <td>{m.to}</td>
              <td data-state>{messageState(m, i18n)}</td>
              <td>{at(m.createdAt)}</td>
              <td>{m.status === 'pending' && !m.held ? t('admin.messagesView.due', { time: at(m.nextAttemptAt) }) : at(m.sentAt)}</td>
              <td>{at(m.deliveryAt)}</td>
              <td>{m.attempts}</td>
              <td>{m.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {nextBefore !== null && (
        <p><a href={link(`${base}${address ? '&' : '?'}before=${encodeURIComponent(nextBefore)}`)}>{t('admin.messagesView.older')}</a></p>
      )}
    </section>
  );
}
