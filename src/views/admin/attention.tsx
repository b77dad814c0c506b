import type { I18n } from '../../i18n/lang';

/** `waiting`: emails not yet sent (the campaign's queue), shown when there are any. */
export type AttentionProps = { slug: string; held: number; dead: number; waiting?: number; i18n: I18n; children?: unknown };

/**
 * "Needs you", near the top of the overview: what waits for an organiser, each a link to the
 * page that deals with it. Other notices (paused mail, the page cache) are one-line includes
 * passed as children, each its own component returning an `<li>` or nothing.
 */
export function Attention({ slug, held, dead, waiting = 0, i18n, children }: AttentionProps) {
  const { t, link } = i18n;
  const base = `/admin/campaigns/${slug}`;
  return (
    <section class="attention" aria-labelledby="attention-heading">
      <h2 id="attention-heading">{t('admin.attention.heading')}</h2>
      <ul>
        <li><a href={link(`${base}/messages?filter=unreviewed`)} data-messages-link>{t('admin.attention.moderate')}</a></li>
        {held > 0 && <li data-attention="held"><a href={link(`${base}/deliveries#deliveries-heading`)}>{t('admin.attention.held', { count: held })}</a></li>}
        {waiting > 0 && <li data-attention="waiting"><a href={link(`${base}/deliveries`)}>{t('admin.attention.mailWaiting', { count: waiting })}</a></li>}
        {dead > 0 && <li data-attention="dead"><a href={link(`${base}#deliveries-heading`)}>{t('admin.attention.dead', { count: dead })}</a></li>}
        {children}
      </ul>
    </section>
  );
}
