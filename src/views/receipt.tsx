import type { Campaign } from '../db/campaigns';
import type { ReceiptItem } from '../db/receipts';
import type { PublishedReply } from '../db/replies';
import type { I18n } from '../i18n/lang';
import { CAMPAIGN_TARGET } from '../lib/ledger-hash';
import { targetName } from '../lib/target-name';

/** A moment in UTC: "14:05 UTC" today, "2026-06-16 14:05 UTC" on another day. */
export function utcTime(ms: number, now: number): string {
  const iso = new Date(ms).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return `${sameDay ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

/** Where a message stands, in the supporter's words, with what happens next. */
export function statusWords(item: ReceiptItem, i18n: I18n, now: number): string {
  const { t } = i18n;
  const at = (ms: number | null) => (ms === null ? '' : utcTime(ms, now));
  if (item.status === 'dead') return t('receipt.dead');
  if (item.status === 'pending') {
    if (item.held) return t('receipt.held');
    return item.nextAttemptAt <= now ? t('receipt.waitingNow') : t('receipt.waiting', { time: at(item.nextAttemptAt) });
  }
  switch (item.delivery) {
    case 'delivered':
      return t('receipt.delivered', { time: at(item.deliveryAt) });
    case 'complained':
      return t('receipt.complained');
    case 'bounced':
      return t('receipt.bounced');
    case 'delayed':
      return t('receipt.delayed', { time: at(item.sentAt) });
    default:
      return t('receipt.sent', { time: at(item.sentAt) });
  }
}

function recipient(item: ReceiptItem, campaign: Campaign, i18n: I18n): string {
  if (item.target === CAMPAIGN_TARGET) return i18n.t('receipt.toCampaign', { address: campaign.mailTo });
  return item.targetName === null ? i18n.t('receipt.toTarget') : targetName({ name: item.targetName, names: item.targetNames }, i18n.locale);
}

export type ReceiptProps = { campaign: Campaign; message: string | null; items: ReceiptItem[]; replies?: PublishedReply[]; now: number; i18n: I18n };

/** The replies a target published after this message went to it: what answered it. */
function Answers({ item, replies, i18n: { t } }: { item: ReceiptItem; replies: PublishedReply[]; i18n: I18n }) {
  const answering = replies.filter((r) => r.targetKey === item.target && item.sentAt !== null && r.receivedAt >= item.sentAt);
  return (
    <>
      {answering.map((r) => (
        <div class="answer" data-answer>
          {t('receipt.answered', { date: new Date(r.datedAt ?? r.receivedAt).toISOString().slice(0, 10) })}
          <blockquote dir="auto" lang="">{r.text}</blockquote>
        </div>
      ))}
    </>
  );
}

/**
 * What was sent in the supporter's name (issue 14) and where each message stands (issue
 * 15): the message as written, each recipient with its status and receipt id, and the
 * link to check a receipt against the public ledger. Shown on /s/:token, never in public.
 */
export function Receipt({ campaign, message, items, replies = [], now, i18n }: ReceiptProps) {
  const { t, link } = i18n;
  const verify = (id: string) => link(`/c/${campaign.slug}/deliveries/verify?receipt=${id}`);
  return (
    <section class="receipt" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading">{t('receipt.heading')}</h2>
      <p>{t('receipt.message')}</p>
      <blockquote class="message" dir="auto">{message || t('receipt.noMessage')}</blockquote>
      {items.length === 0 && campaign.forwardMode === 'none' && <p>{t('receipt.nothingForwarded')}</p>}
      <ul class="receipt-items">
        {campaign.forwardMode === 'digest' && <li>{t('receipt.toCampaignDigest', { address: campaign.mailTo })}</li>}
        {items.map((item) => (
          <li data-receipt={item.receiptId ?? ''}>
            <strong>{recipient(item, campaign, i18n)}</strong>: <span data-status>{statusWords(item, i18n, now)}</span>
            {item.receiptId && (
              <>
                <br />
                {t('receipt.idLabel')} <code>{item.receiptId}</code>
                {item.ledgerDay && <> · {t('receipt.counted', { day: item.ledgerDay })}</>}
                {' · '}<a href={verify(item.receiptId)}>{t('receipt.check')}</a>
              </>
            )}
            <Answers item={item} replies={replies} i18n={i18n} />
          </li>
        ))}
      </ul>
      <p class="hint">{t('receipt.explain')}</p>
    </section>
  );
}
