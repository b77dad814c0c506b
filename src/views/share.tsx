import type { I18n } from '../i18n/lang';

/** A channel to share on: its `source` code (so the campaign sees which one brought a signature) and its link. */
type Channel = { source: string; name: string; href: (url: string, text: string, title: string) => string };

const enc = encodeURIComponent;

const CHANNELS: Channel[] = [
  { source: 'whatsapp', name: 'WhatsApp', href: (url, text) => `https://wa.me/?text=${enc(`${text} ${url}`)}` },
  { source: 'telegram', name: 'Telegram', href: (url, text) => `https://t.me/share/url?url=${enc(url)}&text=${enc(text)}` },
  { source: 'vk', name: 'VK', href: (url, text, title) => `https://vk.com/share.php?url=${enc(url)}&title=${enc(title)}&comment=${enc(text)}` },
  { source: 'facebook', name: 'Facebook', href: (url) => `https://www.facebook.com/sharer/sharer.php?u=${enc(url)}` },
  { source: 'x', name: 'X', href: (url, text) => `https://x.com/intent/tweet?text=${enc(text)}&url=${enc(url)}` },
  { source: 'bluesky', name: 'Bluesky', href: (url, text) => `https://bsky.app/intent/compose?text=${enc(`${text} ${url}`)}` },
];

/** `url` with `source=<code>` added (before any other query it has). */
export function withSource(url: string, source: string): string {
  const u = new URL(url);
  u.searchParams.set('source', source);
  return u.toString();
}

/**
 * Sharing, first thing after a signature: the browser's own share sheet where there is one
 * (share.js unhides the button), a link to copy (a copy button from share.js; the field is
 * selectable without it), and a link per messenger and network. Every link carries the
 * campaign's text and a `source` code for its channel.
 */
export function ShareBox({ url, title, i18n }: { url: string; title: string; i18n: I18n }) {
  const { t } = i18n;
  const text = t('thanks.shareText', { title });
  const mail = `mailto:?subject=${enc(title)}&body=${enc(`${text}\n\n${withSource(url, 'email')}`)}`;
  return (
    <section class="share-box" aria-labelledby="share-heading">
      <h2 id="share-heading">{t('thanks.share')}</h2>
      <p>{t('thanks.shareLead')}</p>
      <button type="button" class="share-native" hidden data-share-native data-title={title} data-text={text} data-url={withSource(url, 'share')}>
        {t('thanks.shareNative')}
      </button>
      <div class="copy-link">
        <input type="text" readonly value={withSource(url, 'link')} aria-label={t('thanks.link')} class="share-link" id="share-link" />
        <button type="button" class="secondary" hidden data-copy-link="share-link" data-copied={t('thanks.copied')} data-by-hand={t('embed.copyByHand')}>
          {t('thanks.copy')}
        </button>
      </div>
      <ul class="share">
        {CHANNELS.map((ch) => (
          <li>
            <a href={ch.href(withSource(url, ch.source), text, title)} class={`channel ${ch.source}`} rel="noopener" target="_blank">{ch.name}</a>
          </li>
        ))}
        <li><a href={mail} class="channel email">{t('thanks.email')}</a></li>
      </ul>
    </section>
  );
}
